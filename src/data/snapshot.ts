/**
 * Shipped data files as the build validated them (dist/bundle/data.snapshot, written by scripts/bundle-cli.mjs).
 *
 * Validating a checklist costs a command more than reading it (about 2 ms of diagnose's start on a fast machine,
 * against 0.1 ms to read the file), and choosing the default checklist meant parsing every installed one for
 * its `order`. A file whose bytes are exactly those the build validated gives the same result, so for such a
 * file the build's result is used. Anything else (a shop's own file, an edited or replaced shipped file, a
 * snapshot that is missing, from another layout or damaged) is read and validated as before: the snapshot only
 * ever stands in for work whose outcome it holds.
 *
 * Layout: a first line naming the format, a second with the JSON index, then the entries' bytes. Each entry
 * holds the file's bytes and the validated value as ASCII JSON, whose regular expressions (JSON has none) are
 * written as `{"$regexp": [source, flags]}` and made again where each kind of file has them. The shipped message
 * catalogue is there too, parsed (it is checked by the test suite, not at run time), with its messages in each
 * language as parts of their own: a command reads the 60 KB of one language, not both.
 */
import { readFileSync } from 'node:fs';

const MAGIC = 'pulsa-doctor data snapshot 1';

export type SnapshotKind = 'checklist' | 'operators' | 'policy' | 'catalogue';

export interface SnapshotFile {
  /** The file's name in its folder (`pulsa-tidak-masuk.json`). */
  name: string;
  kind: SnapshotKind;
  bytes: Uint8Array;
  /** The validator's result for these bytes. */
  value: unknown;
  /** Parts of the value a command may want alone (the catalogue's messages in one language), each read by itself. */
  parts?: Record<string, unknown>;
}

interface IndexEntry {
  kind: SnapshotKind;
  /** A checklist's menu position, for choosing the default without reading the value. */
  order?: number;
  /** Offsets into the body: the file's bytes, then its value's JSON, and each part's. */
  bytes: [number, number];
  value: [number, number];
  parts?: Record<string, [number, number]>;
}

const REGEXP = '$regexp';

function freeze(_key: string, value: unknown): unknown {
  return value instanceof RegExp ? { [REGEXP]: [value.source, value.flags] } : value;
}

function thawRegExp(frozen: unknown): RegExp {
  const parts = (frozen as Record<string, unknown> | null)?.[REGEXP];
  if (!Array.isArray(parts) || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') throw new Error('not a frozen regular expression');
  return new RegExp(parts[0], parts[1]);
}

/** Where each kind's validated value holds regular expressions. */
const THAW: Record<SnapshotKind, (value: Record<string, unknown>) => void> = {
  checklist: (c) => {
    c.productCodes = (c.productCodes as unknown[]).map(thawRegExp);
  },
  operators: (t) => {
    for (const product of t.products as { pattern: unknown }[]) product.pattern = thawRegExp(product.pattern);
  },
  // Looked up by a finding's cause, which a shop's checklist names: no name every object has may match.
  policy: (p) => {
    p.escalateTo = Object.assign(Object.create(null), p.escalateTo);
  },
  catalogue: () => {},
};

/**
 * JSON with every character past ASCII escaped (`\u00e9`): read back byte for byte, it makes a one-byte string,
 * half the memory of the two-byte string one accented letter turns a decoded file into, and quicker to parse.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value, freeze).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The snapshot's bytes for `files`. */
export function writeSnapshot(files: SnapshotFile[]): Buffer {
  const index: Record<string, IndexEntry> = {};
  const parts: Buffer[] = [];
  let at = 0;
  const add = (bytes: Buffer): [number, number] => {
    parts.push(bytes);
    at += bytes.length;
    return [at - bytes.length, at];
  };
  for (const file of files) {
    const order = file.kind === 'checklist' ? (file.value as { order: number }).order : undefined;
    index[file.name] = {
      kind: file.kind,
      ...(order === undefined ? {} : { order }),
      bytes: add(Buffer.from(file.bytes)),
      value: add(Buffer.from(asciiJson(file.value), 'latin1')),
      ...(file.parts ? { parts: Object.fromEntries(Object.entries(file.parts).map(([part, value]) => [part, add(Buffer.from(asciiJson(value), 'latin1'))])) } : {}),
    };
  }
  return Buffer.concat([Buffer.from(`${MAGIC}\n${JSON.stringify(index)}\n`, 'utf8'), ...parts]);
}

export class Snapshot {
  private constructor(
    private readonly index: Record<string, IndexEntry>,
    private readonly body: Buffer,
  ) {}

  /** The snapshot in `path`; undefined when there is none or it cannot be read as one. */
  static open(path: string): Snapshot | undefined {
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      return undefined;
    }
    const magicEnd = data.indexOf(10);
    const indexEnd = magicEnd === -1 ? -1 : data.indexOf(10, magicEnd + 1);
    if (indexEnd === -1 || data.toString('latin1', 0, magicEnd) !== MAGIC) return undefined;
    let index: Record<string, IndexEntry>;
    try {
      index = JSON.parse(data.toString('utf8', magicEnd + 1, indexEnd)) as Record<string, IndexEntry>;
    } catch {
      return undefined;
    }
    const body = data.subarray(indexEnd + 1);
    const fits = ([start, end]: unknown[]) => Number.isInteger(start) && Number.isInteger(end) && 0 <= (start as number) && (start as number) <= (end as number) && (end as number) <= body.length;
    const fitsAll = (parts: unknown) => parts === undefined || (typeof parts === 'object' && parts !== null && Object.values(parts).every((p) => Array.isArray(p) && fits(p)));
    const valid =
      typeof index === 'object' &&
      index !== null &&
      Object.values(index).every((e) => e !== null && typeof e === 'object' && Array.isArray(e.bytes) && Array.isArray(e.value) && fits(e.bytes) && fits(e.value) && fitsAll(e.parts) && Object.hasOwn(THAW, e.kind));
    return valid ? new Snapshot(index, body) : undefined;
  }

  private entry(name: string, kind: SnapshotKind, bytes: Uint8Array): IndexEntry | undefined {
    const entry = Object.hasOwn(this.index, name) ? this.index[name] : undefined;
    if (!entry || entry.kind !== kind) return undefined;
    const [start, end] = entry.bytes;
    return end - start === bytes.length && this.body.subarray(start, end).equals(bytes) ? entry : undefined;
  }

  /** The checklist's `order` when `bytes` are exactly the file the build validated under `name`. */
  order(name: string, bytes: Uint8Array): number | undefined {
    return this.entry(name, 'checklist', bytes)?.order;
  }

  /**
   * The validated value of a file of this kind and name whose bytes are exactly `bytes`; undefined when the
   * snapshot does not hold those bytes (or its value cannot be read, which leaves the file to be validated).
   */
  value(name: string, kind: SnapshotKind, bytes: Uint8Array): unknown {
    const entry = this.entry(name, kind, bytes);
    return entry && this.read(entry.value, THAW[kind]);
  }

  /** One part of that value, alone (see SnapshotFile.parts); undefined where value() would be, or without the part. */
  part(name: string, kind: SnapshotKind, bytes: Uint8Array, part: string): unknown {
    const parts = this.entry(name, kind, bytes)?.parts;
    return parts && Object.hasOwn(parts, part) ? this.read(parts[part]!) : undefined;
  }

  /** The JSON at `range`, thawed; undefined when it cannot be read, which leaves the file to be read itself. */
  private read([start, end]: [number, number], thaw?: (value: Record<string, unknown>) => void): unknown {
    try {
      const value = JSON.parse(this.body.toString('latin1', start, end)) as Record<string, unknown>;
      thaw?.(value);
      return value;
    } catch {
      return undefined;
    }
  }
}
