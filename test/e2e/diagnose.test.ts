import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storedCases, storeSnapshot, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const storeIn = (dir: string) => join(dir, 'store.json');
const example = (name: string) => join('examples', `${name}.json`);
const exampleAnswers = (name: string) => JSON.parse(readFileSync(example(name), 'utf8'));

describe('pulsa diagnose --answers (README examples, one per cause code)', () => {
  const examples = readdirSync('examples').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));

  // An example's name is its checklist's short name, then the cause code.
  const checklists: Record<string, string> = { pulsa: 'pulsa-tidak-masuk', kuota: 'kuota-tidak-masuk', pln: 'token-pln', ewallet: 'ewallet' };

  it('covers every cause of every shipped checklist', () => {
    for (const [kind, id] of Object.entries(checklists)) {
      const causes = Object.keys(JSON.parse(readFileSync(`checklists/${id}.json`, 'utf8')).findings);
      const covered = examples.filter((n) => n.startsWith(`${kind}-`)).map((n) => n.slice(kind.length + 1));
      if (kind === 'pulsa' || kind === 'pln' || kind === 'ewallet') expect(covered.sort(), id).toEqual(causes.sort());
    }
  });

  it.each(examples)('%s gives the cause its name says', async (name) => {
    const [kind, ...cause] = name.split('-');
    const store = storeIn(tempDir());
    const { code, stdout, stderr } = await runCli(['diagnose', '--checklist', checklists[kind!]!, '--answers', example(name), '--json', '--store', store]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.cause).toBe(cause.join('-'));
    expect(result.findings[0].code).toBe(cause.join('-'));
    expect(result.ref).toMatch(/^KP-\d{8}-0001$/);
    expect(result.status).toBe('open');
    expect(result.guidance.customer).toContain(result.ref);
    // A PLN meter number stays a meter number: never turned into 08… and never given an operator.
    if (kind === 'pln') {
      expect(result.number).toMatch(/^\d{11,12}$/);
      expect(result.operator).toBeNull();
    } else expect(result.number).toMatch(/^08\d+$/);
    if (kind === 'ewallet') expect(result.operator).toBeNull();
  });
});

describe('pulsa diagnose', () => {
  it('reads answers from stdin and stores numbers in national form', async () => {
    const store = storeIn(tempDir());
    const answers = { ...exampleAnswers('pulsa-operator-debt'), number: '+62 812-3456-7890', claimedNumber: '62 812 3456 7890' };
    const { code, stdout } = await runCli(['cek', '-a', '-', '--json', '--store', store], { input: JSON.stringify(answers) });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).number).toBe('081234567890');
    const saved = storedCases(store)[0];
    expect(saved.answers.claimedNumber).toBe('081234567890');
    expect(saved.answers.nominal).toBe('50000');
  });

  it('prints the summary to stdout and the saved notice to stderr', async () => {
    const store = storeIn(tempDir());
    const { code, stdout, stderr } = await runCli(['diagnose', '-a', example('pulsa-data-drain'), '--store', store]);
    expect(code).toBe(0);
    expect(stdout).toContain('Penyebab: Pulsa tersedot data seluler [data-drain]');
    expect(stdout).toContain('Untuk pelanggan');
    expect(stderr).toMatch(/Kasus tersimpan: KP-\d{8}-0001/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('speaks English with --lang en', async () => {
    const { stdout } = await runCli(['--lang', 'en', 'diagnose', '-a', example('pulsa-data-drain'), '--store', storeIn(tempDir())]);
    expect(stdout).toContain('Cause: Credit drained by mobile data [data-drain]');
  });

  it('wraps the guidance for a 58 mm receipt with --width 32', async () => {
    const { stdout } = await runCli(['diagnose', '-a', example('pulsa-escalate-operator'), '--width', '32', '--store', storeIn(tempDir())]);
    const guidance = stdout.slice(stdout.indexOf('-- Untuk pelanggan'));
    for (const line of guidance.split('\n').slice(1)) expect(line.length).toBeLessThanOrEqual(32);
  });

  it('never waits for input without a terminal: it names the flag to use', async () => {
    const store = storeIn(tempDir());
    const { code, stderr } = await runCli(['diagnose', '--store', store]);
    expect(code).toBe(2);
    expect(stderr).toBe('pulsa: Tidak ada terminal untuk bertanya. Berikan jawaban lewat --answers <file|->.\n');
    expect(existsSync(store)).toBe(false);
  });

  it('names the missing answers and saves nothing', async () => {
    const store = storeIn(tempDir());
    const { code, stderr } = await runCli(['diagnose', '-a', '-', '--store', store], { input: '{"number":"081234567890","status":"sukses"}' });
    expect(code).toBe(2);
    expect(stderr).toBe('pulsa: Jawaban belum lengkap, kurang: nominal, claimedNumber, claimedNominal, debt, mobileData, subscription\n');
    expect(existsSync(store)).toBe(false);
  });

  it.each([
    ['number', '0812', 'pulsa: Jawaban "number" bukan nomor HP (contoh: 0812 3456 7890 atau +62 812-3456-7890): "0812"'],
    ['nominal', 'lima puluh', 'pulsa: Jawaban "nominal" bukan nominal rupiah (contoh: 50000, Rp 50.000, 50rb, 50k): "lima puluh"'],
    ['status', 'mungkin', 'pulsa: Jawaban "status" pilihan tidak dikenal: "mungkin"'],
    ['debt', 'sedikit', 'pulsa: Jawaban "debt" jawab y (ya), t (tidak) atau ? (belum tahu): "sedikit"'],
    ['productOperator', 'PLN20', 'pulsa: Jawaban "productOperator" operator atau kode produk tidak dikenal (contoh: telkomsel, im3, tri, xl, axis, smartfren, S10): "PLN20"'],
  ])('refuses an invalid %s with exit 2, naming the field, and leaves the store untouched', async (key, value, message) => {
    const store = storeIn(tempDir());
    await runCli(['diagnose', '-a', example('pulsa-operator-debt'), '--store', store]);
    const before = storeSnapshot(store);
    const answers = { ...exampleAnswers('pulsa-operator-debt'), [key]: value };
    const { code, stderr, stdout } = await runCli(['diagnose', '-a', '-', '--store', store], { input: JSON.stringify(answers) });
    expect(code).toBe(2);
    expect(stderr).toBe(message + '\n');
    expect(stdout).toBe('');
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('refuses answer keys the checklist does not ask', async () => {
    const { code, stderr } = await runCli(['diagnose', '-a', '-', '--store', storeIn(tempDir())], { input: '{"nomor":"081234567890"}' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pulsa: Kunci jawaban tidak dikenal di stdin: nomor \(yang dikenal: number, nominal, status, productOperator/);
  });

  it('refuses an answers file that is not JSON', async () => {
    const { code, stderr } = await runCli(['diagnose', '-a', '-', '--store', storeIn(tempDir())], { input: 'number=0812' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pulsa: Tidak bisa membaca jawaban dari stdin: /);
  });

  it('refuses a missing answers file', async () => {
    const { code, stderr } = await runCli(['diagnose', '-a', 'nope.json', '--store', storeIn(tempDir())]);
    expect(code).toBe(2);
    expect(stderr).toBe('pulsa: Tidak bisa membaca jawaban dari nope.json: file atau folder tidak ada (ENOENT)\n');
  });

  it('refuses an unknown checklist, listing the known ones', async () => {
    const { code, stderr } = await runCli(['diagnose', '-c', 'token-tidak-masuk', '-a', example('pulsa-data-drain'), '--store', storeIn(tempDir())]);
    expect(code).toBe(2);
    expect(stderr).toBe('pulsa: Checklist "token-tidak-masuk" tidak ada. Yang tersedia: ewallet, kuota-tidak-masuk, pulsa-tidak-masuk, token-pln\n');
  });

  it('refuses to write into a corrupt store and leaves it byte for byte', async () => {
    const store = storeIn(tempDir());
    writeFileSync(store, '{"schemaVersion":1,"layout":');
    const { code, stderr } = await runCli(['diagnose', '-a', example('pulsa-data-drain'), '--store', store]);
    expect(code).toBe(3);
    expect(stderr).toMatch(new RegExp(`^pulsa: File data ${store.replace(/[.]/g, '\\.')} rusak atau bukan data pulsa-doctor \\(.+\\)\\. File tidak diubah`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(store, 'utf8')).toBe('{"schemaVersion":1,"layout":');
  });

  it('uses PULSA_DOCTOR_STORE when --store is not given', async () => {
    const store = storeIn(tempDir());
    const { code } = await runCli(['diagnose', '-a', example('pulsa-data-drain')], { env: { PULSA_DOCTOR_STORE: store } });
    expect(code).toBe(0);
    expect(storedCases(store)).toHaveLength(1);
  });

  it('validates an edited checklist, naming file, step and field', async () => {
    const dir = tempDir();
    const broken = JSON.parse(readFileSync('checklists/pulsa-tidak-masuk.json', 'utf8'));
    broken.steps.find((step: { id: string }) => step.id === 'debt').questions[0].type = 'yesnomaybe';
    writeFileSync(join(dir, 'pulsa-tidak-masuk.json'), JSON.stringify(broken));
    const { code, stderr } = await runCli(['diagnose', '-a', example('pulsa-data-drain'), '--store', storeIn(dir)], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^pulsa: .*pulsa-tidak-masuk\.json: step "debt" field "questions\[0\]\.type": must be one of/);
  });

  it('says when the SN is already on another case', async () => {
    const store = storeIn(tempDir());
    const first = JSON.parse((await runCli(['diagnose', '-a', example('pulsa-escalate-operator'), '--json', '--store', store])).stdout);
    expect(first.duplicateSn).toEqual([]);
    const answers = { ...exampleAnswers('pulsa-escalate-operator'), number: '0857 1234 5678', claimedNumber: '085712345678', productOperator: 'im3' };
    const { code, stdout } = await runCli(['diagnose', '-a', '-', '--json', '--store', store], { input: JSON.stringify(answers) });
    expect(code).toBe(0);
    const second = JSON.parse(stdout);
    expect(second.duplicateSn).toEqual([first.ref]);
    expect(second.guidance.shop).toContain(`SN 0412345678901234 sudah tercatat di kasus lain: ${first.ref}`);
    expect(storedCases(store).find((c: { ref: string }) => c.ref === second.ref).guidance.shop).toContain(first.ref);
  });

  it('names only the latest five cases with the same SN in the guidance it stores, and counts the rest', async () => {
    const store = storeIn(tempDir());
    const refs: string[] = [];
    for (let i = 0; i < 7; i++) refs.push(JSON.parse((await runCli(['diagnose', '-a', example('pulsa-escalate-operator'), '--json', '--store', store])).stdout).ref);
    const last = JSON.parse((await runCli(['diagnose', '-a', example('pulsa-escalate-operator'), '--json', '--store', store])).stdout);
    expect(last.duplicateSn).toEqual(refs);
    expect(last.guidance.shop).toContain(`sudah tercatat di kasus lain: ${refs.slice(2).join(', ')} dan 2 kasus lain.`);
    expect(last.guidance.shop).not.toContain(refs[1]);
  }, 30_000);

  it('shows the supplier\'s failure reason and gives no resend advice for a blocked number', async () => {
    const { stdout } = await runCli(['diagnose', '-a', example('pulsa-destination-blocked'), '--store', storeIn(tempDir())]);
    expect(stdout).toContain('Supplier: Nomor Tujuan Diblokir.');
    expect(stdout).toContain('jangan kirim ulang');
    expect(stdout).not.toContain('Transaksi gagal [transaction-failed]');
  });

  it('never reads a PLN meter number as a phone number', async () => {
    const store = storeIn(tempDir());
    const { stdout } = await runCli(['diagnose', '-c', 'token-pln', '-a', example('pln-token-typo'), '--json', '--store', store]);
    const result = JSON.parse(stdout);
    expect(result.number).toBe('14234567890');
    expect(result.operator).toBeNull();
    expect(result.answers.customerNumber).toBe('081234567890');
    expect(result.guidance.customer).not.toMatch(/operator tidak dikenal|Telkomsel/);
    const bad = await runCli(['diagnose', '-c', 'token-pln', '-a', '-', '--store', store], { input: JSON.stringify({ ...exampleAnswers('pln-token-typo'), customerNumber: '14234567890' }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^pulsa: Jawaban "customerNumber" bukan nomor HP/);
    const meter = await runCli(['diagnose', '-c', 'token-pln', '-a', '-', '--store', store], { input: JSON.stringify({ ...exampleAnswers('pln-token-typo'), number: '+62 812-3456-7890' }) });
    expect(meter.code).toBe(2);
    expect(meter.stderr).toMatch(/^pulsa: Jawaban "number" bukan nomor meter PLN/);
  });

  it('messages a PLN customer on their contact number and escalates to PLN, never to an unknown operator', async () => {
    const store = storeIn(tempDir());
    const { ref } = JSON.parse((await runCli(['diagnose', '-c', 'token-pln', '-a', example('pln-escalate-pln'), '--json', '--store', store])).stdout);
    const notify = JSON.parse((await runCli(['notify', ref, '--json', '--store', store])).stdout);
    expect(notify.whatsapp).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=/);
    expect(notify.message).toContain('token listrik untuk meter/ID 14234567890');
    const escalated = await runCli(['escalate', ref, '--to', 'operator', '--json', '--store', store]);
    expect(escalated.code).toBe(0);
    const out = JSON.parse(escalated.stdout);
    expect(out.contact).toBe('Hubungi PLN 123 (telepon) atau aplikasi PLN Mobile');
    expect(out.message).toContain('Yth. PLN, mohon bantu cek token listrik Rp100.000 untuk meter/ID pelanggan 14234567890');
    expect(out.message + out.contact).not.toMatch(/operator tidak dikenal|pulsa/);
    const supplier = JSON.parse((await runCli(['escalate', ref, '--to', 'supplier', '--json', '--store', store])).stdout);
    expect(supplier.message).toMatch(/^KOMPLAIN token PLN Rp100\.000 meter\/ID 14234567890/);
  });

  it('escalates an e-wallet case to the wallet by name', async () => {
    const store = storeIn(tempDir());
    const { ref } = JSON.parse((await runCli(['diagnose', '-c', 'ewallet', '-a', example('ewallet-escalate-supplier'), '--json', '--store', store])).stdout);
    const out = JSON.parse((await runCli(['escalate', ref, '--to', 'supplier', '--json', '--store', store])).stdout);
    expect(out.message).toMatch(/^KOMPLAIN saldo DANA Rp100\.000 ke 081234567890/);
    const notify = JSON.parse((await runCli(['notify', ref, '--json', '--store', store])).stdout);
    expect(notify.whatsapp).toMatch(/^https:\/\/wa\.me\/6281234567890\?/);
  });

  it("uses a reseller's corrected operator code without any code change", async () => {
    const dir = tempDir();
    const operators = JSON.parse(readFileSync('checklists/operators.json', 'utf8'));
    operators.operators[0].codes.debtCheck = [{ kind: 'ussd', value: '*141*8#', effect: 'read', confidence: 'confirmed', source: 'checked at the counter', checked: '2026-11-26' }];
    writeFileSync(join(dir, 'operators.json'), JSON.stringify(operators));
    const { stdout } = await runCli(['diagnose', '-a', example('pulsa-operator-debt'), '--json', '--store', storeIn(dir)], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(JSON.parse(stdout).guidance.customer).toContain('lewat *141*8#.');
  });
});

describe('pulsa cases and pulsa show', () => {
  async function seeded() {
    const store = storeIn(tempDir());
    for (const name of ['pulsa-operator-debt', 'pulsa-data-drain', 'pulsa-transaction-failed']) {
      await runCli(['diagnose', '-a', example(name), '--store', store]);
    }
    await runCli(['diagnose', '-a', '-', '--store', store], { input: JSON.stringify({ ...exampleAnswers('pulsa-data-drain'), number: '0857 1234 5678', claimedNumber: '085712345678', productOperator: 'im3' }) });
    return store;
  }

  it('lists every case as JSON, repeat complaints first, then the longest waiting', async () => {
    const store = await seeded();
    const { code, stdout } = await runCli(['cases', '--json', '--store', store]);
    expect(code).toBe(0);
    const cases = JSON.parse(stdout);
    expect(cases.map((c: { ref: string }) => c.ref.slice(-4))).toEqual(['0002', '0003', '0001', '0004']);
    expect(cases.map((c: { effectivePriority: string }) => c.effectivePriority)).toEqual(['high', 'high', 'normal', 'normal']);
    expect(cases[0].related).toEqual([cases[2].ref]);
    expect(cases[1].related).toEqual([cases[2].ref, cases[0].ref]);
  });

  it('tells the owner when a complaint repeats an earlier case for the number', async () => {
    const store = await seeded();
    const first = JSON.parse((await runCli(['cases', '--json', '--store', store])).stdout).find((c: { cause: string }) => c.cause === 'operator-debt').ref;
    const { stdout } = await runCli(['diagnose', '-a', example('pulsa-wrong-nominal'), '--store', store]);
    expect(stdout).toMatch(new RegExp(`Keluhan berulang untuk nomor ini: ${first}, KP-\\d{8}-0002, KP-\\d{8}-0003`));
  });

  it('filters by number, whatever way it is typed', async () => {
    const store = await seeded();
    const { stdout } = await runCli(['cases', '--json', '--number', '+62 857-1234-5678', '--store', store]);
    expect(JSON.parse(stdout)).toHaveLength(1);
  });

  it('filters by status and date range', async () => {
    const store = await seeded();
    expect(JSON.parse((await runCli(['cases', '--json', '--status', 'open', '--since', 'today', '--until', 'today', '--store', store])).stdout)).toHaveLength(4);
    expect(JSON.parse((await runCli(['cases', '--json', '--status', 'draft', '--store', store])).stdout)).toHaveLength(0);
    expect(JSON.parse((await runCli(['cases', '--json', '--until', 'yesterday', '--store', store])).stdout)).toHaveLength(0);
  });

  it('refuses a filter it cannot read', async () => {
    const store = await seeded();
    const bad = await runCli(['cases', '--since', 'kemarin lusa', '--store', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('pulsa: Tanggal untuk --since tidak dikenal: kemarin lusa (contoh: 2026-11-01, 1/11/2026, today, 7d)\n');
    const status = await runCli(['cases', '--status', 'beres', '--store', store]);
    expect(status.code).toBe(2);
    expect(status.stderr).toBe(
      'pulsa: Nilai --status tidak valid: beres (pilihan: draf, terbuka, dieskalasi, selesai, ditutup, dibuka-lagi)\nBantuan: pulsa cases --help\n',
    );
  });

  it('draws a table for people', async () => {
    const store = await seeded();
    const { stdout } = await runCli(['cases', '--store', store]);
    expect(stdout).toContain('Nomor kasus');
    expect(stdout.split('\n').filter((l) => l.includes('KP-'))).toHaveLength(4);
    // The nominal is a column of the full table, on a screen of 100 columns or more.
    const wide = await runCli(['cases', '--store', store], { env: { COLUMNS: '120' } });
    expect(wide.stdout).toContain('Rp50.000');
    expect(wide.stdout.split('\n').filter((l) => l.includes('KP-'))).toHaveLength(4);
  });

  it('shows one case in full, by reference typed in lower case', async () => {
    const store = await seeded();
    const ref = JSON.parse((await runCli(['cases', '--json', '--store', store])).stdout).find((c: { cause: string }) => c.cause === 'operator-debt').ref as string;
    const { code, stdout } = await runCli(['show', ref.toLowerCase(), '--store', store]);
    expect(code).toBe(0);
    expect(stdout).toContain(ref);
    expect(stdout).toContain('operator-debt');
    expect(stdout).toContain('Riwayat');
    const json = JSON.parse((await runCli(['show', ref, '--json', '--store', store])).stdout);
    expect(json.events[0]).toMatchObject({ type: 'created', to: 'open' });
  });

  it('says clearly when a case does not exist', async () => {
    const { code, stderr } = await runCli(['show', 'KP-20990101-0001', '--store', storeIn(tempDir())]);
    expect(code).toBe(4);
    expect(stderr).toBe('pulsa: Kasus KP-20990101-0001 tidak ditemukan.\n');
  });
});
