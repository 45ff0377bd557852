import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

describe('store check and repair on a path that is not a store', () => {
  it('refuse a folder in one line, exit 3, and make nothing beside it', async () => {
    const dir = tempDir();
    const folder = join(dir, 'toko');
    mkdirSync(folder);
    for (const command of ['check', 'repair']) {
      const run = await runCli(['--lang', 'en', '--store', folder, 'store', command]);
      expect(run, command).toMatchObject({ code: 3, stdout: '', stderr: `pulsa: Cannot read store file ${folder}: that is a folder, not a file (EISDIR)\n` });
    }
    expect(readdirSync(dir)).toEqual(['toko']);
  });

  it('refuse some other file, leaving it where it is, but still repair a store head cut short', async () => {
    const dir = tempDir();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    for (const command of ['check', 'repair']) {
      const run = await runCli(['--lang', 'en', '--store', notes, 'store', command]);
      expect(run.code, command).toBe(3);
      expect(run.stderr, command).toBe(`pulsa: ${notes} is not a pulsa-doctor store file: there is no notes.cases folder beside it, and it does not hold case data. Nothing was changed; check --store.\n`);
    }
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
    expect(readdirSync(dir)).toEqual(['notes.txt']);

    const cut = join(dir, 'store.json');
    writeFileSync(cut, '{"schemaVersion":1,"lay');
    expect((await runCli(['--store', cut, 'store', 'repair'])).code).toBe(0);
    expect(JSON.parse(readFileSync(cut, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(existsSync(join(dir, 'store.quarantine'))).toBe(true);
  });
});

describe('store check and repair on a path where nothing is', () => {
  it('say there is no store there, exit 3, and make nothing', async () => {
    const dir = tempDir();
    const missing = join(dir, 'typo.json');
    for (const command of ['check', 'repair']) {
      const run = await runCli(['--lang', 'en', '--store', missing, 'store', command]);
      expect(run.code, command).toBe(3);
      expect(run.stderr, command).toContain(`There is no store at ${missing}`);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('--out to a path the system refuses', () => {
  it('is named as given, exit 2, for export, backup and report', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    expect((await runCli(['diagnose', '--answers', 'examples/pulsa-operator-debt.json', '--json', '--store', store])).code).toBe(0);
    // A name longer than any file system allows (root may write anywhere, so a read-only folder would not do).
    const out = join(dir, `${'a'.repeat(300)}.csv`);
    for (const args of [['export', '--out', out], ['backup', '--out', out], ['report', '--week', '--out', out]]) {
      const run = await runCli(['--lang', 'en', ...args, '--store', store]);
      expect(run.code, args[0]).toBe(2);
      expect(run.stderr, args[0]).toMatch(new RegExp(`^pulsa: Cannot write ${out}: .*ENAMETOOLONG.*\\n$`));
    }
    expect(readdirSync(dir).sort()).toEqual(['store.cases', 'store.json']);
  });

  it('refuses a path ending in a slash, which names a folder, and writes nothing', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    expect((await runCli(['diagnose', '--answers', 'examples/pulsa-operator-debt.json', '--json', '--store', store])).code).toBe(0);
    const out = join(dir, 'newdir') + '/';
    const run = await runCli(['--lang', 'en', 'export', '--out', out, '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Cannot write ${out}: it is not a regular file (directory)`);
    expect(readdirSync(dir).sort()).toEqual(['store.cases', 'store.json']);
  });
});
