// Indexes and security rules of the sharing collections, to apply in the
// cloud console next to server/content/indexes.ts.
export const SHARES_INDEXES = {
  // stats: the shares of a target grouped by sharer.
  shares: [{ name: 'by_target', keys: { targetType: 1, targetId: 1, sharer: 1 } }],
  // Read by deterministic _id only; the index serves a count per target in the console.
  share_groups: [{ name: 'by_target', keys: { targetType: 1, targetId: 1 } }],
  qrcodes: [],
  scene_codes: [],
} as const;

/** Clients never touch these directly: every read and write goes through the functions. */
export const SHARES_SECURITY_RULES = {
  shares: { read: false, write: false },
  share_groups: { read: false, write: false },
  qrcodes: { read: false, write: false },
  scene_codes: { read: false, write: false },
} as const;
