// Opaque list cursors. A cursor is the sort key of the last item a member
// saw, so the next page starts strictly after it: inserting or publishing a
// report elsewhere can neither repeat nor skip one (no `skip` anywhere).
import { AppError } from '../errors';
import { EARLIEST, ID_PATTERN, LATEST } from './schemas';

/** l: public list, s: search, a: admin list. A cursor only works where it came from. */
export type CursorKind = 'l' | 's' | 'a';

export interface CursorPosition {
  /** The sort field's value (epoch ms) of the last item seen. */
  t: number;
  /** Its _id, the tie-breaker. */
  i: string;
}

/** `after: null` means "from the start of the stream" (the first page held only pinned items). */
export interface DecodedCursor {
  after: CursorPosition | null;
}

export function encodeCursor(kind: CursorKind, after: CursorPosition | null): string {
  const body = after ? [kind, after.t, after.i] : [kind];
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** A time we could have handed out: whole ms within the range every stored time lies in (1e300 is not a Date). */
export function isCursorTime(t: unknown): t is number {
  return typeof t === 'number' && Number.isSafeInteger(t) && t >= EARLIEST && t <= LATEST;
}

export function decodeCursor(kind: CursorKind, cursor: string): DecodedCursor {
  const bad = (): never => {
    throw new AppError('VALIDATION', '分页参数无效，请刷新后重试', 'cursor');
  };
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return bad();
  }
  if (!Array.isArray(body) || body[0] !== kind) return bad();
  if (body.length === 1) return { after: null };
  const [, t, i] = body as unknown[];
  if (body.length !== 3 || !isCursorTime(t) || typeof i !== 'string' || !ID_PATTERN.test(i)) return bad();
  return { after: { t, i } };
}
