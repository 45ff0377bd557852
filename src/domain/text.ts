/** Text in both of pulsa-doctor's languages. */
export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];
export type Text = Record<Lang, string>;

/**
 * Orders codes, references, numbers and ISO times by their characters. Not localeCompare: its first call starts
 * ICU's collator (~5 ms of a command's start-up), and these strings are ASCII whose order is the code points'.
 */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
