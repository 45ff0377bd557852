import { join } from 'node:path';
import * as commander from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { helpTexts } from '../../src/ui/usage.js';

const text = helpTexts(join(import.meta.dirname, '..', '..', 'messages', 'help.json'), 'id');
const build = (args?: string[]) => buildProgram(commander, 'id', text, args && ['node', 'pulsa', ...args]);
const names = (program: commander.Command) => program.commands.map((c) => c.name());

describe('the program for a command line', () => {
  it('makes only the command the line names, by its name or an alias, wherever the program’s options put it', () => {
    const all = build();
    expect(all.commands.length).toBeGreaterThan(25);
    for (const command of all.commands) {
      for (const name of [command.name(), ...command.aliases()]) {
        // Option values that are command names are not taken for the command.
        for (const args of [[name], [name, '--json'], ['--store', 'cases', name, 'x'], ['--lang=en', '--no-color', name], ['--person', 'diagnose', '--counter', 'store', '--lang', 'en', name]]) {
          expect(names(build(args)), args.join(' ')).toEqual([command.name()]);
        }
      }
    }
  });

  it('makes a group’s subcommands with it', () => {
    const all = build();
    for (const group of ['store', 'checklists']) {
      const made = build([group, 'x']).commands;
      expect(made.map((c) => names(c))).toEqual([names(all.commands.find((c) => c.name() === group)!)]);
    }
  });

  it('makes every command for a line that names none, and none for a word that is no command (main then makes them all)', () => {
    for (const args of [[], ['--store', 'x'], ['--', 'cases']]) expect(names(build(args)), args.join(' ')).toEqual(names(build()));
    for (const args of [['casse'], ['help', 'cases'], ['--store', 'x', 'kasus'], ['-']]) expect(names(build(args)), args.join(' ')).toEqual([]);
  });
});
