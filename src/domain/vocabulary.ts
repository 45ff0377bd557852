/**
 * The words for the values a counter types and reads: statuses, priorities, resolutions and escalation
 * targets. Codes (English) are what the store and --json keep; the Indonesian word is what tables show, and
 * both are accepted on the command line, so whatever a table shows can be typed back.
 */
import type { CaseStatus, EscalationTarget, Priority, ResolutionKind } from './cases.js';
import type { Lang } from './text.js';

/** Each code with its Indonesian word first (the one shown), then any other Indonesian word accepted for it. */
export const VALUE_WORDS = {
  status: {
    draft: ['draf'],
    open: ['terbuka'],
    escalated: ['dieskalasi'],
    resolved: ['selesai', 'diselesaikan'],
    closed: ['ditutup'],
    reopened: ['dibuka-lagi'],
  } satisfies Record<CaseStatus, string[]>,
  priority: {
    low: ['rendah'],
    normal: ['normal'],
    high: ['tinggi'],
    urgent: ['mendesak'],
  } satisfies Record<Priority, string[]>,
  resolution: {
    refund: ['refund', 'uang-kembali'],
    resent: ['kirim-ulang', 'dikirim-ulang'],
    explained: ['dijelaskan'],
    'operator-fixed': ['diperbaiki-operator'],
    other: ['lainnya'],
  } satisfies Record<ResolutionKind, string[]>,
  target: {
    operator: ['operator'],
    supplier: ['supplier'],
    supervisor: ['pimpinan'],
  } satisfies Record<EscalationTarget, string[]>,
};

export type ValueKind = keyof typeof VALUE_WORDS;
export type ValueCode<K extends ValueKind> = keyof (typeof VALUE_WORDS)[K] & string;

const words = <K extends ValueKind>(kind: K) => VALUE_WORDS[kind] as Record<ValueCode<K>, string[]>;

/** How a value is shown: the Indonesian word, or the code itself in English. */
export function valueLabel<K extends ValueKind>(kind: K, code: ValueCode<K>, lang: Lang): string {
  return lang === 'id' ? (words(kind)[code]?.[0] ?? code) : code;
}

/** The values offered for a kind, in the language shown, in the order of the codes. */
export function valueChoices(kind: ValueKind, lang: Lang): string[] {
  return Object.keys(VALUE_WORDS[kind]).map((code) => valueLabel(kind, code as ValueCode<typeof kind>, lang));
}

// Typed as seen ("Dibuka lagi", "kirim_ulang"): case and the separator between words do not matter.
const normalise = (input: string) => input.trim().toLowerCase().replace(/[\s_]+/g, '-');

/** The code for a typed value, an English code or an Indonesian word; undefined when it is neither. */
export function parseValue<K extends ValueKind>(kind: K, input: string): ValueCode<K> | undefined {
  const typed = normalise(input);
  for (const [code, indonesian] of Object.entries(words(kind)) as [ValueCode<K>, string[]][]) {
    if (code === typed || indonesian.includes(typed)) return code;
  }
  return undefined;
}

/** A comma-separated list of values (`terbuka,dieskalasi`): the codes, or the first entry that is no value. */
export function parseValueList<K extends ValueKind>(kind: K, input: string): { codes: ValueCode<K>[] } | { bad: string } {
  const codes: ValueCode<K>[] = [];
  for (const entry of input.split(',')) {
    const code = parseValue(kind, entry);
    if (!code) return { bad: entry.trim() };
    if (!codes.includes(code)) codes.push(code);
  }
  return { codes };
}
