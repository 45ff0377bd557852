/** Operator facts (loaded from checklists/operators.json) and lookups over them. */
import { hasMobileShape, type Msisdn } from './msisdn.js';
import { own } from './own.js';
import { Problems, Reader, type Json } from './reader.js';

export type Confidence = 'confirmed' | 'likely' | 'unconfirmed';
export const CONFIDENCES: readonly Confidence[] = ['confirmed', 'likely', 'unconfirmed'];

/** How a customer uses the fact: dial a USSD code, send an SMS, open an app, call a number; a name is only said. */
export type FactKind = 'ussd' | 'sms' | 'app' | 'phone' | 'name';
export const FACT_KINDS: readonly FactKind[] = ['ussd', 'sms', 'app', 'phone', 'name'];

/** What dialling a code or sending an SMS does: only a `read` code may be offered as a check. */
export type Effect = 'read' | 'stop' | 'borrow' | 'transfer';
export const EFFECTS: readonly Effect[] = ['read', 'stop', 'borrow', 'transfer'];

/** Where every fact came from, when it was checked and how sure the data is; the wording shown follows it. */
export interface Provenance {
  confidence: Confidence;
  source: string;
  /** YYYY-MM or YYYY-MM-DD. */
  checked: string;
}

export interface Fact extends Provenance {
  kind: FactKind;
  value: string;
  effect: Effect;
  /** SMS destination: `INFO` to `505`. */
  to?: string;
  /** Phone numbers: reachable from this operator's own numbers, or from any other number. */
  from?: 'own' | 'other';
}

export interface PrefixGroup extends Provenance {
  values: string[];
}

/** A code public pages give for the wrong purpose; it may never sit in a slot of this operator. */
export interface Misidentified extends Provenance {
  value: string;
  is: string;
}

export interface Operator {
  id: string;
  name: string;
  group: string;
  aliases: string[];
  prefixes: PrefixGroup[];
  codes: Record<string, Fact[]>;
  customerService: Fact[];
  app: Fact;
  loanName?: Fact;
  misidentified: Misidentified[];
}

/**
 * The slots a checklist may name as {code.<slot>}, each with the kinds and effects allowed in it. A check slot
 * holds only read-only ways, so a borrow or transfer menu can never be offered to a customer as a check.
 */
export const CODE_SLOTS: Record<string, { kinds: FactKind[]; effects: Effect[] }> = {
  balance: { kinds: ['ussd', 'sms', 'app', 'phone'], effects: ['read'] },
  history: { kinds: ['ussd', 'sms', 'app', 'phone'], effects: ['read'] },
  debtCheck: { kinds: ['ussd', 'sms', 'app', 'phone'], effects: ['read'] },
  stopSubscription: { kinds: ['ussd', 'sms', 'app', 'phone'], effects: ['stop', 'read'] },
  loanMenu: { kinds: ['ussd', 'sms', 'app'], effects: ['borrow'] },
};

export interface ProductPattern {
  pattern: RegExp;
  operator: string;
}

export interface OperatorTable {
  operators: Operator[];
  products: ProductPattern[];
}

// Lookups built once per table: batch checks ask them for every row of a million-row file.
const prefixIndexes = new WeakMap<OperatorTable, { index: Map<string, Operator>; lengths: number[] }>();
const resolved = new WeakMap<OperatorTable, Map<string, Operator | undefined>>();

function prefixIndex(table: OperatorTable) {
  let entry = prefixIndexes.get(table);
  if (!entry) {
    const index = new Map<string, Operator>();
    for (const operator of table.operators) for (const group of operator.prefixes) for (const prefix of group.values) index.set(prefix, operator);
    // Longest first, so a by.U-style sub-range (085155) wins over its parent prefix (0851).
    const lengths = [...new Set([...index.keys()].map((p) => p.length))].sort((a, b) => b - a);
    entry = { index, lengths };
    prefixIndexes.set(table, entry);
  }
  return entry;
}

/** The operator a number's prefix was allocated to; porting is not tracked (no source), so this is the best guess. */
export function detectOperator(table: OperatorTable, msisdn: Msisdn): Operator | undefined {
  const { index, lengths } = prefixIndex(table);
  for (const length of lengths) {
    const operator = index.get(msisdn.slice(0, length));
    if (operator) return operator;
  }
  return undefined;
}

/** The longest prefix the table allocates: detectOperator looks at no more of a number than this. */
export function longestPrefix(table: OperatorTable): number {
  return prefixIndex(table).lengths[0] ?? 0;
}

/** A number shaped like an Indonesian mobile whose prefix an operator has: the only kind worth messaging or topping up. */
export function isKnownMobile(table: OperatorTable, msisdn: Msisdn): boolean {
  return hasMobileShape(msisdn) && detectOperator(table, msisdn) !== undefined;
}

/** Finds an operator by id, name, alias ("tsel", "im3") or a product code mapped to it ("S10", "I25"). */
export function resolveOperator(table: OperatorTable, input: string): Operator | undefined {
  let cache = resolved.get(table);
  if (!cache) resolved.set(table, (cache = new Map()));
  if (cache.has(input)) return cache.get(input);
  const operator = resolveUncached(table, input);
  // Product codes repeat endlessly in a file; the cache stays as small as the shop's product list.
  if (cache.size < 10_000) cache.set(input, operator);
  return operator;
}

function resolveUncached(table: OperatorTable, input: string): Operator | undefined {
  const text = input.trim().toLowerCase();
  if (text === '') return undefined;
  const byName = table.operators.find(
    (op) => op.id === text || op.name.toLowerCase() === text || op.aliases.includes(text),
  );
  if (byName) return byName;
  const code = input.trim().toUpperCase();
  const product = table.products.find((p) => p.pattern.test(code));
  return product ? operatorById(table, product.operator) : undefined;
}

/** The operator with this id, if the table has it. */
export function operatorById(table: OperatorTable, id: string): Operator | undefined {
  return table.operators.find((op) => op.id === id);
}

const CHECKED = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** Reads the confidence, source and date checked that every fact must carry. */
function readProvenance(r: Reader, o: Record<string, Json>, field: string): Provenance {
  const confidence = r.string(o.confidence, `${field}.confidence`) as Confidence;
  if (!CONFIDENCES.includes(confidence)) r.fail(`${field}.confidence`, `must be one of ${CONFIDENCES.join(', ')}`);
  const checked = r.string(o.checked, `${field}.checked`);
  if (!CHECKED.test(checked)) r.fail(`${field}.checked`, `"${checked}" is not a date like 2026-11 or 2026-11-26`);
  return { confidence, source: r.string(o.source, `${field}.source`), checked };
}

function readFact(r: Reader, json: Json, field: string, kinds: readonly FactKind[], effects: readonly Effect[]): Fact {
  const o = r.object(json, field);
  const kind = r.string(o.kind, `${field}.kind`) as FactKind;
  if (!kinds.includes(kind)) r.fail(`${field}.kind`, `must be one of ${kinds.join(', ')}`);
  // Apps, phone numbers and names only inform; a code or SMS must say what it does.
  const effect = (kind === 'ussd' || kind === 'sms' ? r.string(o.effect, `${field}.effect`) : 'read') as Effect;
  if (!EFFECTS.includes(effect)) r.fail(`${field}.effect`, `must be one of ${EFFECTS.join(', ')}`);
  if (!effects.includes(effect)) r.fail(`${field}.effect`, `a "${effect}" code cannot be offered here; allowed: ${effects.join(', ')}`);
  const value = r.string(o.value, `${field}.value`);
  const fact: Fact = { kind, value, effect, ...readProvenance(r, o, field) };
  if (kind === 'ussd' && !/^\*[\d*]+#$/.test(value)) r.fail(`${field}.value`, `"${value}" is not a USSD code like *888#`);
  if (kind === 'phone' && !/^\d[\d -]{1,15}$/.test(value)) r.fail(`${field}.value`, `"${value}" is not a phone number`);
  if (kind === 'sms') fact.to = r.string(o.to, `${field}.to`);
  if (kind === 'phone') {
    const from = r.string(o.from, `${field}.from`);
    if (from !== 'own' && from !== 'other') r.fail(`${field}.from`, 'must be "own" (from this operator\'s numbers) or "other"');
    fact.from = from;
  }
  return fact;
}

function readFacts(r: Reader, json: Json, field: string, kinds: readonly FactKind[], effects: readonly Effect[]): Fact[] {
  const list = r.array(json, field);
  if (list.length === 0) r.fail(field, 'must list at least one fact');
  return list.map((item, i) => readFact(r, item, `${field}[${i}]`, kinds, effects));
}

/** Validates parsed operators.json; `file` names it in error messages. With `problems`, every mistake is gathered there. */
export function validateOperatorTable(json: Json, file: string, problems?: Problems): OperatorTable {
  const p = problems ?? new Problems();
  const table = readOperatorTable(json, file, p);
  if (!problems) p.throwFirst();
  return table;
}

function readOperatorTable(json: Json, file: string, p: Problems): OperatorTable {
  const top = new Reader(file, '');
  const root = top.object(json, '(top level)');
  const operators = top.array(root.operators, 'operators').flatMap((json, i) => p.attempt(() => [readOperator(json, i)], []));
  function readOperator(json: Json, i: number): Operator {
    const o = top.object(json, `operators[${i}]`);
    const id = top.string(o.id, `operators[${i}].id`);
    const r = top.at(`operator "${id}"`);
    const codesJson = r.object(o.codes ?? {}, 'codes');
    const codes: Record<string, Fact[]> = {};
    for (const [slot, value] of Object.entries(codesJson)) {
      const rules = own(CODE_SLOTS, slot) ?? r.fail(`codes.${slot}`, `unknown slot; known: ${Object.keys(CODE_SLOTS).join(', ')}`);
      codes[slot] = readFacts(r, value, `codes.${slot}`, rules.kinds, rules.effects);
    }
    const misidentified = r.array(o.misidentified ?? [], 'misidentified').map((m, j) => {
      const mo = r.object(m, `misidentified[${j}]`);
      return { value: r.string(mo.value, `misidentified[${j}].value`), is: r.string(mo.is, `misidentified[${j}].is`), ...readProvenance(r, mo, `misidentified[${j}]`) };
    });
    const operator: Operator = {
      id,
      name: r.string(o.name, 'name'),
      group: r.string(o.group, 'group'),
      aliases: o.aliases === undefined ? [] : r.stringList(o.aliases, 'aliases').map((a) => a.toLowerCase()),
      prefixes: r.array(o.prefixes, 'prefixes').map((p, j) => {
        const po = r.object(p, `prefixes[${j}]`);
        const values = r.stringList(po.values, `prefixes[${j}].values`);
        values.forEach((v, k) => {
          if (!/^08\d{2,4}$/.test(v)) r.fail(`prefixes[${j}].values[${k}]`, `"${v}" is not a national prefix like 0812`);
        });
        return { values, ...readProvenance(r, po, `prefixes[${j}]`) };
      }),
      codes,
      customerService: readFacts(r, o.customerService, 'customerService', ['phone'], ['read']),
      app: readFact(r, o.app, 'app', ['app'], ['read']),
      misidentified,
    };
    if (o.loanName !== undefined) operator.loanName = readFact(r, o.loanName, 'loanName', ['name'], ['read']);
    // A code known to do something else (a transfer or borrow menu) is refused wherever it is offered as help.
    for (const [slot, facts] of Object.entries({ ...codes, customerService: operator.customerService })) {
      facts.forEach((fact, k) => {
        const wrong = misidentified.find((m) => m.value === fact.value);
        if (wrong && !(slot === 'loanMenu' && fact.effect === 'borrow')) {
          r.fail(`${slot === 'customerService' ? slot : `codes.${slot}`}[${k}].value`, `${fact.value} is ${wrong.is} (listed under "misidentified")`);
        }
      });
    }
    return operator;
  }
  // A prefix under two operators would make detection depend on file order.
  const owner = new Map<string, string>();
  for (const operator of operators) {
    operator.prefixes.forEach((group, j) =>
      group.values.forEach((prefix, k) => {
        const first = owner.get(prefix);
        if (first && first !== operator.id) {
          p.attempt(() => top.at(`operator "${operator.id}"`).fail(`prefixes[${j}].values[${k}]`, `"${prefix}" is already a prefix of "${first}"`), undefined);
        }
        owner.set(prefix, operator.id);
      }),
    );
  }
  const productsJson = top.object(root.products ?? { patterns: [] }, 'products');
  const products = top.array(productsJson.patterns, 'products.patterns').flatMap((json, i) => p.attempt(() => [readPattern(json, i)], []));
  function readPattern(json: Json, i: number): ProductPattern {
    const field = `products.patterns[${i}]`;
    const o = top.object(json, field);
    const source = top.string(o.pattern, `${field}.pattern`);
    const operator = top.string(o.operator, `${field}.operator`);
    if (!operators.some((op) => op.id === operator)) top.fail(`${field}.operator`, `"${operator}" is not an operator id in this file`);
    try {
      return { pattern: new RegExp(source, 'i'), operator };
    } catch (error) {
      return top.fail(`${field}.pattern`, `not a valid regular expression: ${(error as Error).message}`);
    }
  }
  if (products.length > 0) p.attempt(() => readProvenance(top, productsJson, 'products'), undefined);
  return { operators, products };
}
