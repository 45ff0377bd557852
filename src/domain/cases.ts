/** Cases: the record of one complaint, its reference number and its history. */
import type { Answers } from './checks.js';
import type { Finding } from './engine.js';
import type { Guidance } from './guidance.js';
import type { Lang } from './text.js';

export const CASE_STATUSES = ['draft', 'open', 'escalated', 'resolved', 'closed', 'reopened'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ESCALATION_TARGETS = ['operator', 'supplier', 'supervisor'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const RESOLUTIONS = ['refund', 'resent', 'explained', 'operator-fixed', 'other'] as const;
export type ResolutionKind = (typeof RESOLUTIONS)[number];

export type EventType =
  | 'created' | 'completed' | 'escalated' | 'outcome' | 'note' | 'resolved' | 'closed' | 'reopened' | 'priority' | 'cause' | 'evidence'
  | 'discarded' | 'edited' | 'undone' | 'escalation-changed';

/** One entry of a case's history. Status changes carry from/to; everything carries who-said-what in `note`. */
export interface CaseEvent {
  at: string;
  type: EventType;
  from?: string;
  to?: string;
  note?: string;
  /** Rupiah paid out by a resolution. */
  amount?: number;
  /** Which counter, and which person if given, made the change. */
  counter?: string;
  person?: string;
}

export interface Escalation {
  at: string;
  to: EscalationTarget;
  due: string;
  note?: string;
  /** What escalating again replaced, oldest first: the target, deadline and note before each change. */
  changes?: { at: string; to: EscalationTarget; due: string; note?: string }[];
  /** What the operator, supplier or supervisor answered; a case cannot close while an escalation has none. */
  outcome?: { at: string; text: string };
}

/** Resolutions that hand money or credit to the customer; the others only explain or report a fix. */
export const MONEY_RESOLUTIONS: readonly ResolutionKind[] = ['refund', 'resent', 'other'];

export interface Resolution {
  at: string;
  kind: ResolutionKind;
  /** The shop's own note: never shown to the customer. */
  note: string;
  /** What the customer is told, when the shop wrote it; customer messages never fall back to `note`. */
  customerNote?: string;
  /** Rupiah paid back or sent again by this resolution; the ledger keeps every one of them. */
  amount: number | null;
}

/** One payment to the customer (money back, credit resent). Entries are only ever appended. */
export interface LedgerEntry {
  at: string;
  kind: ResolutionKind;
  amount: number;
  note: string;
  counter?: string;
  person?: string;
}

export interface Evidence {
  name: string;
  /** Path relative to the store's evidence folder. */
  storedAs: string;
  size: number;
  sha256: string;
  at: string;
}

export interface Case {
  ref: string;
  createdAt: string;
  updatedAt: string;
  checklist: string;
  status: CaseStatus;
  lang: Lang;
  /** Denormalised from the answers so lists and filters need not know each checklist's keys. */
  number: string | null;
  /**
   * The customer's own contact number: messages and WhatsApp links go here, never to `number` (in a
   * wrong-number case that is a stranger). Absent on cases saved before it existed: see customerContact().
   */
  customerNumber?: string | null;
  operator: string | null;
  nominal: number | null;
  sn: string | null;
  /** The supplier's product code as sold (S10, tsel5): complaints quote it; absent on cases saved before it existed. */
  productCode?: string | null;
  /** The supplier's transaction id (R#5123, Digiflazz ref_id): the supplier finds the sale by it. */
  supplierTrxId?: string | null;
  answers: Answers;
  findings: Finding[];
  advice: string[];
  cause: string | null;
  guidance: Guidance | null;
  /** Set by the owner; when absent the priority is derived from the case (see priority.ts). */
  priority: Priority | null;
  /** Earlier cases for the same number that were open or recent when this one was recorded. */
  related: string[];
  escalations: Escalation[];
  notes: { at: string; text: string }[];
  resolution: Resolution | null;
  /** Every rupiah paid out on this case; absent on cases saved before it existed: see ledgerOf(). */
  ledger?: LedgerEntry[];
  evidence: Evidence[];
  /** Where a case opened by `pulsa batch --save-cases` came from; its transaction ref keeps it from being opened twice. */
  source?: { kind: 'batch'; file: string; line: number; ref: string | null };
  events: CaseEvent[];
  /** When a draft was discarded: it stays in the store and its history, and leaves every list. */
  discardedAt?: string;
}

/** KP-YYYYMMDD-NNNN: readable over the phone, sortable, unique per day. */
export function formatRef(day: string, sequence: number): string {
  return `KP-${day}-${String(sequence).padStart(4, '0')}`;
}

export const REF_PATTERN = /^KP-\d{8}-\d{4,}$/;

/** The day a reference was given on (`KP-20261126-0003` → `20261126`). */
export function dayOfRef(ref: string): string {
  return ref.slice(3, 11);
}

/** The number a reference was given on its day (`KP-20261126-0003` → 3). */
export function sequenceOfRef(ref: string): number {
  return Number(ref.slice(12));
}

/**
 * A reference as typed at the counter, in full: `3` is today's KP-…-0003 (today in the shop's time zone, given
 * as the day key), `20261124-3` or `KP-20261124-3` that day's third. Null when the text is no reference at all.
 */
export function expandRef(input: string, today: string): string | null {
  const text = normalizeRef(input);
  if (REF_PATTERN.test(text)) return text;
  const short = /^(\d{1,6})$/.exec(text);
  if (short) return Number(short[1]) > 0 ? formatRef(today, Number(short[1])) : null;
  const dated = /^(?:KP-)?(\d{8})-(\d{1,6})$/.exec(text);
  if (dated && Number(dated[2]) > 0) return formatRef(dated[1]!, Number(dated[2]));
  return null;
}

/** Accepts a reference typed in lower case or with spaces. */
export function normalizeRef(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '');
}

export interface DiagnosisResult {
  checklist: string;
  lang: Lang;
  answers: Answers;
  operator: string | null;
  findings: Finding[];
  advice: string[];
  cause: string | null;
  guidance: Guidance | null;
  /** From a pasted supplier reply or the answers file; kept beside the answers, not as checklist questions. */
  productCode?: string | null;
  supplierTrxId?: string | null;
}

/** A new case from a finished (status open) or interrupted (status draft) diagnosis. */
export function newCase(
  ref: string,
  now: Date,
  status: 'open' | 'draft',
  result: DiagnosisResult,
  extra: { priority?: Priority | null; related?: string[] } = {},
): Case {
  const at = now.toISOString();
  return {
    ref,
    createdAt: at,
    updatedAt: at,
    status,
    ...summarize(result),
    priority: extra.priority ?? null,
    related: extra.related ?? [],
    escalations: [],
    notes: [],
    resolution: null,
    ledger: [],
    evidence: [],
    events: [{ at, type: 'created', to: status }],
  };
}

/** A draft finished by `diagnose --resume`: same reference, answers completed, status open. */
export function completeDraft(draft: Case, now: Date, result: DiagnosisResult, extra: { priority?: Priority | null; related?: string[] } = {}): Case {
  const at = now.toISOString();
  return {
    ...draft,
    ...summarize(result),
    priority: extra.priority ?? draft.priority,
    related: extra.related ?? draft.related,
    updatedAt: at,
    status: 'open',
    events: [...draft.events, { at, type: 'completed', from: draft.status, to: 'open' }],
  };
}

export function summarize(result: DiagnosisResult) {
  const { answers } = result;
  return {
    ...result,
    number: answers.number || null,
    customerNumber: contactFromAnswers(answers),
    nominal: answers.nominal ? Number(answers.nominal) : null,
    sn: answers.sn || null,
  };
}

/** The customer is reached on the number they gave, else the number they meant, else the one topped up. */
export function contactFromAnswers(answers: Answers): string | null {
  return answers.customerNumber || answers.claimedNumber || answers.number || null;
}

/** The number to message the customer on; older cases fall back to what their answers say. */
export function customerContact(c: Case): string | null {
  return c.customerNumber !== undefined ? c.customerNumber : contactFromAnswers(c.answers);
}

/**
 * What repeat-complaint and twin-SN detection need of a case in the working set. Stores index these few
 * fields, so the index stays small however many cases a shop leaves open.
 */
export interface CaseSummary {
  ref: string;
  createdAt: string;
  status: CaseStatus;
  contact: string | null;
  sn: string | null;
}

export function summaryOf(c: Case): CaseSummary {
  return { ref: c.ref, createdAt: c.createdAt, status: c.status, contact: customerContact(c), sn: c.sn };
}

/** The case's payments; an older case's single resolution amount is its one entry. */
export function ledgerOf(c: Case): LedgerEntry[] {
  if (c.ledger) return c.ledger;
  const r = c.resolution;
  return r && r.amount !== null ? [{ at: r.at, kind: r.kind, amount: r.amount, note: r.note }] : [];
}

/** Rupiah paid out on the case in total: a case refunded twice counts twice. */
export function paidOut(c: Case): number {
  return ledgerOf(c).reduce((sum, entry) => sum + entry.amount, 0);
}
