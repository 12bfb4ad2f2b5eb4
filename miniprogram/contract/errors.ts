// Error codes returned by every cloud function, with the Chinese message a
// member sees. One table, used by the server (to answer) and the client (to
// show), so the wording never drifts.

export const ERROR_MESSAGES = {
  UNKNOWN_ACTION: '不支持的操作',
  VALIDATION: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '请在微信中打开小程序后再试',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或已下线',
  CONFLICT: '数据已被修改，请刷新后重试',
  SIGNUP_CLOSED: '报名已截止',
  EVENT_CANCELLED: '活动已取消',
  EVENT_FULL: '名额已满',
  EVENT_STARTED: '活动已开始，无法取消报名',
  CONTENT_REJECTED: '内容含有不当信息，请修改后重试',
  CHECKIN_WRONG_EVENT: '不是本活动的签到码',
  CHECKIN_INVALID: '签到码无效',
  LAST_ADMIN: '至少需要保留一名管理员',
  NETWORK: '网络异常，请检查网络后重试',
  INTERNAL: '服务开小差了，请稍后重试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}
