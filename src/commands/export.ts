/** `pulsa export`: case histories as CSV (Excel-ready), an Excel workbook, JSON or NDJSON, streamed a day at a time. */
import { loadOperatorTable, loadPolicy } from '../data/load.js';
import { customerContact, ledgerOf, paidOut, type Case } from '../domain/cases.js';
import { formatSortableLocal } from '../domain/clock.js';
import { maskDeep, maskPhoneNumbers } from '../domain/mask.js';
import { resolveOperator } from '../domain/operators.js';
import type { Policy } from '../domain/policy.js';
import type { StoredDay } from '../store/types.js';
import { effectivePriority } from '../domain/priority.js';
import { EXIT, PulsaError } from '../errors.js';
import { BOM, csvRow } from '../io/csv-writer.js';
import { openOutTarget, resolveOutTarget } from '../io/out-target.js';
import { writeOut } from '../io/write-out.js';
import { createXlsxSheet, type XlsxColumnKind, type XlsxSheetWriter } from '../io/xlsx-writer.js';
import { escapeJsonControls } from '../ui/sanitize.js';
import { matchesFilter, parseCaseFilter, type CasesOptions } from './cases.js';
import { openStoreToRead, type CommandContext } from './context.js';

export interface ExportOptions extends Omit<CasesOptions, 'due' | 'json'> {
  format?: 'csv' | 'xlsx' | 'json' | 'ndjson';
  out?: string;
  operator?: string;
  mask?: boolean;
  delimiter?: ',' | ';';
  force?: boolean;
}

export const EXPORT_COLUMNS = [
  'ref', 'created_at', 'updated_at', 'status', 'priority', 'number', 'customer_number', 'operator', 'nominal', 'sn', 'cause',
  'resolution', 'amount', 'paid_out', 'payments', 'resolved_at', 'minutes_to_resolve', 'notes', 'escalations', 'evidence', 'checklist',
  'opened_by', 'last_by',
] as const;

type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** How each column is typed in a workbook; anything not named is text. */
const COLUMN_KINDS: Partial<Record<ExportColumn, XlsxColumnKind>> = {
  created_at: 'date', updated_at: 'date', resolved_at: 'date',
  nominal: 'money', amount: 'money', paid_out: 'money',
  payments: 'number', minutes_to_resolve: 'number', notes: 'number', escalations: 'number', evidence: 'number',
};

/** Digits-only cells Excel would turn into numbers, dropping the leading 0 or the digits past the 15th. */
const KEEP_AS_TEXT = EXPORT_COLUMNS.map((column) => column === 'number' || column === 'customer_number' || column === 'sn');

/** One CSV row per case: the columns a bookkeeper or a supplier asks for; with `mask`, no cell keeps a phone number. */
export function exportRow(c: Case, now: Date, policy: Policy, mask: boolean): (string | number | null)[] {
  return exportCells(c, now, policy, mask).map((cell) => (cell instanceof Date ? formatSortableLocal(cell) : cell));
}

/** exportRow with times as Dates, for a workbook. */
export function exportCells(c: Case, now: Date, policy: Policy, mask: boolean): (string | number | Date | null)[] {
  const row = rowValues(c, now, policy);
  return mask ? row.map((cell) => (typeof cell === 'string' ? maskPhoneNumbers(cell) : cell)) : row;
}

function rowValues(c: Case, now: Date, policy: Policy): (string | number | Date | null)[] {
  const resolvedAt = c.resolution ? new Date(c.resolution.at) : null;
  const values: Record<ExportColumn, string | number | Date | null> = {
    ref: c.ref,
    created_at: new Date(c.createdAt),
    updated_at: new Date(c.updatedAt),
    status: c.status,
    priority: effectivePriority(c, now, policy),
    number: c.number,
    customer_number: customerContact(c),
    operator: c.operator,
    nominal: c.nominal,
    sn: c.sn,
    cause: c.cause,
    resolution: c.resolution?.kind ?? null,
    amount: c.resolution?.amount ?? null,
    // Every payment on the case, so a case refunded twice shows both in the drawer's count.
    paid_out: paidOut(c),
    payments: ledgerOf(c).length,
    resolved_at: resolvedAt,
    minutes_to_resolve: resolvedAt ? Math.round((resolvedAt.getTime() - new Date(c.createdAt).getTime()) / 60_000) : null,
    notes: c.notes.length,
    escalations: c.escalations.length,
    evidence: c.evidence.length,
    checklist: c.checklist,
    // Which counter opened the case and which made its latest change.
    opened_by: c.events[0]?.counter ?? null,
    last_by: c.events.findLast((e) => e.counter)?.counter ?? null,
  };
  return EXPORT_COLUMNS.map((column) => values[column]);
}

/** The whole case with every phone number in any field (answers, notes, guidance, links) masked, in any written form. */
export function maskedCaseJson(c: Case): string {
  return JSON.stringify(maskDeep(withLedger(c)));
}

/** Days of cases for the formats that print no JSON. */
async function* withoutJson(days: AsyncIterable<Case[]>): AsyncGenerator<StoredDay> {
  for await (const cases of days) yield { cases, json: [], plainText: false };
}

// Exports carry the ledger even for cases saved before it existed, so every format shows every payment.
function withLedger(c: Case): Case {
  return c.ledger ? c : { ...c, ledger: ledgerOf(c) };
}

/** Operator ids from `--operator`, accepting names and aliases ("im3", "Tri"); an unknown one is refused. */
export function parseOperators(input: string): string[] {
  const table = loadOperatorTable();
  return input.split(',').map((text) => {
    const operator = resolveOperator(table, text);
    if (!operator) throw new PulsaError('error.badOption', { option: '--operator', input: text, known: table.operators.map((o) => o.id).join(', ') }, EXIT.input);
    return operator.id;
  });
}

export async function runExport(options: ExportOptions, ctx: CommandContext): Promise<number> {
  const format = options.format ?? 'csv';
  const delimiter = options.delimiter ?? ',';
  const filter = parseCaseFilter(options, ctx.now);
  const operators = options.operator ? parseOperators(options.operator) : undefined;
  const policy = loadPolicy();
  // A workbook is binary: on a terminal it would be noise, and could leave the terminal in a strange state.
  const toStdout = options.out === undefined || options.out === '-';
  if (format === 'xlsx' && toStdout && (ctx.out.stdout as { isTTY?: boolean }).isTTY) throw new PulsaError('error.xlsxTerminal', {}, EXIT.input);
  const store = await openStoreToRead(ctx);
  const outPath = options.out ? await resolveOutTarget(options.out, options.force === true, (path) => store.owns(path)) : null;

  const target = outPath ? await openOutTarget(outPath, options.out!) : null;
  const write = async (data: string | Uint8Array) => {
    if (target) await target.write(data);
    else await writeOut(ctx.out.stdout, data);
  };
  let count = 0;
  let sheet: XlsxSheetWriter | undefined;
  try {
    if (format === 'csv') await write(BOM + csvRow([...EXPORT_COLUMNS], delimiter));
    if (format === 'json') await write('[');
    if (format === 'xlsx') sheet = await createXlsxSheet(ctx.t('export.sheetName'), EXPORT_COLUMNS.map((header) => ({ header, kind: COLUMN_KINDS[header] ?? 'text' })), write);
    // JSON formats take each case's text as the store read it, rather than writing it again.
    const days = format === 'json' || format === 'ndjson' ? store.storedDays({ range: filter }) : withoutJson(store.casesByDay(filter));
    for await (const { cases, json: stored, plainText } of days) {
      let chunk = '';
      for (const [i, c] of cases.entries()) {
        if (!matchesFilter(c, filter) || (operators && !operators.includes(c.operator ?? ''))) continue;
        const json = () => {
          if (options.mask) return escapeJsonControls(maskedCaseJson(c));
          const text = c.ledger ? stored[i]! : JSON.stringify(withLedger(c));
          return plainText ? text : escapeJsonControls(text);
        };
        if (sheet) {
          sheet.addRow(exportCells(c, ctx.now, policy, options.mask === true));
          if (count % 1000 === 999) await sheet.drain();
        } else if (format === 'csv') chunk += csvRow(exportRow(c, ctx.now, policy, options.mask === true), delimiter, KEEP_AS_TEXT);
        else if (format === 'ndjson') chunk += json() + '\n';
        else chunk += (count === 0 ? '\n' : ',\n') + json();
        count++;
      }
      if (chunk) await write(chunk);
      await sheet?.drain();
    }
    if (format === 'json') await write(count === 0 ? ']\n' : '\n]\n');
    await sheet?.commit();
    await target?.commit();
  } catch (error) {
    await target?.abort();
    throw error;
  }
  if (outPath) ctx.out.info(ctx.t('export.done', { count, path: options.out! }));
  return EXIT.ok;
}
