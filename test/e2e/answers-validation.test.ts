import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = { PULSA_DOCTOR_NOW: '2026-11-25T12:00:00+07:00' };
const base = JSON.parse(readFileSync('examples/pulsa-escalate-operator.json', 'utf8'));

function diagnose(store: string, answers: string) {
  return runCli(['diagnose', '-a', '-', '--lang', 'en', '--json', '--store', store], { input: answers, env: NOW });
}

describe('answers of the wrong kind are refused, not coerced, and nothing is saved', () => {
  const cases: [string, string, string][] = [
    ['an object as the SN', JSON.stringify({ ...base, sn: { a: 1 } }), 'must be text or a number, not: "an object"'],
    ['a list as the nominal', JSON.stringify({ ...base, nominal: [50000] }), 'must be text or a number, not: "a list"'],
    ['a NUL in the SN', JSON.stringify({ ...base, sn: 'SN\u0000123' }), 'invisible control characters'],
    ['an escape sequence in the SN', JSON.stringify({ ...base, sn: '\u001b]0;owned\u0007' }), 'invisible control characters'],
    ['an SN of 500 characters', JSON.stringify({ ...base, sn: 'x'.repeat(500) }), 'too long'],
    ['400 nines as the nominal', JSON.stringify({ ...base, nominal: '9'.repeat(400) }), 'too long'],
    ['80 nines as the nominal', JSON.stringify({ ...base, nominal: '9'.repeat(80) }), 'not a rupiah amount'],
    ['a 20-digit nominal', JSON.stringify({ ...base, nominal: '12345678901234567890' }), 'not a rupiah amount'],
    ['a transaction time centuries ahead', JSON.stringify({ ...base, time: '25/11/2999 10:00' }), 'in the future'],
    ['a transaction time centuries back', JSON.stringify({ ...base, time: '25/11/1826 10:00' }), 'more than 10 years ago'],
    ['a deeply nested SN', `{"sn": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`, 'must be text or a number'],
  ];
  for (const [what, answers, message] of cases) {
    it(what, async () => {
      const store = join(tempDir(), 'store.json');
      const run = await diagnose(store, answers);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(existsSync(store)).toBe(false);
    });
  }

  it('reads an answers file saved with a UTF-8 BOM', async () => {
    const dir = tempDir();
    const file = join(dir, 'answers.json');
    writeFileSync(file, '\uFEFF' + JSON.stringify(base));
    const run = await runCli(['diagnose', '-a', file, '--json', '--store', join(dir, 'store.json')], { env: NOW });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).cause).toBe('escalate-operator');
  });
});

describe('dates and deadlines out of all proportion', () => {
  it('are exit 2: --due 999999999d, a due date centuries away, --since 99999999999d', async () => {
    const store = join(tempDir(), 'store.json');
    const ref = JSON.parse((await diagnose(store, JSON.stringify(base))).stdout).ref;
    for (const due of ['999999999d', '99999999999999999999h', '1/1/2999']) {
      const run = await runCli(['escalate', ref, '--to', 'operator', '--due', due, '--store', store], { env: NOW });
      expect(run.code, due).toBe(2);
    }
    for (const args of [['cases', '--since', '99999999999d'], ['export', '--until', '99999999999d']]) {
      const run = await runCli([...args, '--store', store], { env: NOW });
      expect(run.code, args.join(' ')).toBe(2);
    }
  });
});

describe('terminal escape sequences in any input', () => {
  const ESC = '\u001b';
  it('are neutralised before they are printed: a note, a CSV cell, a reference in an error', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    const ref = JSON.parse((await diagnose(store, JSON.stringify(base))).stdout).ref;
    expect((await runCli(['note', ref, `hello ${ESC}[2J${ESC}]0;owned\u0007 \u009b31m`, '--store', store], { env: NOW })).code).toBe(0);
    const shown = await runCli(['show', ref, '--store', store], { env: NOW });
    expect(shown.stdout).toContain('hello \\x1b[2J\\x1b]0;owned\\x07 \\x9b31m');
    const json = await runCli(['show', ref, '--json', '--store', store], { env: NOW });
    expect(JSON.parse(json.stdout).notes[0].text).toBe(`hello ${ESC}[2J${ESC}]0;owned\u0007 \u009b31m`);
    const csv = join(dir, 'trx.csv');
    writeFileSync(csv, `tanggal;trxid;tujuan;kode_produk;nominal;status;sn\n25/11/2026 09:00;T1${ESC}[2J;0810 1234 5678;S10;10.000;Sukses;SN1\n`);
    const missing = await runCli(['show', `KP-20261125-0009${ESC}[2J`, '--store', store], { env: NOW });
    const listed = await runCli(['cases', '--json', '--store', store], { env: NOW });
    expect(JSON.parse(listed.stdout)[0].notes[0].text).toBe(`hello ${ESC}[2J${ESC}]0;owned\u0007 \u009b31m`);
    const since = await runCli(['cases', '--json', '--since', '30d', '--store', store], { env: NOW });
    expect(since.stdout).toBe(listed.stdout);
    const exported = await runCli(['export', '--format', 'json', '--store', store], { env: NOW });
    expect(JSON.parse(exported.stdout)[0].notes[0].text).toBe(`hello ${ESC}[2J${ESC}]0;owned\u0007 \u009b31m`);
    const ndjson = await runCli(['export', '--format', 'ndjson', '--store', store], { env: NOW });
    for (const output of [shown.stdout + shown.stderr, json.stdout, (await runCli(['batch', csv], { env: NOW })).stdout, missing.stderr, listed.stdout, exported.stdout, ndjson.stdout]) {
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
  });
});
