// The values one deployment differs by. This committed file holds the LOCAL
// values, so `npm start`, the tests, the browser preview and DevTools on the
// local cloud need no configuration. `npm run deploy` never edits it: it
// writes a generated copy with deploy.config.json's values into the project
// it stages and uploads (tools/deploy/stage.ts), and refuses to upload while
// any `local-` value below is left in the staged code.

export interface SubscribeTemplateIds {
  /** 报名结果通知: sent when confirmed at submit, or when promoted from the waitlist. */
  readonly signupResult: string;
  /** 活动开始提醒: the day before the event. */
  readonly eventReminder: string;
  /** 活动变更通知: the event was cancelled. */
  readonly eventChange: string;
}

export interface Deployment {
  /** wx.cloud.init's env; null: the environment DevTools has selected. */
  readonly cloudEnv: string | null;
  readonly subscribeTemplates: SubscribeTemplateIds;
}

export const DEPLOYMENT: Deployment = {
  cloudEnv: null,
  subscribeTemplates: {
    signupResult: 'local-signup-result',
    eventReminder: 'local-event-reminder',
    eventChange: 'local-event-change',
  },
};
