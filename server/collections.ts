// Every collection the functions use. WeChat's cloud database answers
// -502005 for a collection nobody created, so each function instance
// creates the missing ones once before its first action; deploying needs
// no manual step.
import { ARTICLES, ARTICLE_READERS } from './content/model';
import { EVENTS, SIGNUPS } from './events/model';
import { MEMBERS } from './auth';
import { QRCODES, SCENE_CODES, SHARES, SHARE_GROUPS } from './shares/model';
import { db } from './data';

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

/**
 * wx-server-sdk 4.0.2's code for a missing collection
 * (TCB_ERR_CODE.DATABASE_COLLECTION_NOT_EXIST in its error config). The SDK
 * defines no code for "already exists": its checkError maps any service code
 * it does not list to SYS_ERR (-501001), so a refused createCollection cannot
 * be told apart by code, and its message was never checked against the real
 * service. Whether a collection exists is therefore decided by reading it.
 */
export const COLLECTION_NOT_EXIST = -502005;

function errCode(err: unknown): unknown {
  return (err as { errCode?: unknown } | undefined)?.errCode;
}

async function exists(name: string): Promise<boolean> {
  try {
    await db().collection(name).limit(1).field({ _id: true }).get();
    return true;
  } catch (err) {
    if (errCode(err) === COLLECTION_NOT_EXIST) return false;
    throw err;
  }
}

/** Creates every collection that does not exist yet (one read each when they all do). */
export async function createCollections(): Promise<void> {
  await Promise.all(
    COLLECTIONS.map(async (name) => {
      if (await exists(name)) return;
      try {
        await db().createCollection(name);
      } catch (err) {
        // Another instance may have created it meanwhile; anything else is a real failure.
        if (!(await exists(name))) throw err;
      }
    }),
  );
}

let ready: Promise<void> | null = null;

/** After -502005 (a collection removed in the console): create them again on the next call. */
export function collectionsMissing(err: unknown): boolean {
  if (errCode(err) !== COLLECTION_NOT_EXIST) return false;
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
