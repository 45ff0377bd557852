import { describe, expect, it } from 'vitest';
import { escalateCase, resolveCase } from '../../src/domain/lifecycle.js';
import { customerNotification, escalationMessage, whatsAppLink } from '../../src/domain/notify.js';
import { aCase, T0 } from '../helpers/cases.js';
import { t, table } from '../helpers/data.js';

const ctx = { lang: 'id' as const, t: t('id'), table };
const due = new Date(2026, 10, 26, 10, 0);

describe('whatsAppLink', () => {
  it('opens a chat with the international number and the text URL-encoded', () => {
    const link = whatsAppLink('081234567890', 'Halo Kak & terima kasih: 100% #1\nBaris dua');
    expect(link).toBe('https://wa.me/6281234567890?text=Halo%20Kak%20%26%20terima%20kasih%3A%20100%25%20%231%0ABaris%20dua');
    expect(new URL(link).searchParams.get('text')).toBe('Halo Kak & terima kasih: 100% #1\nBaris dua');
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
    expect(text).toContain('Uang dikembalikan tunai.');
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
