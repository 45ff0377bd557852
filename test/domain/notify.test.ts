import { describe, expect, it } from 'vitest';
import { escalateCase, resolveCase } from '../../src/domain/lifecycle.js';
import { customerNotification, customerWhatsApp, escalationMessage, whatsAppLink } from '../../src/domain/notify.js';
import { newCase } from '../../src/domain/cases.js';
import { aCase, T0 } from '../helpers/cases.js';
import { kuota, pulsa, t, table } from '../helpers/data.js';

const ctx = { lang: 'id' as const, t: t('id'), table, checklist: pulsa };

// A wrong-number case: the credit went to a stranger (…7809), the customer meant …7890 and is reached on …1111.
const wrongNumber = (contact?: string) =>
  newCase('KP-20261125-0002', T0, 'open', {
    checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'wrong-number', advice: [], guidance: null,
    answers: { number: '081234567809', nominal: '50000', claimedNumber: '081234567890', ...(contact ? { customerNumber: contact } : {}) },
    findings: [{ code: 'wrong-number', step: 'number-nominal', details: { typo: 'transposition' } }],
  });
const due = new Date(2026, 10, 26, 10, 0);

describe('whatsAppLink', () => {
  it('opens a chat with the international number and the text URL-encoded', () => {
    const link = whatsAppLink(table, '081234567890', 'Halo Kak & terima kasih: 100% #1\nBaris dua');
    expect(link).toBe('https://wa.me/6281234567890?text=Halo%20Kak%20%26%20terima%20kasih%3A%20100%25%20%231%0ABaris%20dua');
    expect(new URL(link!).searchParams.get('text')).toBe('Halo Kak & terima kasih: 100% #1\nBaris dua');
  });

  it('gives no link for a number that is not a valid mobile number', () => {
    expect(whatsAppLink(table, '081012', 'x')).toBeNull();
    expect(whatsAppLink(table, '0215551234', 'x')).toBeNull();
    expect(whatsAppLink(table, '081012345678', 'x')).toBeNull();
  });
});

describe('messages go to the customer, not to the number the credit went to', () => {
  it('links to the number the customer meant in a wrong-number case', () => {
    expect(customerWhatsApp(wrongNumber(), 'x', table)).toBe('https://wa.me/6281234567890?text=x');
  });

  it("links to the customer's own contact number when one was given", () => {
    expect(customerWhatsApp(wrongNumber('081311112222'), 'x', table)).toBe('https://wa.me/6281311112222?text=x');
  });

  it("greets the customer with the number they meant, not the stranger's", () => {
    const text = customerNotification(wrongNumber(), ctx);
    expect(text).toContain('081234567890');
    expect(text).not.toContain('081234567809');
  });

  it('resends to the number the customer meant', () => {
    const text = customerNotification(resolveCase(wrongNumber(), { kind: 'resent', note: 'kirim ulang' }, [], T0), ctx);
    expect(text).toContain('kirim ulang ke 081234567890');
  });

  it('gives an older case without a contact number the number it meant', () => {
    const older = { ...wrongNumber() };
    delete older.customerNumber;
    expect(customerWhatsApp(older, 'x', table)).toBe('https://wa.me/6281234567890?text=x');
  });
});

describe('data-package cases', () => {
  const packageCase = newCase('KP-20261125-0003', T0, 'open', {
    checklist: 'kuota-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'escalate-operator', advice: [], guidance: null,
    answers: { number: '081234567890', package: 'Freedom Internet 10GB', sn: 'SN9', claimedNumber: '081234567890', productOperator: 'telkomsel' },
    findings: [{ code: 'escalate-operator', step: 'escalation', details: {} }],
  });
  const kuotaCtx = { ...ctx, checklist: kuota };

  it('name the package in escalations and notifications, never "pulsa (tidak dicatat)"', () => {
    const escalated = escalateCase(packageCase, 'supplier', due, T0);
    const texts = [
      escalationMessage(escalated, 'operator', kuotaCtx, ''),
      escalationMessage(escalated, 'supplier', kuotaCtx, ''),
      escalationMessage(escalated, 'supervisor', kuotaCtx, ''),
      customerNotification(escalated, kuotaCtx),
      customerNotification(packageCase, kuotaCtx),
    ];
    for (const text of texts) {
      expect(text).toContain('paket Freedom Internet 10GB');
      expect(text).not.toMatch(/pulsa \(tidak dicatat\)|Rp\s*\(tidak/);
    }
  });
});

describe('customerNotification', () => {
  it('gives the reference number when the complaint is received', () => {
    expect(customerNotification(aCase(), ctx)).toContain('KP-20261125-0001');
  });

  it('says what happens next and by when once escalated', () => {
    const text = customerNotification(escalateCase(aCase(), 'operator', due, T0), ctx);
    expect(text).toContain('Telkomsel');
    expect(text).toContain('SN1');
    expect(text).toContain('26/11/2026 10:00');
  });

  it('gives the refunded amount once resolved with a refund', () => {
    const text = customerNotification(resolveCase(aCase(), { kind: 'refund', note: 'Uang dikembalikan tunai.' }, [], T0), ctx);
    expect(text).toContain('Rp50.000');
  });

  it("never pastes the shop's internal resolution note into a customer message", () => {
    const internal = 'supplier lambat, potong dari komisi Budi';
    for (const kind of ['refund', 'resent', 'explained', 'operator-fixed', 'other'] as const) {
      const text = customerNotification(resolveCase(aCase(), { kind, note: internal }, [], T0), ctx);
      expect(text, kind).not.toContain('komisi');
      expect(text, kind).not.toMatch(/\{[a-zA-Z]+\}/);
    }
  });

  it('tells the customer what the shop wrote for them', () => {
    const text = customerNotification(resolveCase(aCase(), { kind: 'explained', note: 'internal', customerNote: 'Pulsa dipakai untuk paket darurat.' }, [], T0), ctx);
    expect(text).toContain('Pulsa dipakai untuk paket darurat.');
    expect(text).not.toContain('internal');
  });

  it('names the cause when an explanation was given without a customer text', () => {
    const text = customerNotification(resolveCase(aCase(), { kind: 'explained', note: 'internal' }, [], T0), ctx);
    expect(text).toContain('Eskalasi ke operator');
  });

  it('speaks English with --lang en', () => {
    expect(customerNotification({ ...aCase(), status: 'closed' }, { ...ctx, lang: 'en', t: t('en') })).toContain('is now closed');
  });
});

describe('escalationMessage', () => {
  it('gives the operator the SN, time, number and nominal', () => {
    const c = escalateCase(aCase({ answers: { ...aCase().answers, time: new Date(2026, 10, 25, 9, 15).toISOString() } }), 'operator', due, T0);
    const text = escalationMessage(c, 'operator', ctx, '');
    for (const part of ['SN1', '25/11/2026 09:15', '081234567890', 'Rp50.000', 'KP-20261125-0001']) expect(text).toContain(part);
  });

  it('gives a supervisor the history', () => {
    expect(escalationMessage(aCase(), 'supervisor', ctx, '  history line')).toContain('history line');
  });
});
