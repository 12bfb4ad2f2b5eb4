// Every collection the functions use. WeChat's cloud database answers
// -502005 for a collection nobody created, so each function instance
// creates them once (createCollection of an existing one is refused, which
// is fine) before its first action; deploying needs no manual step.
import { ARTICLES, ARTICLE_READERS } from './content/model';
import { EVENTS, SIGNUPS } from './events/store';
import { MEMBERS } from './auth';
import { QRCODES, SCENE_CODES, SHARES, SHARE_GROUPS } from './shares/model';
import { db, type Db } from './cloud';

export const COLLECTIONS = [
  ARTICLES,
  ARTICLE_READERS,
  EVENTS,
  SIGNUPS,
  MEMBERS,
  SHARES,
  SHARE_GROUPS,
  QRCODES,
  SCENE_CODES,
] as const;

function alreadyExists(err: unknown): boolean {
  const e = err as { errMsg?: unknown; message?: unknown } | undefined;
  const text = `${typeof e?.errMsg === 'string' ? e.errMsg : ''} ${typeof e?.message === 'string' ? e.message : ''}`;
  return /Table exist|already exist/i.test(text);
}

/** Creates every collection that does not exist yet. */
export async function createCollections(d: Db = db()): Promise<void> {
  await Promise.all(
    COLLECTIONS.map(async (name) => {
      try {
        await d.createCollection(name);
      } catch (err) {
        if (!alreadyExists(err)) throw err;
      }
    }),
  );
}

let ready: Promise<void> | null = null;

/** After -502005 (a collection removed in the console): create them again on the next call. */
export function collectionsMissing(err: unknown): boolean {
  const e = err as { errCode?: unknown } | undefined;
  if (e?.errCode !== -502005) return false;
  ready = null;
  return true;
}

/** Once per function instance; a failure is retried on the next call. */
export function ensureCollections(): Promise<void> {
  if (!ready) {
    ready = createCollections().catch((err: unknown) => {
      ready = null;
      throw err;
    });
  }
  return ready;
}
