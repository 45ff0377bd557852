import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const ANSWERS = 'examples/pulsa-escalate-operator.json';

describe("one clock for the shop, whatever the process's TZ", () => {
  it('files a case saved at 00:30 WIB under TZ=UTC on that WIB day, and finds it from another zone', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    const first = await runCli(['store', 'timezone', 'WIB', '--json', '--store', store], { env: { TZ: 'UTC' } });
    expect(JSON.parse(first.stdout)).toEqual({ timeZone: 'Asia/Jakarta', label: 'WIB' });
    const saved = await runCli(['diagnose', '-a', ANSWERS, '--json', '--store', store], { env: { TZ: 'UTC', PULSA_DOCTOR_NOW: '2026-11-24T17:30:00Z' } });
    expect(JSON.parse(saved.stdout).ref).toBe('KP-20261125-0001');
    expect(readFileSync(join(dir, 'store.cases', '20261125.json'), 'utf8')).toContain('KP-20261125-0001');
    for (const TZ of ['UTC', 'America/New_York', 'Asia/Jayapura']) {
      const env = { TZ, PULSA_DOCTOR_NOW: '2026-11-25T05:00:00Z' };
      const listed = await runCli(['cases', '--since', '25/11/2026', '--until', '25/11/2026', '--json', '--store', store], { env });
      expect(JSON.parse(listed.stdout).map((c: { ref: string }) => c.ref), TZ).toEqual(['KP-20261125-0001']);
      // The full table, wide enough to show when each case was created.
      expect((await runCli(['cases', '--since', 'today', '--store', store], { env: { ...env, COLUMNS: '200' } })).stdout, TZ).toContain('25/11/2026 00:30');
      expect((await runCli(['export', '--store', store], { env })).stdout, TZ).toContain('2026-11-25 00:30');
    }
  });

  it('records WITA and WIT by name, and refuses a zone it does not know', async () => {
    const store = join(tempDir(), 'store.json');
    expect(JSON.parse((await runCli(['store', 'timezone', 'wita', '--json', '--store', store])).stdout).timeZone).toBe('Asia/Makassar');
    const saved = await runCli(['diagnose', '-a', ANSWERS, '--json', '--store', store], { env: { TZ: 'Asia/Jakarta', PULSA_DOCTOR_NOW: '2026-11-24T16:30:00Z' } });
    expect(JSON.parse(saved.stdout).ref).toBe('KP-20261125-0001');
    expect(JSON.parse((await runCli(['store', 'timezone', 'WIT', '--json', '--store', store])).stdout).timeZone).toBe('Asia/Jayapura');
    const bad = await runCli(['store', 'timezone', 'Mars/Olympus', '--store', store]);
    expect(bad.code).toBe(2);
  });
});
