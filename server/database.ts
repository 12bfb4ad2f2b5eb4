// The database to set up in the cloud console, in one place: every
// collection the functions use (server/collections.ts creates them), its
// indexes and its security rule. Clients never read or write a collection
// directly; everything goes through the functions, so every rule is closed.
import type { COLLECTIONS } from './collections';
import { CONTENT_INDEXES, CONTENT_SECURITY_RULES } from './content/indexes';
import { EVENTS_INDEXES, EVENTS_SECURITY_RULES } from './events/indexes';
import { SHARES_INDEXES, SHARES_SECURITY_RULES } from './shares/indexes';

export interface IndexDef {
  readonly name: string;
  readonly keys: Readonly<Record<string, 1 | -1>>;
}

export interface CollectionSetup {
  readonly indexes: readonly IndexDef[];
  /** The custom security rule (自定义安全规则) as the console takes it. */
  readonly rules: { readonly read: boolean; readonly write: boolean };
}

type CollectionName = (typeof COLLECTIONS)[number];

/** Keyed by every name in COLLECTIONS: a new collection without indexes and rules does not compile. */
export const DATABASE: Readonly<Record<CollectionName, CollectionSetup>> = {
  articles: { indexes: CONTENT_INDEXES.articles, rules: CONTENT_SECURITY_RULES.articles },
  article_readers: { indexes: CONTENT_INDEXES.article_readers, rules: CONTENT_SECURITY_RULES.article_readers },
  events: { indexes: EVENTS_INDEXES.events, rules: EVENTS_SECURITY_RULES.events },
  signups: { indexes: EVENTS_INDEXES.signups, rules: EVENTS_SECURITY_RULES.signups },
  members: { indexes: EVENTS_INDEXES.members, rules: EVENTS_SECURITY_RULES.members },
  shares: { indexes: SHARES_INDEXES.shares, rules: SHARES_SECURITY_RULES.shares },
  share_groups: { indexes: SHARES_INDEXES.share_groups, rules: SHARES_SECURITY_RULES.share_groups },
  qrcodes: { indexes: SHARES_INDEXES.qrcodes, rules: SHARES_SECURITY_RULES.qrcodes },
  scene_codes: { indexes: SHARES_INDEXES.scene_codes, rules: SHARES_SECURITY_RULES.scene_codes },
};
