// app.json's window and tab bar, and a build problem, as the preview's
// Node-side loader (../project.ts) reads them and the browser runtime gets
// them in the manifest. Types only, so both sides import the one definition.

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
