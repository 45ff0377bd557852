/** Operator facts (loaded from checklists/operators.json) and lookups over them. */
import type { Msisdn } from './msisdn.js';
import { Problems, Reader, type Json } from './reader.js';

export type Confidence = 'sure' | 'likely' | 'unverified';
export const CONFIDENCES: readonly Confidence[] = ['sure', 'likely', 'unverified'];

export interface Fact {
  value: string;
  confidence: Confidence;
  source: string;
}

export interface PrefixGroup {
  values: string[];
  confidence: Confidence;
  source: string;
}

export interface Operator {
  id: string;
  name: string;
  group: string;
  aliases: string[];
  prefixes: PrefixGroup[];
  codes: Record<string, Fact>;
  customerService: Fact;
  app?: string;
}

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
  const fact = (r: Reader, value: Json, field: string): Fact => {
    const o = r.object(value, field);
    return { value: r.string(o.value, `${field}.value`), ...provenance(r, o, field) };
  };
  const provenance = (r: Reader, o: Record<string, Json>, field: string) => {
    const confidence = r.string(o.confidence, `${field}.confidence`) as Confidence;
    if (!CONFIDENCES.includes(confidence)) r.fail(`${field}.confidence`, `must be one of ${CONFIDENCES.join(', ')}`);
    return { confidence, source: r.string(o.source, `${field}.source`) };
  };
  const operators = top.array(root.operators, 'operators').flatMap((json, i) => p.attempt(() => [readOperator(json, i)], []));
  function readOperator(json: Json, i: number): Operator {
    const o = top.object(json, `operators[${i}]`);
    const id = top.string(o.id, `operators[${i}].id`);
    const r = top.at(`operator "${id}"`);
    const codesJson = r.object(o.codes ?? {}, 'codes');
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
        return { values, ...provenance(r, po, `prefixes[${j}]`) };
      }),
      codes: Object.fromEntries(Object.entries(codesJson).map(([name, value]) => [name, fact(r, value, `codes.${name}`)])),
      customerService: fact(r, o.customerService, 'customerService'),
    };
    if (o.app !== undefined) operator.app = r.string(o.app, 'app');
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
  return { operators, products };
}
