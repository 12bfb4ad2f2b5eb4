// The phone around the pages: status bar, navigation bar (title, back /
// home, capsule menu), the page viewport, the tab bar; and above it the
// preview's toolbar with the member switcher.
import { getManifest, previewEnv, type Member, type TabBarConfig, type WindowConfig } from './env';
import { el } from './dom';
import { storageGet, storageSet } from './storage';

export const LOCAL_CLOUD_KEY = 'localCloud';
export const LOCAL_OPENID_KEY = 'localOpenid';

export interface FrameHandlers {
  onBack(): void;
  onHome(): void;
  onTab(pagePath: string): void;
  onMenu(): void;
  onMemberChange(openid: string): void;
  onReload(): void;
}

export interface NavState {
  title: string;
  window: WindowConfig;
  canGoBack: boolean;
  showHome: boolean;
  loading: boolean;
}

let nav: HTMLElement;
let statusBar: HTMLElement;
let navTitle: HTMLElement;
let navBack: HTMLElement;
let navHome: HTMLElement;
let navLoading: HTMLElement;
let tabBar: HTMLElement;
let viewport: HTMLElement;
let phone: HTMLElement;
let routeLabel: HTMLElement;
let memberSelect: HTMLSelectElement;
let warnings: HTMLElement;
let warningList: Array<{ file: string; message: string }> = [];

/** Build problems that leave the rest runnable (a page not written yet): a badge, not an overlay. */
export function setWarnings(list: Array<{ file: string; message: string }>): void {
  warningList = list;
  warnings.textContent = `⚠ ${list.length} 个编译提示`;
  warnings.title = list.map((w) => `${w.file}: ${w.message}`).join('\n');
  warnings.style.display = list.length ? '' : 'none';
  for (const w of list) console.warn(`[preview] ${w.file}: ${w.message}`);
}

export function currentOpenid(): string {
  const v = storageGet(LOCAL_OPENID_KEY);
  return typeof v === 'string' && v ? v : previewEnv().members[0]?.openid || 'member-a';
}

function memberList(): Member[] {
  const members = [...previewEnv().members];
  const now = currentOpenid();
  if (!members.some((m) => m.openid === now)) members.push({ openid: now, label: now });
  return members;
}

function renderMembers(): void {
  memberSelect.replaceChildren();
  for (const m of memberList()) {
    const o = el('option', '', `${m.label}（${m.openid}）`);
    o.value = m.openid;
    memberSelect.appendChild(o);
  }
  memberSelect.value = currentOpenid();
}

/** Sets the variables that rpx / vh / vw compile to. */
export function updateMetrics(): void {
  const width = phone.clientWidth || 375;
  const height = viewport.clientHeight || 600;
  phone.style.setProperty('--rpx', `${width / 750}px`);
  phone.style.setProperty('--vw', `${width / 100}px`);
  phone.style.setProperty('--vh', `${height / 100}px`);
}

export function viewportElement(): HTMLElement {
  return viewport;
}

export function phoneElement(): HTMLElement {
  return phone;
}

export function metrics(): {
  width: number;
  height: number;
  windowHeight: number;
  statusBarHeight: number;
  navHeight: number;
} {
  const statusBar = document.querySelector('.mp-statusbar');
  return {
    width: phone.clientWidth || 375,
    height: phone.clientHeight || 667,
    windowHeight: viewport.clientHeight || 600,
    statusBarHeight: statusBar instanceof HTMLElement ? statusBar.offsetHeight : 20,
    navHeight: nav.offsetHeight || 44,
  };
}

export function buildFrame(handlers: FrameHandlers): void {
  document.body.classList.add('mp-body');
  const shell = el('div', 'mp-shell');
  const toolbar = el('div', 'mp-toolbar');
  toolbar.id = 'mp-toolbar';
  const brand = el('span', 'mp-toolbar__brand', '小程序预览');
  const memberLabel = el('label', 'mp-toolbar__member', '当前身份 ');
  memberSelect = el('select', 'mp-toolbar__select');
  memberSelect.id = 'mp-member';
  memberSelect.title = '切换以哪个会员的身份调用本地云';
  memberSelect.addEventListener('change', () => {
    handlers.onMemberChange(memberSelect.value);
    renderMembers();
  });
  memberLabel.appendChild(memberSelect);
  routeLabel = el('span', 'mp-toolbar__route');
  routeLabel.id = 'mp-route';
  const reload = el('button', 'mp-toolbar__button', '重新进入');
  reload.title = '重新启动小程序（reLaunch 当前页面）';
  reload.addEventListener('click', () => handlers.onReload());
  warnings = el('button', 'mp-toolbar__warnings');
  warnings.id = 'mp-warnings';
  warnings.style.display = 'none';
  warnings.addEventListener('click', () => {
    const list = warningList.map((w) => `${w.file}: ${w.message}`).join('\n');
    window.alert(list);
  });
  toolbar.append(brand, memberLabel, reload, warnings, routeLabel);

  phone = el('div', 'mp-phone');
  phone.id = 'mp-phone';
  const status = el('div', 'mp-statusbar');
  statusBar = status;
  status.append(el('span', 'mp-statusbar__time', '9:41'), el('span', 'mp-statusbar__right', '5G  100%'));

  nav = el('div', 'mp-navbar');
  nav.id = 'mp-navbar';
  navBack = el('button', 'mp-navbar__back', '');
  navBack.id = 'mp-nav-back';
  navBack.title = '返回';
  navBack.addEventListener('click', () => handlers.onBack());
  navHome = el('button', 'mp-navbar__home', '');
  navHome.id = 'mp-nav-home';
  navHome.title = '首页';
  navHome.addEventListener('click', () => handlers.onHome());
  navLoading = el('span', 'mp-navbar__loading');
  navTitle = el('div', 'mp-navbar__title');
  navTitle.id = 'mp-nav-title';
  const capsule = el('div', 'mp-capsule');
  const menu = el('button', 'mp-capsule__menu', '•••');
  menu.id = 'mp-capsule-menu';
  menu.title = '菜单（转发、分享到朋友圈）';
  menu.addEventListener('click', () => handlers.onMenu());
  const exit = el('button', 'mp-capsule__exit', '');
  exit.title = '重新进入小程序';
  exit.addEventListener('click', () => handlers.onReload());
  capsule.append(menu, el('span', 'mp-capsule__divider'), exit);
  const titleWrap = el('div', 'mp-navbar__center');
  titleWrap.append(navLoading, navTitle);
  nav.append(navBack, navHome, titleWrap, capsule);

  viewport = el('div', 'mp-viewport');
  viewport.id = 'mp-viewport';
  tabBar = el('div', 'mp-tabbar');
  tabBar.id = 'mp-tabbar';
  phone.append(status, nav, viewport, tabBar);
  shell.append(toolbar, phone);
  document.body.appendChild(shell);
  buildTabBar(getManifest().tabBar, handlers);
  renderMembers();
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => updateMetrics()).observe(viewport);
  updateMetrics();
}

function buildTabBar(config: TabBarConfig | null, handlers: FrameHandlers): void {
  tabBar.replaceChildren();
  if (!config) return;
  tabBar.style.background = config.backgroundColor || '#fff';
  if (config.borderStyle === 'white') tabBar.classList.add('mp-tabbar--white');
  for (const item of config.list) {
    const route = item.pagePath.replace(/^\//, '');
    const b = el('button', 'mp-tabbar__item');
    b.dataset.route = route;
    if (item.iconPath) {
      const icon = el('img', 'mp-tabbar__icon');
      icon.dataset.icon = `/mp/${item.iconPath.replace(/^\//, '')}`;
      icon.dataset.selected = item.selectedIconPath
        ? `/mp/${item.selectedIconPath.replace(/^\//, '')}`
        : icon.dataset.icon;
      icon.src = icon.dataset.icon;
      b.appendChild(icon);
    }
    b.appendChild(el('span', 'mp-tabbar__text', item.text));
    b.addEventListener('click', () => handlers.onTab(route));
    tabBar.appendChild(b);
  }
}

/** Shows the tab bar with `route` selected, or hides it (route null). */
export function setTabBar(route: string | null): void {
  const config = getManifest().tabBar;
  if (!config || route === null) {
    tabBar.style.display = 'none';
  } else {
    tabBar.style.display = '';
    for (const b of Array.from(tabBar.children)) {
      if (!(b instanceof HTMLElement)) continue;
      const on = b.dataset.route === route;
      b.classList.toggle('mp-tabbar__item--on', on);
      b.style.color = on ? config.selectedColor || '#07c160' : config.color || '#7a7e83';
      const icon = b.querySelector('img');
      if (icon) icon.src = (on ? icon.dataset.selected : icon.dataset.icon) || '';
    }
  }
  updateMetrics();
}

export function setNav(state: NavState): void {
  const w = state.window;
  const custom = w.navigationStyle === 'custom';
  nav.style.display = custom ? 'none' : '';
  const bg = w.navigationBarBackgroundColor || '#000000';
  nav.style.background = bg;
  const color = w.navigationBarTextStyle === 'black' ? '#000' : '#fff';
  nav.style.color = color;
  statusBar.style.background = custom ? 'transparent' : bg;
  statusBar.style.color = color;
  nav.dataset.theme = w.navigationBarTextStyle === 'black' ? 'light' : 'dark';
  navTitle.textContent = state.title;
  navBack.style.display = state.canGoBack ? '' : 'none';
  navHome.style.display = !state.canGoBack && state.showHome ? '' : 'none';
  navLoading.style.display = state.loading ? '' : 'none';
  updateMetrics();
}

export function setRouteLabel(text: string): void {
  routeLabel.textContent = text;
}

/** Makes sure the mini program's storage points the typed client at the local cloud. */
export function connectLocalCloud(): void {
  const env = previewEnv();
  if (env.cloudUrl) storageSet(LOCAL_CLOUD_KEY, env.cloudUrl);
  if (!storageGet(LOCAL_OPENID_KEY)) storageSet(LOCAL_OPENID_KEY, currentOpenid());
}

export function setMember(openid: string): void {
  storageSet(LOCAL_OPENID_KEY, openid);
  renderMembers();
}
