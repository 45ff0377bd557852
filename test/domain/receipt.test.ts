import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/cases.js';
import { customerReceipt } from '../../src/domain/receipt.js';
import { pulsa, t, table } from '../helpers/data.js';

const base: Case = {
  ref: 'KP-20261125-0001', createdAt: '2026-11-25T04:00:00.000Z', updatedAt: '2026-11-25T04:00:00.000Z', checklist: 'pulsa-tidak-masuk',
  status: 'open', lang: 'id', number: '081234567890', operator: 'telkomsel', nominal: 50000, sn: null, answers: {}, findings: [], advice: [],
  cause: 'wrong-number', guidance: { customer: 'Teks untuk pelanggan.', shop: 'CATATAN TOKO' }, priority: null, related: [], escalations: [],
  notes: [{ at: '2026-11-25T05:00:00.000Z', text: 'CATATAN note' }], resolution: null, evidence: [], events: [],
};
const ctx = { lang: 'id' as const, t: t('id'), table, checklist: pulsa };

describe('customer receipt', () => {
  it("holds the checklist, reference, date and the customer's text, never the shop's", () => {
    const text = customerReceipt(base, ctx);
    expect(text.split('\n').slice(0, 3)).toEqual(['Pulsa tidak masuk', 'Nomor kasus: KP-20261125-0001', expect.stringMatching(/^Tanggal: 25\/11\/2026 \d\d:00$/)]);
    expect(text).toContain('Teks untuk pelanggan.');
    expect(text).not.toContain('CATATAN');
    expect(text).not.toContain('wrong-number');
  });

  it("adds the status message once the case has moved on, with what the shop wrote for the customer but not its own note", () => {
    const resolved: Case = { ...base, status: 'resolved', resolution: { at: base.createdAt, kind: 'refund', note: 'CATATAN potong komisi', customerNote: 'Uang Kakak sudah kami transfer.', amount: 50000 } };
    const text = customerReceipt(resolved, ctx);
    expect(text).toContain('Uang Kakak sudah kami transfer.');
    expect(text).not.toContain('CATATAN');
  });
});
