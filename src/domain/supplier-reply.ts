/**
 * Reading a supplier's reply (an H2H text line or Digiflazz JSON) into transaction fields, with grammars as
 * data (checklists/suppliers.json). The parser reports what it read and what it could not: it never fills a
 * field from a guess.
 */
import { parseRupiah } from './money.js';
import { tryNormalizeMsisdn } from './msisdn.js';
import { resolveOperator, type OperatorTable } from './operators.js';
import { Reader, type Json } from './reader.js';

export const REPLY_FIELDS = [
  'number', 'productCode', 'nominal', 'operator', 'status', 'sn', 'supplierTrxId', 'time', 'failureReason', 'balance', 'price', 'token', 'customerName',
] as const;
export type ReplyField = (typeof REPLY_FIELDS)[number];

/** Fields a complaint or a diagnosis needs; the rest (balance, price, token…) are reported only when present. */
export const CORE_REPLY_FIELDS: readonly ReplyField[] = ['number', 'productCode', 'nominal', 'status', 'sn', 'supplierTrxId', 'time'];

export const REPLY_STATUSES = ['sukses', 'pending', 'gagal'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

const PATTERN_FIELDS: readonly ReplyField[] = ['number', 'productCode', 'nominal', 'operator', 'sn', 'supplierTrxId', 'time', 'failureReason', 'balance', 'price'];

export interface ReplyFormat {
  id: string;
  name: string;
  kind: 'text' | 'json';
  /** Text formats: the format applies when one of these matches. None: the generic fallback. */
  detect: RegExp[];
  /** Text formats: patterns tried before the common ones. */
  fields: Partial<Record<ReplyField, RegExp[]>>;
  /** JSON formats: which key holds each field. */
  keys: Partial<Record<ReplyField, string>>;
  confidence: string;
  source: string;
  checked: string;
}

export interface ComplaintTemplate {
  id: string;
  name: string;
  keyword: string;
  separator: string;
  parts: string[];
  labels: Record<string, string>;
  sentence?: string;
  confidence: string;
  source: string;
  checked: string;
}

export interface SupplierGrammar {
  statusWords: Record<ReplyStatus, string[]>;
  emptySn: string[];
  failureReasons: string[];
  common: Partial<Record<ReplyField, RegExp[]>>;
  formats: ReplyFormat[];
  snParts: { separator: string; token: RegExp; customerNameIndex: number };
  complaintWords: Record<string, string>;
  complaints: ComplaintTemplate[];
}

export interface ParsedReply {
  /** The format that read the reply. */
  format: string;
  /** What was read, in the form an answer takes (numbers national, amounts whole rupiah, status sukses|pending|gagal). */
  fields: Partial<Record<ReplyField, string>>;
  /** Text found where a field belongs that cannot be used as it stands (a masked number, a balance that is not an amount). */
  unreadable: Partial<Record<ReplyField, string>>;
  /** Core fields the reply did not give. */
  missing: ReplyField[];
}

export const COMPLAINT_PARTS = ['keyword', 'resellerId', 'supplierTrxId', 'productCode', 'number', 'time', 'sn', 'nominal', 'complaint', 'complaintSentence'] as const;

/** Validates suppliers.json, naming the file and field of any mistake (a pattern that does not compile, an unknown field). */
export function validateSupplierGrammar(json: Json, file: string): SupplierGrammar {
  const r = new Reader(file, '');
  const root = r.object(json, '(top level)');
  const words = r.object(root.statusWords, 'statusWords');
  const statusWords = {} as Record<ReplyStatus, string[]>;
  for (const status of REPLY_STATUSES) statusWords[status] = r.stringList(words[status], `statusWords.${status}`).map((w) => w.toLowerCase());
  for (const key of Object.keys(words)) if (!REPLY_STATUSES.includes(key as ReplyStatus)) r.fail(`statusWords.${key}`, `unknown status; known: ${REPLY_STATUSES.join(', ')}`);
  const patterns = (value: Json, field: string, allowed: readonly ReplyField[]) => {
    const obj = r.object(value ?? {}, field);
    const out: Partial<Record<ReplyField, RegExp[]>> = {};
    for (const [key, list] of Object.entries(obj)) {
      if (!allowed.includes(key as ReplyField)) r.fail(`${field}.${key}`, `unknown field; known: ${allowed.join(', ')}`);
      out[key as ReplyField] = r.stringList(list, `${field}.${key}`).map((p, i) => regex(r, p, `${field}.${key}[${i}]`));
    }
    return out;
  };
  const formats = r.array(root.formats, 'formats').map((value, i): ReplyFormat => {
    const f = r.object(value, `formats[${i}]`);
    const at = (name: string) => `formats[${i}].${name}`;
    const kind = f.kind === 'json' || f.kind === 'text' ? f.kind : r.fail(at('kind'), 'must be "text" or "json"');
    const keys: Partial<Record<ReplyField, string>> = {};
    if (kind === 'json') {
      for (const [key, name] of Object.entries(r.object(f.keys, at('keys')))) {
        if (!REPLY_FIELDS.includes(key as ReplyField)) r.fail(`${at('keys')}.${key}`, `unknown field; known: ${REPLY_FIELDS.join(', ')}`);
        keys[key as ReplyField] = r.string(name, `${at('keys')}.${key}`);
      }
    }
    return {
      id: r.string(f.id, at('id')),
      name: r.string(f.name, at('name')),
      kind,
      detect: f.detect === undefined ? [] : r.stringList(f.detect, at('detect')).map((p, k) => regex(r, p, `${at('detect')}[${k}]`)),
      fields: kind === 'text' ? patterns(f.fields, at('fields'), PATTERN_FIELDS) : {},
      keys,
      confidence: r.string(f.confidence, at('confidence')),
      source: r.string(f.source, at('source')),
      checked: r.string(f.checked, at('checked')),
    };
  });
  if (formats.length === 0) r.fail('formats', 'needs at least one format');
  const ids = new Set<string>();
  for (const [i, f] of formats.entries()) {
    if (ids.has(f.id)) r.fail(`formats[${i}].id`, `"${f.id}" is used twice`);
    ids.add(f.id);
  }
  const sn = r.object(root.snParts, 'snParts');
  const complaintWords: Record<string, string> = {};
  for (const [key, value] of Object.entries(r.object(root.complaintWords, 'complaintWords'))) {
    if (!key.startsWith('$')) complaintWords[key] = r.string(value, `complaintWords.${key}`);
  }
  if (!complaintWords.default) r.fail('complaintWords.default', 'is required: the words for any cause without its own');
  const complaints = r.array(root.complaints, 'complaints').map((value, i): ComplaintTemplate => {
    const c = r.object(value, `complaints[${i}]`);
    const at = (name: string) => `complaints[${i}].${name}`;
    const parts = r.stringList(c.parts, at('parts'));
    for (const [k, part] of parts.entries()) {
      if (!COMPLAINT_PARTS.includes(part as (typeof COMPLAINT_PARTS)[number])) r.fail(`${at('parts')}[${k}]`, `unknown part "${part}"; known: ${COMPLAINT_PARTS.join(', ')}`);
    }
    const labels: Record<string, string> = {};
    for (const [key, label] of Object.entries(r.object(c.labels ?? {}, at('labels')))) {
      labels[key] = typeof label === 'string' ? label : r.fail(`${at('labels')}.${key}`, 'must be a text');
    }
    const sentence = c.sentence === undefined ? undefined : r.string(c.sentence, at('sentence'));
    if (parts.includes('complaintSentence') && !sentence) r.fail(at('sentence'), 'is required when parts has "complaintSentence"');
    return {
      id: r.string(c.id, at('id')),
      name: r.string(c.name, at('name')),
      keyword: r.string(c.keyword, at('keyword')),
      separator: typeof c.separator === 'string' ? c.separator : r.fail(at('separator'), 'must be a text'),
      parts,
      labels,
      ...(sentence ? { sentence } : {}),
      confidence: r.string(c.confidence, at('confidence')),
      source: r.string(c.source, at('source')),
      checked: r.string(c.checked, at('checked')),
    };
  });
  const reasons = r.object(root.failureReasons ?? { values: [] }, 'failureReasons');
  return {
    statusWords,
    emptySn: r.stringList(root.emptySn ?? [], 'emptySn').map((s) => s.toLowerCase()),
    failureReasons: r.stringList(reasons.values ?? [], 'failureReasons.values'),
    common: patterns(root.common, 'common', PATTERN_FIELDS),
    formats,
    snParts: {
      separator: r.string(sn.separator, 'snParts.separator'),
      token: regex(r, r.string(sn.token, 'snParts.token'), 'snParts.token'),
      customerNameIndex: typeof sn.customerNameIndex === 'number' ? sn.customerNameIndex : r.fail('snParts.customerNameIndex', 'must be a number'),
    },
    complaintWords,
    complaints,
  };
}

function regex(r: Reader, pattern: string, field: string): RegExp {
  try {
    return new RegExp(pattern, 'im');
  } catch (error) {
    return r.fail(field, `not a valid regular expression: ${(error as Error).message}`);
  }
}

/** The longest reply worth reading: a pasted chat log beyond this is not one transaction. */
export const MAX_REPLY_LENGTH = 4000;

/** Reads one supplier reply. Pure: the grammar and the operator table are passed in. */
export function parseSupplierReply(text: string, grammar: SupplierGrammar, table: OperatorTable): ParsedReply {
  const trimmed = text.trim().slice(0, MAX_REPLY_LENGTH);
  const json = asJsonObject(trimmed);
  const format =
    (json && grammar.formats.find((f) => f.kind === 'json' && Object.values(f.keys).some((k) => k in json))) ||
    grammar.formats.find((f) => f.kind === 'text' && f.detect.some((d) => d.test(trimmed))) ||
    grammar.formats.find((f) => f.kind === 'text' && f.detect.length === 0) ||
    grammar.formats[0]!;
  const raw: Partial<Record<ReplyField, string>> = json && format.kind === 'json' ? fromJson(json, format) : fromText(trimmed, format, grammar);
  if (json && format.kind === 'json' && !raw.status) raw.status = findStatusWord(String(json.message ?? ''), grammar) ?? undefined;
  if (format.kind === 'text') raw.status = findStatusWord(trimmed, grammar) ?? undefined;
  return normalize(raw, format.kind === 'text' ? trimmed : '', format.id, grammar, table);
}

function asJsonObject(text: string): Record<string, unknown> | null {
  if (!text.startsWith('{')) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const data = (value as Record<string, unknown>).data;
    // Digiflazz wraps the transaction in `data`; a callback sends it bare.
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : (value as Record<string, unknown>);
  } catch {
    return null;
  }
}

function fromJson(json: Record<string, unknown>, format: ReplyFormat): Partial<Record<ReplyField, string>> {
  const out: Partial<Record<ReplyField, string>> = {};
  for (const [field, key] of Object.entries(format.keys) as [ReplyField, string][]) {
    const value = json[key];
    if (typeof value === 'string' || typeof value === 'number') out[field] = String(value);
  }
  return out;
}

function fromText(text: string, format: ReplyFormat, grammar: SupplierGrammar): Partial<Record<ReplyField, string>> {
  const out: Partial<Record<ReplyField, string>> = {};
  for (const field of PATTERN_FIELDS) {
    for (const pattern of [...(format.fields[field] ?? []), ...(grammar.common[field] ?? [])]) {
      const match = pattern.exec(text);
      if (match && match[1] !== undefined) {
        out[field] = match[1].trim();
        break;
      }
    }
  }
  return out;
}

/** The status word that comes first in the reply; at one position the longer phrase wins ("tidak berhasil" over "berhasil"). */
function findStatusWord(text: string, grammar: SupplierGrammar): ReplyStatus | null {
  const lower = text.toLowerCase();
  let best: { at: number; length: number; status: ReplyStatus } | null = null;
  for (const status of REPLY_STATUSES) {
    for (const word of grammar.statusWords[status]) {
      const re = new RegExp(`(?<![a-z])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`, 'g');
      const match = re.exec(lower);
      if (!match) continue;
      if (!best || match.index < best.at || (match.index === best.at && word.length > best.length)) best = { at: match.index, length: word.length, status };
    }
  }
  return best?.status ?? null;
}

function normalize(
  raw: Partial<Record<ReplyField, string>>,
  text: string,
  format: string,
  grammar: SupplierGrammar,
  table: OperatorTable,
): ParsedReply {
  const fields: Partial<Record<ReplyField, string>> = {};
  const unreadable: Partial<Record<ReplyField, string>> = {};
  const status = raw.status ? (REPLY_STATUSES.includes(raw.status as ReplyStatus) ? raw.status : findStatusWord(raw.status, grammar)) : null;
  if (status) fields.status = status;
  else if (raw.status) unreadable.status = raw.status;

  if (raw.number) {
    const digits = raw.number.replace(/[\s-]/g, '');
    if (/[xX*]/.test(digits)) unreadable.number = raw.number;
    else fields.number = tryNormalizeMsisdn(digits) ?? digits;
  }
  if (raw.productCode) fields.productCode = raw.productCode;
  const operator = (raw.productCode && resolveOperator(table, raw.productCode)) || (raw.operator && resolveOperator(table, raw.operator));
  if (operator) fields.operator = operator.id;
  for (const key of ['nominal', 'balance', 'price'] as const) {
    if (!raw[key]) continue;
    const amount = rupiah(raw[key]);
    if (amount === null) unreadable[key] = raw[key];
    else fields[key] = String(amount);
  }
  if (raw.supplierTrxId) fields.supplierTrxId = raw.supplierTrxId;
  if (raw.time) fields.time = raw.time;

  if (raw.sn !== undefined) {
    const sn = raw.sn.trim().replace(/[.,;]+$/, '');
    // "SN: -" says there is no SN yet: an answer in itself, unlike a reply that does not mention one.
    fields.sn = grammar.emptySn.includes(sn.toLowerCase()) ? '' : sn;
    const parts = fields.sn.split(grammar.snParts.separator).map((p) => p.trim());
    if (parts.length > 1 && grammar.snParts.token.test(parts[0]!)) {
      fields.token = parts[0]!.replace(/[\s-]/g, '');
      const name = parts[grammar.snParts.customerNameIndex];
      if (name) fields.customerName = name;
    }
  }
  if (status === 'gagal') {
    const reason = raw.failureReason?.trim() || grammar.failureReasons.find((r) => text.toLowerCase().includes(r.toLowerCase()));
    if (reason) fields.failureReason = reason;
  }
  const missing = CORE_REPLY_FIELDS.filter((f) => fields[f] === undefined && !(f === 'sn' && status !== 'sukses'));
  return { format, fields, unreadable, missing };
}

function rupiah(text: string): number | null {
  // "1.234.567" and "990000" are whole rupiah; a trailing ",00" is sen.
  const cleaned = text.replace(/[.,]$/, '').replace(/,00$/, '');
  try {
    return parseRupiah(cleaned);
  } catch {
    return null;
  }
}

/** Whether a reply said enough to act on: a status or a destination number. */
export function isRecognised(reply: ParsedReply): boolean {
  return reply.fields.status !== undefined || reply.fields.number !== undefined;
}
