/** The message catalogue: every user-facing sentence outside the checklists, in both languages. */
import { fill } from './template.js';
import type { Lang, Text } from './text.js';

export type Catalogue = Record<string, Text>;
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A lookup bound to one language; a missing key shows the key itself so the gap is visible, never blank. */
export function translator(catalogue: Catalogue, lang: Lang): Translate {
  return (key, vars = {}) => {
    const text = catalogue[key]?.[lang];
    if (text === undefined) return key;
    return fill(text, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)])));
  };
}
