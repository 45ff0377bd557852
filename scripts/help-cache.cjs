// Writes V8's code cache for the bundles (see bin/bundle-loader.cjs): each is compiled, then run on the
// command lines it serves most, so the functions they need are in the cache too. The full bundle runs them
// against a throwaway store in a private temp folder. What the commands print is not wanted: the build runs
// this with standard output and error going nowhere but a failure's message (commands write to the
// descriptors directly, see src/io/std-streams.ts, so replacing process.stdout.write would not hide them).
'use strict';

const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadBundle } = require('../bin/bundle-loader.cjs');

const DIST = join(__dirname, '..', 'dist');
const EXAMPLE = join(__dirname, '..', 'examples', 'pulsa-operator-debt.json');

async function cache(bundle, entry, commandLines) {
  const { exports, script } = loadBundle(bundle, { cache: false });
  for (const args of commandLines) await exports[entry]([process.argv[0], 'pulsa', ...args]);
  writeFileSync(`${bundle}.cache`, script.createCachedData());
}

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulsa-cache-'));
  try {
    await cache(join(DIST, 'help.cjs'), 'help', [['--help'], ['--help', '--lang', 'en'], ['cases', '--help'], ['cases', '--staus'], ['--version']]);
    const store = ['--store', join(dir, 'store.json')];
    await cache(join(DIST, 'bundle', 'pulsa.cjs'), 'run', [
      ['cases', '--json', ...store],
      ['diagnose', '--answers', EXAMPLE, '--json', ...store],
      ['cases', ...store],
      ['cases', '--json', ...store],
      ['show', '1', ...store],
    ]);
    // The library bundles (see scripts/bundle-cli.mjs): their top-level code, which is what loading them runs.
    for (const group of ['inquirer', 'pg']) await cache(join(DIST, 'bundle', `vendor-${group}.cjs`), null, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = 0;
})();
