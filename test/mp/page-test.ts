// The one page-test fixture (not a test file itself): what every page test
// starts from, and how it reads what a member or staff member sees.
//
//   const lc = usePageCloud(() => startEventsCloud());
//
// starts a local cloud before the file's tests and closes it after them
// (the returned value stands for it once started, so `lc.ok(...)` works in
// tests and in the file's own beforeAll); `openPage` renders a page and
// detaches it after the test (its clean-up runs, no timer outlives it).
// The simulate helpers and shared set-ups are re-exported from here, so a
// page test imports from one place. Built on test/mp/setup.ts (the wx fakes
// and their call records), which it does not change.
import type { RawCall } from '../../miniprogram/services/cloud';
import { cloudPerFile, type TestCloud } from '../helpers/cloud';
import { renderPage, text, waitFor, wxCalls, type Rendered, type SimNode } from '../helpers/simulate';

export {
  answerWx,
  callPage,
  failWx,
  input,
  needPrivacyConsent,
  privacyListener,
  renderPage,
  tap,
  text,
  trigger,
  useLocalCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from '../helpers/simulate';
export type { TestCloud } from '../helpers/cloud';
export { holdAnswers, publishReport, startCloudWithAdmin } from './fixtures';

/**
 * A local cloud for the whole test file: started by `start` before its
 * tests (within `timeoutMs`), closed after them. The value returned is the
 * cloud itself once started; using it earlier is a mistake in the test.
 */
export function usePageCloud(start: () => Promise<TestCloud>, timeoutMs = 60_000): TestCloud {
  const cloud = cloudPerFile(start, timeoutMs);
  return new Proxy({} as TestCloud, {
    get(_, key) {
      const tc = cloud();
      const value = Reflect.get(tc, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(tc) : value;
    },
  });
}

const opened: Rendered[] = [];

afterEach(() => {
  // Detaching runs the page's clean-up, so no countdown or timer outlives its test.
  for (const page of opened.splice(0)) page.detach();
});

/** Renders a page (detached after the test) and waits until `ready` says its first load is over. */
export async function openPage<D extends Record<string, unknown> = Record<string, unknown>>(
  pagePath: string,
  query: Record<string, string> = {},
  ready: (page: Rendered<D>) => boolean = () => true,
): Promise<Rendered<D>> {
  const page = await renderPage<D>(pagePath, query);
  opened.push(page);
  await waitFor(() => ready(page));
  return page;
}

// simulate finds nodes from a page or component root, not from inside a plain <view>.

/** The text of every node matching `selector`, in order. */
export function texts(root: SimNode, selector: string): string[] {
  return root.querySelectorAll(selector).map((n) => text(n));
}

/** Whether a node matching `selector` is on screen. */
export function shows(root: SimNode, selector: string): boolean {
  return root.querySelector(selector) !== undefined;
}

interface PopupElement {
  className: string;
  getAttribute(name: string): string | null;
}

function popupOf(root: SimNode, customClass: string): PopupElement | undefined {
  const all = Array.from(root.dom?.querySelectorAll('[class*="van-popup--van-popup"]') ?? []);
  return all
    .map((el) => el as unknown as PopupElement)
    .find((el) => el.className.split(/\s+/).some((c) => c.endsWith(`--${customClass}`)));
}

function hidden(popup: PopupElement): boolean {
  return /display:\s*none/.test(popup.getAttribute('style') ?? '');
}

/**
 * Whether a van-popup whose custom-class is `customClass` is up: on screen
 * and not on its way out (Vant's leave transition, then display: none).
 */
export function popupOpen(root: SimNode, customClass: string): boolean {
  const popup = popupOf(root, customClass);
  return !!popup && !hidden(popup) && !/-leave(-active|-to)?\b/.test(popup.className);
}

/** Whether that popup is gone from the screen (its leave transition over). */
export function popupClosed(root: SimNode, customClass: string): boolean {
  const popup = popupOf(root, customClass);
  return !popup || hidden(popup);
}

/** The toasts shown in this test, oldest first. */
export function toasts(): string[] {
  return wxCalls<{ title: string }>('showToast').map((t) => t.title);
}

/** The titles of the dialogs asked in this test, oldest first. */
export function dialogs(): string[] {
  return wxCalls<{ title: string }>('showModal').map((m) => m.title);
}

/** The actions the pages called on the cloud, oldest first. */
export function actions(binding: { calls: RawCall[] }): string[] {
  return binding.calls.map((c) => (c.data as { action: string }).action);
}

/** The payloads of the pages' calls of `action`, oldest first. */
export function payloads<T = Record<string, unknown>>(binding: { calls: RawCall[] }, action: string): T[] {
  return binding.calls
    .map((c) => c.data as { action: string; payload?: unknown })
    .filter((d) => d.action === action)
    .map((d) => d.payload as T);
}
