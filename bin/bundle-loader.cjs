// Loads a CommonJS bundle of dist/ with V8's code cache (<bundle>.cache, written by the build). On Node 20 a cold
// compile costs more than most commands' own work, and Node 20 has no compile cache of its own. A cache from
// another Node version or build is refused by V8, and the bundle is then compiled as usual.
'use strict';

const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

// The build writes each bundle already wrapped in a module function (scripts/bundle-cli.mjs), as Node's CommonJS
// loader would wrap it: wrapping here copied the whole text on every start (about 1 ms for diagnose's build on
// a slow machine), and the copy filled the young heap towards a scavenge. Such a file, required as it is, would
// do nothing. Written out here rather than taken from Module.wrap, which a preloaded tool may have replaced.
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];

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
  const source = readFileSync(bundle, 'utf8');
  const script = new Script(source.startsWith(WRAPPER[0]) ? source : wrap(source), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const result = { exports: module.exports, script };
  if (cache) loaded.set(bundle, result);
  return result;
}

module.exports = { loadBundle, WRAPPER };
