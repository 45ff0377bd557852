/** Render functions return text; only commands print. The table library is loaded here and nowhere else. */
import { CASE_STATUSES, customerContact, ESCALATION_TARGETS, ledgerOf, paidOut, type Case, type CaseEvent, type CaseStatus, type EscalationTarget, type Priority } from '../domain/cases.js';
import type { Checklist } from '../domain/checklist.js';
import { formatLocalDateTime } from '../domain/clock.js';
import { isOverdue, pendingEscalation } from '../domain/deadlines.js';
import type { Translate } from '../domain/messages.js';
import { formatRupiah } from '../domain/money.js';
import type { Policy } from '../domain/policy.js';
import { effectivePriority } from '../domain/priority.js';
import { wrap } from '../domain/template.js';
import type { Lang } from '../domain/text.js';
import { valueLabel } from '../domain/vocabulary.js';
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

function statusText(c: Case, now: Date, t: Translate, paint: Paint, lang: Lang): string {
  const label = valueLabel('status', c.status, lang);
  if (isOverdue(c, now)) return paint.red(`${label} ${t('field.overdue')}`);
  if (c.status === 'draft' || c.status === 'closed') return paint.dim(label);
  return c.status === 'resolved' ? paint.green(label) : paint.yellow(label);
}

function priorityText(c: Case, now: Date, policy: Policy, paint: Paint, lang: Lang): string {
  const priority = effectivePriority(c, now, policy);
  const text = valueLabel('priority', priority, lang) + (c.priority ? '' : '*');
  return priority === 'urgent' || priority === 'high' ? paint.red(text) : text;
}

/** What the case table needs besides the cases. */
export interface CaseTableView {
  now: Date;
  policy: Policy;
  t: Translate;
  paint: Paint;
  lang: Lang;
  /** Columns of the screen: the compact layout below FULL_TABLE_COLUMNS, the full table from there. */
  width: number;
  /** A case's cause as its checklist titles it in the language shown ('' for none). */
  causeTitle: (c: Case) => string;
}

export const FULL_TABLE_COLUMNS = 100;

/** Screen lines a case takes: one in the compact layout, two (row and rule) in the full table. */
export const linesPerCase = (width: number) => (width < FULL_TABLE_COLUMNS ? 1 : 2);

/** A table of cases for the counter screen; overdue escalations are marked. */
export async function renderCaseTable(cases: Case[], view: CaseTableView): Promise<string> {
  const blocks: string[] = [];
  for await (const block of renderCaseTableBlocks(cases, view)) blocks.push(block);
  return blocks.join('\n');
}

/** cli-table3's layout grows with the square of its rows, so a long table is laid out a block at a time. */
const TABLE_BLOCK_ROWS = 100;
// Colour codes take no room on screen.
const visibleLength = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;
const pause = () => new Promise((resolve) => setImmediate(resolve));
// The cause shrinks to fit; below this the full table drops its least useful columns instead.
const CAUSE_MIN = 16;

interface Column {
  head: string;
  cell: (c: Case) => string;
}

/** Columns, most useful first: what the case is, where it stands, whose it is, why, and by when. */
function caseColumns(view: CaseTableView, compact: boolean): Column[] {
  const { now, policy, t, paint, lang } = view;
  const time = (iso: string) => (compact ? displayTime(iso).replace(/\/\d{4} /, ' ') : displayTime(iso));
  const due = (c: Case) => {
    const pending = pendingEscalation(c);
    if (c.status !== 'escalated' || !pending) return '';
    return isOverdue(c, now) ? paint.red(`${time(pending.due)}!`) : time(pending.due);
  };
  const status = (c: Case) => {
    const label = valueLabel('status', c.status, lang);
    if (c.status === 'draft' || c.status === 'closed') return paint.dim(label);
    return c.status === 'resolved' ? paint.green(label) : paint.yellow(label);
  };
  return [
    { head: t('field.ref'), cell: (c) => c.ref },
    { head: t('field.status'), cell: status },
    { head: t('field.number'), cell: (c) => c.number ?? '' },
    { head: t('field.cause'), cell: view.causeTitle },
    { head: t('field.due'), cell: due },
    { head: t('field.priority'), cell: (c) => priorityText(c, now, policy, paint, lang) },
    { head: t('field.nominal'), cell: (c) => rupiah(c.nominal) },
    { head: t('field.created'), cell: (c) => time(c.createdAt) },
  ];
}

const CAUSE = 3;

/**
 * Widths that fit the screen: every column as wide as its widest cell (of the first 10,000 rows) but the cause,
 * which takes what is left. `overhead(n)` is what borders and gaps take for n columns; the full table drops
 * columns from the end until the cause has room.
 */
function fitColumns(columns: Column[], rows: string[][], width: number, overhead: (n: number) => number, minimum: number) {
  const natural = columns.map((col, i) => Math.max(visibleLength(col.head), ...rows.slice(0, 10_000).map((r) => visibleLength(r[i]!))));
  let count = columns.length;
  const room = (n: number) => width - overhead(n) - natural.slice(0, n).reduce((sum, w, i) => (i === CAUSE ? sum : sum + w), 0);
  while (count > CAUSE + 2 && room(count) < Math.min(minimum, natural[CAUSE]!)) count--;
  const widths = natural.slice(0, count);
  widths[CAUSE] = Math.max(Math.min(natural[CAUSE]!, room(count)), visibleLength(columns[CAUSE]!.head), 4);
  return widths;
}

const truncate = (text: string, width: number) => (visibleLength(text) <= width ? text : `${text.slice(0, width - 1)}…`);
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - visibleLength(text)));

/**
 * The case table as blocks of rows sharing one set of column widths, handed out one at a time so a long list
 * costs linear time and the command can be stopped (Ctrl-C, SIGTERM) between blocks. Below FULL_TABLE_COLUMNS
 * it is the compact layout (one line a case, no borders); from there the full table with borders.
 */
export async function* renderCaseTableBlocks(cases: Case[], view: CaseTableView): AsyncGenerator<string> {
  const compact = view.width < FULL_TABLE_COLUMNS;
  const all = caseColumns(view, compact);
  const columns = compact ? all.slice(0, 5) : all;
  const rows = cases.map((c) => columns.map((col) => col.cell(c)));
  const overdue = cases.some((c) => c.status === 'escalated' && isOverdue(c, view.now));
  if (compact) {
    const gap = '  ';
    const widths = fitColumns(columns, rows, view.width, (n) => gap.length * (n - 1), 0);
    const line = (cells: string[]) => cells.map((cell, i) => pad(i === CAUSE ? truncate(cell, widths[i]!) : cell, widths[i]!)).join(gap).trimEnd();
    for (let start = 0; start < rows.length || start === 0; start += TABLE_BLOCK_ROWS) {
      const lines = rows.slice(start, start + TABLE_BLOCK_ROWS).map(line);
      if (start === 0) lines.unshift(view.paint.bold(line(columns.map((c) => c.head))));
      yield lines.join('\n');
      await pause();
    }
  } else {
    // Each column has a border before it and one space of padding on each side, and the table a closing border.
    const widths = fitColumns(columns, rows, view.width, (n) => 3 * n + 1, CAUSE_MIN);
    const head = columns.slice(0, widths.length).map((c) => c.head);
    const colWidths = widths.map((w) => w + 2);
    for (let start = 0; start < rows.length || start === 0; start += TABLE_BLOCK_ROWS) {
      const table = await newTable(start === 0 ? { head, colWidths } : { colWidths });
      table.push(...rows.slice(start, start + TABLE_BLOCK_ROWS).map((r) => r.slice(0, widths.length)));
      // Blocks join into one table: a later block's top border becomes a row rule, an earlier one loses its bottom.
      let lines = table.toString().split('\n');
      // Escaped, as are all non-ASCII characters in code (see scripts/bundle-cli.mjs): ┌ ├ ┬ ┼ ┐ ┤.
      if (start > 0) lines[0] = lines[0]!.replace(/\u250C/g, '\u251C').replace(/\u252C/g, '\u253C').replace(/\u2510/g, '\u2524');
      if (start + TABLE_BLOCK_ROWS < rows.length) lines = lines.slice(0, -1);
      yield lines.join('\n');
      await pause();
    }
  }
  if (overdue) yield view.t('case.overdueMark');
}

/** One case in full: transaction, answers, findings, lifecycle, evidence and a timeline of its history. */
export async function renderCaseDetail(c: Case, view: Omit<CaseTableView, 'width'>): Promise<string> {
  const { now, policy, t, paint, lang } = view;
  const summary = await newTable({});
  const pending = pendingEscalation(c);
  const cause = view.causeTitle(c);
  const rows: [string, string][] = [
    ['field.status', statusText(c, now, t, paint, lang)],
    ['field.priority', priorityText(c, now, policy, paint, lang)],
    ['field.created', displayTime(c.createdAt)],
    ['field.updated', displayTime(c.updatedAt)],
    ['field.checklist', c.checklist],
    ['field.number', c.number ?? '-'],
    ['field.customerNumber', customerContact(c) ?? '-'],
    ['field.operator', c.operator ?? '-'],
    ['field.nominal', rupiah(c.nominal)],
    ['field.sn', c.sn ?? '-'],
    ['field.time', c.answers.time ? displayTime(c.answers.time) : '-'],
    ['field.cause', c.cause ? (cause && cause !== c.cause ? `${cause} [${c.cause}]` : c.cause) : '-'],
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
  lines.push('', paint.bold(t('field.history')), renderTimeline(c, t, lang));
  return lines.join('\n');
}

/** A value an event records, in the words the tables use: statuses, priorities and targets. */
function eventValue(e: CaseEvent, value: string, lang: Lang): string {
  if (e.type === 'priority') return valueLabel('priority', value as Priority, lang);
  if (e.type === 'outcome') return valueLabel('target', value as EscalationTarget, lang);
  if (e.type === 'escalation-changed') {
    // Recorded as "supervisor, 06/12/2026 22:00": the target is a code.
    const [target, ...rest] = value.split(', ');
    return isTarget(target) ? [valueLabel('target', target, lang), ...rest].join(', ') : value;
  }
  if (CASE_STATUSES.includes(value as CaseStatus) && ['cause', 'edited'].indexOf(e.type) === -1) {
    return valueLabel('status', value as CaseStatus, lang);
  }
  return value;
}

const isTarget = (value: string | undefined): value is EscalationTarget => ESCALATION_TARGETS.includes(value as EscalationTarget);

/** An event's note; an escalation without a note of its own records its target's code there. */
function eventNote(e: CaseEvent, lang: Lang): string | undefined {
  return e.type === 'escalated' && isTarget(e.note) ? valueLabel('target', e.note, lang) : e.note;
}

/** The history as one line per event, oldest first. */
export function renderTimeline(c: Case, t: Translate, lang: Lang): string {
  return c.events
    .map((e) => {
      const from = e.from === undefined ? undefined : eventValue(e, e.from, lang);
      const to = e.to === undefined ? undefined : eventValue(e, e.to, lang);
      const change = from !== undefined || to !== undefined ? ` ${from ?? ''}${from !== undefined ? ' → ' : ''}${to ?? ''}` : '';
      const money = e.amount !== undefined ? ` ${rupiah(e.amount)}` : '';
      const who = e.counter ? ` [${e.person ? `${e.person}, ` : ''}${e.counter}]` : '';
      return `  ${displayTime(e.at)}  ${t(`event.${e.type}`)}${change}${money}${e.note ? ` — ${eventNote(e, lang)}` : ''}${who}`;
    })
    .join('\n');
}
