/**
 * `stats` and `kas` for people: figures, tables and bar charts in plain characters, so the text survives
 * NO_COLOR, a receipt printer and a copy into WhatsApp.
 */
import type { Translate } from '../domain/messages.js';
import { formatRupiah } from '../domain/money.js';
import type { Change, Durations, KasReport, Share, StatsReport } from '../domain/stats.js';
import type { Paint } from './output.js';
import { displayTime, newTable } from './render.js';

const BAR_WIDTH = 20;

/** One bar per row, scaled to the largest value; a non-zero value always shows at least one mark. */
export function barLines(rows: { label: string; value: number; text: string }[], width = BAR_WIDTH): string[] {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  return rows.map((r) => {
    const marks = max === 0 ? 0 : Math.max(r.value > 0 ? 1 : 0, Math.round((r.value / max) * width));
    return `${r.label.padEnd(labelWidth)} |${'#'.repeat(marks).padEnd(width)}| ${r.text}`;
  });
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
export const localDay = (iso: string) => displayTime(iso).slice(0, 10);

function changeText(c: Change, t: Translate, format: (n: number) => string = String): string {
  if (c.direction === null || c.delta === null) return '';
  if (c.direction === 'same') return `(${t('stats.same')})`;
  const sign = c.delta > 0 ? '+' : '-';
  return `(${sign}${format(Math.abs(c.delta))} ${t(c.direction === 'up' ? 'stats.up' : 'stats.down')})`;
}

const hours = (d: Durations, t: Translate) =>
  d.count === 0 ? '-' : t('stats.durations', { median: d.medianHours!, p90: d.p90Hours!, count: d.count });

function shareSection(title: string, rows: Share[], t: Translate, label: (key: string) => string = (key) => key): string[] {
  if (rows.length === 0) return [title, `  ${t('stats.nothing')}`];
  return [title, ...barLines(rows.map((r) => ({ label: label(r.key), value: r.count, text: `${r.count} (${percent(r.share)})` }))).map((l) => `  ${l}`)];
}

/** The whole `stats` screen. */
export async function renderStats(report: StatsReport, t: Translate, paint: Paint, causeTitle: (code: string) => string = (code) => code): Promise<string> {
  const { cases, money, comparison } = report;
  const lines = [
    paint.bold(`== ${t('stats.title', { since: localDay(report.period.since), until: localDay(report.period.until), days: report.period.days })} ==`),
  ];
  const table = await newTable({ head: [t('stats.figure'), t('stats.value'), t('stats.vsPrevious')] });
  table.push(
    [t('stats.opened'), String(cases.opened), changeText(comparison.opened, t)],
    [t('stats.resolved'), String(cases.resolved), changeText(comparison.resolved, t)],
    [t('stats.closed'), String(cases.closed), changeText(comparison.closed, t)],
    [t('stats.stillOpen'), String(cases.stillOpen), changeText(comparison.stillOpen, t)],
    [t('stats.overdue'), String(cases.overdueEscalations), changeText(comparison.overdueEscalations, t)],
    [t('stats.reopenRate'), cases.reopenRate === null ? '-' : `${percent(cases.reopenRate)} (${cases.reopened}/${cases.resolved})`, ''],
    [t('stats.timeToResolve'), hours(cases.timeToResolve, t), changeText(comparison.medianHoursToResolve, t, (n) => t('stats.hours', { hours: n }))],
    [t('stats.timeToClose'), hours(cases.timeToClose, t), ''],
    [t('stats.timeToAnswer'), hours(cases.timeToFirstEscalationAnswer, t), ''],
    [t('stats.moneyTotal'), formatRupiah(money.totals.total), changeText(comparison.moneyTotal, t, formatRupiah)],
  );
  lines.push(table.toString(), '');
  lines.push(t('stats.perDay'), ...barLines(cases.perDay.map((d) => ({ label: shortDay(d.day), value: d.opened, text: String(d.opened) }))).map((l) => `  ${l}`), '');
  lines.push(...shareSection(t('stats.byCause'), cases.byCause, t, causeTitle), '');
  lines.push(...shareSection(t('stats.byOperator'), cases.byOperator, t), '');
  lines.push(...shareSection(t('stats.bySupplier', { known: cases.supplierKnown, total: cases.opened }), cases.bySupplier, t), '');
  lines.push(...shareSection(t('stats.byChecklist'), cases.byChecklist, t), '');
  lines.push(t('stats.moneyPerDay', { refund: formatRupiah(money.totals.refund), resent: formatRupiah(money.totals.resent), other: formatRupiah(money.totals.other) }));
  lines.push(...barLines(money.perDay.map((d) => ({ label: shortDay(d.day), value: d.total, text: formatRupiah(d.total) }))).map((l) => `  ${l}`), '');
  lines.push(t('stats.repeatNumbers'));
  if (cases.repeatNumbers.length === 0) lines.push(`  ${t('stats.nothing')}`);
  for (const r of cases.repeatNumbers) lines.push(`  ${r.number}  ${r.count}x  ${r.refs.join(', ')}`);
  return lines.join('\n');
}

/** The day's payments and the totals to count the cash drawer against. */
export async function renderKas(report: KasReport, t: Translate, paint: Paint): Promise<string> {
  const lines = [paint.bold(`== ${t('kas.title', { date: `${report.date.slice(8, 10)}/${report.date.slice(5, 7)}/${report.date.slice(0, 4)}` })} ==`)];
  if (report.payments.length === 0) lines.push(t('kas.none'));
  else {
    const table = await newTable({ head: [t('kas.time'), t('field.ref'), t('kas.kind'), t('kas.amount'), t('kas.counter')] });
    for (const p of report.payments) table.push([displayTime(p.at).slice(11), p.ref, t(`kas.kind.${p.kind}`), formatRupiah(p.amount), [p.counter, p.person].filter(Boolean).join(' / ')]);
    lines.push(table.toString());
  }
  const { totals } = report;
  lines.push(
    `${t('kas.kind.refund')}: ${formatRupiah(totals.refund)}`,
    `${t('kas.kind.resent')}: ${formatRupiah(totals.resent)}`,
    `${t('kas.kind.other')}: ${formatRupiah(totals.other)}`,
    t('kas.total', { total: formatRupiah(totals.total), count: totals.payments }),
    paint.bold(t('kas.drawer', { drawer: formatRupiah(report.drawer) })),
  );
  return lines.join('\n');
}
