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
    // A plain loop rather than entries/map/fromEntries: batch output calls this for every finding.
    const strings: Record<string, string> = {};
    for (const name of Object.keys(vars)) strings[name] = String(vars[name]);
    return fill(text, strings);
  };
}

/** Message values where a name ending in `Key` holds a catalogue key (its text fills the name without the suffix)
 * and one ending in `Keys` holds several joined by "|". */
export function resolveVarKeys(vars: Record<string, string | number>, t: Translate): Record<string, string | number> {
  let keyed = false;
  for (const name in vars) if (name.endsWith('Key') || name.endsWith('Keys')) keyed = true;
  if (!keyed) return vars;
  return Object.fromEntries(
    Object.entries(vars).map(([name, value]) => {
      if (name.endsWith('Keys')) return [name.slice(0, -4), String(value).split('|').map((k) => t(k)).join('; ')];
      if (name.endsWith('Key')) return [name.slice(0, -3), t(String(value))];
      return [name, value];
    }),
  );
}
