// Writes V8's code cache for dist/help.cjs (see bin/help-loader.cjs): the bundle is compiled, then run on the
// command lines help is most asked for, so the functions they need are in the cache too.
'use strict';

const { writeFileSync } = require('node:fs');
const { CACHE, loadHelp } = require('../bin/help-loader.cjs');

const { help, script } = loadHelp({ cache: false });
process.stdout.write = () => true;
process.stderr.write = () => true;
(async () => {
  for (const args of [['--help'], ['--help', '--lang', 'en'], ['cases', '--help'], ['cases', '--staus'], ['--version']]) {
    await help([process.argv[0], 'pulsa', ...args]);
  }
  writeFileSync(CACHE, script.createCachedData());
})();
