// The build as a library (tools/build.ts is its command line; tests call this).
import { type BuildPaths } from './paths';
import { buildMiniprogramNpm, type NpmPackageResult } from './npm';
import { checkImports, checkUsingComponents, missingPages, type Problem } from './check';
import { bundleFunctions, type FunctionResult } from './functions';

export { resolvePaths, type BuildPaths } from './paths';
export { formatProblem, type Problem } from './check';

export interface BuildResult {
  npm: NpmPackageResult[];
  functions: FunctionResult[];
  problems: Problem[];
  warnings: string[];
}

export async function build(paths: BuildPaths): Promise<BuildResult> {
  // Functions do not depend on miniprogram_npm: bundle them meanwhile.
  const functions = bundleFunctions(paths);
  const npm = await buildMiniprogramNpm(paths);
  const problems = [...checkImports(paths), ...checkUsingComponents(paths)];
  const warnings = missingPages(paths).map((p) => `app.json lists page "${p}" but it does not exist yet`);
  const fns = await functions;
  for (const f of fns) warnings.push(...f.warnings.map((w) => `${f.name}: ${w}`));
  return { npm, functions: fns, problems, warnings };
}
