#!/usr/bin/env node
// CommonJS on purpose: Node's ES module loader costs about 5 ms to start. The program's own help (`pulsa --help`)
// comes from the page the build recorded (dist/program-help.cjs), other help and usage mistakes from a small
// bundle of the program (dist/help.cjs); cases, show and diagnose by builds of their own
// (dist/bundle/pulsa-<command>.cjs); every other command line by the full bundle (dist/bundle/pulsa.cjs). All
// load with V8's code cache (see bundle-loader.cjs).
'use strict';

const { join } = require('node:path');

const args = process.argv.slice(2);

// `--version` is what scripts ask most: answered here, as commander would (the version and a newline), without
// loading a bundle, which took longer than printing it (1.24x bare Node instead of 1.10x).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // A reader that is gone (`pulsa --version | true`) is not an error, as for every other command.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.stdout.write(`${JSON.parse(require('node:fs').readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
  return;
}

const { loadBundle } = require('./bundle-loader.cjs');
const end = args.indexOf('--');
const options = end === -1 ? args : args.slice(0, end);
const mayBeHelp = options.length === 0 || options.some((arg) => ['-h', '--help', 'help', '-V', '--version'].includes(arg));

const run = (name) => loadBundle(join(__dirname, '..', 'dist', 'bundle', `${name}.cjs`)).exports.run(process.argv);
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
const OWN_BUILD = { __proto__: null, cases: 'pulsa-cases', show: 'pulsa-cases', diagnose: 'pulsa-diagnose', cek: 'pulsa-diagnose' };
const own = OWN_BUILD[commandName()];
const command = () => (own ? run(own).then((ran) => ran || full()) : full());
// A command that is done, its output written (run and help wait for that), ends the process: left to wind down
// by itself, Node would first run V8's pending tasks (a scavenge of the young heap, 1-3 ms) and tear the heap
// down. 'exit' listeners still run. Not on Windows, where prompts' writes to a terminal may still be queued.
const finish = () => {
  if (process.platform !== 'win32') process.exit();
};
if (mayBeHelp) {
  loadBundle(join(__dirname, '..', 'dist', 'program-help.cjs'))
    .exports.programHelp(process.argv)
    .then((code) => code ?? loadBundle(join(__dirname, '..', 'dist', 'help.cjs')).exports.help(process.argv))
    .then((code) => (code === undefined ? command() : (process.exitCode = code)))
    .then(finish);
} else {
  command().then(finish);
}
