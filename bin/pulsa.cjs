#!/usr/bin/env node
// The launcher. CommonJS on purpose: Node's ES module loader costs about 5 ms to start. The program's own help
// (`pulsa --help`) comes from the page the build recorded (dist/program-help.cjs), other help and usage mistakes
// from a small bundle of the program (dist/help.cjs); cases, show and diagnose from builds of their own
// (dist/bundle/pulsa-<command>.cjs); every other command line from the full bundle (dist/bundle/pulsa.cjs). All
// load with V8's code cache, through loadBundle below.
//
// Required rather than run (by the build, the tests, a bundle loading a library bundle), it runs nothing and gives
// loadBundle and WRAPPER.
// The loader lives here, not in a module of its own: requiring a second file cost every command 0.7-0.9 ms.
'use strict';

const { dirname, join } = require('node:path');
const { isAscii } = require('node:buffer');
const { closeSync, fstatSync, openSync, readFileSync, readSync } = require('node:fs');

// The build writes each bundle already wrapped in a module function (scripts/bundle-cli.mjs), as Node's CommonJS
// loader would wrap it: wrapping here copied the whole text on every start (about 1 ms for diagnose's build on
// a slow machine), and the copy filled the young heap towards a scavenge. Such a file, required as it is, would
// do nothing. Written out here rather than taken from Module.wrap, which a preloaded tool may have replaced.
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];

/** Bundles loaded so far: a library bundle two modules share is run once. */
const loaded = new Map();

// A library bundle (the prompts, the PostgreSQL client) is loaded through the launcher's own loadBundle.
module.exports = { loadBundle, WRAPPER };
if (require.main === module) pulsa();

/** Runs the command line. */
function pulsa() {
  const args = process.argv.slice(2);

  // `--version` is what scripts ask most: answered here, as commander would (the version and a newline), without
  // loading a bundle, which took longer than printing it (1.24x bare Node instead of 1.10x).
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    // A reader that is gone (`pulsa --version | true`) is not an error, as for every other command.
    process.stdout.on('error', (error) => {
      if (error.code !== 'EPIPE') throw error;
    });
    process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
    return;
  }

  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  const mayBeHelp = options.length === 0 || options.some((arg) => ['-h', '--help', 'help', '-V', '--version'].includes(arg));

  const dist = join(__dirname, '..', 'dist');
  const run = (name) => loadBundle(join(dist, 'bundle', `${name}.cjs`)).exports.run(process.argv);
  const full = () => run('pulsa');
  // Commands run all day have a smaller build of their own (see scripts/bundle-cli.mjs), picked by the command's
  // name: the first word that is neither an option nor the value of one of the program's options (`--store X
  // cases`); `cek` is diagnose's Indonesian name. When the guess is wrong (an option not listed here that takes
  // a value), the build reaches a command it does not hold, runs nothing, and the full bundle runs the line.
  const VALUE_OPTIONS = ['--store', '--counter', '--person', '--lang'];
  const commandName = () => {
    for (let i = 0; i < options.length; i++) {
      if (VALUE_OPTIONS.includes(options[i])) i++;
      else if (!options[i].startsWith('-')) return options[i];
    }
    return undefined;
  };
  const OWN_BUILD = { __proto__: null, cases: 'pulsa-cases', show: 'pulsa-cases', diagnose: 'pulsa-diagnose', cek: 'pulsa-diagnose', batch: 'pulsa-batch' };
  const own = OWN_BUILD[commandName()];
  const command = () => (own ? run(own).then((ran) => ran || full()) : full());
  // A command that is done, its output written (run and help wait for that), ends the process: left to wind down
  // by itself, Node would first run V8's pending tasks (a scavenge of the young heap, 1-3 ms) and tear the heap
  // down. 'exit' listeners still run. Not on Windows, where prompts' writes to a terminal may still be queued.
  const finish = () => {
    if (process.platform !== 'win32') process.exit();
  };
  // The program's help from its recorded page; anything else, or a page that cannot be shown, from the help build.
  const programHelp = () => {
    try {
      return loadBundle(join(dist, 'program-help.cjs')).exports.programHelp(process.argv);
    } catch {
      return Promise.resolve(undefined);
    }
  };
  if (mayBeHelp) {
    programHelp()
      .then((code) => code ?? loadBundle(join(dist, 'help.cjs')).exports.help(process.argv))
      .then((code) => (code === undefined ? command() : (process.exitCode = code)))
      .then(finish);
  } else {
    command().then(finish);
  }
}

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
  const script = new (require('node:vm').Script)(source.startsWith(WRAPPER[0]) ? source : require('node:module').wrap(source), { filename: bundle, cachedData });
  const module = { exports: {} };
  // The bundle requires with this file's require, not one made for its own path: node:module's createRequire
  // loads Node's ES module loader and URL parser (about 0.4 ms of every start). A bundle requires only Node's
  // modules and packages (exceljs), which resolve from bin/ as from dist/bundle/: both are in the package.
  script.runInThisContext().call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  const result = { exports: module.exports, script };
  if (cache) loaded.set(bundle, result);
  return result;
}

