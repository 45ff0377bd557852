/**
 * SHA-256 for evidence files and case comparison, with node:crypto loaded on first use: loading it costs some
 * 6 ms of start-up (it pulls in sixteen internal modules), and it was loaded by every command that opens a store,
 * though only evidence, `store copy` and `store verify` hash anything.
 */
import type { Hash } from 'node:crypto';

let crypto: typeof import('node:crypto') | undefined;

/** A new SHA-256 digest, to be fed in pieces. */
export function sha256(): Hash {
  // Not through node:module's createRequire: loading node:module (with Node's ES module loader behind it) and
  // parsing this file's URL cost a start that never hashes about 0.5 ms.
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.createHash('sha256');
}

/** The SHA-256 of `data`, in hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return sha256().update(data).digest('hex');
}
