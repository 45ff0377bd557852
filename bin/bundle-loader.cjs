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

/** The bundle's code cache: the one made for `command` if the build made one (see scripts/help-cache.cjs). */
function readCache(bundle, command) {
  for (const file of command && /^[a-z]+$/.test(command) ? [`${bundle}.${command}.cache`, `${bundle}.cache`] : [`${bundle}.cache`]) {
    try {
      return readFileSync(file);
    } catch {
      // None for this command, or none at all (a build without caches): compile as usual.
    }
  }
  return undefined;
}

/**
 * The bundle's exports, and the compiled script (for the build to take a fresh cache from). `command` picks a
 * cache made for that command, which holds only what it needs; any cache of the same bundle gives the same
 * result, so a wrong guess only costs time.
 */
function loadBundle(bundle, { cache = true, command } = {}) {
  if (cache && loaded.has(bundle)) return loaded.get(bundle);
  const cachedData = cache ? readCache(bundle, command) : undefined;
  const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const result = { exports: module.exports, script };
  if (cache) loaded.set(bundle, result);
  return result;
}

module.exports = { loadBundle };
