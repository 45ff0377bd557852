import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DOWN, TerminalSession } from '../helpers/pty.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

async function answerTransaction(term: TerminalSession) {
  await term.answer('Nomor tujuan yang dikirim', '+62 812-3456-7890');
  await term.choose('Operator produk yang dikirim'); // Telkomsel is preselected from the number
  await term.answer('Nominal yang dikirim', '50rb');
  await term.choose('Status transaksi dari supplier'); // Sukses
  await term.answer('SN (serial number) dari supplier', '0412345678');
  await term.answer('Waktu transaksi', '25/11/2026 10:30');
  await term.choose('Sudah cek ulang status ke supplier'); // Sudah, statusnya sama
}

async function answerValidityAndProduct(term: TerminalSession) {
  await term.choose('Masa aktif nomor tujuan'); // Aktif
  await term.choose('sebenarnya mau paket data', DOWN); // Tidak
}

describe('pulsa diagnose in a real terminal', () => {
  it('walks the owner through the checklist and records the case', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '--checklist', 'pulsa-tidak-masuk', '--store', store]);
    await term.waitFor('Langkah 1/8: Data transaksi');
    await answerTransaction(term);
    await term.waitFor('Langkah 2/8: Nomor & nominal');
    await term.answer('Nomor yang dimaksud pelanggan', '0812 3456 7890');
    await term.answer('Nominal yang dimaksud pelanggan', 'Rp 50.000');
    await term.waitFor('Langkah 3/8: Masa aktif');
    await answerValidityAndProduct(term);
    await term.waitFor('Langkah 5/8');
    await term.waitFor('MyTelkomsel');
    await term.choose('punya hutang pulsa', DOWN); // Tidak
    await term.choose('data seluler menyala', DOWN); // Tidak
    await term.choose('langganan konten'); // Ya
    expect(await term.exited).toBe(0);
    expect(term.transcript).toContain('Penyebab: Langganan NSP/konten memotong pulsa [subscription-deduction]');
    expect(term.transcript).toMatch(/Kasus tersimpan: KP-\d{8}-0001/);
    const saved = storedCases(store)[0];
    expect(saved).toMatchObject({ status: 'open', cause: 'subscription-deduction', number: '081234567890', nominal: 50000, sn: '0412345678' });
  });

  it('re-asks after a bad answer instead of failing', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '-c', 'pulsa-tidak-masuk', '--store', store]);
    await term.answer('Nomor tujuan yang dikirim', '0812');
    await term.waitFor('bukan nomor HP');
    await term.answer('bukan nomor HP', '\u007f'.repeat(4) + '0812 3456 7890');
    await term.waitFor('Operator produk yang dikirim');
    term.ctrlC();
    expect(await term.exited).toBe(130);
    const draft = storedCases(store)[0];
    expect(draft).toMatchObject({ status: 'draft', number: '081234567890' });
  });

  it('keeps a draft on Ctrl-C and continues it with --resume', async () => {
    const store = join(tempDir(), 'store.json');
    const first = new TerminalSession(['diagnose', '-c', 'pulsa-tidak-masuk', '--store', store]);
    await answerTransaction(first);
    await first.waitFor('Nomor yang dimaksud pelanggan');
    first.ctrlC();
    expect(await first.exited).toBe(130);
    const ref = /draf (KP-\d{8}-\d{4})/.exec(first.transcript)?.[1];
    expect(ref, first.transcript).toBeDefined();
    expect(first.transcript).toContain(`pulsa diagnose --resume ${ref}`);

    const draft = JSON.parse((await runCli(['show', ref!, '--json', '--store', store])).stdout);
    expect(draft.status).toBe('draft');
    expect(draft.answers).toMatchObject({ number: '081234567890', nominal: '50000', sn: '0412345678' });

    const second = new TerminalSession(['diagnose', '--resume', ref!, '--store', store]);
    await second.answer('Nomor yang dimaksud pelanggan', '081234567890');
    await second.answer('Nominal yang dimaksud pelanggan', '50000');
    await answerValidityAndProduct(second);
    await second.choose('punya hutang pulsa'); // Ya
    await second.choose('data seluler menyala', DOWN);
    await second.choose('langganan konten', DOWN);
    expect(await second.exited).toBe(0);
    expect(second.transcript).not.toContain('Nomor tujuan yang dikirim');

    const done = JSON.parse((await runCli(['show', ref!, '--json', '--store', store])).stdout);
    expect(done.status).toBe('open');
    expect(done.cause).toBe('operator-debt');
    expect(done.events.map((e: { to: string }) => e.to)).toEqual(['draft', 'open']);
    expect(storedCases(store)).toHaveLength(1);
  });

  it('offers a menu of checklists when none is named', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '--store', store]);
    await term.waitFor('Keluhan apa?');
    await term.waitFor('Kuota / paket data tidak masuk');
    expect(term.screen).toMatch(/❯ Pulsa tidak masuk/);
    await term.choose('Kuota / paket data tidak masuk', DOWN);
    await term.answer('Nomor tujuan yang dikirim', '0857 1234 5678');
    await term.waitFor('Operator paket yang dikirim');
    term.ctrlC();
    expect(await term.exited).toBe(130);
  });
});
