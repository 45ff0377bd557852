import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, ESCALATION_TARGETS, PRIORITIES, RESOLUTIONS } from '../../src/domain/cases.js';
import { parseValue, parseValueList, valueChoices, valueLabel, VALUE_WORDS, type ValueKind } from '../../src/domain/vocabulary.js';

const CODES: Record<ValueKind, readonly string[]> = { status: CASE_STATUSES, priority: PRIORITIES, resolution: RESOLUTIONS, target: ESCALATION_TARGETS };

describe('the words for statuses, priorities, resolutions and targets', () => {
  it('has an Indonesian word for every code, in the codes’ order', () => {
    for (const [kind, codes] of Object.entries(CODES) as [ValueKind, readonly string[]][]) {
      expect(Object.keys(VALUE_WORDS[kind])).toEqual([...codes]);
      expect(valueChoices(kind, 'en')).toEqual([...codes]);
    }
    expect(valueChoices('priority', 'id')).toEqual(['rendah', 'normal', 'tinggi', 'mendesak']);
    expect(valueChoices('status', 'id')).toEqual(['draf', 'terbuka', 'dieskalasi', 'selesai', 'ditutup', 'dibuka-lagi']);
  });

  it('reads back whatever a table shows, in either language, and the English codes', () => {
    for (const kind of Object.keys(CODES) as ValueKind[]) {
      for (const code of CODES[kind]) {
        expect(parseValue(kind, valueLabel(kind, code as never, 'id'))).toBe(code);
        expect(parseValue(kind, valueLabel(kind, code as never, 'en'))).toBe(code);
      }
    }
    expect(parseValue('resolution', 'kirim-ulang')).toBe('resent');
    expect(parseValue('resolution', 'Kirim Ulang')).toBe('resent');
    expect(parseValue('status', ' dibuka lagi ')).toBe('reopened');
    expect(parseValue('status', 'diselesaikan')).toBe('resolved');
    expect(parseValue('target', 'pimpinan')).toBe('supervisor');
  });

  it('refuses what is no value of the kind, even a value of another kind', () => {
    expect(parseValue('priority', 'penting')).toBeUndefined();
    expect(parseValue('priority', 'terbuka')).toBeUndefined();
    expect(parseValue('status', '')).toBeUndefined();
  });

  it('reads a comma-separated list once each, or names the first entry it cannot read', () => {
    expect(parseValueList('status', 'terbuka, escalated,dieskalasi')).toEqual({ codes: ['open', 'escalated'] });
    expect(parseValueList('status', 'terbuka,hilang,lost')).toEqual({ bad: 'hilang' });
  });
});
