/** The machine's time zone, found without Intl where the system says it plainly. */
import { readlinkSync } from 'node:fs';

/**
 * TZ, then the zone /etc/localtime links to (Linux, macOS); Intl only when neither says (Windows). Intl's first
 * use costs ~10 ms, which every command on a store that has no zone yet would otherwise pay at start-up.
 */
export function machineTimeZone(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const tz = env.TZ?.replace(/^:/, '');
  if (tz) return tz;
  try {
    const link = readlinkSync('/etc/localtime');
    const at = link.lastIndexOf('zoneinfo/');
    if (at >= 0) return link.slice(at + 'zoneinfo/'.length);
  } catch {
    // Not a link (a copied file, or no such file): ask the runtime.
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
