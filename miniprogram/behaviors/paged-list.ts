// A cursor-paged list as a Behavior: first load (skeleton), pull-down
// refresh, infinite scroll, empty and error states, retry.
//
// The page lifecycles a list needs come with it, as methods (a page built
// with Component() gets a behavior's methods, its own of the same name win):
//   onPullDownRefresh() -> this.refreshList()
//   onReachBottom() -> this.loadMore()
// A page starts a list with `this.reloadList(key)`, where `key` is whatever
// selects the list (a column, a search query) and is handed to `load`; a
// page whose list changes behind it (an editor it opened) calls
// `this.refreshListOnReturn()` from its onShow; one whose source has a
// `version` (sign-ups changed on another page) calls
// `this.refreshListIfChanged()` instead, refreshing only when it moved.
// A source with `start` gets both as onLoad/onShow (startList,
// refreshListOnShow), so a plain list page writes neither.
//
// Template data (flat): items, loading, refreshing, loadingMore, error
// (Chinese message, '' when none), empty, hasMore, listKey, and tabs when
// the source has them (van-tabs bound to onTabChange switches the list).
// An error with items on screen belongs to the footer (load-more retry);
// without items it is the full-page error state.

import type { Cursor, Page } from '../contract/index';
import { errorMessage } from '../services/cloud';

/** What the template shows for one item; `id` drops an item a later page repeats. */
export interface ListView {
  id: string;
}

export interface PagedListSource<T, V extends ListView> {
  /** Loads one page of the list selected by `key`. */
  load(key: string, cursor: Cursor | undefined): Promise<Page<T>>;
  /** What the template shows for one item. */
  toView(item: T): V;
  /**
   * A counter that moves when the list may have changed on another page (a
   * sign-up made or cancelled); refreshListIfChanged() refreshes when it
   * moved since the list was loaded.
   */
  version?(): number;
  /** The tabs over the list, each selecting a key (template data `tabs`, van-tabs bound to onTabChange). */
  tabs?: Tabs;
  /**
   * What onLoad starts: the tab the page query's `query` parameter names, or
   * the list `key`. With it, onLoad/onShow come with the behavior.
   */
  start?: { query: string } | { key: string };
}

interface Progress {
  /** Bumped by every reset; a response from an older generation is dropped. */
  generation: number;
  cursor: Cursor | null;
  /** Whether the page has been shown once (refreshListOnReturn). */
  shown: boolean;
  /** source.version() when the list was last loaded or refreshed. */
  version: number | undefined;
}

/** A van-tabs tab over a list: `name` is the list key it selects. */
export interface ListTab<K extends string> {
  name: K;
  title: string;
}

type Tabs<K extends string = string> = readonly [ListTab<K>, ...Array<ListTab<K>>];

/** The key `value` names among `tabs`, else the first tab's (a query or an event may carry anything). */
export function tabKey<K extends string>(tabs: Tabs<K>, value: unknown): K {
  return (tabs.find((t) => t.name === value) ?? tabs[0]).name;
}

// Per-instance bookkeeping the template never shows stays out of `data`.
const progress = new WeakMap<object, Progress>();

function progressOf(host: object): Progress {
  let p = progress.get(host);
  if (!p) {
    p = { generation: 0, cursor: null, shown: false, version: undefined };
    progress.set(host, p);
  }
  return p;
}

/**
 * Only the fields whose value differs from what is shown (like Vant's
 * setView): flags that are already right do not travel to the view layer.
 */
export function changedFields(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) {
    const next = patch[key];
    const now = current[key];
    const bothEmptyLists = Array.isArray(next) && Array.isArray(now) && next.length === 0 && now.length === 0;
    if (next !== now && !bothEmptyLists) out[key] = next;
  }
  return out;
}

export function pagedList<T, V extends ListView>(source: PagedListSource<T, V>) {
  /** A new generation (answers to older ones are dropped), with the source's version recorded. */
  function restart(p: Progress): number {
    p.version = source.version?.();
    return ++p.generation;
  }

  /** The first page of `listKey` as views, or null when a newer generation started meanwhile. */
  async function firstPage(
    p: Progress,
    listKey: string,
    generation: number,
  ): Promise<{ items: V[]; hasMore: boolean } | null> {
    const page = await source.load(listKey, undefined);
    if (generation !== p.generation) return null;
    p.cursor = page.nextCursor;
    return { items: page.items.map((it) => source.toView(it)), hasMore: !!page.nextCursor };
  }

  return Behavior({
    data: {
      listKey: '',
      items: [] as V[],
      loading: false,
      refreshing: false,
      loadingMore: false,
      error: '',
      empty: false,
      hasMore: false,
      tabs: source.tabs ?? [],
    },
    methods: {
      /** Shows the skeleton and loads the first page of `key` (default: the current one). */
      async reloadList(key?: string): Promise<void> {
        const p = progressOf(this);
        const generation = restart(p);
        p.cursor = null;
        const listKey = key === undefined ? this.data.listKey : key;
        this.setData(
          changedFields(this.data, {
            listKey,
            items: [],
            loading: true,
            refreshing: false,
            loadingMore: false,
            error: '',
            empty: false,
            hasMore: false,
          }),
        );
        try {
          const first = await firstPage(p, listKey, generation);
          if (!first) return;
          this.setData(changedFields(this.data, { ...first, loading: false, empty: first.items.length === 0 }));
        } catch (err) {
          if (generation !== p.generation) return;
          this.setData(changedFields(this.data, { loading: false, error: errorMessage(err) }));
        }
      },

      /** Pull-down refresh: keeps what is shown until the first page is back. */
      async refreshList(): Promise<void> {
        const p = progressOf(this);
        if (this.data.loading) {
          wx.stopPullDownRefresh();
          return;
        }
        const generation = restart(p);
        const listKey = this.data.listKey;
        this.setData(changedFields(this.data, { refreshing: true, loadingMore: false }));
        try {
          const first = await firstPage(p, listKey, generation);
          if (!first) return;
          this.setData(
            changedFields(this.data, { ...first, refreshing: false, error: '', empty: first.items.length === 0 }),
          );
        } catch (err) {
          if (generation !== p.generation) return;
          const message = errorMessage(err);
          if (this.data.items.length > 0) {
            // What is on screen is still good: say so briefly, keep it.
            this.setData({ refreshing: false });
            wx.showToast({ title: message, icon: 'none' });
          } else {
            this.setData(changedFields(this.data, { refreshing: false, error: message }));
          }
        } finally {
          if (generation === p.generation) wx.stopPullDownRefresh();
        }
      },

      /** Infinite scroll: the next page after the last cursor, if any. */
      async loadMore(): Promise<void> {
        const d = this.data;
        if (!d.hasMore || d.loading || d.refreshing || d.loadingMore || d.error) return;
        const p = progressOf(this);
        const cursor = p.cursor;
        if (!cursor) return;
        const generation = p.generation;
        this.setData({ loadingMore: true });
        try {
          const page = await source.load(d.listKey, cursor);
          if (generation !== p.generation) return;
          p.cursor = page.nextCursor;
          const shown = new Set(this.data.items.map((v) => v.id));
          const fresh = page.items.map((it) => source.toView(it)).filter((v) => !shown.has(v.id));
          // Append by path so only the new rows travel to the view layer.
          const patch: Record<string, unknown> = { loadingMore: false, hasMore: !!page.nextCursor };
          const start = this.data.items.length;
          fresh.forEach((v, i) => {
            patch[`items[${start + i}]`] = v;
          });
          this.setData(patch);
        } catch (err) {
          if (generation !== p.generation) return;
          this.setData({ loadingMore: false, error: errorMessage(err) });
        }
      },

      /** For onShow: refreshes when source.version() moved since the list was loaded. */
      refreshListIfChanged(): void {
        const p = progressOf(this);
        if (p.version !== undefined && p.version !== source.version?.()) this.refreshList();
      },

      /** The list already shows what moved source.version() (the page's own change). */
      markListCurrent(): void {
        progressOf(this).version = source.version?.();
      },

      /** For onShow: every show after the first (back from another page) refreshes. */
      refreshListOnReturn(): void {
        const p = progressOf(this);
        if (p.shown) this.refreshList();
        p.shown = true;
      },

      /** Starts the list `source.start` names for this page query. */
      startList(query: Record<string, string | undefined>): Promise<void> {
        const start = source.start;
        if (!start) return this.reloadList();
        if ('key' in start) return this.reloadList(start.key);
        const named = query[start.query];
        return this.reloadList(source.tabs ? tabKey(source.tabs, named) : named);
      },

      /** For onShow: refreshListIfChanged when the source has a version, else refreshListOnReturn. */
      refreshListOnShow(): void {
        if (source.version) this.refreshListIfChanged();
        else this.refreshListOnReturn();
      },

      // Page lifecycles (a page with more to do on them defines its own).
      onLoad(query: Record<string, string | undefined>): void {
        if (source.start) this.startList(query);
      },

      onShow(): void {
        if (source.start) this.refreshListOnShow();
      },

      onPullDownRefresh(): void {
        this.refreshList();
      },

      onReachBottom(): void {
        this.loadMore();
      },

      /** van-tabs' change: the list of the tab chosen. */
      onTabChange(e: { detail: { name?: unknown } }): void {
        if (!source.tabs) return;
        const key = tabKey(source.tabs, e.detail.name);
        if (key !== this.data.listKey) this.reloadList(key);
      },

      /** The retry button of either error state. */
      retryList(): Promise<void> {
        if (this.data.items.length > 0 && this.data.hasMore) {
          this.setData({ error: '' });
          return this.loadMore();
        }
        return this.reloadList();
      },
    },
  });
}
