/** Writing large output to a stream without letting memory grow: wait for "drain" when the pipe is full. */
import type { Writable } from 'node:stream';

export function writeOut(stream: Writable, text: string): Promise<void> | void {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}
