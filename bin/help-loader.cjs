// Loads dist/help.cjs with V8's code cache (dist/help.cjs.cache, written by the build): on Node 20 a cold
// compile of the help path costs more than the rest of it. A cache from another Node version or build is
// refused by V8, and the bundle is then compiled as usual.
'use strict';

const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'help.cjs');
const CACHE = `${BUNDLE}.cache`;

/** The bundle's exports, and the compiled script (for the build to take a fresh cache from). */
function loadHelp({ cache = true } = {}) {
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(CACHE);
    } catch {
      // No cache (a build without it): compile as usual.
    }
  }
  const script = new Script(wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, join(BUNDLE, '..'));
  return { help: module.exports.help, script };
}

module.exports = { loadHelp, CACHE };
