// jest globalTeardown: removes the run's temp folder (see global-setup.js),
// naming any test folder a test file left behind, so a leak shows up.
const fs = require('fs');

module.exports = async () => {
  const root = process.env.AHEPIA_JEST_TMP;
  if (!root) return;
  // tsx keeps its transform cache there; jest-related folders are its own.
  const left = fs.readdirSync(root).filter((name) => !/^(tsx-|jest_)/.test(name));
  if (left.length > 0) console.warn(`temp folders a test file left behind (removed now): ${left.join(', ')}`);
  fs.rmSync(root, { recursive: true, force: true });
};
