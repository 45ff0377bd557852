import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeSnapshot, storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = '2026-11-25T04:00:00Z';

function shop() {
  const dir = tempDir();
  const store = join(dir, 'toko.json');
  const run = (args: string[], input?: string, env: Record<string, string> = {}) =>
    runCli([...args, '--store', store], { input, env: { PULSA_DOCTOR_NOW: NOW, TZ: 'Asia/Jakarta', ...env } });
  return { dir, store, run };
}

const rest = { claimedNumber: '085612345678', claimedNominal: '25000', debt: 'no', mobileData: 'no', subscription: 'no' };

describe('pulsa paste', () => {
  it('reads a reply from stdin and prints the fields as JSON', async () => {
    const { run } = shop();
    const { code, stdout, stderr } = await run(['paste', '--json'], 'R#5123 S10.081234567890 SUKSES. SN: 0412345678901234. Saldo 1.234.567\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const reply = JSON.parse(stdout);
    expect(reply.format).toBe('otomax-text');
    expect(reply.fields).toMatchObject({ supplierTrxId: '5123', productCode: 'S10', number: '081234567890', status: 'sukses', sn: '0412345678901234', balance: '1234567' });
    expect(reply.missing).toEqual(['nominal', 'time']);
  });

  it('shows what it read for people, naming what the reply did not give', async () => {
    const { run } = shop();
    const { code, stdout } = await run(['--lang', 'en', 'paste'], 'TRX I25 0856xxxx GAGAL (Nomor Tujuan Diblokir)');
    expect(code).toBe(0);
    expect(stdout).toContain('Failure reason: Nomor Tujuan Diblokir');
    expect(stdout).toContain('Cannot be used: Destination "0856xxxx"');
    expect(stdout).toMatch(/Not in the reply: Destination, Product code|Not in the reply: Destination, Nominal/);
  });

  it('refuses text that is no supplier reply, and empty input, with exit 2', async () => {
    const { run } = shop();
    const chat = await run(['--lang', 'en', 'paste'], 'selamat pagi kak, ada promo?');
    expect(chat.code).toBe(2);
    expect(chat.stderr).toMatch(/^pulsa: Supplier reply not recognised: no status and no destination number\. Found: -\./);
    const empty = await run(['paste'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Tidak ada teks balasan supplier');
  });
});

describe('diagnose --paste', () => {
  it('a failed reply: the case has the failure reason and no resend advice', async () => {
    const { run, dir } = shop();
    writeFileSync(join(dir, 'answers.json'), JSON.stringify({ nominal: '25rb', ...rest }));
    const { code, stdout, stderr } = await run(['diagnose', '--paste', '--answers', join(dir, 'answers.json'), '--json'], 'R#77 I25.085612345678 GAGAL (Nomor Tujuan Diblokir)');
    expect(code).toBe(0);
    expect(stderr).toContain('Alasan gagal: Nomor Tujuan Diblokir');
    const result = JSON.parse(stdout);
    expect(result.cause).toBe('destination-blocked');
    expect(result.findings.map((f: { code: string }) => f.code)).toEqual(['destination-blocked']);
    expect(result.answers).toMatchObject({ number: '085612345678', productOperator: 'indosat', status: 'gagal', failureReason: 'blocked' });
    expect(result.productCode).toBe('I25');
    expect(result.supplierTrxId).toBe('77');
    expect(result.guidance.shop).toContain('Nomor Tujuan Diblokir');
    // No resend advice: the shop is told not to resend to this number, the customer is offered money back or another number.
    expect(result.guidance.shop).toContain('jangan kirim ulang ke nomor ini');
    expect(result.guidance.customer).not.toMatch(/kirim ulang/i);
    expect(result.guidance.shop.replace('jangan kirim ulang', '')).not.toMatch(/kirim ulang/i);
  });

  it('a failure reason the checklist does not list is its "other" choice, the words kept on screen', async () => {
    const { run, dir } = shop();
    writeFileSync(join(dir, 'answers.json'), JSON.stringify({ nominal: '25rb', ...rest }));
    const { code, stdout, stderr } = await run(['diagnose', '--paste', '--answers', join(dir, 'answers.json'), '--json'], 'R#79 I25.085612345678 GAGAL. Ket: Jumlah Digit Kurang');
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Alasan gagal: Jumlah Digit Kurang');
    expect(JSON.parse(stdout)).toMatchObject({ cause: 'transaction-failed', answers: { failureReason: 'other' } });
  });

  it('a PLN reply fills the meter, status, SN and token of the token-pln checklist', async () => {
    const { run } = shop();
    const { code, stderr } = await run(['diagnose', '-c', 'token-pln', '--paste'], 'R#9001 PLN20.14234567890 SUKSES. SN: 2514-1798-8056-2280-2824/HASMALINDA/R1M/900VA/33.7. Saldo 2.000.000');
    expect(code).toBe(2);
    expect(stderr).toContain('Nama pelanggan: HASMALINDA');
    // Asked for: what the reply did not give; never the meter, status, SN or token it did.
    const missing = /kurang: (.*)$/m.exec(stderr)![1]!.split(', ');
    expect(missing).toContain('nominal');
    for (const given of ['number', 'status', 'sn', 'token']) expect(missing).not.toContain(given);
  });

  it('a failed transaction resent is told the duplicate risk', async () => {
    const { run, dir } = shop();
    writeFileSync(join(dir, 'answers.json'), JSON.stringify({ nominal: '25rb', ...rest, failureReason: 'timeout' }));
    const { stdout } = await run(['diagnose', '--paste', '--answers', join(dir, 'answers.json'), '--json'], 'R#80 I25.085612345678 GAGAL');
    const result = JSON.parse(stdout);
    expect(result.cause).toBe('transaction-failed');
    expect(result.guidance.shop).toMatch(/Risiko dobel: .*1 menit/);
  });

  it('names only the answers the reply did not give, without prompting', async () => {
    const { run, store } = shop();
    const { code, stderr } = await run(['diagnose', '--paste'], 'R#5123 S10.081234567890 SUKSES. SN: 0412345678901234');
    expect(code).toBe(2);
    expect(stderr).toMatch(/kurang: nominal, claimedNumber, claimedNominal, (\w+, )*debt, mobileData, subscription/);
    expect(storeSnapshot(store)).toEqual({});
  });

  it('an answers file corrects what the reply says, and carries productCode and supplierTrxId itself', async () => {
    const { run, dir } = shop();
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ nominal: '25rb', sn: '9999888877776666', ...rest, number: '085612345678' }));
    const pasted = await run(['diagnose', '--paste', '--answers', join(dir, 'a.json'), '--json'], 'R#78 I25.085612345678 SUKSES. SN: 1111');
    expect(JSON.parse(pasted.stdout).sn).toBe('9999888877776666');
    const scripted = await run(['diagnose', '--answers', '-', '--json'], JSON.stringify({ ...rest, number: '085612345678', productOperator: 'I25', nominal: '25rb', status: 'sukses', productCode: 'I25', supplierTrxId: 'R#99' }));
    expect(scripted.code).toBe(0);
    expect(JSON.parse(scripted.stdout)).toMatchObject({ productCode: 'I25', supplierTrxId: 'R#99' });
    const bad = await run(['diagnose', '--answers', '-'], JSON.stringify({ ...rest, productCode: 'S 10 lalu' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"productCode"');
  });

  it('refuses --paste and --answers - both reading stdin', async () => {
    const { run } = shop();
    const { code, stderr } = await run(['diagnose', '--paste', '--answers', '-'], '{}');
    expect(code).toBe(2);
    expect(stderr).toContain('sama-sama membaca stdin');
  });
});

describe('escalate --to supplier', () => {
  async function sukses() {
    const s = shop();
    writeFileSync(join(s.dir, 'a.json'), JSON.stringify({ nominal: '10rb', time: '10:30', ...rest, claimedNumber: '081234567890', claimedNominal: '10000' }));
    const d = await s.run(['diagnose', '--paste', '--answers', join(s.dir, 'a.json'), '--json'], 'R#5123 S10.081234567890 SUKSES. SN: 0412345678901234. Saldo 1.234.567');
    expect(d.code).toBe(0);
    return { ...s, ref: JSON.parse(d.stdout).ref as string };
  }

  it('paste a sukses reply, escalate: the complaint has trx id, product code and SN in the template order', async () => {
    const { run, dir, ref } = await sukses();
    writeFileSync(join(dir, 'toko.config.json'), JSON.stringify({ supplier: { complaint: 'k-dot', resellerId: 'R0012' } }));
    const { code, stdout, stderr } = await run(['escalate', ref, '--to', 'supplier', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.template).toBe('k-dot');
    expect(result.message).toBe('K.R0012.TRX#5123.S10.081234567890.25/11/2026 10:30.SN:0412345678901234.status sukses ada SN tapi pulsa belum masuk ke pelanggan, mohon dicek ke operator');
    const at = (s: string) => result.message.indexOf(s);
    expect(at('5123')).toBeLessThan(at('S10'));
    expect(at('S10')).toBeLessThan(at('0412345678901234'));
  });

  it('another template puts the same facts in its own order; without settings the general sentence, and stderr says how to set it', async () => {
    const { run, dir, ref } = await sukses();
    const plain = await run(['escalate', ref, '--to', 'supplier']);
    expect(plain.stderr).toContain('Format komplain supplier belum diatur');
    expect(plain.stdout.trim()).toMatch(/^KOMPLAIN /);
    writeFileSync(join(dir, 'elsewhere.json'), JSON.stringify({ supplier: { complaint: 'cpl', resellerId: 'AG7' } }));
    const cpl = await run(['escalate', ref, '--to', 'supplier'], undefined, { PULSA_DOCTOR_CONFIG: join(dir, 'elsewhere.json') });
    expect(cpl.stdout.trim()).toBe('CPL.TRX5123.S10.081234567890.Tgl 25/11/2026 10:30.SN 0412345678901234.status sukses ada SN tapi pulsa belum masuk ke pelanggan, mohon dicek ke operator.AG7');
  });

  it('a broken settings file is refused with exit 2 before the case is touched', async () => {
    const { run, dir, ref, store } = await sukses();
    writeFileSync(join(dir, 'toko.config.json'), JSON.stringify({ supplier: { complaint: 'nope' } }));
    const before = storeSnapshot(store);
    const { code, stderr } = await run(['escalate', ref, '--to', 'supplier']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/toko\.config\.json: field "supplier\.complaint": "nope" is not a template/);
    expect(storeSnapshot(store)).toEqual(before);
    expect(storedCases(store)[0].status).toBe('open');
  });
});
