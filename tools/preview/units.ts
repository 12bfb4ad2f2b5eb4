// rpx, vh and vw in styles → calc() over CSS variables the preview frame
// sets: 750rpx is the phone's width, 100vh the page's visible height (below
// the navigation bar, above the tab bar), as in WeChat. Pure: used by the
// WXSS compiler (Node) and for inline styles (browser).

const UNIT_RE = /(^|[^\w.#-])(-?(?:\d+\.?\d*|\.\d+))(rpx|vh|vw)\b/g;

export function convertUnits(value: string): string {
  // url(...) and quoted strings are kept as they are.
  return value
    .split(/(url\([^)]*\)|"[^"]*"|'[^']*')/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(UNIT_RE, (_all, lead: string, n: string, unit: string) => {
            const num = Number(n);
            if (num === 0) return `${lead}0`;
            return `${lead}calc(${num} * var(--${unit}))`;
          }),
    )
    .join('');
}
