import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TerminalSession } from '../helpers/pty.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

describe('diagnose --paste in a real terminal', () => {
  it('takes the pasted reply, shows what it read, and asks only what the reply did not answer', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '--paste', '-c', 'pulsa-tidak-masuk', '--store', store], { PULSA_DOCTOR_NOW: '2026-11-25T04:00:00Z', TZ: 'Asia/Jakarta' });
    await term.answer('Tempel balasan supplier', 'R#5123 S10.081234567890 SUKSES. SN: 0412345678901234. 25/11/2026 10:30. Saldo 1.234.567');
    await term.answer('', '');
    await term.waitFor('ID transaksi supplier: 5123');
    await term.answer('Nominal yang dikirim', '10rb');
    await term.answer('Nomor yang dimaksud pelanggan', '081234567890');
    await term.answer('Nominal yang dimaksud pelanggan', '10000');
    await term.choose('Hasil pemeriksaan: pilih yang ditemukan'); // nothing found
    await term.choose('Langkah berikutnya?', '4'); // Selesai
    expect(await term.exited).toBe(0);
    // The reply answered number, operator, status, SN and time: none of them was asked.
    for (const prompt of ['Nomor tujuan yang dikirim', 'Operator produk', 'Status transaksi', 'SN (serial number)', 'Waktu transaksi']) {
      expect(term.transcript).not.toContain(prompt);
    }
    expect(storedCases(store)[0]).toMatchObject({ cause: 'escalate-operator', sn: '0412345678901234', productCode: 'S10', supplierTrxId: '5123', nominal: 10000 });
  });

  it('Ctrl-C at the paste prompt saves nothing and exits 130', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['paste', '--store', store]);
    await term.waitFor('Tempel balasan supplier');
    term.ctrlC();
    expect(await term.exited).toBe(130);
  });
});
