// Loads a CommonJS bundle of dist/ with V8's code cache (<bundle>.cache, written by the build). On Node 20 a cold
// compile costs more than most commands' own work, and Node 20 has no compile cache of its own. A cache from
// another Node version or build is refused by V8, and the bundle is then compiled as usual.
'use strict';

const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/** Bundles loaded so far: a library bundle two modules share is run once. */
const loaded = new Map();

/** The bundle's exports, and the compiled script (for the build to take a fresh cache from). */
function loadBundle(bundle, { cache = true } = {}) {
  if (cache && loaded.has(bundle)) return loaded.get(bundle);
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(`${bundle}.cache`);
    } catch {
      // No cache (a build without it): compile as usual.
    }
  }
  const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const result = { exports: module.exports, script };
  if (cache) loaded.set(bundle, result);
  return result;
}

module.exports = { loadBundle };
