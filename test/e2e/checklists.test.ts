import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const shipped = (file: string) => JSON.parse(readFileSync(join('checklists', file), 'utf8'));
const write = (dir: string, file: string, json: unknown) => writeFileSync(join(dir, file), typeof json === 'string' ? json : JSON.stringify(json, null, 2));

describe('pulsa checklists', () => {
  it('lists every installed checklist with its family and where it comes from', async () => {
    const { code, stdout } = await runCli(['checklists', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout);
    expect(list.map((c: { id: string }) => c.id)).toEqual(['ewallet', 'kuota-tidak-masuk', 'pulsa-tidak-masuk', 'token-pln']);
    expect(list.find((c: { id: string }) => c.id === 'token-pln')).toMatchObject({ family: 'pln', origin: 'built-in' });
  });

  it("marks a shop's own copy as its own and a shop-made checklist appears too", async () => {
    const dir = tempDir();
    write(dir, 'pulsa-tidak-masuk.json', shipped('pulsa-tidak-masuk.json'));
    write(dir, 'voucher-game.json', { ...shipped('token-pln.json'), id: 'voucher-game' });
    const { stdout } = await runCli(['checklists'], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(stdout).toContain(`pulsa-tidak-masuk  Pulsa tidak masuk  [mobile]  milik toko: ${join(dir, 'pulsa-tidak-masuk.json')}`);
    expect(stdout).toMatch(/voucher-game .* milik toko/);
    expect(stdout).toMatch(/kuota-tidak-masuk .* bawaan/);
    const help = await runCli(['diagnose', '--help'], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(help.stdout).toContain('Checklist terpasang: ewallet, kuota-tidak-masuk, pulsa-tidak-masuk, token-pln, voucher-game');
    const english = await runCli(['diagnose', '--help', '--lang', 'en'], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(english.stdout).toContain('Installed checklists: ewallet, kuota-tidak-masuk, pulsa-tidak-masuk, token-pln, voucher-game');
  });
});

describe('the default checklist', () => {
  const EXAMPLE = 'examples/pulsa-operator-debt.json';

  it("is the shop's own when its order comes first, and the shipped first one otherwise", async () => {
    const dir = tempDir();
    const store = join(tempDir(), 'store.json');
    // A shop's copy of the pulsa checklist under another name, listed first; its order is the last key.
    const { order: _order, ...pulsa } = shipped('pulsa-tidak-masuk.json');
    write(dir, 'aa-pulsa-toko.json', { ...pulsa, id: 'aa-pulsa-toko', order: 7 });
    const diagnose = () => runCli(['diagnose', '--answers', EXAMPLE, '--json', '--store', store], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(JSON.parse((await diagnose()).stdout).checklist).toBe('pulsa-tidak-masuk');
    write(dir, 'aa-pulsa-toko.json', { ...pulsa, id: 'aa-pulsa-toko', order: 0 });
    expect(JSON.parse((await diagnose()).stdout).checklist).toBe('aa-pulsa-toko');
  });

  it('is not chosen past a checklist file that is not valid JSON: the file is named', async () => {
    const dir = tempDir();
    write(dir, 'zz.json', '{"id": "zz", "order": 9, ');
    const { code, stdout, stderr } = await runCli(['diagnose', '--answers', EXAMPLE, '--json', '--store', join(tempDir(), 'store.json')], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toContain(`${join(dir, 'zz.json')}: file: not valid JSON`);
  });
});

describe('pulsa checklists validate', () => {
  it('passes the shipped data files', async () => {
    const { code, stderr } = await runCli(['checklists', 'validate']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^\d+ file data diperiksa, tidak ada kesalahan\.\n$/);
  });

  it('reports every mistake in every file with file, step and field, and exits 2', async () => {
    const dir = tempDir();
    const pulsa = shipped('pulsa-tidak-masuk.json');
    pulsa.steps.find((s: { id: string }) => s.id === 'debt').rules[0].when = { answers: { debt: 'iya' } };
    pulsa.steps.find((s: { id: string }) => s.id === 'nominal').rules.find((r: { finding: string }) => r.finding === 'transaction-pending').when = { answers: { status: 'sukes' } };
    write(dir, 'pulsa-tidak-masuk.json', pulsa);
    const pln = shipped('token-pln.json');
    pln.findings['token-used'].basis.confidence = 'sure';
    write(dir, 'token-pln.json', pln);
    const operators = shipped('operators.json');
    operators.operators.find((o: { id: string }) => o.id === 'xl').prefixes[0].values.push('0812');
    write(dir, 'operators.json', operators);
    write(dir, 'catalogue.json', { 'case.saved': { id: 'Tersimpan: {nomor}', en: 'Saved: {ref}' }, 'salam.pagi': { id: 'Pagi', en: 'Morning' } });
    write(dir, 'kuota-tidak-masuk.json', '{ "id": "kuota-tidak-masuk", ');

    const { code, stdout, stderr } = await runCli(['checklists', 'validate', dir]);
    expect(code).toBe(2);
    const lines = stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      'operators.json: operator "xl" field "prefixes[0].values[6]": "0812" is already a prefix of "telkomsel"',
      'pulsa-tidak-masuk.json: step "debt" field "rules[0].when.answers.debt": "iya" is not an answer "debt" can have; allowed: yes, no, unknown',
      'pulsa-tidak-masuk.json: step "nominal" field "rules[1].when.answers.status": "sukes" is not an answer "status" can have; allowed: sukses, pending, gagal',
      'token-pln.json: finding "token-used" field "basis.confidence": must be one of confirmed, likely, unconfirmed',
      'catalogue.json: message "case.saved" field "id": unknown placeholder {nomor}; this message has {ref}',
      'catalogue.json: message "salam.pagi" field "key": is not a message pulsa-doctor has; only existing messages can be reworded',
    ].map((line) => expect.stringMatching(new RegExp(`(^|/)${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)))));
    expect(lines.some((l) => /kuota-tidak-masuk\.json: file: not valid JSON/.test(l))).toBe(true);
    expect(lines).toHaveLength(7);
    expect(stderr).toBe('7 kesalahan di 5 file. Perbaiki lalu jalankan lagi: pulsa checklists validate\n');

    const json = JSON.parse((await runCli(['checklists', 'validate', dir, '--json'])).stdout);
    expect(json.ok).toBe(false);
    expect(json.problems).toHaveLength(7);
    expect(json.problems[0]).toHaveProperty('where');
  });

  it('refuses a folder that does not exist', async () => {
    const { code, stderr } = await runCli(['checklists', 'validate', join(tempDir(), 'nope')]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/nope: folder: does not exist/);
  });
});

describe("a shop's own message catalogue", () => {
  it('rewords a message without any code change', async () => {
    const dir = tempDir();
    write(dir, 'catalogue.json', { 'case.saved': { id: 'Sudah dicatat, nomor kasus {ref}', en: 'Recorded as {ref}' } });
    const { code, stderr } = await runCli(['diagnose', '-a', 'examples/pulsa-data-drain.json', '--store', join(dir, 's.json')], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^Sudah dicatat, nomor kasus KP-\d{8}-0001\n$/);
  });

  it('is read before anything is done, by a listing too, though the catalogue is otherwise read only for a message', async () => {
    const dir = tempDir();
    const store = join(dir, 's.json');
    expect((await runCli(['diagnose', '-a', 'examples/pulsa-data-drain.json', '--store', store])).code).toBe(0);
    write(dir, 'catalogue.json', { 'case.saved': { id: 'Dicatat {nomor}', en: 'Recorded {ref}' } });
    const env = { PULSA_DOCTOR_CHECKLISTS: dir };
    const listed = await runCli(['cases', '--json', '--store', store], { env });
    expect(listed.code).toBe(1);
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toMatch(/catalogue\.json: message "case\.saved" field "id": unknown placeholder \{nomor\}/);
    expect((await runCli(['diagnose', '-a', 'examples/pulsa-data-drain.json', '--store', store], { env })).code).toBe(1);
    // Nothing was saved by the refused diagnose; without the shop's catalogue the listing works.
    const cases = await runCli(['cases', '--json', '--store', store]);
    expect(cases.code).toBe(0);
    expect(JSON.parse(cases.stdout)).toHaveLength(1);
  });

  it('stops with the file and message named when the rewording uses a placeholder the code does not fill', async () => {
    const dir = tempDir();
    write(dir, 'catalogue.json', { 'case.saved': { id: 'Dicatat {nomor}', en: 'Recorded {ref}' } });
    const { code, stderr } = await runCli(['diagnose', '-a', 'examples/pulsa-data-drain.json', '--store', join(dir, 's.json')], { env: { PULSA_DOCTOR_CHECKLISTS: dir } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/catalogue\.json: message "case\.saved" field "id": unknown placeholder \{nomor\}/);
  });
});

describe('the shipped data files as the build validated them (dist/bundle/data.snapshot)', () => {
  const EXAMPLE = join(process.cwd(), 'examples', 'pulsa-operator-debt.json');
  const INTRO = 'Halo Kak, keluhan pulsa untuk nomor';

  /** A copy of the installed package (code, build, data) whose files a test may change. */
  function packageCopy(): { root: string; bin: string } {
    const root = tempDir();
    for (const part of ['bin', 'dist', 'checklists', 'messages', 'package.json']) cpSync(part, join(root, part), { recursive: true });
    return { root, bin: join(root, 'bin', 'pulsa.cjs') };
  }
  const diagnose = (bin: string, store: string) => runCli(['diagnose', '--answers', EXAMPLE, '--json', '--store', store], { bin });

  it('a shipped checklist edited in place is read and validated again: its new text is used, its mistake reported', async () => {
    const { root, bin } = packageCopy();
    const file = join(root, 'checklists', 'pulsa-tidak-masuk.json');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(INTRO, 'Salam Kak, keluhan pulsa untuk nomor'));
    const edited = await diagnose(bin, join(tempDir(), 'store.json'));
    expect(edited.code).toBe(0);
    expect(JSON.parse(edited.stdout).guidance.customer).toContain('Salam Kak, keluhan pulsa untuk nomor');

    writeFileSync(file, original.replace('"order": 1,', '"order": 1.5,'));
    const store = join(tempDir(), 'store.json');
    const broken = await diagnose(bin, store);
    expect([broken.code, broken.stdout]).toEqual([1, '']);
    expect(broken.stderr).toContain('field "order": must be a whole number');
    expect(existsSync(store)).toBe(false);

    // The operator table too: a prefix moved to another operator changes what a number is detected as.
    const operators = join(root, 'checklists', 'operators.json');
    writeFileSync(operators, readFileSync(operators, 'utf8').replace('"0812"', '"0812x"'));
    writeFileSync(file, original);
    const noPrefix = await diagnose(bin, join(tempDir(), 'store.json'));
    expect(noPrefix.code).toBe(1);
    expect(noPrefix.stderr).toContain('"0812x" is not a national prefix like 0812');
  });

  it("stands in for a file whose bytes it holds: the build's value is the one used", async () => {
    const { root, bin } = packageCopy();
    const { shippedDataFiles } = await import('../../src/data/load.js');
    const { writeSnapshot } = await import('../../src/data/snapshot.js');
    // A snapshot no build would write (its value differs from the file's), to see which of the two is used.
    const files = shippedDataFiles().map((f) =>
      f.name === 'pulsa-tidak-masuk.json' ? { ...f, value: { ...(f.value as object), customerIntro: { id: 'Dari snapshot {ref}', en: 'From the snapshot {ref}' } } } : f,
    );
    writeFileSync(join(root, 'dist', 'bundle', 'data.snapshot'), writeSnapshot(files));
    const result = await diagnose(bin, join(tempDir(), 'store.json'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).guidance.customer).toMatch(/^Dari snapshot KP-/);
  });
});
