/** Render functions return text; only commands print. The table library is loaded here and nowhere else. */
import { customerContact, ledgerOf, paidOut, type Case } from '../domain/cases.js';
import type { Checklist } from '../domain/checklist.js';
import { formatLocalDateTime } from '../domain/clock.js';
import { isOverdue, pendingEscalation } from '../domain/deadlines.js';
import type { Translate } from '../domain/messages.js';
import { formatRupiah } from '../domain/money.js';
import type { Policy } from '../domain/policy.js';
import { effectivePriority } from '../domain/priority.js';
import { wrap } from '../domain/template.js';
import type { Lang } from '../domain/text.js';
import type { Paint } from './output.js';

export const displayTime = (iso: string) => formatLocalDateTime(new Date(iso));
const rupiah = (amount: number | null) => (amount === null ? '-' : formatRupiah(amount));

export async function newTable(options: ConstructorParameters<typeof import('cli-table3')>[0]) {
  const { default: Table } = await import('cli-table3');
  return new Table({ style: { head: [], border: [] }, ...options });
}

/** The end of a diagnosis: reference, cause, findings, repeat complaints, then the customer and shop texts. */
export function renderDiagnosis(c: Case, checklist: Checklist, lang: Lang, t: Translate, paint: Paint, width?: number): string {
  const findingTitle = (code: string) => checklist.findings[code]?.title[lang] ?? code;
  // Each piece is wrapped before it is coloured, so a narrow receipt counts only what it prints.
  const lines: string[] = [];
  const add = (text: string, colour: (s: string) => string = String) => {
    for (const line of (width ? wrap(text, width) : text).split('\n')) lines.push(line === '' ? '' : colour(line));
  };
  add(`== ${t('summary.title')}: ${checklist.title[lang]} ==`, paint.bold);
  add(`${t('summary.ref')}: ${c.ref}`, paint.cyan);
  add(`${t('summary.cause')}: ${c.cause ? `${findingTitle(c.cause)} [${c.cause}]` : t('summary.noFinding')}`, c.cause ? paint.yellow : String);
  if (c.findings.length > 1) {
    add(`${t('summary.findings')}:`);
    for (const f of c.findings) add(`  - ${findingTitle(f.code)} [${f.code}]`);
  }
  if (c.related.length) add(t('lifecycle.repeat', { refs: c.related.join(', ') }), paint.red);
  if (c.guidance) {
    add('');
    add(`-- ${t('summary.customer')} --`, paint.bold);
    add(c.guidance.customer);
    add('');
    add(`-- ${t('summary.shop')} --`, paint.bold);
    add(c.guidance.shop);
  }
  return lines.join('\n');
}

function statusText(c: Case, now: Date, t: Translate, paint: Paint): string {
  if (isOverdue(c, now)) return paint.red(`${c.status} ${t('field.overdue')}`);
  if (c.status === 'draft' || c.status === 'closed') return paint.dim(c.status);
  return c.status === 'resolved' ? paint.green(c.status) : paint.yellow(c.status);
}

function priorityText(c: Case, now: Date, policy: Policy, t: Translate, paint: Paint): string {
  const priority = effectivePriority(c, now, policy);
  const text = t(`priority.${priority}`) + (c.priority ? '' : '*');
  return priority === 'urgent' || priority === 'high' ? paint.red(text) : text;
}

/** A table of cases for the counter screen; overdue escalations are marked. */
export async function renderCaseTable(cases: Case[], now: Date, policy: Policy, t: Translate, paint: Paint): Promise<string> {
  const blocks: string[] = [];
  for await (const block of renderCaseTableBlocks(cases, now, policy, t, paint)) blocks.push(block);
  return blocks.join('\n');
}

/** cli-table3's layout grows with the square of its rows, so a long table is laid out a block at a time. */
const TABLE_BLOCK_ROWS = 100;
// Colour codes take no room on screen.
const visibleLength = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

/**
 * The case table as blocks of rows sharing one set of column widths, handed out one at a time so a long list
 * costs linear time and the command can be stopped (Ctrl-C, SIGTERM) between blocks.
 */
export async function* renderCaseTableBlocks(cases: Case[], now: Date, policy: Policy, t: Translate, paint: Paint): AsyncGenerator<string> {
  const head = ['field.ref', 'field.created', 'field.status', 'field.priority', 'field.number', 'field.nominal', 'field.cause', 'field.due'].map((k) => t(k));
  const rows = cases.map((c) => caseRow(c, now, policy, t, paint));
  const colWidths = head.map((h, i) => Math.max(visibleLength(h), ...rows.slice(0, 10_000).map((r) => visibleLength(r[i]!))) + 2);
  for (let start = 0; start < rows.length || start === 0; start += TABLE_BLOCK_ROWS) {
    const table = await newTable(start === 0 ? { head, colWidths } : { colWidths });
    table.push(...rows.slice(start, start + TABLE_BLOCK_ROWS));
    // Blocks join into one table: a later block's top border becomes a row rule, an earlier one loses its bottom.
    let lines = table.toString().split('\n');
    if (start > 0) lines[0] = lines[0]!.replace(/┌/g, '├').replace(/┬/g, '┼').replace(/┐/g, '┤');
    if (start + TABLE_BLOCK_ROWS < rows.length) lines = lines.slice(0, -1);
    yield lines.join('\n');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function caseRow(c: Case, now: Date, policy: Policy, t: Translate, paint: Paint): string[] {
  const pending = pendingEscalation(c);
  return [
    c.ref,
    displayTime(c.createdAt),
    statusText(c, now, t, paint),
    priorityText(c, now, policy, t, paint),
    c.number ?? '',
    rupiah(c.nominal),
    c.cause ?? '',
    c.status === 'escalated' && pending ? displayTime(pending.due) : '',
  ];
}

/** One case in full: transaction, answers, findings, lifecycle, evidence and a timeline of its history. */
export async function renderCaseDetail(c: Case, now: Date, policy: Policy, t: Translate, paint: Paint): Promise<string> {
  const summary = await newTable({});
  const pending = pendingEscalation(c);
  const rows: [string, string][] = [
    ['field.status', statusText(c, now, t, paint)],
    ['field.priority', priorityText(c, now, policy, t, paint)],
    ['field.created', displayTime(c.createdAt)],
    ['field.updated', displayTime(c.updatedAt)],
    ['field.checklist', c.checklist],
    ['field.number', c.number ?? '-'],
    ['field.customerNumber', customerContact(c) ?? '-'],
    ['field.operator', c.operator ?? '-'],
    ['field.nominal', rupiah(c.nominal)],
    ['field.sn', c.sn ?? '-'],
    ['field.time', c.answers.time ? displayTime(c.answers.time) : '-'],
    ['field.cause', c.cause ?? '-'],
  ];
  if (pending) rows.push(['field.due', `${displayTime(pending.due)} (${t(`target.${pending.to}`)})`]);
  if (c.resolution) {
    rows.push(['field.resolution', `${t(`resolution.${c.resolution.kind}`)}${c.resolution.amount !== null ? ` ${rupiah(c.resolution.amount)}` : ''}: ${c.resolution.note}`]);
  }
  const ledger = ledgerOf(c);
  if (ledger.length) rows.push(['field.paidOut', rupiah(paidOut(c))]);
  if (c.related.length) rows.push(['field.related', c.related.join(', ')]);
  for (const [key, value] of rows) summary.push({ [t(key)]: value });

  const lines = [paint.bold(c.ref), summary.toString(), '', paint.bold(t('field.answers'))];
  lines.push(...Object.entries(c.answers).map(([key, value]) => `  ${key}: ${value === '' ? '-' : value}`));
  if (c.findings.length) lines.push('', paint.bold(t('field.findings')), ...c.findings.map((f) => `  - ${f.code} (${f.step})`));
  if (c.escalations.length) {
    lines.push('', paint.bold(t('field.escalations')));
    for (const e of c.escalations) {
      const answer = e.outcome ? `${displayTime(e.outcome.at)}: ${e.outcome.text}` : paint.yellow(t('field.noOutcome'));
      lines.push(`  - ${displayTime(e.at)} → ${t(`target.${e.to}`)}, ${t('field.due')} ${displayTime(e.due)}; ${answer}`);
    }
  }
  if (ledger.length) {
    lines.push('', paint.bold(t('field.ledger')));
    for (const e of ledger) lines.push(`  - ${displayTime(e.at)} ${t(`resolution.${e.kind}`)} ${rupiah(e.amount)}: ${e.note}`);
  }
  if (c.evidence.length) {
    lines.push('', paint.bold(t('field.evidence')));
    for (const e of c.evidence) lines.push(`  - ${e.name} (${e.size} B, sha256 ${e.sha256}) ${displayTime(e.at)}`);
  }
  if (c.guidance) {
    lines.push('', paint.bold(t('summary.customer')), c.guidance.customer, '', paint.bold(t('summary.shop')), c.guidance.shop);
  }
  lines.push('', paint.bold(t('field.history')), renderTimeline(c, t));
  return lines.join('\n');
}

/** The history as one line per event, oldest first. */
export function renderTimeline(c: Case, t: Translate): string {
  return c.events
    .map((e) => {
      const change = e.from !== undefined || e.to !== undefined ? ` ${e.from ?? ''}${e.from !== undefined ? ' → ' : ''}${e.to ?? ''}` : '';
      const money = e.amount !== undefined ? ` ${rupiah(e.amount)}` : '';
      const who = e.counter ? ` [${e.person ? `${e.person}, ` : ''}${e.counter}]` : '';
      return `  ${displayTime(e.at)}  ${t(`event.${e.type}`)}${change}${money}${e.note ? ` — ${e.note}` : ''}${who}`;
    })
    .join('\n');
}
