/** Text in both of pulsa-doctor's languages. */
export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];
export type Text = Record<Lang, string>;
