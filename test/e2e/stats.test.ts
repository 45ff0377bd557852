import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgReady, pgStatus, usePgDatabases } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { OWNER_NOW, seedOwnerStore } from '../helpers/owner-store.js';
import { storeSnapshot, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
// Every test here only reads the store, so one seeded store serves them all (seeding spawns the CLI 14 times).
let seeded: Awaited<ReturnType<typeof seedOwnerStore>>;
let seededDir: string;
beforeAll(async () => {
  seededDir = mkdtempSync(join(tmpdir(), 'pulsa-owner-'));
  seeded = await seedOwnerStore(seededDir);
}, 120_000);
afterAll(() => rmSync(seededDir, { recursive: true, force: true }));
const json = (stdout: string) => JSON.parse(stdout);

describe('pulsa stats', () => {
  it('gives the week of known cases: counts, overdue, reopen rate, durations and money by payment day', async () => {
    const { at, refs } = seeded;
    const { code, stdout, stderr } = await at(OWNER_NOW, 'stats', '--week', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const s = json(stdout);
    expect(s.period).toEqual({ since: '2026-11-22T17:00:00.000Z', until: '2026-11-29T16:59:59.999Z', days: 7 });
    expect(s.cases).toMatchObject({ opened: 4, drafts: 0, resolved: 2, closed: 2, stillOpen: 2, overdueEscalations: 1, reopened: 1, reopenRate: 0.5 });
    // C opened at 23:59 on the 24th and D at 00:01 on the 25th: each on its own WIB day.
    expect(s.cases.perDay.map((d: { opened: number }) => d.opened)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    // B resolved after 2 h, C after 1 h 1 min: median 1.5 h; closed after 3 h and 11 h 1 min.
    expect(s.cases.timeToResolve).toEqual({ count: 2, medianHours: 1.5, p90Hours: 2 });
    expect(s.cases.timeToClose).toEqual({ count: 2, medianHours: 7, p90Hours: 11 });
    expect(s.cases.byChecklist).toEqual([{ key: 'pulsa-tidak-masuk', count: 3, share: 0.75 }, { key: 'kuota-tidak-masuk', count: 1, share: 0.25 }]);
    expect(s.cases.repeatNumbers).toEqual([{ number: '081234567890', count: 3, refs: [refs.b, refs.c, refs.d] }]);
    expect(s.cases.openCases.map((c: { ref: string; overdue: boolean }) => [c.ref, c.overdue])).toEqual([[refs.d, true], [refs.e, false]]);
    // C refunded twice counts twice; A's refund is this week's money though A was opened last week.
    expect(s.money.totals).toEqual({ refund: 120000, resent: 50000, other: 0, total: 170000, payments: 4 });
    expect(s.money.perDay.map((d: { total: number }) => d.total)).toEqual([50000, 0, 70000, 50000, 0, 0, 0]);
    expect(s.previous.cases.opened).toBe(1);
    expect(s.comparison.opened).toEqual({ now: 4, before: 1, delta: 3, direction: 'up' });
    expect(s.comparison.moneyTotal).toEqual({ now: 170000, before: 0, delta: 170000, direction: 'up' });
  });

  it('equals the sums over export --format json of the same store', async () => {
    const { at } = seeded;
    const s = json((await at(OWNER_NOW, 'stats', '--since', '2026-11-23', '--until', '2026-11-29', '--json')).stdout);
    const week = json((await at(OWNER_NOW, 'export', '--format', 'json', '--since', '2026-11-23', '--until', '2026-11-29')).stdout);
    const all = json((await at(OWNER_NOW, 'export', '--format', 'json')).stdout);
    const count = (pick: (c: any) => boolean) => week.filter(pick).length;
    expect(s.cases.opened).toBe(count((c) => c.status !== 'draft'));
    expect(s.cases.stillOpen).toBe(count((c) => ['open', 'escalated', 'reopened'].includes(c.status)));
    expect(s.cases.closed).toBe(count((c) => c.events.some((e: any) => e.type === 'closed')));
    expect(s.cases.resolved).toBe(count((c) => c.events.some((e: any) => e.type === 'resolved')));
    for (const share of s.cases.byCause) expect(share.count).toBe(count((c) => (c.cause ?? 'unknown') === share.key));
    const since = Date.parse(s.period.since);
    const until = Date.parse(s.period.until);
    const payments = all.flatMap((c: any) => c.ledger).filter((p: any) => Date.parse(p.at) >= since && Date.parse(p.at) <= until);
    const sum = (kind?: string) => payments.filter((p: any) => !kind || p.kind === kind).reduce((n: number, p: any) => n + p.amount, 0);
    expect(s.money.totals).toEqual({ refund: sum('refund'), resent: sum('resent'), other: sum('other'), total: sum(), payments: payments.length });
  });

  it('filters like cases: operator, checklist, status and counter, money included', async () => {
    const { at } = seeded;
    const kuota = json((await at(OWNER_NOW, 'stats', '--week', '--checklist', 'kuota-tidak-masuk', '--json')).stdout);
    expect(kuota.filters).toEqual({ status: null, operator: null, checklist: ['kuota-tidak-masuk'], by: null });
    expect(kuota.cases.opened).toBe(1);
    expect(kuota.money.totals.total).toBe(0);
    const closed = json((await at(OWNER_NOW, 'stats', '--week', '--status', 'closed', '--json')).stdout);
    expect(closed.cases.opened).toBe(2);
    expect(closed.money.totals.total).toBe(120000);
    const other = json((await at(OWNER_NOW, 'stats', '--week', '--by', 'nobody', '--json')).stdout);
    expect(other.cases.opened).toBe(0);
    expect(other.money.totals.payments).toBe(0);
  });

  it('draws plain-character bar charts and the change against last week, without colour codes', async () => {
    const { at } = seeded;
    const { code, stdout } = await at(OWNER_NOW, 'stats', '--week', '--lang', 'en');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout).toContain('Complaint statistics 23/11/2026 to 29/11/2026 (7 days)');
    expect(stdout).toMatch(/Cases opened\s+│ 4\s+│ \(\+3 up\)/);
    expect(stdout).toMatch(/^ {2}23\/11 \|#{20}\| 1$/m);
    expect(stdout).toMatch(/^ {2}27\/11 \| {20}\| 0$/m);
    expect(stdout).toMatch(/^ {2}25\/11 \|#{20}\| Rp70\.000$/m);
    expect(stdout).toContain('081234567890  3x');
    // Causes by their checklist titles, not their codes.
    expect(stdout).toMatch(/^ {2}Escalate to the operator \(SN given\) \|#{20}\| 2 \(50%\)$/m);
  });

  it('shows an empty period as zeros, not an error', async () => {
    const { at } = seeded;
    const s = json((await at(OWNER_NOW, 'stats', '--since', '2026-10-01', '--until', '2026-10-07', '--json')).stdout);
    expect(s.cases).toMatchObject({ opened: 0, resolved: 0, reopenRate: null, byCause: [], repeatNumbers: [] });
    expect(s.money.totals.total).toBe(0);
  });

  it.each([
    [['--since', 'kapan-kapan'], /--since/],
    [['--week', '--month'], /--week/],
    [['--since', '2026-11-29', '--until', '2026-11-23'], /--since 2026-11-29/],
    [['--operator', 'nokia'], /--operator/],
    [['--checklist', 'pulsa-hilang'], /--checklist/],
    [['--status', 'lost'], /--status/],
    [['--week', '31/02/2026'], /--week/],
  ])('refuses %j in one line with exit 2 and leaves the store alone', async (args, pattern) => {
    const { store, at } = seeded;
    const before = storeSnapshot(store);
    const { code, stdout, stderr } = await at(OWNER_NOW, 'stats', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // One line saying what is wrong; a mistake in the command line itself adds a pointer to the help.
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(pattern);
    expect(lines.slice(1)).toEqual(args[0] === '--status' ? ['Bantuan: pulsa stats --help'] : []);
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('pulsa kas', () => {
  it("lists the day's payments with the counter, a case refunded twice counting twice", async () => {
    const { at, refs } = seeded;
    const k = json((await at(OWNER_NOW, 'kas', '--date', '2026-11-25', '--json')).stdout);
    expect(k.date).toBe('2026-11-25');
    expect(k.payments.map((p: any) => [p.ref, p.kind, p.amount, p.counter])).toEqual([[refs.c, 'refund', 50000, 'kasir-1'], [refs.c, 'refund', 20000, 'kasir-1']]);
    expect(k.totals).toEqual({ refund: 70000, resent: 0, other: 0, total: 70000, payments: 2 });
    const text = (await at(OWNER_NOW, 'kas', '--date', '2026-11-25')).stdout;
    expect(text).toMatch(/01:00 .*Rp50\.000/);
    expect(text).toContain('Total semua jenis: Rp70.000 (2 pembayaran)');
    expect(text).toContain('Untuk dicocokkan dengan laci kas (refund tunai): Rp70.000.');
    expect(k.drawer).toBe(70000);
  });

  it('defaults to today and reads kemarin', async () => {
    const { at, refs } = seeded;
    const today = json((await at('2026-11-26T12:00:00Z', 'kas', '--json')).stdout);
    expect(today.date).toBe('2026-11-26');
    expect(today.payments.map((p: any) => p.ref)).toEqual([refs.a]);
    const yesterday = json((await at('2026-11-24T05:00:00Z', 'kas', '--date', 'kemarin', '--json')).stdout);
    expect(yesterday.totals).toMatchObject({ resent: 50000, total: 50000 });
    // A resend is paid from the supplier balance: nothing to find missing in the drawer.
    expect(yesterday.drawer).toBe(0);
    const empty = await at('2026-11-24T05:00:00Z', 'kas');
    expect(empty.stdout).toContain('Tidak ada refund atau kirim ulang hari ini.');
  });

  it('refuses a date that does not exist', async () => {
    const { at } = seeded;
    const { code, stderr } = await at(OWNER_NOW, 'kas', '--date', '31/02/2026');
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/--date.*31\/02\/2026/);
  });
});

describe('pulsa report', () => {
  it('writes one file atomically and refuses to replace it without --force', async () => {
    const dir = tempDir();
    const { at } = await seedOwnerStore(dir);
    const out = `${dir}/report.html`;
    expect((await at(OWNER_NOW, 'report', '--week', '--out', out)).code).toBe(0);
    const again = await at(OWNER_NOW, 'report', '--week', '--out', out);
    expect(again.code).toBe(2);
    expect((await at(OWNER_NOW, 'report', '--week', '--out', out, '--force', '--lang', 'en')).code).toBe(0);
    const english = await runCli(['report', '--week', '--store', `${dir}/store.json`, '--lang', 'en'], { env: { PULSA_DOCTOR_NOW: OWNER_NOW } });
    expect(english.stdout).toContain('<html lang="en">');
    expect(english.stdout).toContain('Pulsa complaint report');
    expect(english.stdout).not.toMatch(/<script|https?:\/\//);
    expect(english.stdout).not.toContain('081234567890');
    const unmasked = await runCli(['report', '--week', '--no-mask', '--store', `${dir}/store.json`], { env: { PULSA_DOCTOR_NOW: OWNER_NOW } });
    expect(unmasked.stdout).toContain('081234567890');
  });
});

const pgDatabase = usePgDatabases();
if (!pgReady) it.skip(`stats and kas on PostgreSQL: ${pgStatus}`, () => {});

describe.runIf(pgReady)('stats and kas on PostgreSQL', () => {
  it('give the same figures as the JSON store for the same fortnight', async () => {
    const url = await pgDatabase();
    expect((await runCli(['store', 'migrate', '--store', url])).code).toBe(0);
    const pg = await seedOwnerStore(tempDir(), url);
    for (const args of [['stats', '--week', '--json'], ['stats', '--week', '--status', 'closed', '--json'], ['kas', '--date', '2026-11-25', '--json']]) {
      const fromPg = json((await pg.at(OWNER_NOW, ...args)).stdout);
      const fromJson = json((await seeded.at(OWNER_NOW, ...args)).stdout);
      // The references are allocated by each store; everything else must match.
      const sameRefs = (x: unknown) => JSON.parse(JSON.stringify(x).replace(/KP-\d{8}-\d{4}/g, 'REF'));
      expect(sameRefs(fromPg), args.join(' ')).toEqual(sameRefs(fromJson));
    }
  }, 120_000);
});
