/** Operator facts (loaded from checklists/operators.json) and lookups over them. */
import type { Msisdn } from './msisdn.js';

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
