// Shared set-up of the page tests (not a test file itself): a local cloud
// with its admin, reports published through the console's own actions, and
// a transport that keeps the cloud's answers back to see loading states.
import type { ArticleInput } from '../../miniprogram/contract/index';
import { setTransport, type RawCall } from '../../miniprogram/services/cloud';
import { startTestCloud, type TestCloud, type TestCloudOptions } from '../helpers/cloud';

/** A local cloud (every function unless `options` says otherwise) in which `admin` is an admin. */
export async function startCloudWithAdmin(admin: string, options: TestCloudOptions = {}): Promise<TestCloud> {
  const lc = await startTestCloud(options);
  await lc.makeAdmin(admin);
  return lc;
}

/** A report saved and published by `admin` through articles.save + articles.publish; its id. */
export async function publishReport(lc: TestCloud, admin: string, input: ArticleInput): Promise<string> {
  const saved = await lc.ok('content', 'articles.save', input, { openid: admin });
  await lc.ok('content', 'articles.publish', { id: saved.id }, { openid: admin });
  return saved.id;
}

/**
 * Points the pages' client at the local cloud, answering as `openid`, but
 * holds every answer back until `release()`: the first load stays on screen.
 * `calls` records what the pages sent, oldest first.
 */
export function holdAnswers(lc: TestCloud, openid: string): { calls: RawCall[]; release: () => void } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const calls: RawCall[] = [];
  setTransport(async (c) => {
    calls.push(c);
    await gate;
    // Through JSON both ways, as over the wire.
    return JSON.parse(
      JSON.stringify(await lc.callRaw(c.name, JSON.parse(JSON.stringify(c.data)), { openid })),
    ) as unknown;
  });
  return { calls, release };
}
