/** The shop's time zone: one clock for days, references and displayed times, whatever the machine says. */
import { own } from './own.js';

/** Indonesia's three zones by the names counters use. */
export const ZONE_ALIASES: Record<string, string> = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' };

export const FALLBACK_ZONE = 'Asia/Jakarta';

/** An IANA zone name for `WIB`, `WITA`, `WIT` or any zone the runtime knows; null otherwise. */
export function resolveTimeZone(input: string): string | null {
  const text = input.trim();
  const alias = own(ZONE_ALIASES, text.toUpperCase());
  if (alias) return alias;
  // Indonesia's own zones need no check by Intl, whose first use costs ~10 ms of every command's start-up.
  if (Object.values(ZONE_ALIASES).includes(text)) return text;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(text)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The zone a new store starts with: the machine's, unless the machine does not know (no zone, or plain UTC,
 * which on a shop's computer or a rented server means "never set"), then WIB.
 */
export function defaultTimeZone(machineZone: string | undefined): string {
  if (!machineZone || /^(Etc\/)?(UTC|GMT|Universal|Zulu|Unknown)$/i.test(machineZone)) return FALLBACK_ZONE;
  return resolveTimeZone(machineZone) ?? FALLBACK_ZONE;
}

/** "WIB" for Asia/Jakarta and so on; the IANA name for zones outside Indonesia. */
export function zoneLabel(zone: string): string {
  return Object.entries(ZONE_ALIASES).find(([, name]) => name === zone)?.[0] ?? zone;
}
