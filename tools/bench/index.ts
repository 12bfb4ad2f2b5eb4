// npm run bench: every benchmark, one after another (one local cloud per
// process at a time), printing figures. No assertions: the figures go in
// the issue notes.
import { benchLocalCloud } from './local-cloud';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => !only.length || only.includes(name);
  if (want('local-cloud')) await benchLocalCloud();
  if (want('content')) {
    const { benchContent } = (await import('./content')) as { benchContent: () => Promise<void> };
    await benchContent();
  }
  if (want('shares')) {
    const { benchShares } = (await import('./shares')) as { benchShares: () => Promise<void> };
    await benchShares();
  }
  if (want('events')) {
    const { benchEvents } = (await import('./events')) as { benchEvents: () => Promise<void> };
    await benchEvents();
  }
  if (want('attendance')) {
    const { benchAttendance } = (await import('./attendance')) as { benchAttendance: () => Promise<void> };
    await benchAttendance();
  }
  if (want('preview')) {
    const { benchPreview } = (await import('./preview')) as { benchPreview: () => Promise<void> };
    await benchPreview();
  }
  // Only when asked: a full-size flash crowd takes a while.
  if (only.includes('flash')) {
    const { benchFlash } = (await import('./flash')) as { benchFlash: () => Promise<void> };
    await benchFlash();
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
