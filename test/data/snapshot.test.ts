import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedDataFiles } from '../../src/data/load.js';
import { Snapshot, writeSnapshot } from '../../src/data/snapshot.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const files = shippedDataFiles();

/** toEqual ignores prototypes: a lookup table made without one (Object.create(null)) must come back without one. */
function expectSamePrototypes(actual: unknown, expected: unknown, at: string): void {
  if (typeof expected !== 'object' || expected === null) return;
  expect(Object.getPrototypeOf(actual), at).toBe(Object.getPrototypeOf(expected));
  for (const key of Object.keys(expected)) {
    expectSamePrototypes((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${at}.${key}`);
  }
}

function snapshotOf(bytes: Uint8Array): Snapshot | undefined {
  const path = join(tempDir(), 'data.snapshot');
  writeFileSync(path, bytes);
  return Snapshot.open(path);
}

describe('the data snapshot', () => {
  it('holds every shipped checklist, the operator table, the policy and the message catalogue', () => {
    expect(files.map((f) => `${f.kind}:${f.name}`).sort()).toEqual([
      'catalogue:catalogue.json',
      'checklist:ewallet.json',
      'checklist:kuota-tidak-masuk.json',
      'checklist:pulsa-tidak-masuk.json',
      'checklist:token-pln.json',
      'operators:operators.json',
      'policy:policy.json',
    ]);
  });

  it("gives back each file's validated value as the validator made it, regular expressions included", () => {
    const snapshot = snapshotOf(writeSnapshot(files))!;
    for (const file of files) {
      const value = snapshot.value(file.name, file.kind, file.bytes);
      expect(value, file.name).toEqual(file.value);
      expectSamePrototypes(value, file.value, file.name);
      // Same keys in the same order, so output built from it (JSON, guidance) is the same.
      expect(JSON.stringify(value)).toBe(JSON.stringify(file.value));
    }
    const checklist = snapshot.value('token-pln.json', 'checklist', files.find((f) => f.name === 'token-pln.json')!.bytes) as { productCodes: RegExp[] };
    expect(checklist.productCodes.length).toBeGreaterThan(0);
    for (const code of checklist.productCodes) expect(code).toBeInstanceOf(RegExp);
    const operators = snapshot.value('operators.json', 'operators', files.find((f) => f.name === 'operators.json')!.bytes) as { products: { pattern: RegExp }[] };
    expect(operators.products.length).toBeGreaterThan(0);
    for (const product of operators.products) expect(product.pattern).toBeInstanceOf(RegExp);
  });

  it("gives a checklist's menu order for its exact bytes", () => {
    const snapshot = snapshotOf(writeSnapshot(files))!;
    for (const file of files.filter((f) => f.kind === 'checklist')) {
      expect(snapshot.order(file.name, file.bytes)).toBe((file.value as { order: number }).order);
    }
  });

  it('stands in for nothing but the exact bytes it was made from, under the same name and kind', () => {
    const snapshot = snapshotOf(writeSnapshot(files))!;
    const pulsa = files.find((f) => f.name === 'pulsa-tidak-masuk.json')!;
    const oneByte = Buffer.from(pulsa.bytes);
    const middle = oneByte.length >> 1;
    oneByte[middle] = oneByte[middle]! ^ 1;
    expect(snapshot.value(pulsa.name, 'checklist', oneByte)).toBeUndefined();
    expect(snapshot.order(pulsa.name, oneByte)).toBeUndefined();
    expect(snapshot.value(pulsa.name, 'checklist', Buffer.concat([pulsa.bytes, Buffer.from('\n')]))).toBeUndefined();
    expect(snapshot.value(pulsa.name, 'checklist', pulsa.bytes.subarray(0, -1))).toBeUndefined();
    expect(snapshot.value('kuota-tidak-masuk.json', 'checklist', pulsa.bytes)).toBeUndefined();
    expect(snapshot.value(pulsa.name, 'policy', pulsa.bytes)).toBeUndefined();
    expect(snapshot.value('toString', 'checklist', pulsa.bytes)).toBeUndefined();
  });

  it('writes values in ASCII, accented and other letters escaped, and gives them back as they were', () => {
    // Without the files' own bytes, all that is left is the index and the values.
    expect(writeSnapshot(files.map((f) => ({ ...f, bytes: new Uint8Array() }))).every((b) => b < 0x80)).toBe(true);
    const bytes = writeSnapshot(files);
    const catalogue = files.find((f) => f.kind === 'catalogue')!;
    expect(Buffer.from(catalogue.bytes).toString('utf8')).toMatch(/[^\x00-\x7f]/);
    expect(snapshotOf(bytes)!.value(catalogue.name, 'catalogue', catalogue.bytes)).toEqual(JSON.parse(Buffer.from(catalogue.bytes).toString('utf8')));
  });

  it("gives the catalogue's messages in one language as a part of its own", () => {
    const snapshot = snapshotOf(writeSnapshot(files))!;
    const catalogue = files.find((f) => f.kind === 'catalogue')!;
    const full = catalogue.value as Record<string, { id: string; en: string } | string>;
    for (const lang of ['id', 'en'] as const) {
      const messages = snapshot.part(catalogue.name, 'catalogue', catalogue.bytes, lang) as Record<string, string>;
      const expected = Object.fromEntries(Object.entries(full).flatMap(([key, text]) => (key.startsWith('$') ? [] : [[key, (text as { id: string; en: string })[lang]]])));
      expect(messages).toEqual(expected);
      expect(Object.keys(messages).length).toBeGreaterThan(300);
    }
    expect(snapshot.part(catalogue.name, 'catalogue', catalogue.bytes, 'fr')).toBeUndefined();
    expect(snapshot.part(catalogue.name, 'catalogue', catalogue.bytes, 'hasOwnProperty')).toBeUndefined();
    expect(snapshot.part(catalogue.name, 'catalogue', Buffer.concat([catalogue.bytes, Buffer.from(' ')]), 'id')).toBeUndefined();
    const pulsa = files.find((f) => f.name === 'pulsa-tidak-masuk.json')!;
    expect(snapshot.part(pulsa.name, 'checklist', pulsa.bytes, 'id')).toBeUndefined();
  });

  it('is not used when it is missing, of another format or damaged', () => {
    const good = writeSnapshot(files);
    const dir = tempDir();
    expect(Snapshot.open(join(dir, 'none.snapshot'))).toBeUndefined();
    mkdirSync(join(dir, 'folder.snapshot'));
    expect(Snapshot.open(join(dir, 'folder.snapshot'))).toBeUndefined();
    expect(snapshotOf(Buffer.alloc(0))).toBeUndefined();
    expect(snapshotOf(Buffer.from(good.toString('latin1').replace('snapshot 1', 'snapshot 2'), 'latin1'))).toBeUndefined();
    // Cut short: the index names bytes the file no longer has.
    expect(snapshotOf(good.subarray(0, good.length - 10))).toBeUndefined();
    const header = good.indexOf(10, good.indexOf(10) + 1);
    expect(snapshotOf(Buffer.concat([good.subarray(0, header - 1), good.subarray(header)]))).toBeUndefined();
  });

  it("leaves a file to be validated when its stored value cannot be read", () => {
    const policy = files.find((f) => f.name === 'policy.json')!;
    const bytes = writeSnapshot([{ ...policy, value: { x: 1 } }]);
    // The value's JSON `{"x":1}` made unreadable, its length kept.
    const broken = Buffer.from(bytes.toString('latin1').replace('{"x":1}', '{"x":1,'), 'latin1');
    expect(snapshotOf(broken)!.value('policy.json', 'policy', policy.bytes)).toBeUndefined();
    const pulsa = files.find((f) => f.name === 'pulsa-tidak-masuk.json')!;
    const noRegExp = writeSnapshot([{ ...pulsa, value: { ...(pulsa.value as object), productCodes: ['^PLN'] } }]);
    expect(snapshotOf(noRegExp)!.value(pulsa.name, 'checklist', pulsa.bytes)).toBeUndefined();
  });
});
