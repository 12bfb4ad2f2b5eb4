// view, text and the other containers.
import { bindHover, hoverProps, register } from './base';

// ---- view, text and other containers ----
export function registerContainers(): void {
  for (const name of ['view', 'cover-view']) {
    register(name, {
      properties: hoverProps('none', 50, 400),
      attached() {
        bindHover(this, { start: 50, stay: 400 });
      },
    });
  }
  register('text', {
    properties: {
      userSelect: { type: Boolean, value: false },
      selectable: { type: Boolean, value: false },
      space: { type: String, value: '' },
      decode: { type: Boolean, value: false },
    },
    reflectProps: ['userSelect', 'selectable', 'space'],
  });
  const shells = [
    'block',
    'movable-area',
    'movable-view',
    'page-container',
    'root-portal',
    'checkbox-group',
    'radio-group',
    'checkbox',
    'radio',
    'switch',
    'slider',
    'picker-view',
    'picker-view-column',
    'editor',
    'audio',
    'camera',
    'video',
    'map',
    'canvas',
    'web-view',
    'ad',
    'open-data',
    'navigation-bar',
    'page-meta',
    'match-media',
    'official-account',
    'live-player',
    'live-pusher',
    'functional-page-navigator',
    'keyboard-accessory',
    'grid-view',
    'list-view',
    'sticky-header',
    'sticky-section',
    'share-element',
    'channel-video',
    'voip-room',
    'cover-image',
  ];
  for (const name of shells) register(name, {});
}
