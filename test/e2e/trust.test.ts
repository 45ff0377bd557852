import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeSnapshot, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const exampleAnswers = (name: string) => JSON.parse(readFileSync(join('examples', `${name}.json`), 'utf8')) as Record<string, string>;

function counter() {
  const store = join(tempDir(), 'store.json');
  const at = (now: string, args: string[], input?: string) => runCli([...args, '--store', store], { env: { PULSA_DOCTOR_NOW: now }, input });
  return { store, at };
}

const diagnose = async (at: ReturnType<typeof counter>['at'], answers: Record<string, string>, ...extra: string[]) => {
  const result = await at('2026-11-26T03:00:00Z', ['diagnose', '-a', '-', '--json', ...extra], JSON.stringify(answers));
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).ref as string;
};

describe('messages reach the customer, not the number the credit went to', () => {
  it('links notify to the number the customer meant in a wrong-number case, and greets them with it', async () => {
    const { at } = counter();
    const ref = await diagnose(at, exampleAnswers('pulsa-wrong-number'));
    const notified = JSON.parse((await at('2026-11-26T03:01:00Z', ['notify', ref, '--json'])).stdout);
    expect(notified.number).toBe('081234567809');
    expect(notified.customerNumber).toBe('081234567890');
    expect(notified.whatsapp).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=/);
    expect(notified.message).toContain('081234567890');
    expect(notified.message).not.toContain('081234567809');
  });

  it('takes the customer contact number from --answers as customerNumber', async () => {
    const { at } = counter();
    const ref = await diagnose(at, { ...exampleAnswers('pulsa-wrong-number'), customerNumber: '+62 813-1111-2222' });
    const shown = JSON.parse((await at('2026-11-26T03:01:00Z', ['show', ref, '--json'])).stdout);
    expect(shown.customerNumber).toBe('081311112222');
    const notified = JSON.parse((await at('2026-11-26T03:01:00Z', ['notify', ref, '--json'])).stdout);
    expect(notified.whatsapp).toMatch(/^https:\/\/wa\.me\/6281311112222\?/);
  });

  it('gives no WhatsApp link when the customer has no valid mobile number', async () => {
    const { at } = counter();
    const ref = await diagnose(at, { ...exampleAnswers('pulsa-invalid-number'), claimedNumber: '0810 1234 5678' });
    const notified = await at('2026-11-26T03:01:00Z', ['notify', ref]);
    expect(notified.code).toBe(0);
    expect(notified.stdout).not.toContain('wa.me');
    expect(notified.stderr).toContain('Tidak ada tautan WhatsApp');
  });

  it('keeps English for a case diagnosed in English unless --lang says otherwise', async () => {
    const { at } = counter();
    const ref = await diagnose(at, exampleAnswers('pulsa-escalate-operator'), '--lang', 'en');
    expect((await at('2026-11-26T03:01:00Z', ['notify', ref])).stdout).toContain('we have received your complaint');
    expect((await at('2026-11-26T03:01:00Z', ['--lang', 'id', 'notify', ref])).stdout).toContain('sudah kami terima');
  });

  it('names the data package in the supplier complaint, never "pulsa (tidak dicatat)"', async () => {
    const { at } = counter();
    const ref = await diagnose(at, exampleAnswers('kuota-escalate-operator'), '-c', 'kuota-tidak-masuk');
    const escalated = JSON.parse((await at('2026-11-26T03:01:00Z', ['escalate', ref, '--to', 'supplier', '--json'])).stdout);
    expect(escalated.message).toContain('paket Freedom Internet 10GB');
    expect(escalated.message).not.toContain('(tidak dicatat)');
    const notified = JSON.parse((await at('2026-11-26T03:02:00Z', ['notify', ref, '--json'])).stdout);
    expect(notified.message).toContain('paket Freedom Internet 10GB');
  });
});

describe('money on a case', () => {
  it('shows Rp100.000 paid out for a case refunded twice, in show, the history and every export', async () => {
    const { at } = counter();
    const ref = await diagnose(at, exampleAnswers('pulsa-escalate-operator'));
    expect((await at('2026-11-26T03:10:00Z', ['resolve', ref, '--resolution', 'refund', '--note', 'uang kembali'])).code).toBe(0);
    expect((await at('2026-11-26T04:00:00Z', ['reopen', ref, '--reason', 'belum beres'])).code).toBe(0);
    expect((await at('2026-11-26T04:10:00Z', ['resolve', ref, '--resolution', 'refund', '--note', 'uang kembali lagi'])).code).toBe(0);

    const shown = JSON.parse((await at('2026-11-26T05:00:00Z', ['show', ref, '--json'])).stdout);
    expect(shown.ledger.map((e: { amount: number }) => e.amount)).toEqual([50_000, 50_000]);
    const text = (await at('2026-11-26T05:00:00Z', ['show', ref])).stdout;
    expect(text).toMatch(/Dibayarkan\s*│\s*Rp100\.000/);
    expect(text.match(/selesai.* Rp50\.000/g)).toHaveLength(2);

    const csv = (await at('2026-11-26T05:00:00Z', ['export'])).stdout.trim().split('\r\n');
    const header = csv[0]!.replace('\uFEFF', '').split(',');
    const row = csv[1]!.split(',');
    expect(row[header.indexOf('paid_out')]).toBe('100000');
    expect(row[header.indexOf('payments')]).toBe('2');
    for (const format of ['json', 'ndjson']) {
      const out = (await at('2026-11-26T05:00:00Z', ['export', '--format', format])).stdout;
      const exported = format === 'json' ? JSON.parse(out)[0] : JSON.parse(out.trim());
      expect(exported.ledger.reduce((sum: number, e: { amount: number }) => sum + e.amount, 0)).toBe(100_000);
    }
  });

  it.each([
    [['--resolution', 'explained', '--note', ''], 'Catatan solusi (--note) wajib diisi'],
    [['--resolution', 'explained', '--note', 'dijelaskan', '--amount', '10000'], '--amount tidak berlaku untuk explained'],
    [['--resolution', 'operator-fixed', '--note', 'ok', '--amount', '5rb'], '--amount tidak berlaku untuk operator-fixed'],
  ])('refuses resolve %j with a message and leaves the store untouched', async (args, message) => {
    const { store, at } = counter();
    const ref = await diagnose(at, exampleAnswers('pulsa-escalate-operator'));
    const before = storeSnapshot(store);
    const result = await at('2026-11-26T03:10:00Z', ['resolve', ref, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it("never sends the shop's resolution note to the customer", async () => {
    const { at } = counter();
    const ref = await diagnose(at, exampleAnswers('pulsa-escalate-operator'));
    await at('2026-11-26T03:10:00Z', ['resolve', ref, '--resolution', 'refund', '--note', 'potong komisi Budi', '--tell', 'Uang Kakak sudah kami transfer.']);
    const message = JSON.parse((await at('2026-11-26T03:11:00Z', ['notify', ref, '--json'])).stdout).message;
    expect(message).toContain('Uang Kakak sudah kami transfer.');
    expect(message).not.toContain('komisi');
  });
});

describe('transaction times', () => {
  it('refuses a transaction time in the future, saving nothing', async () => {
    const { store, at } = counter();
    const result = await at('2026-11-26T03:00:00Z', ['diagnose', '-a', '-'], JSON.stringify({ ...exampleAnswers('pulsa-data-drain'), time: '27/11/2026 10:00' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pulsa: Jawaban "time" waktu transaksi ada di masa depan; periksa tanggalnya (jam saja berarti hari ini atau kemarin): "27/11/2026 10:00"\n');
    expect(storeSnapshot(store)).toEqual({});
  });

  it('reads 22.00 typed in the morning as yesterday evening', async () => {
    const { at } = counter();
    // 03:00 UTC is 10:00 WIB (the tests run in Asia/Jakarta).
    const ref = await diagnose(at, { ...exampleAnswers('pulsa-data-drain'), time: '22.00' });
    const shown = JSON.parse((await at('2026-11-26T03:01:00Z', ['show', ref, '--json'])).stdout);
    expect(shown.answers.time).toBe('2026-11-25T15:00:00.000Z');
  });
});

describe('export --mask', () => {
  it('masks phone numbers written in any form in notes and every field of every format', async () => {
    const { at } = counter();
    const ref = await diagnose(at, exampleAnswers('pulsa-wrong-number'));
    await at('2026-11-26T03:05:00Z', ['note', ref, 'Pelanggan minta dihubungi di +62 857-1234-5678 atau 62 811 2233 4455, bukan 0812.3456.7809']);
    for (const format of ['csv', 'json', 'ndjson']) {
      const out = (await at('2026-11-26T05:00:00Z', ['export', '--format', format, '--mask'])).stdout;
      const digits = out.replace(/\D/g, '');
      for (const subscriber of ['8571234567', '81122334455', '81234567809', '81234567890']) expect(digits, `${format} ${subscriber}`).not.toContain(subscriber);
    }
    const json = JSON.parse((await at('2026-11-26T05:00:00Z', ['export', '--format', 'json', '--mask'])).stdout)[0];
    expect(json.notes[0].text).toBe('Pelanggan minta dihubungi di +62 857-****-5678 atau 62 811 **** 4455, bukan 0812.****.7809');
  });
});
