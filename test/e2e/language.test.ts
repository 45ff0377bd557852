import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TerminalSession } from '../helpers/pty.js';
import { storeSnapshot, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = { PULSA_DOCTOR_NOW: '2026-11-25T03:00:00Z' };
const example = (name: string) => join('examples', `${name}.json`);

/** Every command the top-level help lists, subcommands of `store` and `checklists` included. */
async function commandLines(): Promise<string[][]> {
  const { stdout } = await runCli(['--help', '--lang', 'en']);
  const names = stdout
    .slice(stdout.indexOf('Commands:'))
    .split('\n')
    .slice(1)
    .map((line) => /^ {2}([a-z]+)/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name) && name !== 'help');
  return [
    ...names.map((name) => [name]),
    ...['check', 'repair', 'timezone', 'migrate', 'copy'].map((sub) => ['store', sub]),
    ['checklists', 'validate'],
  ];
}

describe('help follows the language', () => {
  it('is Indonesian by default, Commander’s own words included', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Penggunaan: pulsa \[opsi\] \[perintah\]\n\nPemeriksa keluhan pulsa\/kuota untuk toko pulsa\n\nOpsi:\n/);
    expect(stdout).toContain('\nPerintah:\n');
    expect(stdout).toMatch(/-h, --help +tampilkan bantuan perintah ini/);
    expect(stdout).toMatch(/-V, --version +tampilkan nomor versi/);
    expect(stdout).toMatch(/cases \[opsi\] +daftar kasus, yang paling mendesak dulu/);
    expect(stdout).toMatch(/help \[perintah\] +tampilkan bantuan sebuah perintah/);
    for (const english of ['Usage:', 'Options:', 'Commands:', 'display help', 'output the version', '[options]', 'list cases']) {
      expect(stdout).not.toContain(english);
    }
  });

  it('is English with --lang en, --lang=en or PULSA_DOCTOR_LANG=en', async () => {
    for (const run of [runCli(['--help', '--lang', 'en']), runCli(['--lang=en', '--help']), runCli(['--help'], { env: { PULSA_DOCTOR_LANG: 'en' } })]) {
      const { code, stdout } = await run;
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: pulsa \[options\] \[command\]\n\nTroubleshooting for pulsa\/quota shops\n\nOptions:\n/);
      expect(stdout).toMatch(/-h, --help +display help for command/);
      expect(stdout).toMatch(/cases \[options\] +list cases, most urgent first/);
      expect(stdout).not.toContain('Penggunaan');
    }
  });

  it('describes every option of every command in both languages, with no key left untranslated', async () => {
    const commands = await commandLines();
    expect(commands.length).toBeGreaterThan(25);
    for (const command of commands) {
      const id = await runCli([...command, '--help']);
      const en = await runCli([...command, '--help', '--lang', 'en']);
      for (const [lang, { code, stdout }] of [['id', id], ['en', en]] as const) {
        expect(code, `${command.join(' ')} ${lang}`).toBe(0);
        expect(stdout, `${command.join(' ')} ${lang}`).not.toMatch(/\b(help|usage)\.[a-zA-Z]/);
      }
      expect(id.stdout).toMatch(new RegExp(`^Penggunaan: pulsa ${command.join(' ')}`));
      expect(id.stdout).toContain('tampilkan bantuan perintah ini');
      expect(id.stdout).not.toMatch(/Options:|Arguments:|default:|choices:|display help/);
      expect(en.stdout).toMatch(new RegExp(`^Usage: pulsa ${command.join(' ')}`));
      // Each description is the same option in the other language, not a copy of it.
      expect(id.stdout).not.toBe(en.stdout);
    }
  });

  it('lists choices in the words of the language and `help <command>` shows the command’s options', async () => {
    expect((await runCli(['escalate', '--help'])).stdout).toMatch(/--to <target> +ke siapa kasus diteruskan \(pilihan: operator, supplier,\s+pimpinan\)/);
    expect((await runCli(['escalate', '--help', '--lang', 'en'])).stdout).toMatch(/--to <target> +who the case goes to \(choices: operator, supplier,\s+supervisor\)/);
    expect((await runCli(['priority', '--help'])).stdout).toMatch(/level +prioritas \(pilihan: rendah, normal, tinggi, mendesak\)/);
    expect((await runCli(['export', '--help'])).stdout).toMatch(/--format <format> +format file \(pilihan: csv, xlsx, json, ndjson,\s+bawaan:\s+csv\)/);
    const viaHelp = await runCli(['help', 'resolve']);
    expect(viaHelp.stdout).toMatch(/--resolution <kind> +apa yang diterima pelanggan \(pilihan:\s+refund,\s+kirim-ulang,\s+dijelaskan,\s+diperbaiki-operator,\s+lainnya\)/);
  });
});

describe('a usage mistake is one line and a pointer to help', () => {
  const cases: [string[], string, string][] = [
    [['cases', '--staus', 'terbuka'], 'pulsa: Opsi tidak dikenal: --staus (maksudnya --status?)', 'pulsa cases'],
    [['casse'], 'pulsa: Perintah tidak dikenal: casse (maksudnya cases?)', 'pulsa'],
    [['store', 'chek'], 'pulsa: Perintah tidak dikenal: chek (maksudnya check?)', 'pulsa store'],
    [['help', 'cses'], 'pulsa: Perintah tidak dikenal: cses (maksudnya cases?)', 'pulsa'],
    [['show'], 'pulsa: Argumen <ref> belum diberikan', 'pulsa show'],
    [['escalate', '3'], 'pulsa: Opsi --to <target> wajib diberikan', 'pulsa escalate'],
    [['escalate', '3', '--to', 'bos'], 'pulsa: Nilai --to tidak valid: bos (pilihan: operator, supplier, pimpinan)', 'pulsa escalate'],
    [['cases', '--since'], 'pulsa: Opsi --since <date> perlu nilai', 'pulsa cases'],
    [['show', '3', '4'], 'pulsa: Terlalu banyak argumen (2; paling banyak 1)', 'pulsa show'],
    [['notify', '3', '--width', '5'], 'pulsa: Nilai --width tidak valid: 5 (harus bilangan bulat kolom dari 20 sampai 200)', 'pulsa notify'],
    [['export', '--format', 'pdf'], 'pulsa: Nilai --format tidak valid: pdf (pilihan: csv, xlsx, json, ndjson)', 'pulsa export'],
    [['--lang', 'fr', 'cases'], 'pulsa: Nilai --lang tidak valid: fr (pilihan: id, en)', 'pulsa'],
  ];

  it.each(cases)('%j', async (args, line, command) => {
    const store = join(tempDir(), 'store.json');
    const { code, stdout, stderr } = await runCli([...args, '--store', store], { env: NOW });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${line}\nBantuan: ${command} --help\n`);
    expect(existsSync(store)).toBe(false);
  });

  it('speaks English with --lang en', async () => {
    const unknown = await runCli(['cases', '--staus', '--lang', 'en']);
    expect(unknown.stderr).toBe('pulsa: Unknown option: --staus (did you mean --status?)\nHelp: pulsa cases --help\n');
    const choice = await runCli(['priority', '3', 'penting', '--lang', 'en']);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toBe('pulsa: Invalid <level>: penting (choices: low, normal, high, urgent)\nHelp: pulsa priority --help\n');
    const missing = await runCli(['resolve', '3', '--note', 'x'], { env: { PULSA_DOCTOR_LANG: 'en' } });
    expect(missing.stderr).toBe('pulsa: Option --resolution <kind> is required\nHelp: pulsa resolve --help\n');
  });

  it('shows a typed control character harmlessly', async () => {
    const { stderr } = await runCli(['cases', '--status', 'open\u001b[2J']);
    expect(stderr).toContain('open\\x1b[2J');
  });
});

describe('values shown in Indonesian are accepted in Indonesian', () => {
  async function opened(store: string, ...names: string[]): Promise<string[]> {
    const refs: string[] = [];
    for (const name of names) {
      const { stdout } = await runCli(['diagnose', '-a', example(name), '--json', '--store', store], { env: NOW });
      refs.push(JSON.parse(stdout).ref);
    }
    return refs;
  }
  const json = async (store: string, ...args: string[]) => JSON.parse((await runCli([...args, '--json', '--store', store], { env: NOW })).stdout);

  it('priority, escalation target, resolution and status filter, stored as the English codes', async () => {
    const store = join(tempDir(), 'store.json');
    const [debt, drain, failed] = await opened(store, 'pulsa-operator-debt', 'pulsa-data-drain', 'pulsa-transaction-failed');
    expect((await json(store, 'priority', debt!, 'tinggi')).priority).toBe('high');
    expect((await json(store, 'priority', drain!, 'Mendesak')).priority).toBe('urgent');
    expect((await json(store, 'escalate', debt!, '--to', 'pimpinan')).to).toBe('supervisor');
    const resolved = await json(store, 'resolve', failed!, '--resolution', 'kirim-ulang', '--note', 'dikirim ulang');
    expect(resolved.resolution.kind).toBe('resent');
    expect((await json(store, 'cases', '--status', 'dieskalasi,terbuka')).map((c: { ref: string }) => c.ref).sort()).toEqual([debt, drain].sort());
    expect((await json(store, 'cases', '--status', 'selesai')).map((c: { status: string }) => c.status)).toEqual(['resolved']);
    // The English codes keep working, and both can be mixed.
    expect((await json(store, 'cases', '--status', 'resolved,escalated')).map((c: { ref: string }) => c.ref).sort()).toEqual([debt, failed].sort());
    const fresh = await runCli(['diagnose', '-a', example('pulsa-wrong-number'), '--priority', 'rendah', '--json', '--store', store], { env: NOW });
    expect(JSON.parse(fresh.stdout).priority).toBe('low');
  });

  it('an unknown value lists the accepted values in the current language and changes nothing', async () => {
    const store = join(tempDir(), 'store.json');
    const [ref] = await opened(store, 'pulsa-operator-debt');
    const before = storeSnapshot(store);
    const id = await runCli(['resolve', ref!, '--resolution', 'ganti', '--note', 'x', '--store', store], { env: NOW });
    expect(id.code).toBe(2);
    expect(id.stderr).toBe('pulsa: Nilai --resolution tidak valid: ganti (pilihan: refund, kirim-ulang, dijelaskan, diperbaiki-operator, lainnya)\nBantuan: pulsa resolve --help\n');
    const en = await runCli(['resolve', ref!, '--resolution', 'ganti', '--note', 'x', '--lang', 'en', '--store', store], { env: NOW });
    expect(en.stderr).toBe('pulsa: Invalid --resolution: ganti (choices: refund, resent, explained, operator-fixed, other)\nHelp: pulsa resolve --help\n');
    const status = await runCli(['stats', '--status', 'hilang', '--store', store], { env: NOW });
    expect(status.stderr).toBe('pulsa: Nilai --status tidak valid: hilang (pilihan: draf, terbuka, dieskalasi, selesai, ditutup, dibuka-lagi)\nBantuan: pulsa stats --help\n');
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('tables show Indonesian labels; --json keeps the codes', () => {
  async function seeded(): Promise<{ store: string; debt: string; drain: string }> {
    const store = join(tempDir(), 'store.json');
    const refs: string[] = [];
    for (const name of ['pulsa-operator-debt', 'pulsa-data-drain']) {
      refs.push(JSON.parse((await runCli(['diagnose', '-a', example(name), '--json', '--store', store], { env: NOW })).stdout).ref);
    }
    await runCli(['escalate', refs[0]!, '--to', 'operator', '--store', store], { env: NOW });
    return { store, debt: refs[0]!, drain: refs[1]! };
  }

  it('pulsa cases and pulsa show', async () => {
    const { store, debt, drain } = await seeded();
    const table = (await runCli(['cases', '--store', store], { env: NOW })).stdout;
    expect(table).toMatch(new RegExp(`${debt} +dieskalasi +081234567890 +Hutang pulsa ke opera`));
    expect(table).toMatch(new RegExp(`${drain} +terbuka +081234567890 +Pulsa tersedot data`));
    const english = (await runCli(['cases', '--lang', 'en', '--store', store], { env: NOW })).stdout;
    expect(english).toMatch(new RegExp(`${debt} +escalated +081234567890 +Debt to the operator`));
    const listed = JSON.parse((await runCli(['cases', '--json', '--store', store], { env: NOW })).stdout);
    expect(listed.map((c: { status: string; cause: string }) => [c.status, c.cause]).sort()).toEqual([
      ['escalated', 'operator-debt'],
      ['open', 'data-drain'],
    ]);

    const shown = (await runCli(['show', debt, '--store', store], { env: NOW })).stdout;
    expect(shown).toMatch(/│ Status\s+│ dieskalasi/);
    expect(shown).toMatch(/│ Prioritas\s+│ normal\*/);
    expect(shown).toMatch(/│ Penyebab\s+│ Hutang pulsa ke operator \[operator-debt\]/);
    expect(shown).toMatch(/dieskalasi terbuka → dieskalasi/);
    expect((await runCli(['show', debt, '--json', '--store', store], { env: NOW })).stdout).toContain('"status": "escalated"');
  });

  it('pulsa stats names causes as the checklist does', async () => {
    const { store } = await seeded();
    const stats = (await runCli(['stats', '--store', store], { env: NOW })).stdout;
    expect(stats).toMatch(/Hutang pulsa ke operator +\|#+/);
    expect(JSON.parse((await runCli(['stats', '--json', '--store', store], { env: NOW })).stdout).cases.byCause.map((c: { key: string }) => c.key).sort()).toEqual([
      'data-drain',
      'operator-debt',
    ]);
  });
});

describe('pulsa cases fits the screen', () => {
  async function busyStore(): Promise<string> {
    const store = join(tempDir(), 'store.json');
    // The longest cause titles, an escalation past its deadline and a price, to fill every column.
    for (const name of ['pulsa-number-unrecognised', 'pulsa-wanted-package', 'pulsa-operator-debt', 'pulsa-escalate-operator']) {
      await runCli(['diagnose', '-a', example(name), '--store', store], { env: NOW });
    }
    await runCli(['escalate', '4', '--to', 'operator', '--due', '1h', '--store', store], { env: NOW });
    return store;
  }
  const later = { PULSA_DOCTOR_NOW: '2026-11-25T09:00:00Z' };
  const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

  it('below 100 columns: compact, one line a case, the most useful columns first', async () => {
    const store = await busyStore();
    for (const env of [{ ...later, COLUMNS: '80' }, later]) {
      const { stdout } = await runCli(['cases', '--store', store], { env });
      expect(widest(stdout)).toBeLessThanOrEqual(80);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^Nomor kasus +Status +Nomor +Penyebab +Tenggat$/);
      expect(lines.filter((l) => /^KP-20261125-000\d /.test(l))).toHaveLength(4);
      expect(stdout).not.toMatch(/[│┌]/);
      // A long cause is cut to fit, and the missed deadline is marked and explained.
      expect(stdout).toMatch(/KP-20261125-0001 +terbuka +081012345678 +Nomor tidak dikenal[^ ]*…/);
      expect(stdout).toMatch(/KP-20261125-0004 +dieskalasi .* 25\/11 11:00!\n/);
      expect(lines.at(-1)).toBe('! = tenggat tindak lanjut sudah lewat');
    }
  });

  it('from 100 columns: the full table, still within the width', async () => {
    const store = await busyStore();
    for (const width of [100, 120, 160]) {
      const { stdout } = await runCli(['cases', '--store', store], { env: { ...later, COLUMNS: String(width) } });
      expect(widest(stdout), `COLUMNS=${width}`).toBeLessThanOrEqual(width);
      expect(stdout).toMatch(/│ Nomor kasus +│ Status +│ Nomor +│ Penyebab +│ Tenggat +│/);
      expect(stdout).toMatch(/│ 25\/11\/2026 11:00! │/);
    }
    const wide = (await runCli(['cases', '--store', store], { env: { ...later, COLUMNS: '200' } })).stdout;
    expect(widest(wide)).toBeLessThanOrEqual(200);
    expect(wide).toMatch(/│ Tenggat +│ Prioritas +│ Nominal +│ Dibuat +│/);
    expect(wide).toContain('Nomor tidak dikenali, padahal supplier bilang sukses');
    expect((await runCli(['cases', '--store', store], { env: { ...later, COLUMNS: '120' } })).stdout).toMatch(/│ Prioritas +│ Nominal +│\n/);
  });

  it('follows the terminal’s width when COLUMNS is not set', async () => {
    const store = await busyStore();
    const term = new TerminalSession(['cases', '--store', store], { ...later, COLUMNS: '' });
    expect(await term.exited).toBe(0);
    const screen = term.screen.replace(/\r/g, '');
    expect(screen).toContain('│ Nomor kasus');
    expect(widest(screen)).toBeLessThanOrEqual(100);
  });
});

describe('diagnose --no-input on a terminal', () => {
  it('asks nothing and names the answers it would need', async () => {
    const store = join(tempDir(), 'store.json');
    const term = new TerminalSession(['diagnose', '--no-input', '--checklist', 'pulsa-tidak-masuk', '--store', store]);
    expect(await term.exited).toBe(2);
    expect(term.screen.replace(/\r?\n/g, ' ')).toContain(
      'pulsa: --no-input: tidak ada yang ditanyakan, dan checklist pulsa-tidak-masuk masih perlu jawaban: number, nominal, status, claimedNumber, claimedNominal, debt, mobileData, subscription. Berikan lewat --answers <file|->.',
    );
    expect(term.screen).not.toContain('terminal');
    expect(existsSync(store)).toBe(false);
  });

  it('names what a resumed draft still lacks', async () => {
    const store = join(tempDir(), 'store.json');
    // A draft is what Ctrl-C leaves in the interview.
    const term = new TerminalSession(['diagnose', '--checklist', 'pulsa-tidak-masuk', '--store', store]);
    await term.answer('Nomor tujuan yang dikirim', '081234567890');
    await term.waitFor('Nominal yang dikirim');
    term.ctrlC();
    expect(await term.exited).toBe(130);
    const ref = /draf (KP-\d{8}-\d{4})/.exec(term.screen)?.[1];
    expect(ref).toBeTruthy();
    const resumed = new TerminalSession(['diagnose', '--no-input', '--resume', ref!, '--store', store]);
    expect(await resumed.exited).toBe(2);
    expect(resumed.screen.replace(/\r?\n/g, ' ')).toMatch(/masih perlu jawaban: nominal, status, claimedNumber,/);
  });
});
