/** Receipts that fit a 58 mm printer, and the customer's receipt that never carries the shop's own notes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeSnapshot, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const env = { PULSA_DOCTOR_NOW: '2026-11-25T04:00:00Z', TZ: 'Asia/Jakarta' };
const example = (name: string) => JSON.parse(readFileSync(`examples/${name}.json`, 'utf8'));

// An SN longer than a receipt line: a word that can only fit by being broken.
const LONG_SN = 'SN0412345678901234567890123456789012345';

function setup() {
  const store = join(tempDir(), 'store.json');
  const cli = (args: string[], input?: string) => runCli([...args, '--store', store], { env, input });
  return { store, cli };
}

function expectNarrow(output: string, width: number, minLines = 4) {
  const lines = output.split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(minLines);
  for (const line of lines) expect(line.length, JSON.stringify(line)).toBeLessThanOrEqual(width);
}

describe('--width 32', () => {
  it.each(['id', 'en'])('fits every line of a diagnosis, headers and a long SN included (%s)', async (lang) => {
    const { cli } = setup();
    const answers = JSON.stringify({ ...example('pulsa-escalate-operator'), sn: LONG_SN });
    await cli(['diagnose', '-a', '-'], answers);
    // The second diagnosis of the same SN adds the duplicate-SN warning line.
    const { code, stdout, stderr } = await cli(['--lang', lang, 'diagnose', '-a', '-', '--width', '32'], answers);
    expect(code).toBe(0);
    expect(stdout).toContain(lang === 'id' ? 'Untuk toko' : 'For the shop');
    expect(stdout.replace(/\n/g, '')).toContain(LONG_SN);
    expectNarrow(stdout, 32);
    expectNarrow(stderr, 32, 1);
  });

  it('fits every line of the customer message and breaks the WhatsApp link across lines', async () => {
    const { cli } = setup();
    await cli(['diagnose', '-a', '-'], JSON.stringify(example('pulsa-escalate-operator')));
    const { code, stdout } = await cli(['notify', '1', '--width', '32']);
    expect(code).toBe(0);
    expectNarrow(stdout, 32);
    const link = JSON.parse((await cli(['notify', '1', '--json'])).stdout).whatsapp as string;
    expect(link.length).toBeGreaterThan(32);
    const linkStart = stdout.indexOf('https://');
    expect(stdout.slice(linkStart).replace(/\n/g, '')).toBe(link);
  });

  it('fits every line of a printed receipt', async () => {
    const { cli } = setup();
    await cli(['diagnose', '-a', '-'], JSON.stringify({ ...example('pulsa-escalate-operator'), sn: LONG_SN }));
    const { code, stdout } = await cli(['print', '1', '--width', '32']);
    expect(code).toBe(0);
    expectNarrow(stdout, 32);
    expect(stdout.replace(/\n/g, '')).toContain(LONG_SN);
  });

  it('refuses a width no printer has, with one line and nothing printed', async () => {
    const { cli } = setup();
    const { code, stdout, stderr } = await cli(['print', '1', '--width', '5']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')[0]).toContain('--width');
  });
});

describe('pulsa print', () => {
  it("reprints what the customer was told and where the case stands, never the shop's notes", async () => {
    const { cli } = setup();
    await cli(['diagnose', '-a', '-'], JSON.stringify(example('pulsa-escalate-operator')));
    const shopText = JSON.parse((await cli(['show', '1', '--json'])).stdout).guidance.shop as string;
    expect((await cli(['note', '1', 'RAHASIA-catatan pelanggan marah'])).code).toBe(0);
    expect((await cli(['escalate', '1', '--to', 'operator', '--note', 'RAHASIA-nomor CS pribadi'])).code).toBe(0);
    expect((await cli(['note', '1', 'RAHASIA-jawaban operator', '--outcome'])).code).toBe(0);
    expect((await cli(['resolve', '1', '--resolution', 'refund', '--note', 'RAHASIA-potong komisi Budi', '--tell', 'Uang Kakak sudah kami transfer.'])).code).toBe(0);

    const { code, stdout } = await cli(['print', '1']);
    expect(code).toBe(0);
    expect(stdout).toContain('Pulsa tidak masuk');
    expect(stdout).toContain('Nomor kasus: KP-20261125-0001');
    expect(stdout).toContain('Tanggal: 25/11/2026 11:00');
    expect(stdout).toContain('Menurut sistem, pulsa Rp50.000 ke 081234567890 sudah sukses dengan SN 0412345678901234.');
    expect(stdout).toContain('Uang Kakak sudah kami transfer.');
    expect(stdout).not.toContain('RAHASIA');
    expect(stdout).not.toContain(shopText.slice(2, 40));
    expect(stdout).not.toContain('escalate-operator');
  });

  it('gives the receipt as JSON for scripts', async () => {
    const { cli } = setup();
    await cli(['diagnose', '-a', '-'], JSON.stringify(example('pulsa-wrong-number')));
    const { code, stdout } = await cli(['print', 'KP-20261125-0001', '--json', '--width', '40']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ ref: 'KP-20261125-0001', status: 'open', lang: 'id', width: 40 });
    expect(json.text.replace(/\n/g, ' ')).toContain('pulsa terkirim ke 081234567809');
    for (const line of (json.text as string).split('\n')) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('prints in English when asked', async () => {
    const { cli } = setup();
    await cli(['diagnose', '-a', '-'], JSON.stringify(example('pulsa-wrong-number')));
    const { stdout } = await cli(['--lang', 'en', 'print', '1']);
    expect(stdout).toContain('Case reference: KP-20261125-0001');
    expect(stdout).toContain('Date: 25/11/2026 11:00');
  });

  it('names a case that does not exist, exits 4 and leaves the store untouched', async () => {
    const { store, cli } = setup();
    await cli(['diagnose', '-a', '-'], JSON.stringify(example('pulsa-wrong-number')));
    const before = storeSnapshot(store);
    const missing = await cli(['print', '7']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe('pulsa: Kasus KP-20261125-0007 tidak ditemukan.\n');
    const bad = await cli(['print', 'struk']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('what the customer is told when a case is resolved', () => {
  // Every family and every way a case ends: the message is whole words (no {placeholder} left) and carries the
  // shop's --tell text, which for a token bought again is the new token itself.
  const families = [
    ['pulsa-tidak-masuk', 'pulsa-escalate-operator'],
    ['token-pln', 'pln-escalate-pln'],
    ['ewallet', 'ewallet-escalate-supplier'],
  ] as const;
  const kinds = ['refund', 'resent', 'explained', 'operator-fixed', 'other'];
  it.each(families)('%s: each resolution in both languages', async (checklist, answers) => {
    // Later than every example's transaction time.
    const store = join(tempDir(), 'store.json');
    const cli = (args: string[]) => runCli([...args, '--store', store], { env: { ...env, PULSA_DOCTOR_NOW: '2026-11-28T04:00:00Z' } });
    for (const [i, kind] of kinds.entries()) {
      const ref = JSON.parse((await cli(['diagnose', '-c', checklist, '-a', `examples/${answers}.json`, '--json'])).stdout).ref as string;
      const amount = ['refund', 'resent', 'other'].includes(kind) ? ['--amount', '50000'] : [];
      const resolved = await cli(['resolve', ref, '--resolution', kind, ...amount, '--note', 'catatan toko', '--tell', `Token baru 1234-5678-${i}`]);
      expect(resolved.code, resolved.stderr).toBe(0);
      for (const lang of ['id', 'en']) {
        const { stdout } = await cli(['notify', ref, '--lang', lang, '--json']);
        const message = JSON.parse(stdout).message as string;
        expect(message, `${checklist} ${kind} ${lang}`).not.toMatch(/[{}]/);
        expect(message).toContain(`Token baru 1234-5678-${i}`);
        expect(message).not.toContain('catatan toko');
      }
    }
  });
});
