/** A seeded generator (mulberry32) of numbers in [0, 1). */
export function random(seed: number): () => number;
/** The sparse file: one sale every 2 seconds, about 1% of rows flagged. */
export function writeTransactions(path: string, rows: number): Promise<void>;
/** The dense file: `perDay` rows a day (default a million), seeded, about 6% of rows flagged by every kind of check. */
export function writeDenseTransactions(path: string, rows: number, options?: { seed?: number; perDay?: number }): Promise<void>;
