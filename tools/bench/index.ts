// npm run bench: every benchmark, one after another (one local cloud per
// process at a time), printing figures. No assertions: the figures go in
// the issue notes. `npm run bench -- <name> …` runs only those named.

/** Each bench's module is loaded only when it runs. */
const BENCHES: ReadonlyArray<{ name: string; run: () => Promise<void>; onlyWhenAsked?: boolean }> = [
  { name: 'local-cloud', run: async () => (await import('./local-cloud')).benchLocalCloud() },
  { name: 'content', run: async () => (await import('./content')).benchContent() },
  { name: 'shares', run: async () => (await import('./shares')).benchShares() },
  { name: 'events', run: async () => (await import('./events')).benchEvents() },
  { name: 'attendance', run: async () => (await import('./attendance')).benchAttendance() },
  { name: 'review', run: async () => (await import('./review')).benchReview() },
  { name: 'preview', run: async () => (await import('./preview')).benchPreview() },
  // A full-size flash crowd takes a while.
  { name: 'flash', run: async () => (await import('./flash')).benchFlash(), onlyWhenAsked: true },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length)
    throw new Error(`no bench named ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  for (const bench of BENCHES) {
    if (only.length ? only.includes(bench.name) : !bench.onlyWhenAsked) await bench.run();
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
