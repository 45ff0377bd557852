// Writes V8's code cache for the bundles (see loadBundle in bin/pulsa.cjs): each is compiled, then run on the
// command lines it serves most, against a throwaway store in a private temp folder, so the functions they
// need are in the cache too.
//
// Each per-command build (dist/bundle/pulsa-<command>.cjs) gets a cache made by its own command lines, the full
// bundle one made by the day's other work. Each is made in a process of its own, `node scripts/help-cache.cjs
// <job>`, run by scripts/bundle-cli.mjs for every job in JOBS, so that nothing another job ran ends up in it
// (V8 shares compiled functions between two compiles of the same source in one process). What the commands
// print is not wanted: the build runs this with standard output going nowhere (commands write to the
// descriptors directly, see src/io/std-streams.ts, so replacing process.stdout.write would not hide them).
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadBundle } = require('../bin/pulsa.cjs');

const DIST = join(__dirname, '..', 'dist');
const FULL = join(DIST, 'bundle', 'pulsa.cjs');
const EXAMPLE = join(__dirname, '..', 'examples', 'pulsa-operator-debt.json');

const DIAGNOSE = ['diagnose', '--answers', EXAMPLE, '--json', '--store', 'STORE'];
const BATCH_FILE = join(__dirname, '..', 'test', 'fixtures', 'transactions.csv');

/** Command lines of each per-command build (`STORE` is the throwaway store), and how they are run (see cache). */
const COMMANDS = {
  diagnose: { lines: [DIAGNOSE] },
  // What scripts run. A counter's table (`pulsa cases`) compiles its rendering when first drawn: 0.4 ms more
  // for it, against 1.4 ms less for every `cases --json` than with the table's code in the cache.
  cases: { lines: [['cases', '--json', '--store', 'STORE'], ['show', '1', '--json', '--store', 'STORE']], seeded: true },
  // A reseller's file checked by a script, with rows flagged (test/fixtures: a few rows of each finding): exit 1.
  batch: { lines: [['batch', BATCH_FILE, '--json']], exitCodes: [0, 1] },
};

/**
 * Runs `commandLines` on a fresh compile of `bundle` and writes what it compiled beside it. With `seeded`,
 * the store first gets a case from another process, so listing and showing have something to read without
 * diagnose's functions in their cache. `exitCodes`: those a line of the `run` entry may end with.
 */
async function cache(bundle, entry, commandLines, { seeded = false, exitCodes = [0] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pulsa-cache-'));
  const withStore = (args) => args.map((arg) => (arg === 'STORE' ? join(dir, 'store.json') : arg));
  try {
    if (seeded) execFileSync(process.execPath, [join(__dirname, '..', 'bin', 'pulsa.cjs'), ...withStore(DIAGNOSE)], { stdio: 'ignore' });
    const { exports, script } = loadBundle(bundle, { cache: false });
    for (const args of commandLines) {
      process.exitCode = undefined;
      const result = await exports[entry]([process.argv[0], 'pulsa', ...withStore(args)]);
      // A line that failed would leave its error path in the cache, and nothing else would notice (help's lines
      // include a usage mistake on purpose).
      if (entry === 'programHelp' && result !== 0) throw new Error(`${args.join(' ')}: not shown from the recorded page`);
      if (entry === 'run' && (result !== true || !exitCodes.includes(process.exitCode ?? 0))) {
        throw new Error(`${args.join(' ')}: exit code ${process.exitCode}${result === true ? '' : ', not run by this build'}`);
      }
    }
    writeFileSync(`${bundle}.cache`, script.createCachedData());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const JOBS = {
  programHelp: () => cache(join(DIST, 'program-help.cjs'), 'programHelp', [['--help'], ['--help', '--lang', 'en']]),
  help: () => cache(join(DIST, 'help.cjs'), 'help', [['help', 'cases'], ['cases', '--help'], ['cases', '--staus'], ['--version']]),
  // The full bundle runs every other command: the day's work on a case, a counter's list, the owner's figures.
  full: () =>
    cache(FULL, 'run', [
      DIAGNOSE,
      ['cases', '--store', 'STORE'],
      ['note', '1', 'cek ulang', '--store', 'STORE'],
      ['escalate', '1', '--to', 'supplier', '--store', 'STORE'],
      ['stats', '--store', 'STORE'],
    ]),
  ...Object.fromEntries(
    Object.entries(COMMANDS).map(([command, { lines, ...options }]) => [command, () => cache(join(DIST, 'bundle', `pulsa-${command}.cjs`), 'run', lines, options)]),
  ),
  // The library bundles (see scripts/bundle-cli.mjs): their top-level code, which is what loading them runs.
  vendors: async () => {
    for (const group of ['inquirer', 'pg']) await cache(join(DIST, 'bundle', `vendor-${group}.cjs`), null, []);
  },
};

if (require.main === module) {
  const job = JOBS[process.argv[2]];
  if (!job) throw new Error(`usage: help-cache.cjs ${Object.keys(JOBS).join('|')}`);
  job().then(() => {
    process.exitCode = 0;
  });
}

module.exports = { jobs: Object.keys(JOBS) };
