// Test doubles at the wx boundary for the sharing tests (not a test file):
// how the mini program was entered (wx.getEnterOptionsSync), the group
// chat's cloudID (wx.getGroupEnterInfo), and a 2D canvas node that records
// what is drawn (simulate has no canvas). Like test/mp/setup.ts's fakes,
// they stand in for WeChat, never for our code.

type Res = Record<string, unknown>;
interface CallbackOpts {
  success?: (res: Res) => void;
  fail?: (res: Res) => void;
  complete?: (res: Res) => void;
  [key: string]: unknown;
}

const wxAny = wx as unknown as Record<string, unknown>;
const originals = new Map<string, unknown>();

function replace(api: string, impl: unknown): void {
  if (!originals.has(api)) originals.set(api, wxAny[api]);
  wxAny[api] = impl;
}

/** Puts back every wx API replaced here (call in afterEach). */
export function restoreWx(): void {
  for (const [api, impl] of originals) wxAny[api] = impl;
  originals.clear();
}

export interface EnterOptions {
  scene: number;
  path: string;
  query: Record<string, string>;
  shareTicket?: string;
}

/** The mini program was entered this way (scene 1154: Moments single-page mode; 1044: a group card). */
export function enterWith(opts: EnterOptions): void {
  replace('getEnterOptionsSync', () => ({ referrerInfo: {}, ...opts }));
}

/** wx.getGroupEnterInfo answers with this cloudID; returns the options of every call. */
export function groupEnterInfo(cloudID: string): CallbackOpts[] {
  const calls: CallbackOpts[] = [];
  replace('getGroupEnterInfo', (opts: CallbackOpts) => {
    calls.push(opts);
    const res = { errMsg: 'getGroupEnterInfo:ok', encryptedData: 'enc', iv: 'iv', cloudID };
    void Promise.resolve().then(() => {
      opts.success?.(res);
      opts.complete?.(res);
    });
  });
  return calls;
}

/** An async wx API answering through callbacks; records its options. */
export function fakeAsync(api: string, answer: (opts: CallbackOpts) => { ok: boolean; res: Res }): CallbackOpts[] {
  const calls: CallbackOpts[] = [];
  replace(api, (opts: CallbackOpts) => {
    calls.push(opts);
    const { ok, res } = answer(opts);
    const full = { errMsg: `${api}:${ok ? 'ok' : 'fail'}`, ...res };
    void Promise.resolve().then(() => {
      if (ok) opts.success?.(full);
      else opts.fail?.(full);
      opts.complete?.(full);
    });
  });
  return calls;
}

export interface DrawOp {
  op: string;
  args: unknown[];
}

export interface FakeImage {
  src: string;
  width: number;
  height: number;
  onload: (() => void) | null;
  onerror: ((err: unknown) => void) | null;
}

/** A canvas node as `SelectorQuery.fields({ node: true })` gives it, recording every drawing call. */
export function fakeCanvas(opts: { failImages?: RegExp } = {}) {
  const ops: DrawOp[] = [];
  const images: FakeImage[] = [];
  const state: Record<string, unknown> = {};
  const record =
    (op: string) =>
    (...args: unknown[]) => {
      ops.push({ op, args: args.map((a) => (a && typeof a === 'object' && 'src' in a ? (a as FakeImage).src : a)) });
    };
  const ctx = new Proxy(state, {
    get(target, key: string) {
      if (key === 'measureText') {
        // 1 px per point of font size per character: enough to wrap like a CJK font does.
        return (text: string) => {
          const size = Number(/(\d+)px/.exec(String(target.font ?? '10px'))?.[1] ?? 10);
          return { width: Array.from(text).length * size };
        };
      }
      if (key in target) return target[key];
      return record(key);
    },
    set(target, key: string, value: unknown) {
      target[key] = value;
      ops.push({ op: `set ${key}`, args: [value] });
      return true;
    },
  });
  const node = {
    width: 300,
    height: 150,
    getContext: (type: string) => {
      if (type !== '2d') throw new Error(`unexpected context ${type}`);
      return ctx;
    },
    createImage: (): FakeImage => {
      const img: FakeImage = { src: '', width: 0, height: 0, onload: null, onerror: null };
      let src = '';
      Object.defineProperty(img, 'src', {
        get: () => src,
        set: (value: string) => {
          src = value;
          setTimeout(() => {
            if (opts.failImages && opts.failImages.test(value)) img.onerror?.(new Error('load failed'));
            else {
              img.width = 430;
              img.height = 430;
              img.onload?.();
            }
          }, 0);
        },
      });
      images.push(img);
      return img;
    },
  };
  return { node, ops, images };
}

/** wx.createSelectorQuery().in(comp).select(sel).fields({ node }).exec(cb) answering with this node. */
export function selectorQueryFor(node: unknown): string[] {
  const selected: string[] = [];
  replace('createSelectorQuery', () => {
    const query = {
      in: () => query,
      select: (selector: string) => {
        selected.push(selector);
        return { fields: () => ({ exec: (cb: (res: unknown[]) => void) => setTimeout(() => cb([{ node }]), 0) }) };
      },
    };
    return query;
  });
  return selected;
}
