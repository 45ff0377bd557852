/** The day file's layout, a case a line, and how it is read back: line by line when it has that layout, whole otherwise. */
import { describe, expect, it } from 'vitest';
import { newCase, type Case, type DiagnosisResult } from '../../src/domain/cases.js';
import { PulsaError } from '../../src/errors.js';
import { parseDayBytes, serializeDay, type DayFile } from '../../src/store/json/files.js';

const result: DiagnosisResult = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890', nominal: '50000', sn: 'SN1' }, operator: 'telkomsel',
  findings: [], advice: [], cause: 'escalate-operator', guidance: { customer: 'Mohon tunggu 1×24 jam 📱 "kutip" \\ garis\nbaru', shop: 's\u0085' },
};
const day = '20261125';
const cases: Case[] = [1, 2, 3].map((n) => newCase(`KP-${day}-000${n}`, new Date(2026, 10, 25, 9, n), 'open', result));
const file: DayFile = { schemaVersion: 1, day, lastSequence: 3, cases };
const parse = (text: string) => parseDayBytes(Buffer.from(text, 'utf8'), '/s/20261125.json', day);

describe('a day file', () => {
  it('is one JSON document with each case on a line of its own, the same data as JSON.stringify writes', () => {
    const text = serializeDay(file);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(file)));
    expect(text.split('\n')).toEqual([
      '{"schemaVersion":1,"day":"20261125","lastSequence":3,"cases":[',
      `${JSON.stringify(cases[0])},`,
      `${JSON.stringify(cases[1])},`,
      JSON.stringify(cases[2]),
      ']}',
    ]);
    expect(serializeDay({ ...file, cases: [] })).toBe(JSON.stringify({ ...file, cases: [] }));
  });

  it('is read back a line at a time with each case and its exact text', () => {
    for (const n of [1, 3]) {
      const { data, json } = parse(serializeDay({ ...file, cases: cases.slice(0, n) }));
      expect(data).toEqual({ ...file, cases: cases.slice(0, n) });
      expect(json).toEqual(cases.slice(0, n).map((c) => JSON.stringify(c)));
    }
  });

  it('written otherwise (one line, CRLF, a trailing line break, indented) is read whole, with no texts', () => {
    const variants = [
      JSON.stringify(file),
      serializeDay(file).replaceAll('\n', '\r\n'),
      `${serializeDay(file)}\n`,
      JSON.stringify(file, null, 2),
    ];
    for (const text of variants) expect(parse(text)).toEqual({ data: file, json: null });
  });

  it('that is damaged is refused with the whole parse\'s reason, whether a line is cut or an entry is not a case', () => {
    const lines = serializeDay(file).split('\n');
    const cut = [...lines.slice(0, 2), lines[2]!.slice(0, 40), ...lines.slice(3)].join('\n');
    const notCase = [lines[0], '{"hello":1},', ...lines.slice(2)].join('\n');
    const otherDay = serializeDay({ ...file, cases: [newCase('KP-20261124-0001', new Date(2026, 10, 24), 'open', result)] });
    const reasons = [cut, notCase, otherDay].map((text) => {
      try {
        parse(text);
        return 'parsed';
      } catch (error) {
        expect(error).toBeInstanceOf(PulsaError);
        return String((error as PulsaError).vars.reason);
      }
    });
    expect(reasons[0]).toMatch(/JSON|Unexpected|Expected/);
    expect(reasons[1]).toBe('entry 1 has no valid ref');
    expect(reasons[2]).toBe('entry 1 holds KP-20261124-0001, which belongs to another day');
  });
});
