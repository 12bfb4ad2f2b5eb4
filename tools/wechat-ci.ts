// Every use of WeChat's official CLI library, miniprogram-ci, in one module:
// compile (offline), upload, preview, cloud function upload, timer triggers,
// and packing a function folder exactly as its uploader does. The build's
// compile step (tools/compile) and the deploy (tools/deploy) both use it.
//
// Docs: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html
// (项目对象, 上传, 预览, 云开发 → 上传云函数 / 新建云函数定时触发器).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type * as CiModule from 'miniprogram-ci';
import type { ICreateProjectOptions } from 'miniprogram-ci/dist/@types/project/ciProject';

type Ci = typeof CiModule;
type CiProject = InstanceType<Ci['Project']>;

let loaded: Ci | undefined;
/** Loaded on first use: requiring it takes seconds, and only deploys need it. */
export function ci(): Ci {
  if (!loaded) loaded = require('miniprogram-ci') as Ci;
  return loaded;
}

export interface CiTarget {
  appid: string;
  /** The folder with project.config.json (the staged project). */
  projectPath: string;
  privateKeyPath: string;
}

/**
 * The project object. `offline` answers the project attributes with ci's own
 * DefaultProjectAttr instead of asking WeChat's server for them (the one
 * blocking network call of a compile); uploads use the real ones.
 */
export function project(target: CiTarget, offline: boolean): CiProject {
  const options: ICreateProjectOptions & { attr?: () => Promise<unknown> } = {
    appid: target.appid,
    type: 'miniProgram',
    projectPath: target.projectPath,
    privateKeyPath: target.privateKeyPath,
    ignores: ['node_modules/**/*'],
  };
  if (offline) {
    const attr = ci().DefaultProjectAttr;
    options.attr = () => Promise.resolve(attr);
  }
  return new (ci().Project)(options);
}

/** project.config.json's own compile settings, as DevTools uses them. */
export function setting(projectPath: string): CiModule.ICompileOptions['setting'] & Record<string, unknown> {
  const config = JSON.parse(fs.readFileSync(path.join(projectPath, 'project.config.json'), 'utf8')) as {
    setting?: Record<string, unknown>;
  };
  return { ...(config.setting ?? {}), useProjectConfig: true };
}

/** Any RSA key: the offline compile signs nothing WeChat checks. */
export function writeThrowawayKey(file: string): void {
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, privateKey, { mode: 0o600 });
}

export interface CompiledPackage {
  files: number;
  /** Size of the compiled package zip ci writes. */
  bytes: number;
  zipPath: string;
}

/** Compiles the mini program with the official compiler, offline (ci.getCompiledResult). */
export async function compile(target: CiTarget, zipPath: string): Promise<CompiledPackage> {
  const result = await ci().getCompiledResult(
    { project: project(target, true), version: '0.0.0', setting: setting(target.projectPath) },
    zipPath,
  );
  return { files: Object.keys(result).length, bytes: fs.statSync(zipPath).size, zipPath };
}

export interface ReleaseOptions {
  version: string;
  desc: string;
  robot: number;
  onProgress?: (message: string) => void;
}

export interface PackageSize {
  name: string;
  bytes: number;
}

function progress(onProgress: ReleaseOptions['onProgress']): (task: unknown) => void {
  return (task) => {
    if (!onProgress) return;
    const t = task as { message?: unknown; status?: unknown };
    onProgress(typeof task === 'string' ? task : `${String(t.message ?? '')} ${String(t.status ?? '')}`.trim());
  };
}

function sizes(info: { name: string; size: number }[] | undefined): PackageSize[] {
  return (info ?? []).map((p) => ({ name: p.name, bytes: p.size }));
}

/** ci.upload: a new 开发版 under 版本管理, for the admin to submit for review. */
export async function upload(target: CiTarget, options: ReleaseOptions): Promise<PackageSize[]> {
  const result = await ci().upload({
    project: project(target, false),
    version: options.version,
    desc: options.desc,
    robot: options.robot,
    setting: setting(target.projectPath),
    onProgressUpdate: progress(options.onProgress),
  });
  return sizes(result.subPackageInfo);
}

/** ci.preview: a preview QR code (image file) instead of an upload. */
export async function preview(
  target: CiTarget,
  options: ReleaseOptions & { qrcodeOutputDest: string },
): Promise<PackageSize[]> {
  const result = await ci().preview({
    project: project(target, false),
    version: options.version,
    desc: options.desc,
    robot: options.robot,
    setting: setting(target.projectPath),
    qrcodeFormat: 'image',
    qrcodeOutputDest: options.qrcodeOutputDest,
    onProgressUpdate: progress(options.onProgress),
  });
  return sizes(result.subPackageInfo);
}

export interface FunctionUpload {
  env: string;
  name: string;
  /** The function folder as it uploads (index.js, package.json, config.json). */
  dir: string;
}

/**
 * ci.cloud.uploadFunction with 云端安装依赖 (node_modules never uploaded).
 * Creates the function when it does not exist; WARNING (ci 2.1.42): a
 * function it creates gets runtime Nodejs8.9 and timeout 3 s.
 */
export async function uploadFunction(target: CiTarget, fn: FunctionUpload): Promise<FunctionPack> {
  const result = await ci().cloud.uploadFunction({
    project: project(target, false),
    env: fn.env,
    name: fn.name,
    path: fn.dir,
    remoteNpmInstall: true,
  });
  return { files: result.filesCount, bytes: result.packSize };
}

export interface TimerTrigger {
  name: string;
  type: string;
  config: string;
}

/**
 * ci.cloud.createTimeTrigger. It answers a message instead of throwing; a
 * trigger that already exists also fails, so false means "not created".
 */
export async function createTimeTrigger(
  target: CiTarget,
  options: { env: string; functionName: string; triggers: TimerTrigger[] },
): Promise<boolean> {
  const message = await ci().cloud.createTimeTrigger({
    project: project(target, false),
    envId: options.env,
    functionName: options.functionName,
    triggersConfig: options.triggers,
  });
  return message === '创建定时触发器成功';
}

export interface FunctionPack {
  files: number;
  bytes: number;
}

interface ZipLike {
  files: Record<string, unknown>;
}
interface CiCloudUtils {
  zipFile(dir: string, options: { ignore?: string[] }): ZipLike;
  zipToBuffer(zip: ZipLike): Promise<Buffer>;
}

/**
 * Packs a function folder with uploadFunction's own zip code (its
 * dist/ci/cloud/utils, node_modules left out as with remoteNpmInstall), so
 * the dry run prints the size the upload would send.
 */
export async function packFunction(dir: string): Promise<FunctionPack> {
  ci();
  const utils = require('miniprogram-ci/dist/ci/cloud/utils') as CiCloudUtils;
  const zip = utils.zipFile(dir, { ignore: ['node_modules'] });
  const buffer = await utils.zipToBuffer(zip);
  return { files: Object.keys(zip.files).length, bytes: buffer.byteLength };
}
