// Benchmarks for pulsa-doctor: start-up against bare Node, and saving a case into large stores.
// Targets (issue #2): `pulsa --version` within 1.3x of `node -e 0`; one save under 100 ms at 100k cases.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newCase } from '../dist/domain/cases.js';
import { CaseStore } from '../dist/store/case-store.js';

const BIN = fileURLToPath(new URL('../bin/pulsa.mjs', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 30);
const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

function timeSpawn(args) {
  const times = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
    if (i >= 3) times.push(elapsed); // the first runs warm the file cache
  }
  return median(times);
}

const rows = [];

const bare = timeSpawn(['-e', '0']);
const version = timeSpawn([BIN, '--version']);
const help = timeSpawn([BIN, 'diagnose', '--help']);
rows.push(['start-up: node -e 0', ms(bare), '']);
rows.push(['start-up: pulsa --version', ms(version), `${(version / bare).toFixed(2)}x bare node (target <= 1.3x)`]);
rows.push(['start-up: pulsa diagnose --help', ms(help), `${(help / bare).toFixed(2)}x bare node`]);

const result = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'operator-debt', advice: ['check-subscription'],
  answers: { number: '081234567890', productOperator: 'telkomsel', nominal: '50000', status: 'sukses', sn: '0412345678901234', time: '2026-11-25T03:15:00.000Z', claimedNumber: '081234567890', claimedNominal: '50000', debt: 'yes', mobileData: 'no', subscription: 'unknown' },
  findings: [{ code: 'operator-debt', step: 'debt', details: {} }],
  // Real guidance is about 1 KB per case; the benchmark stores text of the same size.
  guidance: { customer: 'x'.repeat(800), shop: 'y'.repeat(300) },
};

function seedStore(path, count) {
  const start = new Date(2024, 0, 1).getTime();
  const cases = [];
  const sequences = {};
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 10 * 60_000);
    const day = at.toISOString().slice(0, 10).replaceAll('-', '');
    sequences[day] = (sequences[day] ?? 0) + 1;
    cases.push(newCase(`KP-${day}-${String(sequences[day]).padStart(4, '0')}`, at, 'open', result));
  }
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, sequences, cases }), { mode: 0o600 });
}

const dir = mkdtempSync(join(tmpdir(), 'pulsa-bench-'));
try {
  for (const size of sizes) {
    const path = join(dir, `store-${size}.json`);
    seedStore(path, size);
    const mb = statSync(path).size / 1e6;
    const times = [];
    for (let i = 0; i < 5; i++) {
      const store = new CaseStore(path); // a fresh process's view: nothing cached
      const start = process.hrtime.bigint();
      await store.createCase((ref) => newCase(ref, new Date(), 'open', result));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    rows.push([`save one case into ${size.toLocaleString('en')} cases (${mb.toFixed(0)} MB), in-process`, ms(median(times)), 'target < 100 ms']);
    const cliTimes = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [BIN, 'diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json', '--store', path], { stdio: 'ignore' });
      if (run.status !== 0) throw new Error(`diagnose exited ${run.status}`);
      cliTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    rows.push([`pulsa diagnose --answers into ${size.toLocaleString('en')} cases, whole command`, ms(median(cliTimes)), '']);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Node ${process.version}, ${runs} runs for start-up (median)\n`);
console.log('| benchmark | median | note |\n|---|---|---|');
for (const [name, value, note] of rows) console.log(`| ${name} | ${value} | ${note} |`);
