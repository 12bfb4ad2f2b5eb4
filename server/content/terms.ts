// Full-text search terms of a report, and the matching sentence a result
// shows. A report's terms are derived when it is saved or imported and kept
// in its indexed `terms` array, so a search is `terms: _.all(queryTerms)`
// served by that index: its cost follows the matches, not the total text of
// all reports (a regex over bodies would scan them all).
//
// Chinese has no spaces, so CJK text is cut into single characters and
// pairs of adjacent characters (bigrams); other scripts into whole words
// (letters and digits), lowercased. A query of two or more CJK characters
// needs all its bigrams, so 崔康平 finds a report holding 崔康 and 康平.
import type { Block } from '../../miniprogram/contract/content';
import type { SnippetPart } from '../../miniprogram/contract/content';

/** Bumped when the way terms are derived changes: the backfill redoes every report below it. */
export const TERMS_VERSION = 1;

/** A word longer than this is cut (keeps one pasted URL from making a huge term). */
const WORD_MAX = 40;

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

interface Run {
  cjk: boolean;
  text: string;
}

/** Normalised text (full-width letters and digits folded, lowercased) cut into CJK runs and words. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    const cjk = CJK.test(ch);
    if (!cjk && !WORD_CHAR.test(ch)) {
      cur = null;
      continue;
    }
    if (!cur || cur.cjk !== cjk) {
      cur = { cjk, text: '' };
      runs.push(cur);
    }
    cur.text += ch;
  }
  return runs;
}

function addRunTerms(run: Run, out: Set<string>): void {
  if (!run.cjk) {
    out.add(Array.from(run.text).slice(0, WORD_MAX).join(''));
    return;
  }
  const chars = Array.from(run.text);
  for (let i = 0; i < chars.length; i++) {
    out.add(chars[i]!);
    if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
  }
}

/** The text a report is found by: title, source, summary, paragraphs, headings, captions. */
export function searchableTexts(doc: {
  title: string;
  source?: string;
  summary?: string;
  blocks: readonly Block[];
}): string[] {
  const texts = [doc.title, doc.source ?? '', doc.summary ?? ''];
  for (const b of doc.blocks) {
    if (b.type === 'image') texts.push(b.caption ?? '');
    else texts.push(b.text);
  }
  return texts.filter(Boolean);
}

/** Every term of a report, deduplicated, in first-seen order. */
export function articleTerms(doc: Parameters<typeof searchableTexts>[0]): string[] {
  const out = new Set<string>();
  for (const text of searchableTexts(doc)) for (const run of runsOf(text)) addRunTerms(run, out);
  return [...out];
}

/**
 * The terms a report must hold to match a query: the bigrams of each CJK
 * run (the character itself for a one-character run) and each word. Empty
 * for text that is only punctuation or spaces.
 */
export function queryTerms(q: string): string[] {
  const out = new Set<string>();
  for (const run of runsOf(q)) {
    const chars = Array.from(run.text);
    if (!run.cjk) out.add(chars.slice(0, WORD_MAX).join(''));
    else if (chars.length === 1) out.add(chars[0]!);
    else for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out];
}

/** How many characters of context a snippet keeps around its first match. */
export const SNIPPET_MAX = 60;

/** Sentences of a text: cut after 。！？；… and line breaks, whitespace collapsed. */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[。！？!?；;…])|\n+/)
    .map((s) => s.replace(/[\s\u3000]+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Which characters of `sentence` a query term covers. Matching folds case
 * and full-width forms per character, so positions map 1:1 (NFKC of one
 * code point that expands to several is rare in reports; such characters
 * are compared as they are).
 */
function coverage(sentence: string, terms: readonly string[]): boolean[] {
  const chars = Array.from(sentence);
  const folded = chars.map((c) => {
    const f = c.normalize('NFKC').toLowerCase();
    return Array.from(f).length === 1 ? f : c;
  });
  const hit = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    const t = Array.from(term);
    for (let i = 0; i + t.length <= folded.length; i++) {
      let same = true;
      for (let k = 0; k < t.length && same; k++) same = folded[i + k] === t[k];
      if (!same) continue;
      // A word term matches whole words only, as it was indexed.
      if (!CJK.test(t[0]!)) {
        const before = folded[i - 1];
        const after = folded[i + t.length];
        if (
          (before && WORD_CHAR.test(before) && !CJK.test(before)) ||
          (after && WORD_CHAR.test(after) && !CJK.test(after))
        ) {
          continue;
        }
      }
      for (let k = 0; k < t.length; k++) hit[i + k] = true;
    }
  }
  return hit;
}

/** Distinct query terms a sentence holds: the best sentence holds the most. */
function score(sentence: string, terms: readonly string[]): number {
  const folded = sentence.normalize('NFKC').toLowerCase();
  return terms.filter((t) => folded.includes(t)).length;
}

/**
 * The sentence that best shows why a report matched, cut to SNIPPET_MAX
 * characters around its first match, as parts with the matched words
 * marked. Body sentences are preferred to the title (the list shows the
 * title already); a report matched only by its title shows its summary.
 */
export function snippetOf(
  doc: { title: string; source?: string; summary?: string; blocks: readonly Block[] },
  terms: readonly string[],
): SnippetPart[] {
  const bodyFirst = [...searchableTexts({ ...doc, title: '' }), doc.title];
  let best = '';
  let bestScore = 0;
  for (const text of bodyFirst) {
    for (const s of sentencesOf(text)) {
      const n = score(s, terms);
      if (n > bestScore) {
        best = s;
        bestScore = n;
        if (n === terms.length) break;
      }
    }
    if (bestScore === terms.length) break;
  }
  if (!best || best === doc.title.trim()) {
    const head = Array.from((doc.summary ?? '').trim())
      .slice(0, SNIPPET_MAX)
      .join('');
    return head ? [{ text: head, hit: false }] : [];
  }
  let chars = Array.from(best);
  let hit = coverage(best, terms);
  if (chars.length > SNIPPET_MAX) {
    const first = Math.max(hit.indexOf(true), 0);
    const start = Math.max(0, Math.min(first - 12, chars.length - SNIPPET_MAX));
    const end = start + SNIPPET_MAX;
    const cutBefore = start > 0;
    const cutAfter = end < chars.length;
    hit = [...(cutBefore ? [false] : []), ...hit.slice(start, end), ...(cutAfter ? [false] : [])];
    chars = [...(cutBefore ? ['…'] : []), ...chars.slice(start, end), ...(cutAfter ? ['…'] : [])];
  }
  const parts: SnippetPart[] = [];
  chars.forEach((c, i) => {
    const last = parts[parts.length - 1];
    const h = hit[i] === true;
    if (last && last.hit === h) last.text += c;
    else parts.push({ text: c, hit: h });
  });
  return parts;
}
