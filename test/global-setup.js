// jest globalSetup: every test file and every process it starts gets one temp
// folder of this run as TMPDIR (os.tmpdir() reads it), removed by
// global-teardown.js. Test files clean up their own folders first
// (test/helpers/temp.ts); this catches what libraries and child processes
// (tsx's cache, say) leave.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ahepia-jest-'));
  process.env.AHEPIA_JEST_TMP = root;
  process.env.TMPDIR = root;
};
