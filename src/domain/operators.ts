/** Operator facts (loaded from checklists/operators.json) and lookups over them. */
import type { Msisdn } from './msisdn.js';
import { Reader, type Json } from './reader.js';

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

/** The operator a number's prefix was allocated to; porting is not tracked (no source), so this is the best guess. */
export function detectOperator(table: OperatorTable, msisdn: Msisdn): Operator | undefined {
  let best: { operator: Operator; length: number } | undefined;
  for (const operator of table.operators) {
    for (const group of operator.prefixes) {
      for (const prefix of group.values) {
        if (msisdn.startsWith(prefix) && (!best || prefix.length > best.length)) {
          best = { operator, length: prefix.length };
        }
      }
    }
  }
  return best?.operator;
}

/** Finds an operator by id, name, alias ("tsel", "im3") or a product code mapped to it ("S10", "I25"). */
export function resolveOperator(table: OperatorTable, input: string): Operator | undefined {
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

/** Validates parsed operators.json; `file` names it in error messages. */
export function validateOperatorTable(json: Json, file: string): OperatorTable {
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
  const operators = top.array(root.operators, 'operators').map((json, i) => {
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
  });
  const productsJson = top.object(root.products ?? { patterns: [] }, 'products');
  const products = top.array(productsJson.patterns, 'products.patterns').map((json, i) => {
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
  });
  return { operators, products };
}
