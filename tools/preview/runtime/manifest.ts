// What the preview's Node side tells the browser runtime: the manifest the
// compiler (../compile.ts) embeds in the bundle, with app.json's window and
// tab bar as the project loader (../project.ts) reads them. Types only, so
// both sides import the one definition.

export interface WindowConfig {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: string;
  navigationStyle?: string;
  backgroundColor?: string;
  backgroundTextStyle?: string;
  enablePullDownRefresh?: boolean;
  onReachBottomDistance?: number;
}

export interface TabBarItem {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
}

export interface TabBarConfig {
  color?: string;
  selectedColor?: string;
  backgroundColor?: string;
  borderStyle?: string;
  list: TabBarItem[];
}

export interface Problem {
  file: string;
  message: string;
}

export interface ComponentInfo {
  id: string;
  key: string;
  path: string;
  prefix: string;
  tagName: string;
  isPage: boolean;
  using: Record<string, string>;
  wxml: string;
  /** Its script as a package module, e.g. `pages/home/index.js`. */
  script: string;
  /** Its package: '' (main) or a subpackage root. */
  pkg: string;
}

export interface PageInfo {
  id: string;
  prefix: string;
  key: string;
  window: WindowConfig;
}

export interface Manifest {
  pages: string[];
  window: WindowConfig;
  tabBar: TabBarConfig | null;
  pageInfo: Record<string, PageInfo>;
  components: ComponentInfo[];
  /** Problems that leave the rest runnable (a missing page, a bad stylesheet): shown in the browser. */
  problems: Problem[];
  /** Every JS module of the package → its package ('' main, or a subpackage root). */
  modules: Record<string, string>;
  /** npm packages the project uses: a local module of such a name is a mistake (see misdirected()). */
  npm: string[];
}
