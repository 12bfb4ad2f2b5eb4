// WeChat's built-in components with real behaviour in the browser. Each is
// an exparser component whose host element (<wx-view>, <wx-image> …) is in
// the DOM; containers keep their children in a <slot/>, leaf controls draw
// native elements (<img>, <input>, <textarea>) inside their host.
//
// Scope: what this mini program and Vant use, done properly — view, text
// (selectable), image (modes, cloud fileIDs, lazy-load), button (open-type
// share / agreePrivacyAuthorization, loading, hover), input and textarea
// (value binding, bindinput/focus/blur/confirm, placeholder-class), label,
// scroll-view, navigator, picker (selector/date/time), swiper, icon,
// progress, rich-text, form; the rest are plain containers.
// Each area is a file under ./builtins; what they share is in ./builtins/base.ts.
import { registerButton } from './builtins/button';
import { registerContainers } from './builtins/containers';
import { registerField, registerLabel } from './builtins/field';
import { registerImage } from './builtins/image';
import { registerNavigator } from './builtins/navigator';
import { registerPicker } from './builtins/picker';
import { registerScrollView } from './builtins/scroll-view';
import { registerSmall } from './builtins/small';
import { registerSwiper } from './builtins/swiper';

export { resolveSrc, setBuiltinHost, type BuiltinHost } from './builtins/base';

export function registerBuiltins(): void {
  registerContainers();
  registerImage();
  registerButton();
  registerField('input');
  registerField('textarea');
  registerLabel();
  registerScrollView();
  registerNavigator();
  registerPicker();
  registerSwiper();
  registerSmall();
}
