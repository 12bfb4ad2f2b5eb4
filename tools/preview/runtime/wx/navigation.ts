// wx navigation, navigation bar, tab bar and page APIs: the preview's page stack (../router.ts).
import * as router from '../router';
import { ApiFail, api, str, type Obj, type WxApis } from './api';

function tabBadge(index: number, text: string): void {
  const item = document.querySelectorAll('.mp-tabbar__item')[index];
  if (!(item instanceof HTMLElement)) throw new ApiFail('index out of range');
  if (text) item.dataset.badge = text;
  else delete item.dataset.badge;
}

export function navigationApis(): WxApis {
  const nav = (name: string, fn: (o: Obj) => void) =>
    api<Obj>(name, (o) => {
      fn(o);
      return name === 'navigateTo' ? { eventChannel: { emit() {}, on() {}, once() {}, off() {} } } : {};
    });
  return {
    // navigation
    navigateTo: nav('navigateTo', (o) => router.navigateTo(str(o.url))),
    redirectTo: nav('redirectTo', (o) => router.redirectTo(str(o.url))),
    navigateBack: nav('navigateBack', (o) => router.navigateBack(Number(o.delta) || 1)),
    switchTab: nav('switchTab', (o) => router.switchTab(str(o.url))),
    reLaunch: nav('reLaunch', (o) => router.reLaunch(str(o.url))),

    // navigation bar, tab bar, page
    setNavigationBarTitle: api<Obj>('setNavigationBarTitle', (o) => {
      const t = router.top();
      if (t) t.title = str(o.title);
      router.refreshChrome();
    }),
    setNavigationBarColor: api<Obj>('setNavigationBarColor', (o) => {
      const t = router.top();
      if (t) {
        t.window = {
          ...t.window,
          navigationBarBackgroundColor: str(o.backgroundColor, t.window.navigationBarBackgroundColor),
          navigationBarTextStyle: str(o.frontColor) === '#000000' ? 'black' : 'white',
        };
      }
      router.refreshChrome();
    }),
    showNavigationBarLoading: api<Obj>('showNavigationBarLoading', () => {
      const t = router.top();
      if (t) t.navLoading = true;
      router.refreshChrome();
    }),
    hideNavigationBarLoading: api<Obj>('hideNavigationBarLoading', () => {
      const t = router.top();
      if (t) t.navLoading = false;
      router.refreshChrome();
    }),
    setBackgroundColor: api<Obj>('setBackgroundColor', (o) => {
      const t = router.top();
      if (t && o.backgroundColor) t.host.style.background = str(o.backgroundColor);
    }),
    setBackgroundTextStyle: api<Obj>('setBackgroundTextStyle', (o) => {
      const t = router.top();
      if (t) t.refresh.dataset.style = str(o.textStyle) === 'light' ? 'light' : 'dark';
    }),
    startPullDownRefresh: api<Obj>('startPullDownRefresh', () => router.startPullDownRefresh()),
    stopPullDownRefresh: api<Obj>('stopPullDownRefresh', () => router.stopPullDownRefresh()),
    pageScrollTo: api<Obj>('pageScrollTo', (o) => {
      if (
        !router.pageScrollTo(
          Number(o.scrollTop) || 0,
          Number(o.duration ?? 300),
          o.selector ? str(o.selector) : undefined,
        )
      ) {
        throw new ApiFail('selector not found');
      }
    }),
    showTabBar: api<Obj>('showTabBar', () =>
      document.getElementById('mp-tabbar')?.classList.remove('mp-tabbar--hidden'),
    ),
    hideTabBar: api<Obj>('hideTabBar', () => document.getElementById('mp-tabbar')?.classList.add('mp-tabbar--hidden')),
    setTabBarBadge: api<Obj>('setTabBarBadge', (o) => tabBadge(Number(o.index), str(o.text))),
    removeTabBarBadge: api<Obj>('removeTabBarBadge', (o) => tabBadge(Number(o.index), '')),
    showTabBarRedDot: api<Obj>('showTabBarRedDot', (o) => tabBadge(Number(o.index), ' ')),
    hideTabBarRedDot: api<Obj>('hideTabBarRedDot', (o) => tabBadge(Number(o.index), '')),
  };
}
