// Loads a CommonJS bundle of dist/ with V8's code cache (<bundle>.cache, written by the build). On Node 20 a cold
// compile costs more than most commands' own work, and Node 20 has no compile cache of its own. A cache from
// another Node version or build is refused by V8, and the bundle is then compiled as usual.
'use strict';

const { isAscii } = require('node:buffer');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

// The build writes each bundle already wrapped in a module function (scripts/bundle-cli.mjs), as Node's CommonJS
// loader would wrap it: wrapping here copied the whole text on every start (about 1 ms for diagnose's build on
// a slow machine), and the copy filled the young heap towards a scavenge. Such a file, required as it is, would
// do nothing. Written out here rather than taken from Module.wrap, which a preloaded tool may have replaced.
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];

/** Bundles loaded so far: a library bundle two modules share is run once. */
const loaded = new Map();

/** An open file and its size. */
function open(path) {
  const fd = openSync(path, 'r');
  try {
    return { fd, size: fstatSync(fd).size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The file's bytes, read into the start of `buffer` (at least its size), and the file closed. */
function readInto(file, buffer) {
  try {
    let done = 0;
    for (let n; done < file.size && (n = readSync(file.fd, buffer, done, file.size - done, done)) > 0; ) done += n;
    return buffer.subarray(0, done);
  } finally {
    closeSync(file.fd);
  }
}

/** The bundle's exports, and the compiled script (for the build to take a fresh cache from). */
function loadBundle(bundle, { cache = true } = {}) {
  if (cache && loaded.has(bundle)) return loaded.get(bundle);
  const code = open(bundle);
  let cached;
  if (cache) {
    try {
      cached = open(`${bundle}.cache`);
    } catch {
      // No cache (a build without it): compile as usual.
    }
  }
  // The bundle and then its cache pass through one buffer: memory a process touches for the first time costs a
  // page fault per 4 KB, and the two files are a few hundred KB each (a second buffer cost about 1.4 ms of a
  // start on a slow machine). The text is made from the bytes before the cache overwrites them. A bundle is
  // ASCII (the build checks), so it is taken byte for byte, which is faster than decoding UTF-8.
  const buffer = Buffer.allocUnsafe(Math.max(code.size, cached ? cached.size : 0));
  let source;
  try {
    const bytes = readInto(code, buffer);
    source = isAscii(bytes) ? bytes.latin1Slice() : bytes.utf8Slice();
  } catch (error) {
    if (cached) closeSync(cached.fd);
    throw error;
  }
  let cachedData;
  if (cached) {
    try {
      cachedData = readInto(cached, buffer);
    } catch {
      // A cache that cannot be read (a folder, say): compile as usual.
    }
  }
  const script = new Script(source.startsWith(WRAPPER[0]) ? source : require('node:module').wrap(source), { filename: bundle, cachedData });
  const module = { exports: {} };
  // The bundle requires with this file's require, not one made for its own path: node:module's createRequire
  // loads Node's ES module loader and URL parser (about 0.4 ms of every start). A bundle requires only Node's
  // modules and packages (exceljs), which resolve from bin/ as from dist/bundle/: both are in the package.
  script.runInThisContext().call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  const result = { exports: module.exports, script };
  if (cache) loaded.set(bundle, result);
  return result;
}

module.exports = { loadBundle, WRAPPER };
