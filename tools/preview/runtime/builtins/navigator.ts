// navigator.
import { builtinHost, bindHover, hoverProps, onTap, register, str } from './base';

// ---- navigator ----
export function registerNavigator(): void {
  register('navigator', {
    properties: {
      ...hoverProps('navigator-hover', 50, 600),
      url: { type: String, value: '' },
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: { type: String, value: 'self' },
    },
    attached() {
      bindHover(this, { start: 50, stay: 600 });
      onTap(this, () =>
        builtinHost()?.navigate(str(this.data.openType, 'navigate'), str(this.data.url), Number(this.data.delta) || 1),
      );
    },
  });
}
