import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as commander from 'commander';
import { describe, expect, it } from 'vitest';
import { programInLanguage } from '../../src/cli.js';
import type { Lang } from '../../src/domain/text.js';
import { programHelp, programHelpRequest } from '../../src/program-help.js';
import { formatHelpPage, recordHelpPage } from '../../src/ui/help-page.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

/** What Commander itself shows as the program's help, `width` columns wide. */
function commanderHelp(lang: Lang, width: number): string {
  const program = programInLanguage(commander, lang);
  program.configureOutput({ getOutHelpWidth: () => width, getOutHasColors: () => false });
  return program.helpInformation();
}

describe('the recorded help page', () => {
  it('is laid out exactly as Commander lays out the program’s help, at every width and in both languages', () => {
    for (const lang of ['id', 'en'] as const) {
      const page = recordHelpPage(programInLanguage(commander, lang));
      // Through JSON, as the build stores it.
      const stored = JSON.parse(JSON.stringify(page)) as typeof page;
      for (let width = 10; width <= 220; width++) {
        expect(formatHelpPage(commander.Help, stored, width), `${lang} at ${width} columns`).toBe(commanderHelp(lang, width));
      }
    }
  });

  it('wraps to the width it is given, and speaks the language it was recorded in', () => {
    const id = recordHelpPage(programInLanguage(commander, 'id'));
    const narrow = formatHelpPage(commander.Help, id, 80);
    const wide = formatHelpPage(commander.Help, id, 200);
    expect(Math.max(...narrow.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(Math.max(...wide.split('\n').map((line) => line.length))).toBeGreaterThan(100);
    expect(narrow.split('\n').length).toBeGreaterThan(wide.split('\n').length);
    expect(narrow).toMatch(/^Penggunaan: pulsa \[opsi\] \[perintah\]\n/);
    expect(narrow).toContain('\nPerintah:\n  diagnose|cek [opsi]');
    const en = formatHelpPage(commander.Help, recordHelpPage(programInLanguage(commander, 'en')), 60);
    expect(en).toMatch(/^Usage: pulsa \[options\] \[command\]\n/);
  });
});

describe('a command line asking for the program’s help', () => {
  const request = (...args: string[]) => programHelpRequest(['node', 'pulsa', ...args]);

  it('is --help, -h or help, with --lang id or en anywhere; pulsa alone asks for it as a usage mistake', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['--lang', 'en', '--help'], ['--help', '--lang=EN'], ['--lang', 'id', 'help', '--lang', 'en']]) {
      expect(request(...args), args.join(' ')).toEqual({ error: false });
    }
    for (const args of [[], ['--lang', 'en'], ['--lang=id']]) expect(request(...args), args.join(' ')).toEqual({ error: true });
  });

  it('is not anything else, which Commander parses', () => {
    for (const args of [
      ['cases', '--help'],
      ['help', 'cases'],
      ['--help', '--help'],
      ['--lang', 'fr', '--help'],
      ['--lang'],
      ['--help', '--lang'],
      ['--lang', '--help'],
      ['--store', 'x', '--help'],
      ['--', '--help'],
      ['--version'],
      ['--HELP'],
    ]) {
      expect(request(...args), args.join(' ')).toBeUndefined();
    }
  });
});

describe('the program’s help from the recorded page', () => {
  it('is left to Commander where the page has colour and the stream shows none, as Commander takes it out', async () => {
    const page = recordHelpPage(programInLanguage(commander, 'id'));
    page.titles['Usage:'] = '\u001b[1mPenggunaan:\u001b[22m';
    const file = join(tempDir(), 'help-pages.json');
    writeFileSync(file, JSON.stringify({ id: page, en: page }));
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    process.env.NO_COLOR = '1';
    delete process.env.FORCE_COLOR;
    try {
      // Nothing is written: the help build shows it.
      expect(await programHelp(['node', 'pulsa', '--help'], file)).toBeUndefined();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
