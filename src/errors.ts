/** Typed errors carry a message-catalogue key; the CLI entry alone turns them into text and exit codes. */

export const EXIT = {
  ok: 0,
  failure: 1,
  /** Bad input: a usage mistake, an invalid answer or date, a missing answer. */
  input: 2,
  /** The store cannot be read or written; it was left as it was. */
  store: 3,
  notFound: 4,
  /** Another counter changed the case meanwhile; nothing was written, and trying again is safe. */
  conflict: 5,
  /** Ctrl-C, as shells report SIGINT. */
  interrupted: 130,
} as const;

export class PulsaError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string | number> = {},
    readonly exitCode: number = EXIT.failure,
  ) {
    super(`${key} ${JSON.stringify(vars)}`);
  }
}
