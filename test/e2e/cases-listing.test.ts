import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCase, PRIORITIES, type Priority } from '../../src/domain/cases.js';
import { openCaseStore } from '../../src/store/open.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = { PULSA_DOCTOR_NOW: '2026-11-30T05:00:00Z' };
const DAYS = 30;
const PER_DAY = 100;

/**
 * A month of cases, 100 a day, each carrying 1.5 KB of guidance (about 5 MB of JSON in all, more than a listing
 * holds in memory): mostly normal, with urgent, high (large nominal) and low ones scattered through the month.
 */
async function seedMonth(store: string) {
  const s = await openCaseStore(store, { actor: { counter: 'test' } });
  for (let day = 0; day < DAYS; day++) {
    const at = new Date(Date.UTC(2026, 10, 1, 1) + day * 86_400_000);
    await s.createCasesUnlessExisting(
      Array.from({ length: PER_DAY }, (_, i) => {
        const n = day * PER_DAY + i;
        const priority: Priority | null = n % 97 === 0 ? 'urgent' : n % 31 === 0 ? 'low' : null;
        const nominal = n % 13 === 0 ? '100000' : '10000';
        return {
          trxRef: `T${n}`,
          build: (ref: string, created: Date) => ({
            ...newCase(ref, new Date(created.getTime() + i * 60_000), 'open', {
              checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'escalate-operator', advice: [],
              answers: { number: `0812${String(10_000_000 + n)}`, nominal, status: 'sukses', sn: `SN${n}` },
              findings: [{ code: 'escalate-operator', step: 'escalation', details: {} }],
              guidance: { customer: `pelanggan ${n} `.repeat(80), shop: 'catatan toko '.repeat(30) },
            }, { priority }),
            status: 'closed' as const,
          }),
        };
      }),
      at,
    );
  }
  await s.close();
}

describe('pulsa cases --json over a long range', () => {
  it('lists every case most urgent first, then the longest waiting, the same as a sort of the whole list', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    await seedMonth(store);
    // The listing's temporary files go to TMPDIR; none may be left behind.
    const tmp = join(dir, 'tmp');
    await import('node:fs').then((fs) => fs.mkdirSync(tmp, { mode: 0o700 }));
    const { code, stdout, stderr } = await runCli(['cases', '--json', '--since', '2026-11-01', '--store', store], { env: { ...NOW, TMPDIR: tmp } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(4 * 1024 * 1024);
    // One case a line, as pulsa export --format json writes.
    expect(stdout.split('\n')).toHaveLength(DAYS * PER_DAY + 3);
    const listed = JSON.parse(stdout) as { ref: string; createdAt: string; effectivePriority: Priority }[];
    expect(listed).toHaveLength(DAYS * PER_DAY);
    const rank = (c: { effectivePriority: Priority }) => PRIORITIES.indexOf(c.effectivePriority);
    const sorted = [...listed].sort((a, b) => rank(b) - rank(a) || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    expect(listed.map((c) => c.ref)).toEqual(sorted.map((c) => c.ref));
    expect(new Set(listed.map((c) => c.effectivePriority))).toEqual(new Set(PRIORITIES));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('shows the most urgent screenful of a long range in the table and counts the rest', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    await seedMonth(store);
    const json = JSON.parse((await runCli(['cases', '--json', '--since', '2026-11-01', '--store', store], { env: NOW })).stdout) as { ref: string }[];
    const { stdout, stderr } = await runCli(['cases', '--since', '2026-11-01', '--limit', '5', '--store', store], { env: { ...NOW, COLUMNS: '80' } });
    for (const c of json.slice(0, 5)) expect(stdout).toContain(c.ref);
    expect(stdout).not.toContain(json[5]!.ref);
    expect(stderr).toContain(String(DAYS * PER_DAY - 5));
  });
});
