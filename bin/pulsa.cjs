#!/usr/bin/env node
// CommonJS on purpose: Node's ES module loader costs about 5 ms to start. Help, --version and usage mistakes
// are answered by one CommonJS bundle without it; every other command line goes to the full ES module build.
'use strict';

const args = process.argv.slice(2);
const end = args.indexOf('--');
const options = end === -1 ? args : args.slice(0, end);
const mayBeHelp = options.length === 0 || options.some((arg) => ['-h', '--help', 'help', '-V', '--version'].includes(arg));

const full = () => import('../dist/main.js');
if (mayBeHelp) {
  require('./help-loader.cjs')
    .loadHelp()
    .help(process.argv)
    .then((code) => (code === undefined ? full() : (process.exitCode = code)));
} else {
  full();
}
