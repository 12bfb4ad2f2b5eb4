// Which characters a text field and an id may hold. Shared by the server's
// schemas and the client's form checks, so both refuse the same input.
//
// Refused everywhere: control characters (C0, DEL, C1), Unicode
// non-characters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane), lone
// surrogates, and bidi embeddings/overrides/isolates (U+202A–U+202E,
// U+2066–U+2069), which reorder what staff read. Most of these are not
// allowed in XML 1.0 either (https://www.w3.org/TR/xml/#charsets), so one of
// them in a name would break the exported xlsx.
// Single-line fields also refuse line breaks; multi-line fields keep them,
// normalised to "\n".

/** Ids: generated ids (hex), the importer's and the seed's (letters, digits, _ and -). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Openids as WeChat issues them (28 characters of [A-Za-z0-9_-]); local members use the same set. */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export type BadCharKind = 'linebreak' | 'control';

function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

function isRefused(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    (c >= 0xd800 && c <= 0xdfff) || // only a lone surrogate is seen one code unit at a time
    (c >= 0xfdd0 && c <= 0xfdef) ||
    (c & 0xfffe) === 0xfffe ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

/**
 * The first problem in `text`, or null. In a multi-line field line breaks
 * and tabs are fine (call normalizeLineBreaks first).
 */
export function findBadChar(text: string, multiline = false): BadCharKind | null {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (multiline && (c === 0x0a || c === 0x09)) continue;
    if (isLineBreak(c)) return 'linebreak';
    if (isRefused(c)) return 'control';
  }
  return null;
}

/** "\r\n", "\r", U+2028 and U+2029 become "\n" (multi-line fields). */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/** The message naming the field, e.g. 「姓名不能换行」. */
export function badCharMessage(label: string, kind: BadCharKind): string {
  return kind === 'linebreak' ? `${label}不能换行` : `${label}含有无法识别的特殊字符，请删除后重试`;
}
