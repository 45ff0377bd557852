import * as commander from 'commander';
import { describe, expect, it } from 'vitest';
import { programInLanguage } from '../../src/cli.js';
import type { Lang } from '../../src/domain/text.js';
import { programHelpRequest } from '../../src/program-help.js';
import { formatHelpPage, recordHelpPage } from '../../src/ui/help-page.js';

/** What Commander itself shows as the program's help, `width` columns wide. */
function commanderHelp(lang: Lang, width: number, hasColors = false): string {
  const program = programInLanguage(commander, lang);
  program.configureOutput({ getOutHelpWidth: () => width, getOutHasColors: () => hasColors });
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
      expect(formatHelpPage(commander.Help, stored, 80)).toBe(commanderHelp(lang, 80, true));
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
