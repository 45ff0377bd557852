/** Reading hand-edited JSON data files with errors that name the file, the place and the field. */
import { LANGS, type Text } from './text.js';

/** Placeholders `{code.<name>}` refer to the detected operator's codes. */
export const CODE_VAR_PREFIX = 'code.';

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${file}: ${where}: ${problem}`);
  }
}

export type Json = unknown;

/** Gathers every mistake in a data file instead of stopping at the first, so a shop can fix them all at once. */
export class Problems {
  readonly list: DataFileError[] = [];

  /** Runs `read`; a DataFileError it throws is recorded and `fallback` returned so validation goes on. */
  attempt<T>(read: () => T, fallback: T): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      this.list.push(error);
      return fallback;
    }
  }

  /** The first mistake as an exception: loading for a command stops there, as before. */
  throwFirst(): void {
    if (this.list.length > 0) throw this.list[0];
  }
}

export class Reader {
  constructor(
    private readonly file: string,
    private readonly where: string,
  ) {}

  at(where: string): Reader {
    return new Reader(this.file, where);
  }

  fail(field: string, problem: string): never {
    throw new DataFileError(this.file, this.where ? `${this.where} field "${field}"` : `field "${field}"`, problem);
  }

  object(value: Json, field: string): Record<string, Json> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'must be an object');
    return value as Record<string, Json>;
  }

  array(value: Json, field: string): Json[] {
    if (!Array.isArray(value)) this.fail(field, 'must be a list');
    return value;
  }

  string(value: Json, field: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, 'must be a non-empty text');
    return value;
  }

  stringList(value: Json, field: string): string[] {
    return this.array(value, field).map((item, i) => this.string(item, `${field}[${i}]`));
  }

  text(value: Json, field: string, vars: Set<string>): Text {
    const obj = this.object(value, field);
    const text = {} as Text;
    for (const lang of LANGS) {
      const s = this.string(obj[lang], `${field}.${lang}`);
      for (const name of placeholdersIn(s)) {
        if (!vars.has(name) && !name.startsWith(CODE_VAR_PREFIX)) {
          this.fail(`${field}.${lang}`, `unknown placeholder {${name}}; known: ${[...vars].join(', ')}, {code.<name>}`);
        }
      }
      text[lang] = s;
    }
    return text;
  }
}

/**
 * The names in `{...}` (from a brace to the next closing one), as /\{([^}]*)\}/g finds them. Found with indexOf:
 * a checklist has hundreds of texts, and matchAll copies its regular expression for each, which was a third of
 * validating one (the file chosen is validated on every diagnose).
 */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (let open = text.indexOf('{'); open !== -1; ) {
    const close = text.indexOf('}', open + 1);
    if (close === -1) break;
    names.push(text.slice(open + 1, close));
    open = text.indexOf('{', close + 1);
  }
  return names;
}
