/** Reading a file argument that may be `-` for standard input. */
import { readFileSync } from 'node:fs';
import { EXIT, PulsaError } from '../errors.js';

/** `stdin` defaults to process.stdin, touched only for `-`: Node builds that stream on first use (about 3 ms). */
export async function readTextInput(source: string, stdin?: NodeJS.ReadableStream): Promise<string> {
  // Notepad and Excel save UTF-8 with a BOM, which JSON.parse refuses. A small file, read at once: a read
  // through libuv's thread pool would start the pool (about 1.5 ms on a slow machine) for this one file.
  if (source !== '-') return readFileSync(source, 'utf8').replace(/^\uFEFF/, '');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin ?? process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Reads a JSON object from a file or `-` (stdin). Anything else (unreadable, not JSON, not an object) is a
 * PulsaError with `errorKey`, naming the source and the reason; `shape` shows what was expected.
 */
export async function readJsonObject(source: string, errorKey: string, shape: string): Promise<Record<string, unknown>> {
  const label = source === '-' ? 'stdin' : source;
  let json: unknown;
  try {
    json = JSON.parse(await readTextInput(source));
  } catch (error) {
    throw new PulsaError(errorKey, { source: label, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }, EXIT.input);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new PulsaError(errorKey, { source: label, reason: `expected a JSON object ${shape}` }, EXIT.input);
  }
  return json as Record<string, unknown>;
}
