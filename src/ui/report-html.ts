/**
 * The weekly report: one self-contained HTML page (no script, no network) with inline SVG charts drawn here,
 * sized for A4 so an owner can print it or save it as PDF for WhatsApp. A charting library would be larger
 * than the few bar charts the report needs.
 */
import type { CaseStatus } from '../domain/cases.js';
import { valueLabel } from '../domain/vocabulary.js';
import type { Translate } from '../domain/messages.js';
import { maskPhoneNumbers } from '../domain/mask.js';
import { formatRupiah } from '../domain/money.js';
import type { Share, StatsReport } from '../domain/stats.js';
import type { Lang } from '../domain/text.js';
import { displayTime } from './render.js';
import { localDay } from './stats-render.js';

const escape = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Bar {
  label: string;
  value: number;
  text: string;
}

const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

/** Vertical bars, one per day; the value is printed above each bar. */
export function columnChart(name: string, bars: Bar[], width = 680, height = 180): string {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const top = 18;
  const bottom = 20;
  const plot = height - top - bottom;
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot * 0.6);
  const parts = bars.map((b, i) => {
    const h = max === 0 ? 0 : Math.max(b.value > 0 ? 1 : 0, (b.value / max) * plot);
    const x = i * slot + (slot - barWidth) / 2;
    const y = top + plot - h;
    const cx = i * slot + slot / 2;
    return `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" data-value="${b.value}"/>`
      + `<text x="${cx.toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="value">${escape(b.text)}</text>`
      + `<text x="${cx.toFixed(1)}" y="${height - 5}" text-anchor="middle" class="label">${escape(b.label)}</text>`;
  });
  const axis = `<line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}" class="axis"/>`;
  return `<svg data-chart="${name}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${axis}${parts.join('')}</svg>`;
}

/** Horizontal bars with a label on the left and the count on the right. */
export function barChart(name: string, bars: Bar[], width = 680): string {
  const row = 22;
  const labelWidth = 200;
  const textWidth = 90;
  const height = Math.max(1, bars.length) * row + 4;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plot = width - labelWidth - textWidth;
  const parts = bars.map((b, i) => {
    const w = max === 0 ? 0 : Math.max(b.value > 0 ? 1 : 0, (b.value / max) * plot);
    const y = i * row + 2;
    return `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" class="label">${escape(b.label)}</text>`
      + `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" data-value="${b.value}"/>`
      + `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 15}" class="value">${escape(b.text)}</text>`;
  });
  return `<svg data-chart="${name}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${parts.join('')}</svg>`;
}

const shareBars = (rows: Share[], label: (key: string) => string = (key) => key) => rows.map((r) => ({ label: label(r.key), value: r.count, text: `${r.count} (${Math.round(r.share * 100)}%)` }));

export interface ReportPage {
  report: StatsReport;
  t: Translate;
  lang: Lang;
  mask: boolean;
  generatedAt: Date;
  zone: string;
  /** Cause codes as the checklists title them. */
  causeTitle?: (code: string) => string;
}

const STYLE = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto; max-width: 186mm; font-size: 11pt; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
.meta { color: #444; font-size: 9pt; }
section { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #bbb; padding: 1.2mm 2mm; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures td.num { font-weight: 600; }
.overdue { color: #a00; font-weight: 700; }
svg { display: block; max-width: 100%; height: auto; }
svg .bar { fill: #2b6cb0; }
svg .value { font-size: 11px; fill: #111; }
svg .label { font-size: 11px; fill: #333; }
svg .axis { stroke: #666; stroke-width: 1; }
@media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
`;

/** The whole report page. */
export function renderReportHtml({ report, t, lang, mask, generatedAt, zone, causeTitle }: ReportPage): string {
  const { cases, money, comparison } = report;
  const number = (n: string | null) => escape(n === null ? '' : mask ? maskPhoneNumbers(n) : n);
  const delta = (c: { delta: number | null; direction: string | null }, format: (n: number) => string = String) =>
    c.direction === null || c.delta === null ? '' : c.direction === 'same' ? t('stats.same') : `${c.delta > 0 ? '+' : '-'}${format(Math.abs(c.delta))} ${t(c.direction === 'up' ? 'stats.up' : 'stats.down')}`;
  const hours = (d: { count: number; medianHours: number | null; p90Hours: number | null }) =>
    d.count === 0 ? '-' : t('stats.durations', { median: d.medianHours!, p90: d.p90Hours!, count: d.count });
  const figure = (key: string, label: string, value: number, shown: string, change = '') =>
    `<tr><td>${escape(label)}</td><td class="num" data-figure="${key}" data-value="${value}">${escape(shown)}</td><td>${escape(change)}</td></tr>`;
  const bandLabels = ['report.bucket.1h', 'report.bucket.4h', 'report.bucket.24h', 'report.bucket.72h', 'report.bucket.more'];

  const figures = [
    figure('opened', t('stats.opened'), cases.opened, String(cases.opened), delta(comparison.opened)),
    figure('resolved', t('stats.resolved'), cases.resolved, String(cases.resolved), delta(comparison.resolved)),
    figure('closed', t('stats.closed'), cases.closed, String(cases.closed), delta(comparison.closed)),
    figure('stillOpen', t('stats.stillOpen'), cases.stillOpen, String(cases.stillOpen), delta(comparison.stillOpen)),
    figure('overdueEscalations', t('stats.overdue'), cases.overdueEscalations, String(cases.overdueEscalations), delta(comparison.overdueEscalations)),
    `<tr><td>${escape(t('stats.reopenRate'))}</td><td class="num">${cases.reopenRate === null ? '-' : `${Math.round(cases.reopenRate * 100)}% (${cases.reopened}/${cases.resolved})`}</td><td></td></tr>`,
    `<tr><td>${escape(t('stats.timeToResolve'))}</td><td class="num">${escape(hours(cases.timeToResolve))}</td><td>${escape(delta(comparison.medianHoursToResolve, (n) => t('stats.hours', { hours: n })))}</td></tr>`,
    `<tr><td>${escape(t('stats.timeToClose'))}</td><td class="num">${escape(hours(cases.timeToClose))}</td><td></td></tr>`,
    `<tr><td>${escape(t('stats.timeToAnswer'))}</td><td class="num">${escape(hours(cases.timeToFirstEscalationAnswer))}</td><td></td></tr>`,
    figure('moneyTotal', t('stats.moneyTotal'), money.totals.total, formatRupiah(money.totals.total), delta(comparison.moneyTotal, formatRupiah)),
  ].join('\n');

  const moneyRows = money.perDay
    .map((d) => `<tr><td>${escape(shortDay(d.day))}</td><td class="num">${formatRupiah(d.refund)}</td><td class="num">${formatRupiah(d.resent)}</td><td class="num">${formatRupiah(d.other)}</td><td class="num" data-money-day="${d.day}" data-value="${d.total}">${formatRupiah(d.total)}</td></tr>`)
    .join('\n');
  const openRows = cases.openCases
    .map((c) => `<tr${c.overdue ? ' class="overdue"' : ''}><td data-open-ref>${escape(c.ref)}</td><td>${escape(valueLabel('status', c.status as CaseStatus, lang))}${c.overdue ? ` · ${escape(t('report.overdue'))}` : ''}</td><td>${escape(displayTime(c.createdAt))}</td><td>${number(c.number)}</td></tr>`)
    .join('\n');
  const repeatRows = cases.repeatNumbers
    .map((r) => `<tr><td data-repeat-number>${number(r.number)}</td><td class="num">${r.count}</td><td>${r.refs.map(escape).join(', ')}</td></tr>`)
    .join('\n');
  const none = `<p>${escape(t('stats.nothing'))}</p>`;

  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('report.title'))} ${escape(localDay(report.period.since))} – ${escape(localDay(report.period.until))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escape(t('report.title'))}</h1>
<div class="meta" data-period-since="${report.period.since}" data-period-until="${report.period.until}">${escape(t('report.period', { since: localDay(report.period.since), until: localDay(report.period.until) }))}</div>
<div class="meta">${escape(t('report.generated', { at: displayTime(generatedAt.toISOString()), zone }))}${mask ? ` · ${escape(t('report.masked'))}` : ''}</div>
</header>
<section>
<h2>${escape(t('stats.figure'))}</h2>
<table class="figures"><thead><tr><th>${escape(t('stats.figure'))}</th><th class="num">${escape(t('stats.value'))}</th><th>${escape(t('stats.vsPrevious'))}</th></tr></thead>
<tbody>
${figures}
</tbody></table>
</section>
<section>
<h2>${escape(t('stats.perDay'))}</h2>
${columnChart('perDay', cases.perDay.map((d) => ({ label: shortDay(d.day), value: d.opened, text: String(d.opened) })))}
</section>
<section>
<h2>${escape(t('stats.byCause'))}</h2>
${cases.byCause.length ? barChart('byCause', shareBars(cases.byCause, causeTitle)) : none}
</section>
<section>
<h2>${escape(t('stats.byOperator'))}</h2>
${cases.byOperator.length ? barChart('byOperator', shareBars(cases.byOperator)) : none}
</section>
${cases.bySupplier.length ? `<section>
<h2>${escape(t('stats.bySupplier', { known: cases.supplierKnown, total: cases.opened }))}</h2>
${barChart('bySupplier', shareBars(cases.bySupplier))}
</section>` : ''}
<section>
<h2>${escape(t('report.resolveBuckets'))}</h2>
${cases.timeToResolve.count ? barChart('timeToResolve', cases.resolveBands.map((b, i) => ({ label: t(bandLabels[i]!), value: b.count, text: String(b.count) }))) : none}
</section>
<section>
<h2>${escape(t('stats.moneyPerDay', { refund: formatRupiah(money.totals.refund), resent: formatRupiah(money.totals.resent), other: formatRupiah(money.totals.other) }))}</h2>
${columnChart('moneyPerDay', money.perDay.map((d) => ({ label: shortDay(d.day), value: d.total, text: d.total ? formatRupiah(d.total) : '' })))}
<table><thead><tr><th>${escape(t('report.day'))}</th><th class="num">${escape(t('kas.kind.refund'))}</th><th class="num">${escape(t('kas.kind.resent'))}</th><th class="num">${escape(t('kas.kind.other'))}</th><th class="num">${escape(t('report.total'))}</th></tr></thead>
<tbody>
${moneyRows}
<tr><th>${escape(t('report.total'))}</th><th class="num">${formatRupiah(money.totals.refund)}</th><th class="num">${formatRupiah(money.totals.resent)}</th><th class="num">${formatRupiah(money.totals.other)}</th><th class="num">${formatRupiah(money.totals.total)}</th></tr>
</tbody></table>
</section>
<section>
<h2>${escape(t('report.openCases'))}</h2>
${openRows ? `<table><thead><tr><th>${escape(t('report.ref'))}</th><th>${escape(t('report.status'))}</th><th>${escape(t('report.created'))}</th><th>${escape(t('report.number'))}</th></tr></thead><tbody>
${openRows}
</tbody></table>` : none}
</section>
<section>
<h2>${escape(t('stats.repeatNumbers'))}</h2>
${repeatRows ? `<table><thead><tr><th>${escape(t('report.number'))}</th><th class="num">#</th><th>${escape(t('report.ref'))}</th></tr></thead><tbody>
${repeatRows}
</tbody></table>` : none}
</section>
</body>
</html>
`;
}
