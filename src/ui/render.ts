/** Render functions return text; only commands print. */
import type { Case } from '../domain/cases.js';
import type { Checklist } from '../domain/checklist.js';
import { formatLocalDateTime } from '../domain/clock.js';
import type { Translate } from '../domain/messages.js';
import { formatRupiah } from '../domain/money.js';
import { wrap } from '../domain/template.js';
import type { Lang } from '../domain/text.js';
import type { Paint } from './output.js';

export const displayTime = (iso: string) => formatLocalDateTime(new Date(iso));

/** The end of a diagnosis: reference, cause, findings, then the customer and shop texts. */
export function renderDiagnosis(c: Case, checklist: Checklist, lang: Lang, t: Translate, paint: Paint, width?: number): string {
  const findingTitle = (code: string) => checklist.findings[code]?.title[lang] ?? code;
  const lines = [
    paint.bold(`== ${t('summary.title')}: ${checklist.title[lang]} ==`),
    `${t('summary.ref')}: ${paint.cyan(c.ref)}`,
    `${t('summary.cause')}: ${c.cause ? paint.yellow(`${findingTitle(c.cause)} [${c.cause}]`) : t('summary.noFinding')}`,
  ];
  if (c.findings.length > 1) {
    lines.push(`${t('summary.findings')}:`, ...c.findings.map((f) => `  - ${findingTitle(f.code)} [${f.code}]`));
  }
  if (c.guidance) {
    const block = (text: string) => (width ? wrap(text, width) : text);
    lines.push('', paint.bold(`-- ${t('summary.customer')} --`), block(c.guidance.customer));
    lines.push('', paint.bold(`-- ${t('summary.shop')} --`), block(c.guidance.shop));
  }
  return lines.join('\n');
}

const statusPaint = (status: string, paint: Paint) =>
  status === 'draft' ? paint.dim(status) : status === 'open' || status === 'reopened' ? paint.yellow(status) : paint.green(status);

/** A table of cases for the counter screen. */
export async function renderCaseTable(cases: Case[], t: Translate, paint: Paint): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['field.ref', 'field.created', 'field.status', 'field.number', 'field.operator', 'field.nominal', 'field.cause'].map((k) => t(k)),
    style: { head: [], border: [] },
  });
  for (const c of cases) {
    table.push([
      c.ref,
      displayTime(c.createdAt),
      statusPaint(c.status, paint),
      c.number ?? '',
      c.operator ?? '',
      c.nominal === null ? '' : formatRupiah(c.nominal),
      c.cause ?? '',
    ]);
  }
  return table.toString();
}

/** One case in full: transaction, answers, findings, guidance and history. */
export function renderCaseDetail(c: Case, t: Translate, paint: Paint): string {
  const row = (key: string, value: string | null | undefined) => `${t(key).padEnd(12)} ${value ?? '-'}`;
  const lines = [
    paint.bold(c.ref),
    row('field.status', statusPaint(c.status, paint)),
    row('field.created', displayTime(c.createdAt)),
    row('field.updated', displayTime(c.updatedAt)),
    row('field.checklist', c.checklist),
    row('field.number', c.number),
    row('field.operator', c.operator),
    row('field.nominal', c.nominal === null ? null : formatRupiah(c.nominal)),
    row('field.cause', c.cause),
    '',
    paint.bold(t('field.answers')),
    ...Object.entries(c.answers).map(([key, value]) => `  ${key}: ${value === '' ? '-' : value}`),
  ];
  if (c.findings.length) lines.push('', paint.bold(t('field.findings')), ...c.findings.map((f) => `  - ${f.code} (${f.step})`));
  if (c.guidance) {
    lines.push('', paint.bold(t('summary.customer')), c.guidance.customer, '', paint.bold(t('summary.shop')), c.guidance.shop);
  }
  lines.push('', paint.bold(t('field.history')));
  for (const e of c.events) {
    const what = e.type === 'created' ? t('event.created', { to: e.to }) : t('event.status', { from: e.from ?? '', to: e.to });
    lines.push(`  ${displayTime(e.at)}  ${what}${e.note ? ` - ${e.note}` : ''}`);
  }
  return lines.join('\n');
}
