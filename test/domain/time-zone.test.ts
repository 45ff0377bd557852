import { describe, expect, it } from 'vitest';
import { defaultTimeZone, resolveTimeZone, zoneLabel } from '../../src/domain/time-zone.js';

describe('the shop time zone', () => {
  it('starts from the machine, or WIB when the machine does not know', () => {
    expect(defaultTimeZone('Asia/Makassar')).toBe('Asia/Makassar');
    expect(defaultTimeZone('UTC')).toBe('Asia/Jakarta');
    expect(defaultTimeZone('Etc/UTC')).toBe('Asia/Jakarta');
    expect(defaultTimeZone(undefined)).toBe('Asia/Jakarta');
  });

  it('knows WIB, WITA and WIT by name', () => {
    expect(['WIB', 'wita', 'WIT'].map(resolveTimeZone)).toEqual(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']);
    expect(resolveTimeZone('Nowhere/Else')).toBeNull();
    expect(zoneLabel('Asia/Jayapura')).toBe('WIT');
  });
});
