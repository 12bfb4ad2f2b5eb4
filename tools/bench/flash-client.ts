// The flash bench's phones: 1,000 members tapping 报名 within a window, each
// request sent twice (as a retrying phone does), over HTTP. crowd() runs
// them in a worker thread of their own, so the client's own HTTP work does
// not compete with the local cloud for its core; the answer times are those
// of the functions and the database.
import http from 'http';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { Envelope, MySignup } from '../../miniprogram/contract/index';

export interface CrowdOptions {
  url: string;
  eventId: string;
  members: number;
  windowMs: number;
}

export interface Answer {
  member: number;
  ms: number;
  env: Envelope<MySignup & { eventId: string }> | { transport: string };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** One POST to the local cloud's endpoint as `openid`; the parsed JSON answer. */
export function post(url: string, openid: string, body: unknown): Promise<unknown> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': data.length, 'x-openid': openid },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (err) {
            reject(err as Error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function run({ url, eventId, members, windowMs }: CrowdOptions): Promise<Answer[]> {
  const answers: Answer[] = [];
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < members; i++) {
    // The first tap somewhere in the window, the phone's retry shortly after (both inside it).
    const first = Math.random() * windowMs * 0.8;
    for (const at of [first, first + Math.random() * windowMs * 0.2]) {
      sends.push(
        new Promise<void>((resolve) => setTimeout(resolve, at)).then(async () => {
          const sent = Date.now();
          const payload = {
            eventId,
            name: `会员${i}`,
            unit: `安徽环保企业${i}号`,
            phone: `139${String(i).padStart(8, '0')}`,
          };
          let env: Answer['env'];
          try {
            env = (await post(url, `flash-${i}`, { action: 'signup.submit', payload })) as Answer['env'];
          } catch (err) {
            env = { transport: (err as Error).message };
          }
          answers.push({ member: i, ms: Date.now() - sent, env });
        }),
      );
    }
  }
  await Promise.all(sends);
  agent.destroy();
  return answers;
}

/** Runs the crowd in a worker thread and answers every member's answers. */
export function crowd(options: CrowdOptions): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    // The worker loads this TypeScript file through tsx's CommonJS hook (a
    // .ts path as the worker's entry is not transformed).
    const entry = `require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`;
    const worker = new Worker(entry, { eval: true, workerData: options });
    worker.once('message', (answers: Answer[]) => resolve(answers));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`flash crowd worker exited with ${code}`));
    });
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void run(workerData as CrowdOptions).then((answers) => port.postMessage(answers));
}
