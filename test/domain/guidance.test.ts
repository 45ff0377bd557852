import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/domain/engine.js';
import { buildGuidance } from '../../src/domain/guidance.js';
import { pulsa, t, table } from '../helpers/data.js';

const answers = {
  number: '081234567890', productOperator: 'telkomsel', nominal: '50000', status: 'sukses', sn: 'SN123', time: '',
  claimedNumber: '081234567890', claimedNominal: '50000', debt: 'yes', mobileData: 'no', subscription: 'no',
  statusRechecked: 'same', validity: 'active', wantedPackage: 'no',
};

function guidance(over: Record<string, string>, lang: 'id' | 'en' = 'id') {
  const all = { ...answers, ...over };
  return buildGuidance(pulsa, evaluate(pulsa, all, table), all, { ref: 'KP-20261125-0007', lang, table, t: t(lang) });
}

describe('customer guidance', () => {
  it('quotes the case reference', () => {
    expect(guidance({}).customer).toContain('KP-20261125-0007');
  });

  it('speaks Indonesian by default and English on request', () => {
    expect(guidance({}).customer).toContain('dilunasi otomatis');
    expect(guidance({}, 'en').customer).toContain('the next top-up repays it');
  });

  const indosat = { number: '085712345678', claimedNumber: '085712345678', productOperator: 'indosat' };
  const smartfren = { number: '088112345678', claimedNumber: '088112345678', productOperator: 'smartfren' };
  const axis = { number: '083112345678', claimedNumber: '083112345678', productOperator: 'axis' };

  it('explains that the top-up arrived and paid the loan, never to pay the loan before topping up', () => {
    for (const over of [{}, indosat, smartfren]) {
      for (const lang of ['id', 'en'] as const) {
        const text = guidance(over, lang).customer;
        expect(text).not.toMatch(/sebelum isi ulang|before (your|the) next top-up|settle the loan/i);
      }
    }
    expect(guidance({}).customer).toContain('Pulsa Kakak sudah masuk, lalu otomatis dipakai Telkomsel untuk melunasi');
  });

  it('names the loan products a customer will recognise', () => {
    expect(guidance({}).customer).toContain('Paket Darurat');
    expect(guidance(indosat).customer).toContain('kuota darurat');
  });

  it('never sends a Telkomsel customer to *858# (Transfer Pulsa) but to MyTelkomsel or 188', () => {
    const { customer, shop } = guidance({});
    expect(customer + shop).not.toContain('*858#');
    expect(customer).toContain('aplikasi MyTelkomsel (umumnya berlaku) atau telepon 188 dari nomor Telkomsel');
  });

  it("never presents Indosat's borrow menu *505# as a check, and tells the shop what it is", () => {
    const { customer, shop } = guidance(indosat);
    expect(customer).not.toContain('*505#');
    expect(shop).toContain('*505# adalah menu untuk MEMINJAM, bukan untuk mengecek');
  });

  it('gives a confirmed code plainly and hedges a likely one', () => {
    expect(guidance(smartfren).customer).toContain('lewat SMS INFO ke 505.');
    expect(guidance({ debt: 'no' }).customer).toContain('*888#,');
    expect(guidance({ ...indosat, debt: 'no' }).customer).toContain('*123# (umumnya berlaku)');
  });

  it('never calls a phone number a code, and points an unconfirmed contact to the app help menu, not "ask CS"', () => {
    const text = guidance({ ...axis, debt: 'no' }).customer;
    expect(text).toContain('menu Bantuan di aplikasi AXISnet (nomor 838 belum pasti)');
    expect(text).not.toMatch(/kode ini|tanya CS/);
    for (const over of [{}, indosat, smartfren, axis]) expect(guidance({ ...over, debt: 'no' }).customer).not.toMatch(/kode (ini )?\d|code \d/);
  });

  it('warns that a CS call may cost money and that a customer at Rp0 should call from another number', () => {
    const text = guidance({ ...smartfren, debt: 'no' }).customer;
    expect(text).toContain('telepon 888 dari nomor Smartfren atau 08811223344 dari nomor lain');
    expect(text).toContain('bisa berbayar; kalau pulsa Rp0');
    expect(text).not.toContain('4444');
  });

  it('gives the operator contact, SN and amount when escalating', () => {
    const text = guidance({ debt: 'no' }).customer;
    expect(text).toContain('188');
    expect(text).toContain('SN123');
    expect(text).toContain('Rp50.000');
  });

  it('names the kind of typo for a wrong number', () => {
    expect(guidance({ number: '081234567899' }).customer).toContain('satu angka berbeda');
  });

  it('leaves no placeholder unfilled', () => {
    const variants: Record<string, string>[] = [{}, { debt: 'no', sn: '' }, { status: 'gagal' }, { number: '081234567809' }, { subscription: 'yes' }];
    for (const over of variants) {
      const { customer, shop } = guidance(over);
      expect(customer + shop).not.toMatch(/\{[a-zA-Z.]+\}/);
    }
  });
});
