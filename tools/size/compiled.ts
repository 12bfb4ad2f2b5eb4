// Package sizes as WeChat's compiler packs them (dist/miniprogram, made by
// npm run compile with the project's ignoreUploadUnusedFiles), against the
// platform's limits: "整个小程序所有分包大小不超过 20M"、"单个分包/主包大小不能超过 2M"
// (https://developers.weixin.qq.com/miniprogram/dev/framework/subpackages.html).
import fs from 'node:fs';
import path from 'node:path';
import { walkFiles } from '../build/fsutil';

export const PACKAGE_LIMIT = 2 * 1024 * 1024;
export const TOTAL_LIMIT = 20 * 1024 * 1024;

export interface CompiledSizes {
  /** 'main' first, then each subpackage root in app.json order. */
  packages: Array<{ name: string; root: string; bytes: number; files: number }>;
  total: number;
}

export function measureCompiled(outDir: string): CompiledSizes {
  const app = JSON.parse(fs.readFileSync(path.join(outDir, 'app.json'), 'utf8')) as {
    subPackages?: Array<{ root: string; name?: string }>;
    subpackages?: Array<{ root: string; name?: string }>;
  };
  const subs = (app.subPackages ?? app.subpackages ?? []).map((s) => ({
    name: s.name ?? s.root.replace(/\/$/, ''),
    root: s.root.endsWith('/') ? s.root : `${s.root}/`,
  }));
  const packages = [{ name: 'main', root: '', bytes: 0, files: 0 }, ...subs.map((s) => ({ ...s, bytes: 0, files: 0 }))];
  for (const file of walkFiles(outDir, () => true, new Set())) {
    const rel = path.relative(outDir, file).split(path.sep).join('/');
    if (rel.startsWith('.')) continue; // the compile stamp, not part of the package
    const pkg = packages.find((p) => p.root && rel.startsWith(p.root)) ?? packages[0];
    if (!pkg) continue;
    pkg.bytes += fs.statSync(file).size;
    pkg.files += 1;
  }
  return { packages, total: packages.reduce((n, p) => n + p.bytes, 0) };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function formatCompiled(sizes: CompiledSizes): string[] {
  const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(1)}%`;
  return [
    '编译后的代码包（miniprogram-ci，过滤无依赖文件）/ compiled package:',
    ...sizes.packages.map(
      (p) =>
        `  ${p.name === 'main' ? '主包 main' : `分包 ${p.name}`}: ${p.bytes} B (${kb(p.bytes)}, ${p.files} files), ${pct(p.bytes, PACKAGE_LIMIT)} of 2 MB`,
    ),
    `  合计 total: ${sizes.total} B (${kb(sizes.total)}), ${pct(sizes.total, TOTAL_LIMIT)} of 20 MB`,
  ];
}

/** Packages over WeChat's limits (the upload would be refused). */
export function overLimits(sizes: CompiledSizes): string[] {
  const over = sizes.packages.filter((p) => p.bytes > PACKAGE_LIMIT).map((p) => `${p.name} > 2 MB`);
  if (sizes.total > TOTAL_LIMIT) over.push('total > 20 MB');
  return over;
}
