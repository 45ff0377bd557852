/** One gate for what reaches the terminal: results to stdout, messages to stderr, colour only where wanted. */
import { standardError, standardOutput, type OutStream } from '../io/std-streams.js';
import { escapeJsonControls, neutraliseControls } from './sanitize.js';

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain: Paint = { bold: String, dim: String, red: String, green: String, yellow: String, cyan: String };

/**
 * Colour follows clig.dev: off for NO_COLOR (which chalk ignores), --no-color, TERM=dumb or a non-TTY stream;
 * FORCE_COLOR turns it on.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false || (env.NO_COLOR ?? '') !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

// chalk costs ~25 ms to import, so it is loaded only when a stream will actually show colour.
async function paintFor(enabled: boolean): Promise<Paint> {
  if (!enabled) return plain;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return chalk;
}

export interface Output {
  paint: Paint;
  errPaint: Paint;
  /** A result line, for people. */
  print(text: string): void;
  /** A machine-readable result. */
  json(value: unknown): void;
  /** A message for the person at the counter (progress, notices, errors). */
  info(text: string): void;
  stdout: OutStream;
  stderr: OutStream;
}

export async function createOutput(
  color: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
  stdout: OutStream = standardOutput(),
  stderr: OutStream = standardError(),
): Promise<Output> {
  const outColour = wantsColor(stdout, env, color);
  const errColour = wantsColor(stderr, env, color);
  const paint = await paintFor(outColour);
  const errPaint = await paintFor(errColour);
  return {
    paint,
    errPaint,
    stdout,
    stderr,
    print: (text) => void stdout.write(neutraliseControls(text, outColour) + '\n'),
    json: (value) => void stdout.write(escapeJsonControls(JSON.stringify(value, null, 2)) + '\n'),
    info: (text) => void stderr.write(neutraliseControls(text, errColour) + '\n'),
  };
}

/**
 * The columns a table may use: COLUMNS when set (as `ls` honours it), else the terminal's width, else 80 for
 * a file or a pipe.
 */
export function screenColumns(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (stream.isTTY && stream.columns) return stream.columns;
  return 80;
}
