import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DOWN, TerminalSession } from '../helpers/pty.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

async function answerTransaction(term: TerminalSession) {
  await term.answer('Nomor tujuan yang dikirim', '+62 812-3456-7890');
  await term.answer('Nominal yang dikirim', '50rb');
  await term.choose('Status transaksi dari supplier'); // Sukses
}

describe('pulsa diagnose in a real terminal', () => {
  it('walks the owner through the checklist and records the case', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '--checklist', 'pulsa-tidak-masuk', '--store', store]);
    await term.waitFor('Langkah 1/10: Data transaksi');
    await answerTransaction(term);
    await term.waitFor('Langkah 2/10: Nomor yang dimaksud');
    await term.answer('Nomor yang dimaksud pelanggan', '0812 3456 7890');
    await term.answer('Nominal yang dimaksud pelanggan', 'Rp 50.000');
    await term.waitFor('Langkah 4/10: Masa aktif');
    await term.waitFor('MyTelkomsel');
    await term.choose('Hasil pemeriksaan: pilih yang ditemukan', '6'); // Ada NSP / langganan konten
    await term.choose('Langkah berikutnya?'); // Selesai
    expect(await term.exited).toBe(0);
    expect(term.transcript).toContain('Penyebab: Langganan NSP/konten memotong pulsa [subscription-deduction]');
    expect(term.transcript).toMatch(/Kasus tersimpan: KP-\d{8}-0001/);
    // Something explained it: the SN and time, needed only to escalate, were not asked.
    expect(term.transcript).not.toContain('SN (serial number)');
    const saved = storedCases(store)[0];
    expect(saved).toMatchObject({ status: 'open', cause: 'subscription-deduction', number: '081234567890', nominal: 50000 });
    expect(saved.answers).toMatchObject({ validity: 'active', debt: 'no', mobileData: 'no', subscription: 'yes', statusRechecked: '' });
  });

  it('re-asks after a bad answer with the bad one cleared, so the number is typed afresh', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '-c', 'pulsa-tidak-masuk', '--store', store]);
    await term.answer('Nomor tujuan yang dikirim', '0812');
    await term.waitFor('bukan nomor HP');
    // No backspaces: had "0812" been kept, this would read 08120812 3456 7890 and be refused again.
    await term.answer('bukan nomor HP', '0812 3456 7890');
    await term.waitFor('Nominal yang dikirim');
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
    expect(draft.answers).toMatchObject({ number: '081234567890', nominal: '50000', status: 'sukses' });

    const second = new TerminalSession(['diagnose', '--resume', ref!, '--store', store]);
    await second.answer('Nomor yang dimaksud pelanggan', ''); // Enter: the number sent
    await second.answer('Nominal yang dimaksud pelanggan', 'sama');
    await second.choose('Hasil pemeriksaan: pilih yang ditemukan', '4'); // Ada hutang pulsa
    await second.choose('Langkah berikutnya?');
    expect(await second.exited).toBe(0);
    expect(second.transcript).not.toContain('Nomor tujuan yang dikirim');

    const done = JSON.parse((await runCli(['show', ref!, '--json', '--store', store])).stdout);
    expect(done.status).toBe('open');
    expect(done.cause).toBe('operator-debt');
    expect(done.answers).toMatchObject({ claimedNumber: '081234567890', claimedNominal: '50000' });
    expect(done.events.map((e: { to: string }) => e.to)).toEqual(['draft', 'open']);
    expect(storedCases(store)).toHaveLength(1);
  });

  it('answers a yes/no question with one key, the keys shown, Enter recording no finding', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '-c', 'kuota-tidak-masuk', '--store', store]);
    await term.answer('Nomor tujuan yang dikirim', '0812 3456 7890');
    await term.choose('Operator paket yang dikirim');
    await term.answer('Nama paket', 'Combo 10GB');
    await term.choose('Status transaksi dari supplier');
    await term.answer('SN (serial number) dari supplier', '');
    await term.answer('Waktu transaksi', '');
    await term.answer('Nomor yang dimaksud pelanggan', '');
    await term.waitFor('[y/t/?] (Belum tahu)');
    await term.answer('[y/t/?]', 'x');
    await term.waitFor('jawab y (ya), t (tidak) atau ? (belum tahu)');
    await term.answer('belum tahu)', 't'); // masa aktif: tidak
    await term.choose('Langkah berikutnya?');
    expect(await term.exited).toBe(0);
    expect(storedCases(store)[0]).toMatchObject({ cause: 'card-inactive', answers: expect.objectContaining({ validityActive: 'no' }) });
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
