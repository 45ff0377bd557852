// Store benchmarks (issue #8): the commands whose cost must follow the open work, not the history, on both
// backends at 10k and 100k cases. Targets at 100k: `cases` and `cases --due` < 300 ms, `diagnose --answers`
// < 150 ms, one save < 50 ms. PostgreSQL runs when PULSA_DOCTOR_BENCH_PG (default postgres://127.0.0.1:5432/test)
// answers; each size gets a fresh database that is dropped afterwards.
import './node-env.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { serializeDay } from '../dist/store/json/files.js';
import { newCase } from '../dist/domain/cases.js';
import { formatRef } from '../dist/domain/cases.js';
import { openCaseStore } from '../dist/store/open.js';
import { pgConfig } from '../dist/store/pg-config.js';

const BIN = fileURLToPath(new URL('../bin/pulsa.cjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../examples/pulsa-escalate-operator.json', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);
const sizes = (process.env.BENCH_STORE_SIZES ?? '10000,100000').split(',').map(Number);
const PG_BASE = process.env.PULSA_DOCTOR_BENCH_PG ?? 'postgres://127.0.0.1:5432/test';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pad = (n) => String(n).padStart(2, '0');
const dayKey = (d) => `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;

const result = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'escalate-operator', advice: [],
  answers: { number: '081234567890', productOperator: 'telkomsel', nominal: '50000', status: 'sukses', sn: '0412345678901234', claimedNumber: '081234567890', claimedNominal: '50000', debt: 'no', mobileData: 'no', subscription: 'no' },
  findings: [{ code: 'escalate-operator', step: 'escalation', details: {} }],
  guidance: { customer: 'x'.repeat(800), shop: 'y'.repeat(300) },
};

/**
 * A shop's history: one case every 30 minutes back from now, each with its own customer number. Cases older
 * than 30 days are closed (a shop that works its cases); the recent ones are open, every fifth escalated.
 */
function* history(count) {
  const now = Date.now();
  const perDay = new Map();
  for (let i = count; i > 0; i--) {
    const at = new Date(now - i * 30 * 60_000);
    const day = dayKey(at);
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    const c = newCase(formatRef(day, seq), at, 'open', { ...result, answers: { ...result.answers, number: `0812${String(10_000_000 + i).slice(-8)}`, claimedNumber: `0812${String(10_000_000 + i).slice(-8)}` } });
    c.customerNumber = c.answers.claimedNumber;
    c.ledger = [];
    const old = now - at.getTime() > 30 * 86_400_000;
    if (old) c.status = 'closed';
    else if (i % 5 === 0) {
      c.status = 'escalated';
      c.escalations = [{ at: at.toISOString(), to: 'operator', due: new Date(at.getTime() + 86_400_000).toISOString() }];
    }
    yield { day, seq, c };
  }
}

function seedJson(path, count) {
  const days = new Map();
  const sequences = {};
  for (const { day, seq, c } of history(count)) {
    const file = days.get(day) ?? { schemaVersion: 1, day, lastSequence: 0, cases: [] };
    file.lastSequence = seq;
    file.cases.push(c);
    days.set(day, file);
    sequences[day] = seq;
  }
  const dir = path.replace(/\.json$/, '.cases');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [day, file] of days) writeFileSync(join(dir, `${day}.json`), serializeDay(file), { mode: 0o600 });
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, layout: 'daily', createdAt: new Date().toISOString(), timeZone: 'Asia/Jakarta', sequences }), { mode: 0o600 });
  writeFileSync(join(dir, 'trx-index.json'), JSON.stringify({ schemaVersion: 1, refs: {} }), { mode: 0o600 });
}

async function seedPg(url, count) {
  (await openCaseStore(url)).close(); // creates the schema
  const client = new pg.Client(pgConfig(url));
  await client.connect();
  const sequences = new Map();
  let batch = [];
  const flush = async () => {
    if (!batch.length) return;
    const params = [];
    const values = batch.map((c, i) => {
      params.push(c.ref, c.ref.slice(3, 11), c.createdAt, c.updatedAt, c.status, c.checklist, c.operator, c.number, c.customerNumber, JSON.stringify(c));
      const b = i * 10;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9},$${b + 10})`;
    });
    await client.query(`INSERT INTO pulsa_cases (ref, day, created_at, updated_at, status, checklist, operator, number, customer_number, data) VALUES ${values.join(',')}`, params);
    batch = [];
  };
  for (const { day, seq, c } of history(count)) {
    sequences.set(day, seq);
    batch.push(c);
    if (batch.length === 1000) await flush();
  }
  await flush();
  for (const [day, seq] of sequences) await client.query('INSERT INTO pulsa_sequences (day, last_seq) VALUES ($1, $2)', [day, seq]);
  await client.query('ANALYZE pulsa_cases');
  await client.end();
}

function timeCommand(args, store) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, ...args, '--store', store], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 && !(args.includes('--due') && r.status === 1)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) times.push(elapsed);
  }
  return median(times);
}

async function timeSave(store) {
  const s = await openCaseStore(store, { actor: { counter: 'bench' } });
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    await s.createCase((ref, at) => newCase(ref, at, 'open', result));
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= 2) times.push(elapsed);
  }
  await s.close();
  return median(times);
}

async function pgReachable() {
  const client = new pg.Client({ ...pgConfig(PG_BASE), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function pgDatabase(name, work) {
  const admin = new pg.Client(pgConfig(PG_BASE));
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function measure(store) {
  return {
    cases: timeCommand(['cases'], store),
    due: timeCommand(['cases', '--due'], store),
    diagnose: timeCommand(['diagnose', '--answers', EXAMPLE, '--json'], store),
    save: await timeSave(store),
  };
}

// `node bench/stores.mjs --seed-json <path> <count>` only writes a store, for profiling by hand.
if (process.argv[2] === '--seed-json') {
  seedJson(process.argv[3], Number(process.argv[4]));
  process.exit(0);
}

const rows = [];
const withPg = await pgReachable();
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'pulsa-bench-store-'));
  try {
    const path = join(dir, 'store.json');
    seedJson(path, size);
    // The first save after seeding builds the active-case index, as the first save after an upgrade does.
    spawnSync(process.execPath, [BIN, 'diagnose', '--answers', EXAMPLE, '--store', path], { stdio: 'ignore' });
    rows.push(['json', size, await measure(path)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (withPg) {
    rows.push(['postgres', size, await pgDatabase(`pulsa_bench_${size}`, async (url) => {
      await seedPg(url, size);
      return measure(url);
    })]);
  }
}

const fmt = (x) => `${x.toFixed(0)} ms`;
console.log(`\nStore benchmarks (median of ${runs}; targets at 100k: cases, cases --due < 300 ms; diagnose --answers < 150 ms; save < 50 ms)`);
console.log('| store | cases in store | pulsa cases | cases --due | diagnose --answers | one save |');
console.log('|---|---|---|---|---|---|');
for (const [kind, size, m] of rows) console.log(`| ${kind} | ${size.toLocaleString('en')} | ${fmt(m.cases)} | ${fmt(m.due)} | ${fmt(m.diagnose)} | ${fmt(m.save)} |`);
if (!withPg) console.log(`(PostgreSQL at ${PG_BASE} not reachable: its rows are missing)`);
