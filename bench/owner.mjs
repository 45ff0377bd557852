// Benchmark of the owner's view (issue #9): `stats` and `kas` over a store of 100k cases, target under 1 s each.
// A week's stats must read that week's day files only; `kas` asks the store for the day's ledger.
import './node-env.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeDay } from '../dist/store/json/files.js';
import { newCase } from '../dist/domain/cases.js';

const BIN = fileURLToPath(new URL('../bin/pulsa.cjs', import.meta.url));
const size = Number(process.env.BENCH_OWNER_SIZE ?? 100_000);
const runs = Number(process.env.BENCH_OWNER_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const result = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'operator-debt', advice: [],
  answers: { number: '081234567890', nominal: '50000', sn: '0412345678901234', claimedNumber: '081234567890' },
  findings: [{ code: 'operator-debt', step: 'debt', details: {} }],
  guidance: { customer: 'x'.repeat(800), shop: 'y'.repeat(300) },
};

// A case every 10 minutes back from the end of today (about two years at 100k); every fifth one refunded an hour later.
function seed(path) {
  const days = new Map();
  const end = new Date();
  end.setHours(23, 59, 0, 0);
  for (let i = size; i > 0; i--) {
    const at = new Date(end.getTime() - i * 10 * 60_000);
    const day = `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}`;
    const file = days.get(day) ?? { schemaVersion: 1, day, lastSequence: 0, cases: [] };
    file.lastSequence += 1;
    const ref = `KP-${day}-${String(file.lastSequence).padStart(4, '0')}`;
    const c = newCase(ref, at, 'open', { ...result, answers: { ...result.answers, number: `0812${String(i % 5000).padStart(8, '0')}` } });
    if (i % 5 === 0) {
      const paid = new Date(at.getTime() + 3_600_000).toISOString();
      c.status = 'resolved';
      c.resolution = { at: paid, kind: 'refund', note: 'refund', amount: 50000 };
      c.ledger = [{ at: paid, kind: 'refund', amount: 50000, note: 'refund' }];
      c.events.push({ at: paid, type: 'resolved', from: 'open', to: 'resolved', amount: 50000 });
    }
    file.cases.push(c);
    days.set(day, file);
  }
  const casesDir = path.replace(/\.json$/, '.cases');
  mkdirSync(casesDir, { recursive: true, mode: 0o700 });
  for (const [day, file] of days) writeFileSync(join(casesDir, `${day}.json`), serializeDay(file), { mode: 0o600 });
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, layout: 'daily', createdAt: new Date().toISOString() }), { mode: 0o600 });
  return days.size;
}

function time(args) {
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6); // the first run warms the file cache
  }
  return median(times);
}

const dir = mkdtempSync(join(tmpdir(), 'pulsa-bench-owner-'));
try {
  const store = join(dir, 'store.json');
  const days = seed(store);
  const rows = [
    ['pulsa stats --json (last 7 days)', time(['stats', '--json', '--store', store])],
    ['pulsa stats (last 7 days, tables and charts)', time(['stats', '--store', store])],
    ['pulsa stats --month --json', time(['stats', '--month', '--json', '--store', store])],
    ['pulsa report --week', time(['report', '--week', '--store', store])],
    ['pulsa kas --json (today)', time(['kas', '--json', '--store', store])],
  ];
  console.log(`\nOwner's view over ${size.toLocaleString('en')} cases (${days} day files), median of ${runs} runs, target < 1000 ms\n`);
  console.log('| benchmark | median |\n|---|---|');
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} ms |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
