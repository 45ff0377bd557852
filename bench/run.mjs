// Benchmarks for pulsa-doctor: start-up against bare Node, saving into and listing large stores, and batch
// checks side by side with what a power user would script instead (a plain Node split, and mawk if installed).
// Targets: issue #2 (saves) and issue #13 (start-up ratios, batch ratios and memory, cases --json).
// BENCH_10M=1 adds the 10-million-row files (about 800 MB each, several minutes); BENCH_ONLY=batch runs only the batch
// part, BENCH_ONLY=start-up only the start-up part.
import { removedExtraCaCerts } from './node-env.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeDay } from '../dist/store/json/files.js';
import { newCase } from '../dist/domain/cases.js';
import { JsonCaseStore as CaseStore } from '../dist/store/case-store.js';
import { writeDenseTransactions, writeTransactions } from './transactions.mjs';

const BIN = fileURLToPath(new URL('../bin/pulsa.cjs', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 30);
const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const batchSizes = (process.env.BENCH_BATCH_ROWS ?? (process.env.BENCH_10M ? '1000000,10000000' : '1000000')).split(',').map(Number);
// Runs of each batch comparison (medians): five for a million rows, whose times wander by a quarter from one
// minute to the next on a shared machine; three for ten million, which take minutes.
const batchRuns = (count) => Number(process.env.BENCH_BATCH_RUNS ?? (count > 1e6 ? 3 : 5));
// BENCH_ONLY=batch runs the batch comparisons alone (start-up, stores and exports take several minutes more);
// BENCH_ONLY=start-up runs only the start-up comparison (under a minute).
const batchOnly = process.env.BENCH_ONLY === 'batch';
const startUpOnly = process.env.BENCH_ONLY === 'start-up';
const PLAIN_SPLIT = fileURLToPath(new URL('./plain-split.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../examples/pulsa-operator-debt.json', import.meta.url));
// Reports the child's peak RSS on exit, for commands whose code cannot be changed to print it.
const RSS_HOOK = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nMAXRSS "+process.resourceUsage().maxRSS+"\\n"))';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

const RSS_HOOK_ARG = '--import';

// The batch runs' findings, checked against the digests recorded in bench/findings-digests.json: a speed change
// must not change a finding, and the bench is where the large generated files exist. BENCH_RECORD_DIGESTS=1
// records the digests of this run instead (after a change meant to change findings, checked by hand).
const DIGESTS_FILE = fileURLToPath(new URL('./findings-digests.json', import.meta.url));
const recordDigests = process.env.BENCH_RECORD_DIGESTS === '1';
const digests = existsSync(DIGESTS_FILE) ? JSON.parse(readFileSync(DIGESTS_FILE, 'utf8')) : { now: '25/11/2026 23:59', zone: 'Asia/Jakarta', files: {} };
const NOW = digests.now;
const changedFindings = [];
// The shops' zone, for the files' times (written in the machine's local time) and the findings' offsets alike.
const DIGEST_ZONE = digests.zone;

/**
 * The SHA-256 of `pulsa batch --json` on `file`, run untimed with its output in a file beside it, and the run's
 * peak RSS: the timed runs go without the RSS hook, whose --import starts Node's ES module loader (17 ms of a
 * run on a slow machine, which bin/pulsa.cjs is written to avoid; the plain split reports its own memory).
 */
function findingsDigest(file, env = {}) {
  const out = `${file}.findings.json`;
  const fd = openSync(out, 'w');
  let rssMb;
  try {
    const result = spawnSync(process.execPath, [RSS_HOOK_ARG, RSS_HOOK, BIN, 'batch', file, '--json', '--now', NOW], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: { ...process.env, TZ: DIGEST_ZONE, ...env } });
    if (![0, 1].includes(result.status)) throw new Error(`batch ${file} exited ${result.status}: ${result.stderr}`);
    rssMb = Math.round(Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1]) / 1024);
  } finally {
    closeSync(fd);
  }
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const read = openSync(out, 'r');
  try {
    for (let n; (n = readSync(read, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(read);
    rmSync(out);
  }
  return { digest: hash.digest('hex'), rssMb };
}

/**
 * A row saying whether the findings on a generated file are the recorded ones (and the same with and without the
 * thread), and the peak RSS of those runs (`hereRssMb`: without the thread, for a file that starts one).
 */
function checkFindings(name, label, file, large) {
  const { digest, rssMb } = findingsDigest(file);
  let hereRssMb;
  const notes = [];
  if (large) {
    const { digest: here, rssMb: hereRss } = findingsDigest(file, { PULSA_BATCH_THREAD: 'off' });
    hereRssMb = hereRss;
    if (here !== digest) {
      changedFindings.push(`${label}: the second thread's findings differ from this thread's (${digest.slice(0, 12)} against ${here.slice(0, 12)})`);
      notes.push('**differ without the second thread**');
    } else notes.push('same without the second thread');
  }
  const recorded = digests.files[name];
  if (recordDigests) {
    digests.files[name] = digest;
    notes.unshift('recorded');
  } else if (recorded === undefined) {
    notes.unshift('no recorded digest (BENCH_RECORD_DIGESTS=1 records it)');
  } else if (recorded !== digest) {
    changedFindings.push(`${label}: findings changed (sha256 ${digest} against ${recorded} recorded in bench/findings-digests.json)`);
    notes.unshift(`**CHANGED** from ${recorded.slice(0, 12)}…`);
  } else {
    notes.unshift('unchanged');
  }
  return { row: [`findings of pulsa batch --json, ${label}`, `sha256 ${digest.slice(0, 12)}…`, notes.join('; ')], rssMb, hereRssMb };
}

/** Runs node with `args` once (after one warm-up run), returning wall time and the peak RSS the child reported. */
function timed(args, rssFromStdout = false, okCodes = [0]) {
  let last;
  for (let i = 0; i < 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', rssFromStdout ? 'pipe' : 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(result.status)) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    const kb = rssFromStdout ? JSON.parse(result.stdout).maxRssKb : Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1]);
    last = { ms: elapsed, rssMb: Math.round(kb / 1024) };
  }
  return last;
}

/** One run of `args` (node, or another program with `external`): wall time and peak RSS where reported. */
function timedOnce(args, rssFromStdout = false, okCodes = [0], external = false, env = {}) {
  const start = process.hrtime.bigint();
  const result = external
    ? spawnSync(args[0], args.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', rssFromStdout ? 'pipe' : 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(result.status)) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const kb = external ? Number.NaN : rssFromStdout ? JSON.parse(result.stdout).maxRssKb : Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1]);
  return { ms: elapsed, rssMb: Math.round(kb / 1024) };
}

const medianRun = (runs) => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];

// Commands are timed round-robin so drift on a shared VM hits each of them alike.
function timeSpawns(commands, env = process.env) {
  const times = commands.map(() => []);
  for (let round = 0; round < runs + 3; round++) {
    commands.forEach((command, i) => {
      const args = typeof command === 'function' ? command() : command;
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, args, { stdio: 'ignore', env });
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
      if (round >= 3) times[i].push(elapsed); // the first rounds warm the file cache
    });
  }
  return times.map(median);
}

const rows = [];

const dir = mkdtempSync(join(tmpdir(), 'pulsa-bench-'));
try {
  if (!batchOnly) {
    // A store with no cases yet (a store named with --store must exist for `cases`).
    spawnSync(process.execPath, [BIN, 'store', 'timezone', 'WIB', '--store', join(dir, 'empty', 'store.json')], { stdio: 'ignore' });
    let diagnoseRun = 0;
    // Each diagnose gets a store of its own, so every run saves into an empty store.
    const startUps = [
      ['-e', '0'],
      [BIN, '--version'],
      [BIN, '--help'],
      [BIN, 'cases', '--json', '--store', join(dir, 'empty', 'store.json')],
      () => [BIN, 'diagnose', '--answers', EXAMPLE, '--json', '--store', join(dir, `diagnose-${diagnoseRun++}`, 'store.json')],
    ];
    const startUpRows = ([bare, version, help, casesEmpty, diagnoseEmpty], label = '') => {
      const ratio = (x, target) => `${(x / bare).toFixed(2)}x bare node (target <= ${target}x)`;
      rows.push([`start-up${label}: node -e 0`, ms(bare), '']);
      rows.push([`start-up${label}: pulsa --version`, ms(version), ratio(version, 1.2)]);
      rows.push([`start-up${label}: pulsa --help`, ms(help), ratio(help, 1.2)]);
      rows.push([`start-up${label}: pulsa cases --json, empty store`, ms(casesEmpty), ratio(casesEmpty, 1.5)]);
      rows.push([`start-up${label}: pulsa diagnose --answers --json, empty store`, ms(diagnoseEmpty), ratio(diagnoseEmpty, 1.6)]);
    };
    startUpRows(timeSpawns(startUps));
    // For comparison with figures measured before bench/node-env.mjs: the same runs with the machine's variable.
    if (removedExtraCaCerts) startUpRows(timeSpawns(startUps, { ...process.env, NODE_EXTRA_CA_CERTS: removedExtraCaCerts }), ' with NODE_EXTRA_CA_CERTS');
  }
  if (!batchOnly && !startUpOnly) {

    const result = {
      checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'operator-debt', advice: ['check-subscription'],
      answers: { number: '081234567890', productOperator: 'telkomsel', nominal: '50000', status: 'sukses', sn: '0412345678901234', time: '2026-11-25T03:15:00.000Z', claimedNumber: '081234567890', claimedNominal: '50000', debt: 'yes', mobileData: 'no', subscription: 'unknown' },
      findings: [{ code: 'operator-debt', step: 'debt', details: {} }],
      // Real guidance is about 1 KB per case; the benchmark stores text of the same size.
      guidance: { customer: 'x'.repeat(800), shop: 'y'.repeat(300) },
    };

    // Generated history: one case every `minutes` minutes going back from the end of today, written as the
    // store's day files, so today's file (the one a save rewrites) is as full as any other day.
    function seedStore(path, count, minutes) {
      const days = new Map();
      const end = new Date();
      end.setHours(23, 59, 0, 0);
      for (let i = count; i > 0; i--) {
        const at = new Date(end.getTime() - i * minutes * 60_000);
        const day = `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}`;
        const file = days.get(day) ?? { schemaVersion: 1, day, lastSequence: 0, cases: [] };
        file.lastSequence += 1;
        file.cases.push(newCase(`KP-${day}-${String(file.lastSequence).padStart(4, '0')}`, at, 'open', result));
        days.set(day, file);
      }
      const casesDir = path.replace(/\.json$/, '.cases');
      mkdirSync(casesDir, { recursive: true, mode: 0o700 });
      let bytes = 0;
      for (const [day, file] of days) {
        const text = serializeDay(file);
        bytes += text.length;
        writeFileSync(join(casesDir, `${day}.json`), text, { mode: 0o600 });
      }
      writeFileSync(path, JSON.stringify({ schemaVersion: 1, layout: 'daily', createdAt: new Date().toISOString() }), { mode: 0o600 });
      return { days: days.size, mb: bytes / 1e6 };
    }

    // A busy counter: a complaint every 10 minutes around the clock (144 a day); 100k cases is about two years.
    for (const size of sizes) {
      const path = join(dir, `store-${size}.json`);
      const { days, mb } = seedStore(path, size, 10);
      const times = [];
      for (let i = 0; i < 5; i++) {
        const store = new CaseStore(path); // a fresh process's view: nothing cached
        const start = process.hrtime.bigint();
        await store.createCase((ref, now) => newCase(ref, now, 'open', result));
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      rows.push([`save one case into ${size.toLocaleString('en')} cases (${mb.toFixed(0)} MB over ${days} days), in-process`, ms(median(times)), 'target < 100 ms']);
      const cliTimes = [];
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        const run = spawnSync(process.execPath, [BIN, 'diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json', '--store', path], { stdio: 'ignore' });
        if (run.status !== 0) throw new Error(`diagnose exited ${run.status}`);
        cliTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      rows.push([`pulsa diagnose --answers into ${size.toLocaleString('en')} cases, whole command`, ms(median(cliTimes)), '']);
      const listStart = process.hrtime.bigint();
      const listed = await new CaseStore(path).listCases();
      rows.push([`list all ${listed.length.toLocaleString('en')} cases, in-process`, ms(Number(process.hrtime.bigint() - listStart) / 1e6), 'reads every day file']);
      const weekStart = process.hrtime.bigint();
      const week = await new CaseStore(path).listCases({ since: new Date(Date.now() - 7 * 86_400_000) });
      rows.push([`list the last 7 days (${week.length.toLocaleString('en')} cases), in-process`, ms(Number(process.hrtime.bigint() - weekStart) / 1e6), 'reads 8 day files']);
    }
    // Worst case for the layout: everything on one day. A save costs what that day's file costs.
    const busy = join(dir, 'store-busy-day.json');
    const { mb } = seedStore(busy, 2_000, 0.4);
    const busyTimes = [];
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      await new CaseStore(busy).createCase((ref, now) => newCase(ref, now, 'open', result));
      busyTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    rows.push([`save one case into a day already holding 2,000 cases (${mb.toFixed(1)} MB)`, ms(median(busyTimes)), 'worst case: cost follows the size of one day']);

    // Export of 100k cases, streamed a day at a time.
    const exportStore = join(dir, 'store-export.json');
    seedStore(exportStore, 100_000, 10);
    for (const format of ['csv', 'xlsx', 'json']) {
      const run = timed([RSS_HOOK_ARG, RSS_HOOK, BIN, 'export', '--format', format, '--store', exportStore]);
      rows.push([`export 100,000 cases as ${format}`, ms(run.ms), `peak RSS ${run.rssMb} MB`]);
    }
    const listed = timed([RSS_HOOK_ARG, RSS_HOOK, BIN, 'cases', '--json', '--store', exportStore]);
    rows.push(['pulsa cases --json, 100,000 cases', ms(listed.ms), `peak RSS ${listed.rssMb} MB (target < 1.5 s, < 150 MB)`]);

  }

  const mawk = (() => {
    try {
      execFileSync('mawk', ['-W', 'version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  // A day's export at a small shop's supplier: most batch runs are files like this, where start-up, the engine's
  // warm-up and memory touched for the first time are most of the time. No target; medians of `runs`, in turn
  // with bare Node.
  if (!startUpOnly) {
    const file = join(dir, 'dense-10000.csv');
    await writeDenseTransactions(file, 10_000, { seed: 1 });
    const small = [];
    const bare = [];
    const args = [BIN, 'batch', file, '--json', '--now', NOW];
    for (let i = 0; i < Math.min(runs, 15); i++) {
      bare.push(timedOnce(['-e', '0']).ms);
      small.push(timedOnce(args, false, [0, 1]).ms);
    }
    // Memory from a run of its own: the hook's --import adds Node's ES module loader to the time.
    const rss = timedOnce([RSS_HOOK_ARG, RSS_HOOK, ...args], false, [0, 1]).rssMb;
    rows.push([`pulsa batch --json, 10,000 dense rows (${(statSync(file).size / 1e6).toFixed(1)} MB)`, ms(median(small)), `${(median(small) / median(bare)).toFixed(2)}x bare node (${ms(median(bare))}; no target); peak RSS ${rss} MB`]);
    rmSync(file);
  }
  for (const count of startUpOnly ? [] : batchSizes) {
    for (const [kind, write] of [['dense', (f) => writeDenseTransactions(f, count, { seed: 1 })], ['sparse', (f) => writeTransactions(f, count)]]) {
      const file = join(dir, `${kind}-${count}.csv`);
      // Written in the digests' zone: the rows' times are local times (the same text in any zone without summer time).
      const zone = process.env.TZ;
      process.env.TZ = DIGEST_ZONE;
      try {
        await write(file);
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
      const mb = (statSync(file).size / 1e6).toFixed(0);
      // Run in turn, so drift on a shared machine hits each alike; medians of batchRuns.
      const split = [];
      const awk = [];
      const batch = [];
      // From 256 MB batch runs its duplicate checks on a second thread; the same run without it shows the difference.
      const large = statSync(file).size >= 256 * 1024 * 1024;
      const here = [];
      for (let i = 0; i < batchRuns(count); i++) {
        split.push(timedOnce([PLAIN_SPLIT, file], true));
        if (mawk) awk.push(timedOnce(['mawk', '-F;', 'substr($3,1,4)=="0812"{n++} END{print NR, n}', file], false, [0], true));
        batch.push(timedOnce([BIN, 'batch', file, '--json', '--now', NOW], false, [0, 1]));
        if (large) here.push(timedOnce([BIN, 'batch', file, '--json', '--now', NOW], false, [0, 1], false, { PULSA_BATCH_THREAD: 'off' }));
      }
      const label = `${count.toLocaleString('en')} ${kind} rows (${mb} MB)`;
      // Memory comes from the findings' own run (see findingsDigest).
      const findings = checkFindings(`${kind}-${count}`, label, file, large);
      const b = medianRun(batch);
      const s = medianRun(split);
      rows.push([`plain Node line/field split, ${label}`, ms(s.ms), `peak RSS ${s.rssMb} MB`]);
      if (mawk) rows.push([`mawk, one prefix check, ${label}`, ms(medianRun(awk).ms), '']);
      rows.push([
        `pulsa batch --json, ${label}`,
        ms(b.ms),
        `${(b.ms / s.ms).toFixed(2)}x plain split (target <= 2.5x)${mawk ? `, ${(b.ms / medianRun(awk).ms).toFixed(2)}x mawk (target <= 6x)` : ''}; ` +
          `${Math.round(count / (b.ms / 1000)).toLocaleString('en')} rows/s; peak RSS ${findings.rssMb} MB (target <= ${count > 1e6 ? 150 : 120} MB)` +
          (large ? '; duplicate checks on a second thread' : ''),
      ]);
      if (large) {
        const h = medianRun(here);
        rows.push([
          `pulsa batch --json, ${label}, PULSA_BATCH_THREAD=off`,
          ms(h.ms),
          `${(h.ms / s.ms).toFixed(2)}x plain split${mawk ? `, ${(h.ms / medianRun(awk).ms).toFixed(2)}x mawk` : ''}; peak RSS ${findings.hereRssMb} MB`,
        ]);
      }
      rows.push(findings.row);
      rmSync(file);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Node ${process.version}, ${batchOnly ? `batch only, ${batchSizes.map((count) => `${batchRuns(count)} runs each of ${count.toLocaleString('en')} rows`).join(', ')} (median)` : `${runs} runs for start-up (median)`}${removedExtraCaCerts ? '; NODE_EXTRA_CA_CERTS was set: it is removed for every run but the start-up comparison that names it (see bench/node-env.mjs)' : ''}\n`);
console.log('| benchmark | median | note |\n|---|---|---|');
for (const [name, value, note] of rows) console.log(`| ${name} | ${value} | ${note} |`);
if (recordDigests) writeFileSync(DIGESTS_FILE, `${JSON.stringify(digests, null, 2)}\n`);
if (changedFindings.length) {
  for (const line of changedFindings) console.error(`bench: ${line}`);
  process.exitCode = 1;
}
