// The cheap client-side check of a search query, with the same limits the
// server enforces (ARTICLE_RULES), so a bad query never costs a call.

import { ARTICLE_RULES } from '../../contract/index';

export type QueryCheck = { ok: true; q: string } | { ok: false; message: string };

export function checkQuery(raw: string): QueryCheck {
  const q = raw.trim();
  if (q.length < ARTICLE_RULES.searchMin) return { ok: false, message: '请输入要搜索的关键词' };
  if (q.length > ARTICLE_RULES.searchMax) {
    return { ok: false, message: `关键词不能超过${ARTICLE_RULES.searchMax}个字` };
  }
  return { ok: true, q };
}
