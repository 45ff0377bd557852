// Writes V8's code cache for the bundles (see bin/bundle-loader.cjs): each is compiled, then run on the
// command lines it serves most, so the functions they need are in the cache too. The full bundle runs them
// against a throwaway store in a private temp folder.
//
// The full bundle gets one cache for any command line (every job's lines) and one per command that a counter
// or a script runs all day (`pulsa.cjs.<command>.cache`): a cache holds every function its lines compiled, and
// reading and deserialising it is most of loading the bundle, so `cases --json` should not pay for diagnose's.
// A V8 cache records everything the process compiled, so each cache is made in a process of its own:
// `node scripts/help-cache.cjs <job>`, run by scripts/bundle-cli.mjs for every job in JOBS. What the commands
// print is not wanted: the build runs this with standard output going nowhere (commands write to the
// descriptors directly, see src/io/std-streams.ts, so replacing process.stdout.write would not hide them).
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadBundle } = require('../bin/bundle-loader.cjs');

const DIST = join(__dirname, '..', 'dist');
const FULL = join(DIST, 'bundle', 'pulsa.cjs');
const EXAMPLE = join(__dirname, '..', 'examples', 'pulsa-operator-debt.json');

const DIAGNOSE = ['diagnose', '--answers', EXAMPLE, '--json', '--store', 'STORE'];

/** Command lines per command with a cache of its own; `STORE` is the throwaway store. */
const COMMANDS = {
  diagnose: [DIAGNOSE],
  cases: [['cases', '--json', '--store', 'STORE'], ['cases', '--store', 'STORE']],
  show: [['show', '1', '--store', 'STORE']],
};

/**
 * Runs `commandLines` on a fresh compile of `bundle` and writes what it compiled as `cacheFile`. With `seeded`,
 * the store first gets a case from another process, so listing and showing have something to read without
 * diagnose's functions in their cache.
 */
async function cache(bundle, entry, commandLines, { cacheFile = `${bundle}.cache`, seeded = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pulsa-cache-'));
  const withStore = (args) => args.map((arg) => (arg === 'STORE' ? join(dir, 'store.json') : arg));
  try {
    if (seeded) execFileSync(process.execPath, [join(__dirname, '..', 'bin', 'pulsa.cjs'), ...withStore(DIAGNOSE)], { stdio: 'ignore' });
    const { exports, script } = loadBundle(bundle, { cache: false });
    for (const args of commandLines) await exports[entry]([process.argv[0], 'pulsa', ...withStore(args)]);
    writeFileSync(cacheFile, script.createCachedData());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const JOBS = {
  help: () => cache(join(DIST, 'help.cjs'), 'help', [['--help'], ['--help', '--lang', 'en'], ['cases', '--help'], ['cases', '--staus'], ['--version']]),
  full: () => cache(FULL, 'run', Object.values(COMMANDS).flat()),
  ...Object.fromEntries(
    Object.entries(COMMANDS).map(([command, lines]) => [
      command,
      () => cache(FULL, 'run', lines, { cacheFile: `${FULL}.${command}.cache`, seeded: command !== 'diagnose' }),
    ]),
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

module.exports = { jobs: Object.keys(JOBS), commands: Object.keys(COMMANDS) };
