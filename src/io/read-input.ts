/** Reading a file argument that may be `-` for standard input. */
import { readFile } from 'node:fs/promises';

export async function readTextInput(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if (source !== '-') return readFile(source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
