/** Writing large output to a stream without letting memory grow: wait for "drain" when the pipe is full. */
import type { Writable } from 'node:stream';

export function writeOut(stream: Writable, data: string | Uint8Array): Promise<void> | void {
  if (!stream.write(data)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Writes `items` as one JSON array, byte for byte what `JSON.stringify(items.map(toJson), null, 2)` gives,
 * a few hundred items at a time: stringifying 100,000 cases at once took 1.3 GB.
 */
export async function writeJsonArray<T>(stream: Writable, items: Iterable<T>, toJson: (item: T) => unknown, perWrite = 256): Promise<void> {
  let batch: unknown[] = [];
  let written = false;
  const flush = async () => {
    // A batch stringified as an array is indented as the whole array would be; only its brackets go.
    const json = JSON.stringify(batch, null, 2);
    await writeOut(stream, (written ? ',\n' : '[\n') + json.slice(2, -2));
    written = true;
    batch = [];
  };
  for (const item of items) {
    batch.push(toJson(item));
    if (batch.length >= perWrite) await flush();
  }
  if (batch.length) await flush();
  await writeOut(stream, written ? '\n]\n' : '[]\n');
}
