/**
 * The everyday path at a busy counter, typed into the built CLI in a real terminal, with every prompt answered
 * and every key pressed counted (Enter and arrow keys count as one key each). The README quotes these counts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DOWN, TerminalSession } from '../helpers/pty.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const env = { PULSA_DOCTOR_NOW: '2026-11-25T04:00:00Z', TZ: 'Asia/Jakarta' };

// Prompts the screen shows as answered: inquirer marks each with a tick once it is done.
const ticks = (term: TerminalSession) => term.transcript.match(/✔ /g)?.length ?? 0;

async function wrongNumber(term: TerminalSession, shown = 'Penyebab: Salah nomor [wrong-number]') {
  await term.answer('Nomor tujuan yang dikirim', '081234567809');
  await term.answer('Nominal yang dikirim', '50rb');
  await term.choose('Status transaksi dari supplier'); // Sukses
  await term.answer('Nomor yang dimaksud pelanggan', '081234567890');
  await term.answer('Nomor HP pelanggan untuk dihubungi', ''); // Enter: the number meant
  await term.waitFor(shown);
}

async function suksesWithSn(term: TerminalSession) {
  await term.answer('Nomor tujuan yang dikirim', '081234567890');
  await term.answer('Nominal yang dikirim', '50rb');
  await term.choose('Status transaksi dari supplier'); // Sukses
  await term.answer('Nomor yang dimaksud pelanggan', ''); // Enter: the number sent
  await term.answer('Nominal yang dimaksud pelanggan', ''); // Enter: the nominal sent
  await term.choose('Hasil pemeriksaan: pilih yang ditemukan'); // Enter: nothing found
  await term.answer('SN (serial number) dari supplier', '0412345678901234');
  await term.answer('Waktu transaksi', '09.15');
  await term.waitFor('Penyebab: Eskalasi ke operator (ada SN) [escalate-operator]');
}

describe('the everyday path at the counter, counted in a real terminal', () => {
  it('handles a wrong-number complaint in 6 prompts and 34 keys, the menu included', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['cek', '-c', 'pulsa-tidak-masuk', '--store', store], env);
    await wrongNumber(term);
    await term.choose('Langkah berikutnya?'); // Enter: Selesai
    expect(await term.exited).toBe(0);
    expect(term.counts).toEqual({ prompts: 6, keystrokes: 34 });
    expect(term.counts.prompts).toBeLessThanOrEqual(6);
    expect(term.counts.keystrokes).toBeLessThanOrEqual(40);
    expect(ticks(term)).toBe(6);
    expect(storedCases(store)[0]).toMatchObject({ status: 'open', cause: 'wrong-number', number: '081234567809', customerNumber: '081234567890', sn: null });
  });

  it('takes a sukses with SN that nothing explains to the escalation message in 9 prompts', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['cek', '-c', 'pulsa-tidak-masuk', '--store', store], env);
    await suksesWithSn(term);
    await term.choose('Langkah berikutnya?'); // Enter: Eskalasi ke operator
    await term.waitFor('Yth. CS Telkomsel, mohon bantu cek pengisian pulsa Rp50.000 ke nomor 081234567890 pada 25/11/2026 09:15, SN 0412345678901234.');
    const counted = term.counts;
    expect(counted).toEqual({ prompts: 9, keystrokes: 46 });
    expect(counted.prompts).toBeLessThanOrEqual(9);
    expect(term.transcript).toContain('Hubungi CS Telkomsel:');
    expect(term.transcript).toMatch(/Kasus KP-20261125-0001 dieskalasi ke operator; tindak lanjut paling lambat 26\/11\/2026 11:00/);
    await term.choose('Langkah berikutnya?', `${DOWN}${DOWN}`); // Selesai (the customer message is suggested next)
    expect(await term.exited).toBe(0);
    const [saved] = storedCases(store);
    expect(saved).toMatchObject({ status: 'escalated', cause: 'escalate-operator', sn: '0412345678901234' });
    expect(saved.escalations).toEqual([expect.objectContaining({ to: 'operator', due: '2026-11-26T04:00:00.000Z' })]);
  });

  it('costs one prompt and one key more when the checklist is picked from the menu', async () => {
    const store = join(tempDir(), 'store.json');
    const wrong = new TerminalSession(['cek', '--store', store], env);
    await wrong.choose('Keluhan apa?'); // Enter: Pulsa tidak masuk
    await wrongNumber(wrong);
    await wrong.choose('Langkah berikutnya?');
    expect(await wrong.exited).toBe(0);
    expect(wrong.counts).toEqual({ prompts: 7, keystrokes: 35 });

    const sukses = new TerminalSession(['cek', '--store', store], env);
    await sukses.choose('Keluhan apa?');
    await suksesWithSn(sukses);
    await sukses.choose('Langkah berikutnya?');
    await sukses.waitFor('Yth. CS Telkomsel');
    expect(sukses.counts).toEqual({ prompts: 10, keystrokes: 47 });
    await sukses.choose('Langkah berikutnya?', '3'); // Selesai
    expect(await sukses.exited).toBe(0);
  });
});

describe('the menu after a diagnosis', () => {
  it('shows the same customer message and WhatsApp link as pulsa notify, then the receipt pulsa print gives', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['cek', '-c', 'pulsa-tidak-masuk', '--store', store], env);
    await wrongNumber(term);
    await term.choose('Langkah berikutnya?', '2'); // Kabari pelanggan
    await term.waitFor('Kirim lewat WhatsApp: https://wa.me/6281234567890');
    await term.choose('Langkah berikutnya?'); // Enter: the receipt is suggested next
    await term.waitFor('Tanggal: 25/11/2026 11:00');
    await term.choose('Langkah berikutnya?'); // Enter: Selesai
    expect(await term.exited).toBe(0);
    const notify = await runCli(['notify', '1', '--store', store], { env });
    const print = await runCli(['print', '1', '--store', store], { env });
    expect(notify.code).toBe(0);
    expect(print.code).toBe(0);
    const shown = term.transcript.replace(/\r\n/g, '\n');
    expect(shown).toContain(notify.stdout);
    expect(shown).toContain(print.stdout);
  });

  it('asks one question, the target, to escalate a cause the policy does not place', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['cek', '-c', 'pulsa-tidak-masuk', '--store', store], env);
    await wrongNumber(term);
    await term.choose('Langkah berikutnya?', '1'); // Eskalasi…
    await term.choose('Eskalasi ke mana?', `${DOWN}`); // supplier is suggested; one down: pimpinan toko
    await term.waitFor('Kasus KP-20261125-0001 perlu keputusan pimpinan');
    await term.choose('Langkah berikutnya?', `${DOWN}${DOWN}`);
    expect(await term.exited).toBe(0);
    const [saved] = storedCases(store);
    // The supervisor's default deadline (1d) from checklists/policy.json.
    expect(saved.escalations).toEqual([expect.objectContaining({ to: 'supervisor', due: '2026-11-26T04:00:00.000Z' })]);
  });

  it('is not offered when the answers come from a file, even on a terminal', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['cek', '-c', 'pulsa-tidak-masuk', '-a', 'examples/pulsa-escalate-operator.json', '--store', store], env);
    expect(await term.exited).toBe(0);
    expect(term.transcript).toContain('Kasus tersimpan');
    expect(term.transcript).not.toContain('Langkah berikutnya?');
  });

  it('is not offered with --json', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['cek', '-c', 'pulsa-tidak-masuk', '--json', '--store', store], env);
    await wrongNumber(term, '"cause": "wrong-number"');
    expect(await term.exited).toBe(0);
    expect(term.transcript).not.toContain('Langkah berikutnya?');
  });
});
