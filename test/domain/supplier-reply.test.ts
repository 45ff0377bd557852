import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSupplierGrammar } from '../../src/data/load.js';
import { DataFileError } from '../../src/domain/reader.js';
import { isRecognised, parseSupplierReply, validateSupplierGrammar, type ReplyField } from '../../src/domain/supplier-reply.js';
import { table } from '../helpers/data.js';

interface CorpusEntry {
  name: string;
  text: string;
  format: string;
  fields: Partial<Record<ReplyField, string>>;
  unreadable?: Partial<Record<ReplyField, string>>;
  missing: ReplyField[];
}

const corpus = JSON.parse(readFileSync(new URL('../fixtures/supplier-replies/corpus.json', import.meta.url), 'utf8')) as { replies: CorpusEntry[] };
const grammar = loadSupplierGrammar();
const shipped = JSON.parse(readFileSync(new URL('../../checklists/suppliers.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('supplier reply corpus', () => {
  it('holds at least 40 replies covering success, pending, failed, PLN and e-wallet', () => {
    expect(corpus.replies.length).toBeGreaterThanOrEqual(40);
    const statuses = new Set(corpus.replies.map((r) => r.fields.status));
    expect(statuses).toEqual(new Set(['sukses', 'pending', 'gagal', undefined]));
    expect(corpus.replies.some((r) => r.fields.token && r.fields.customerName)).toBe(true);
    expect(corpus.replies.some((r) => /DANA|GOPAY|OVO|SHOPEE/.test(r.fields.productCode ?? ''))).toBe(true);
  });

  for (const entry of corpus.replies) {
    it(entry.name, () => {
      const parsed = parseSupplierReply(entry.text, grammar, table);
      expect(parsed.format).toBe(entry.format);
      expect(parsed.fields).toEqual(entry.fields);
      expect(parsed.unreadable).toEqual(entry.unreadable ?? {});
      expect(parsed.missing).toEqual(entry.missing);
    });
  }

  it('calls text with neither status nor number unrecognised', () => {
    expect(isRecognised(parseSupplierReply('selamat pagi kak', grammar, table))).toBe(false);
    expect(isRecognised(parseSupplierReply(corpus.replies[0]!.text, grammar, table))).toBe(true);
  });
});

describe('suppliers.json validation', () => {
  const broken = (change: (j: Record<string, any>) => void) => {
    const copy = structuredClone(shipped) as Record<string, any>;
    change(copy);
    return () => validateSupplierGrammar(copy, 'suppliers.json');
  };

  it('accepts the shipped file', () => {
    expect(() => validateSupplierGrammar(shipped, 'suppliers.json')).not.toThrow();
  });

  it('names the field of a pattern that does not compile', () => {
    const run = broken((j) => (j.common.sn = ['SN(']));
    expect(run).toThrow(DataFileError);
    expect(run).toThrow(/suppliers\.json: field "common\.sn\[0\]": not a valid regular expression/);
  });

  it('refuses an unknown field, an unknown complaint part and a missing default complaint', () => {
    expect(broken((j) => (j.common.colour = ['x']))).toThrow(/field "common\.colour": unknown field/);
    expect(broken((j) => j.complaints[0].parts.push('pin'))).toThrow(/complaints\[0\]\.parts\[\d+\]": unknown part "pin"/);
    expect(broken((j) => delete j.complaintWords.default)).toThrow(/complaintWords\.default/);
    expect(broken((j) => (j.formats[1].kind = 'xml'))).toThrow(/formats\[1\]\.kind/);
    expect(broken((j) => delete j.formats[0].source)).toThrow(/formats\[0\]\.source/);
  });
});
