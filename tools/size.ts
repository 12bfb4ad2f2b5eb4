// npm run size: the main package with and without the staff console (the
// `admin` subpackage), both sizes printed. Run npm run build first: the
// main package includes miniprogram_npm. Exits 1 if the main package
// reaches into a subpackage (WeChat would fail to load it).
//
//   tsx tools/size.ts [<miniprogram root>]
import fs from 'node:fs';
import path from 'node:path';
import { formatReport, measure } from './size/index';

const root = path.resolve(process.argv[2] || path.join(__dirname, '..', 'miniprogram'));
if (!fs.existsSync(path.join(root, 'miniprogram_npm'))) {
  console.error('miniprogram_npm 不存在：请先运行 npm run build（主包大小包含它）。');
  process.exit(1);
}
const report = measure(root);
for (const line of formatReport(report)) console.log(line);
if (report.mainReachesConsole.length) {
  console.error(`主包引用了子包中的文件（微信中会失败）：${report.mainReachesConsole.join(', ')}`);
  process.exit(1);
}
