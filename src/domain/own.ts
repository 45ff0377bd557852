/**
 * record[key] when `key` is one of the record's own keys. A table looked up by what someone typed or a data file
 * holds must not answer `constructor` or `__proto__` with what every object inherits.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty lookup table for keys from outside: with no prototype, `constructor` or `__proto__` is a key like any other. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
