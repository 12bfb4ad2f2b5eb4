// npm run size: first the package sizes as WeChat's compiler packs them
// (compiles if the sources changed since npm run compile), against WeChat's
// limits; then the source-tree report of whether the main package grows
// with the staff console (the `admin` subpackage). Exits 1 if a package is
// over its limit, or the main package reaches into a subpackage (WeChat
// would fail to load it). Run npm run build first: both include miniprogram_npm.
//
//   tsx tools/size.ts [<miniprogram root>]
import fs from 'node:fs';
import path from 'node:path';
import { ensureCompiled } from './compile/index';
import { formatReport, measure } from './size/index';
import { formatCompiled, measureCompiled, overLimits } from './size/compiled';

const root = path.resolve(process.argv[2] || path.join(__dirname, '..', 'miniprogram'));
if (!fs.existsSync(path.join(root, 'miniprogram_npm'))) {
  console.error('miniprogram_npm 不存在：请先运行 npm run build（主包大小包含它）。');
  process.exit(1);
}
const compiled = measureCompiled(ensureCompiled(path.dirname(root)).outDir);
for (const line of formatCompiled(compiled)) console.log(line);
console.log('');
const report = measure(root);
for (const line of formatReport(report)) console.log(line);
const over = overLimits(compiled);
if (over.length) {
  console.error(`超出微信代码包大小限制：${over.join(', ')}`);
  process.exitCode = 1;
}
if (report.mainReachesConsole.length) {
  console.error(`主包引用了子包中的文件（微信中会失败）：${report.mainReachesConsole.join(', ')}`);
  process.exitCode = 1;
}
