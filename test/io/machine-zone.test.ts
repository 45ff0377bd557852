import { readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { machineTimeZone } from '../../src/io/machine-zone.js';

describe('the machine time zone', () => {
  it('is TZ when set, with or without the POSIX leading colon', () => {
    expect(machineTimeZone({ TZ: 'Asia/Makassar' })).toBe('Asia/Makassar');
    expect(machineTimeZone({ TZ: ':Asia/Jayapura' })).toBe('Asia/Jayapura');
  });

  it('is the zone /etc/localtime links to when TZ is unset, as Intl reports it', () => {
    let link: string | undefined;
    try {
      link = readlinkSync('/etc/localtime');
    } catch {
      link = undefined;
    }
    const zone = machineTimeZone({});
    if (link?.includes('zoneinfo/')) expect(zone).toBe(link.slice(link.lastIndexOf('zoneinfo/') + 9));
    else expect(zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
