// deploy.config.json: everything one deployment differs by, validated before
// anything is built or uploaded. Messages are for the staff member who fills
// the file in, so they are Chinese and name the field.
//
// Three kinds of value: real (deploys), example (the committed
// deploy.config.example.json: the dry run accepts it so CI can run it, a real
// deploy refuses it), and invalid or placeholder (refused by both).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SubscribeTemplateIds } from '../../miniprogram/contract/deployment';

export type DeployMode = 'dry-run' | 'deploy';

/** wx.getUnlimitedQRCode's env_version: which version a scanned code opens. */
export const WXACODE_ENV_VERSIONS = ['release', 'trial', 'develop'] as const;
export type WxacodeEnvVersion = (typeof WXACODE_ENV_VERSIONS)[number];

export interface DeployConfig {
  appid: string;
  cloudEnv: string;
  subscribeTemplates: SubscribeTemplateIds;
  adminOpenids: string[];
  wxacodeEnvVersion: WxacodeEnvVersion;
  /** Absolute path of the code upload key (代码上传密钥). */
  privateKeyPath: string;
  /** miniprogram-ci robot 1–30 (each robot is its own uploader in 版本管理). */
  robot: number;
}

export interface ConfigIssue {
  field: string;
  message: string;
}

export interface LoadedConfig {
  config: DeployConfig;
  file: string;
  /** Example values the dry run let through: a real deploy refuses each. */
  examples: ConfigIssue[];
}

export class DeployConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `${path.basename(file)} 有 ${issues.length} 处问题，未上传任何内容：\n` +
        issues.map((i) => `  ${i.field}：${i.message}`).join('\n'),
    );
    this.name = 'DeployConfigError';
  }
}

export const TEMPLATE_KEYS = ['signupResult', 'eventReminder', 'eventChange'] as const;
const TEMPLATE_NAMES: Record<(typeof TEMPLATE_KEYS)[number], string> = {
  signupResult: '报名结果通知',
  eventReminder: '活动开始提醒',
  eventChange: '活动变更通知',
};
const KNOWN_FIELDS = new Set([
  '$comment',
  'appid',
  'cloudEnv',
  'subscribeTemplates',
  'adminOpenids',
  'wxacodeEnvVersion',
  'privateKeyPath',
  'robot',
]);

/** The example appid: valid in form, owned by nobody. */
export const EXAMPLE_APPID = 'wx0000000000000000';
const APPID = /^wx[0-9a-f]{16}$/;
// 云开发 environment ids: lower-case letters, digits and '-', e.g. prod-4g1a2b3c4d5e6f7a.
const ENV_ID = /^[a-z][a-z0-9-]{2,48}[a-z0-9]$/;
// Template ids as 公众平台 shows them (43 characters of base64url in practice).
const TEMPLATE_ID = /^[A-Za-z0-9_-]{20,64}$/;
// A mini program openid: 28 characters of base64url (starts with "o" in practice).
const OPENID = /^[A-Za-z0-9_-]{28}$/;
/** What a value not filled in looks like (the old hand-edit placeholders included). */
const PLACEHOLDER = /^touristappid$|^your[-_]|^tpl_|^local-|xxxx|placeholder|填写|替换/i;
const EXAMPLE = /example/i;

function isExampleValue(field: string, value: string): boolean {
  return field === 'appid' ? value === EXAMPLE_APPID : EXAMPLE.test(value);
}

/**
 * Checks a parsed config. `baseDir` resolves a relative privateKeyPath (the
 * config file's folder). Throws DeployConfigError listing every issue.
 */
export function validateDeployConfig(
  raw: unknown,
  options: { mode: DeployMode; file: string; baseDir: string },
): LoadedConfig {
  const issues: ConfigIssue[] = [];
  const examples: ConfigIssue[] = [];
  const fail = (field: string, message: string): void => {
    issues.push({ field, message });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DeployConfigError(options.file, [{ field: '(文件)', message: '应为一个 JSON 对象' }]);
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KNOWN_FIELDS.has(key)) fail(key, '不认识的字段（拼写错误？）');
  }

  /** A required string checked against its pattern; example values noted, or refused in deploy mode. */
  const text = (field: string, value: unknown, pattern: RegExp, what: string): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      fail(field, `缺少，应为${what}`);
      return '';
    }
    if (isExampleValue(field, value)) {
      const issue = { field, message: `仍是示例值「${value}」，换成${what}` };
      if (options.mode === 'deploy') issues.push(issue);
      else examples.push(issue);
      return value;
    }
    if (PLACEHOLDER.test(value)) {
      fail(field, `仍是占位值「${value}」，换成${what}`);
      return value;
    }
    if (!pattern.test(value)) fail(field, `「${value}」不是${what}`);
    return value;
  };

  const appid = text('appid', obj.appid, APPID, '小程序 AppID（wx 加 16 位十六进制，公众平台 → 开发管理 → 开发设置）');
  const cloudEnv = text(
    'cloudEnv',
    obj.cloudEnv,
    ENV_ID,
    '云开发环境 ID（小写字母、数字和 -，云开发控制台 → 设置 → 环境 ID）',
  );

  const templates: Record<string, string> = {};
  const t = obj.subscribeTemplates;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) {
    fail('subscribeTemplates', `缺少，应为 { ${TEMPLATE_KEYS.join(', ')} } 三个订阅消息模板 ID`);
  } else {
    const tt = t as Record<string, unknown>;
    for (const key of Object.keys(tt)) {
      if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) fail(`subscribeTemplates.${key}`, '不认识的模板');
    }
    for (const key of TEMPLATE_KEYS) {
      templates[key] = text(
        `subscribeTemplates.${key}`,
        tt[key],
        TEMPLATE_ID,
        `「${TEMPLATE_NAMES[key]}」的模板 ID（公众平台 → 订阅消息 → 我的模板）`,
      );
    }
    const ids = TEMPLATE_KEYS.map((k) => templates[k]).filter((v) => v);
    if (new Set(ids).size !== ids.length) fail('subscribeTemplates', '三个模板 ID 不能重复');
  }

  const adminOpenids: string[] = [];
  if (!Array.isArray(obj.adminOpenids) || obj.adminOpenids.length === 0) {
    fail('adminOpenids', '缺少，应为至少一个管理员的 openid 列表（云函数环境变量 ADMIN_OPENIDS）');
  } else {
    obj.adminOpenids.forEach((v: unknown, i: number) => {
      adminOpenids.push(text(`adminOpenids[${i}]`, v, OPENID, ' openid（28 位字母、数字、- 或 _）'));
    });
  }

  let wxacodeEnvVersion: WxacodeEnvVersion = 'release';
  if (obj.wxacodeEnvVersion !== undefined) {
    const v = obj.wxacodeEnvVersion;
    if (typeof v === 'string' && (WXACODE_ENV_VERSIONS as readonly string[]).includes(v)) {
      wxacodeEnvVersion = v as WxacodeEnvVersion;
    } else {
      fail('wxacodeEnvVersion', `应为 ${WXACODE_ENV_VERSIONS.join(' / ')} 之一（小程序码打开的版本）`);
    }
  }

  let robot = 1;
  if (obj.robot !== undefined) {
    if (typeof obj.robot === 'number' && Number.isInteger(obj.robot) && obj.robot >= 1 && obj.robot <= 30) {
      robot = obj.robot;
    } else {
      fail('robot', '应为 1–30 的整数（miniprogram-ci 的上传机器人编号）');
    }
  }

  let privateKeyPath = '';
  if (typeof obj.privateKeyPath !== 'string' || obj.privateKeyPath.trim() === '') {
    fail('privateKeyPath', '缺少，应为代码上传密钥文件的路径（公众平台 → 开发管理 → 开发设置 → 小程序代码上传）');
  } else {
    privateKeyPath = path.resolve(options.baseDir, obj.privateKeyPath);
    // The example appid can have no key; the dry run then compiles with a throwaway one.
    const keyless = appid === EXAMPLE_APPID && options.mode === 'dry-run';
    if (!fs.existsSync(privateKeyPath)) {
      if (!keyless) fail('privateKeyPath', `找不到代码上传密钥文件 ${privateKeyPath}`);
    } else {
      try {
        crypto.createPrivateKey(fs.readFileSync(privateKeyPath));
      } catch {
        fail('privateKeyPath', `${privateKeyPath} 不是有效的私钥文件（应为公众平台下载的 private.${appid}.key）`);
      }
    }
  }

  if (issues.length > 0) throw new DeployConfigError(options.file, issues);
  return {
    file: options.file,
    examples,
    config: {
      appid,
      cloudEnv,
      subscribeTemplates: {
        signupResult: templates.signupResult ?? '',
        eventReminder: templates.eventReminder ?? '',
        eventChange: templates.eventChange ?? '',
      },
      adminOpenids,
      wxacodeEnvVersion,
      privateKeyPath,
      robot,
    },
  };
}

/** Reads and validates a config file (missing file and bad JSON are issues too). */
export function loadDeployConfig(file: string, mode: DeployMode): LoadedConfig {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    throw new DeployConfigError(abs, [
      {
        field: '(文件)',
        message: `找不到 ${abs}：复制 deploy.config.example.json 为 deploy.config.json 并填写（见 README「Deploy」）`,
      },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(abs, 'utf8'));
  } catch (err) {
    throw new DeployConfigError(abs, [{ field: '(文件)', message: `不是有效的 JSON：${(err as Error).message}` }]);
  }
  return validateDeployConfig(raw, { mode, file: abs, baseDir: path.dirname(abs) });
}

/** True when the key file is missing and the dry run must compile with a throwaway key. */
export function needsThrowawayKey(config: DeployConfig): boolean {
  return !fs.existsSync(config.privateKeyPath);
}
