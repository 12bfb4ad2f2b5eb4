// A direct path for the projection the functions send most: leaving out a
// few top-level fields (the event's counters without its ledger arrays).
// mingo's cursor compiles a $project stage for each read; the result here
// is the one mingo 7 gives (the document's own fields, in its order, less
// the excluded). test/cloud/local-cloud.projection.test.ts checks the two agree.

/** The fields an exclusion-only projection of top-level fields leaves out, or null for any other projection. */
export function excludedFields(projection: Record<string, unknown>): Set<string> | null {
  const keys = Object.keys(projection);
  if (!keys.length) return null;
  for (const k of keys) {
    const v = projection[k];
    if (k === '_id' || k.startsWith('$') || k.includes('.') || (v !== 0 && v !== false)) return null;
  }
  return new Set(keys);
}

/** `doc` without the `excluded` fields (values shared with `doc`: the caller clones). */
export function without(doc: Record<string, unknown>, excluded: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(doc)) if (!excluded.has(k)) out[k] = doc[k];
  return out;
}
