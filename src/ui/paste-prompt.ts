/** The multi-line prompt a supplier reply is pasted into at the counter. */
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { Interrupted } from './prompts.js';

/**
 * Reads pasted lines until an empty line follows some text (a pasted reply ends with Enter, then Enter again).
 * Ctrl-C rejects with Interrupted.
 */
export function promptPastedText(message: string, output: Writable = process.stderr, input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    // The terminal is put into raw mode first, then asked: a Ctrl-C typed as soon as the question shows is a key
    // the prompt reads (Interrupted, exit 130), not a SIGINT that kills the process before it listens.
    const rl = createInterface({ input, output, terminal: true, prompt: '' });
    output.write(`${message}\n`);
    const lines: string[] = [];
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      rl.close();
      if (error) reject(error);
      else resolve(lines.join('\n'));
    };
    rl.on('line', (line) => {
      if (line.trim() === '' && lines.some((l) => l.trim() !== '')) finish();
      else lines.push(line);
    });
    rl.on('SIGINT', () => finish(new Interrupted()));
    rl.on('close', () => finish());
  });
}
