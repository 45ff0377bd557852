import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/data/load.js';
import { translator } from '../../src/domain/messages.js';
import { caseFigures, compare, moneyFigures, type StatsReport } from '../../src/domain/stats.js';
import { barChart, columnChart, renderReportHtml } from '../../src/ui/report-html.js';
import { barLines } from '../../src/ui/stats-render.js';
import { aCase } from '../helpers/cases.js';

const t = translator(loadCatalogue(), 'id');
const week = { since: new Date(2026, 10, 23), until: new Date(2026, 10, 29, 23, 59, 59, 999) };
const NOW = new Date(2026, 10, 30, 12, 0);

function reportOf(cases = [aCase({ ref: 'KP-20261125-0001' }), aCase({ ref: 'KP-20261125-0002', answers: { supplier: '<img src=x onerror=alert(1)>' } })]): StatsReport {
  const current = { cases: caseFigures(cases, week, NOW), money: moneyFigures([], week) };
  return {
    period: { since: week.since.toISOString(), until: week.until.toISOString(), days: 7 },
    filters: { status: null, operator: null, checklist: null, by: null },
    ...current,
    previous: { period: { since: '', until: '' }, cases: { opened: 0, resolved: 0, closed: 0, stillOpen: 0, overdueEscalations: 0 }, money: current.money.totals },
    comparison: compare(current, current),
  };
}

describe('stats charts', () => {
  it('scales text bars to the largest value and keeps a small non-zero value visible', () => {
    expect(barLines([{ label: 'a', value: 100, text: '100' }, { label: 'bb', value: 1, text: '1' }, { label: 'c', value: 0, text: '0' }], 10)).toEqual([
      'a  |##########| 100',
      'bb |#         | 1',
      'c  |          | 0',
    ]);
    expect(barLines([{ label: 'x', value: 0, text: '0' }], 5)).toEqual(['x |     | 0']);
  });

  it('draws SVG bars in proportion and none for a zero', () => {
    const svg = columnChart('perDay', [{ label: '1', value: 4, text: '4' }, { label: '2', value: 2, text: '2' }, { label: '3', value: 0, text: '0' }], 300, 162);
    const heights = [...svg.matchAll(/class="bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([124, 62, 0]);
    const widths = [...barChart('c', [{ label: 'a', value: 3, text: '3' }, { label: 'b', value: 1, text: '1' }], 590).matchAll(/class="bar"[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([300, 100]);
  });
});

describe('the report page', () => {
  it('escapes text from answers, masks numbers by default and shows them with --no-mask', () => {
    const page = renderReportHtml({ report: reportOf(), t, lang: 'id', mask: true, generatedAt: NOW, zone: 'Asia/Jakarta' });
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('0812****7890');
    expect(page).not.toContain('081234567890');
    expect(page).not.toMatch(/<script|<link|https?:\/\//);
    const open = renderReportHtml({ report: reportOf(), t, lang: 'id', mask: false, generatedAt: NOW, zone: 'Asia/Jakarta' });
    expect(open).toContain('081234567890');
  });

  it('says "none" for an empty week instead of drawing empty charts', () => {
    const page = renderReportHtml({ report: reportOf([]), t, lang: 'id', mask: true, generatedAt: NOW, zone: 'Asia/Jakarta' });
    expect(page).not.toContain('data-chart="byCause"');
    expect(page).toContain('(tidak ada)');
    expect(page).toContain('data-figure="opened" data-value="0"');
  });
});
