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
    expect(guidance({}).customer).toContain('pinjaman pulsa');
    expect(guidance({}, 'en').customer).toContain('borrowed/emergency credit');
  });

  it('never gives an unverified code as certain', () => {
    // Telkomsel's debt-check code conflicts between sources.
    expect(guidance({}).customer).toContain('*858# (kode ini belum pasti');
  });

  it('gives a confirmed code plainly', () => {
    // Indosat's *505# comes from the operator's own page.
    const text = guidance({ number: '085712345678', claimedNumber: '085712345678', productOperator: 'indosat' }).customer;
    expect(text).toContain('*505#');
    expect(text).not.toContain('*505# (');
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
