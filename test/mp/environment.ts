// jest environment of the `mp` project: jsdom (miniprogram-simulate needs a
// DOM) plus the few Node globals jsdom leaves out. Page tests run the local
// cloud in process (real wx-server-sdk, real cloud functions, the embedded
// database), and that server-side code uses structuredClone, TextEncoder,
// setImmediate... exactly as jest's node environment provides them to the
// `cloud` project. The mini-program code never sees more than WeChat has in
// practice: these are not wx APIs and pages do not use them.
import JSDOMEnvironment from 'jest-environment-jsdom';
import { removeTempDirs } from '../helpers/temp';

const NODE_GLOBALS = [
  'structuredClone',
  'TextEncoder',
  'TextDecoder',
  'setImmediate',
  'clearImmediate',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'MessageChannel',
  'MessagePort',
  'BroadcastChannel',
] as const;

export default class MiniProgramEnvironment extends JSDOMEnvironment {
  constructor(...args: ConstructorParameters<typeof JSDOMEnvironment>) {
    super(...args);
    const target = this.global as unknown as Record<string, unknown>;
    const source = globalThis as unknown as Record<string, unknown>;
    for (const name of NODE_GLOBALS) {
      if (target[name] === undefined && source[name] !== undefined) target[name] = source[name];
    }
  }

  // The temp folders this test file made (test/helpers/temp.ts) go once it has ended.
  override async teardown(): Promise<void> {
    removeTempDirs(this.global);
    await super.teardown();
  }
}
