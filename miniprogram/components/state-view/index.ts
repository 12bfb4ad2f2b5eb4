// A full-area state: empty list, failed load (with retry), not found,
// no search results, offline. Generic on purpose: any page may use it.
//
//   <state-view type="error" title="{{ error }}" action-text="重试" bind:action="onRetry" />
//
// type: 'empty' | 'error' | 'network' | 'not-found' | 'search' (picks the
// illustration); title: the main line; description: an optional second
// line; action-text: shows a button that emits `action` when tapped.

const IMAGES: Record<string, string> = {
  empty: '/images/state-empty.svg',
  error: '/images/state-error.svg',
  network: '/images/state-network.svg',
  'not-found': '/images/state-not-found.svg',
  search: '/images/state-search.svg',
};

Component({
  options: { addGlobalClass: true },
  externalClasses: ['custom-class'],
  properties: {
    type: { type: String, value: 'empty' },
    title: { type: String, value: '' },
    description: { type: String, value: '' },
    actionText: { type: String, value: '' },
  },
  data: { image: IMAGES.empty },
  observers: {
    type(type: string) {
      const image = IMAGES[type] || IMAGES.empty;
      if (image !== this.data.image) this.setData({ image });
    },
  },
  methods: {
    onAction() {
      this.triggerEvent('action');
    },
  },
});
