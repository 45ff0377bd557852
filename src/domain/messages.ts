/** The message catalogue: every user-facing sentence outside the checklists, in both languages. */
import { placeholdersIn, Problems, Reader, type Json } from './reader.js';
import { own } from './own.js';
import { fill } from './template.js';
import { LANGS, type Lang, type Text } from './text.js';

export type Catalogue = Record<string, Text>;
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A catalogue's messages in one language, by key. */
export type Messages = Record<string, string>;

/** A lookup bound to one language; a missing key shows the key itself so the gap is visible, never blank. */
export function translator(catalogue: Catalogue, lang: Lang): Translate {
  return (key, vars = {}) => say(catalogue[key]?.[lang], key, vars);
}

/**
 * translator() over one language's messages, read when the first message is asked for: a command that prints
 * none never reads them.
 */
export function lazyTranslator(load: () => Messages): Translate {
  let messages: Messages | undefined;
  return (key, vars = {}) => {
    messages ??= load();
    return say(Object.hasOwn(messages, key) ? messages[key] : undefined, key, vars);
  };
}

function say(text: string | undefined, key: string, vars: Record<string, string | number>): string {
  return text === undefined ? key : fill(text, vars);
}

/** Message values where a name ending in `Key` holds a catalogue key (its text fills the name without the suffix)
 * and one ending in `Keys` holds several joined by "|". */
export function resolveVarKeys(vars: Record<string, string | number>, t: Translate): Record<string, string | number> {
  let keyed = false;
  // The last letter first: batch output asks this of every finding's values, and few are keys.
  for (const name in vars) {
    const last = name.charCodeAt(name.length - 1);
    if ((last === 121 && name.endsWith('Key')) || (last === 115 && name.endsWith('Keys'))) keyed = true;
  }
  if (!keyed) return vars;
  // A keyed message may use the plain values of the same error (a count, a name), and those of its other keyed
  // values once they are words (the list of escalations a refused close names): hence two rounds.
  const plain = Object.fromEntries(Object.entries(vars).filter(([name]) => !name.endsWith('Key') && !name.endsWith('Keys')));
  const resolve = (known: Record<string, string | number>) =>
    Object.fromEntries(
      Object.entries(vars).map(([name, value]) => {
        // An item of a list may carry text after its key ("target.supplier (06/12/2026 22:00)"), kept as it is.
        if (name.endsWith('Keys')) return [name.slice(0, -4), String(value).split('|').map((item) => keyedItem(item, t, known)).join('; ')];
        if (name.endsWith('Key')) return [name.slice(0, -3), t(String(value), known)];
        return [name, value];
      }),
    );
  return resolve(resolve(plain));
}

function keyedItem(item: string, t: Translate, vars: Record<string, string | number>): string {
  const space = item.indexOf(' ');
  return space < 0 ? t(item, vars) : t(item.slice(0, space), vars) + item.slice(space);
}

// A catalogue's placeholders have a name: `{}` is text.
const placeholders = (text: string) => new Set(placeholdersIn(text).filter((name) => name !== ''));

/**
 * Validates a message catalogue: every entry in both languages, with the same placeholders in each. An override
 * (`shipped` given) may only reword known messages, using placeholders the shipped text has: the code fills no others.
 */
export function validateCatalogue(json: Json, file: string, problems: Problems, shipped?: Catalogue): Catalogue {
  const r = new Reader(file, '');
  const root = problems.attempt(() => r.object(json, '(top level)'), {});
  const catalogue: Catalogue = {};
  for (const [key, entry] of Object.entries(root)) {
    if (key.startsWith('$')) continue;
    problems.attempt(() => {
      const at = r.at(`message "${key}"`);
      const base = shipped && own(shipped, key);
      if (shipped && !base) at.fail('key', 'is not a message pulsa-doctor has; only existing messages can be reworded');
      const o = at.object(entry, key);
      const text = {} as Text;
      for (const lang of LANGS) text[lang] = at.string(o[lang], lang);
      const allowed = placeholders(base ? `${base.id} ${base.en}` : `${text.id} ${text.en}`);
      for (const lang of LANGS) {
        for (const name of placeholders(text[lang])) {
          if (!allowed.has(name)) at.fail(lang, `unknown placeholder {${name}}; this message has ${[...allowed].map((n) => `{${n}}`).join(', ') || 'none'}`);
        }
      }
      catalogue[key] = text;
    }, undefined);
  }
  return catalogue;
}
