/** Writing large output to a stream without letting memory grow: wait for "drain" when the pipe is full. */
import type { OutStream } from './std-streams.js';

export function writeOut(stream: OutStream, data: string | Uint8Array): Promise<void> | void {
  if (!stream.write(data)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}
