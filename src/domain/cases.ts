/** Cases: the record of one complaint, its reference number and its history. */
import type { Answers } from './checks.js';
import type { Finding } from './engine.js';
import type { Guidance } from './guidance.js';
import type { Lang } from './text.js';

export const CASE_STATUSES = ['draft', 'open', 'escalated', 'resolved', 'closed', 'reopened'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseEvent {
  at: string;
  type: 'created' | 'completed';
  from?: CaseStatus;
  to: CaseStatus;
  note?: string;
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
  operator: string | null;
  nominal: number | null;
  sn: string | null;
  answers: Answers;
  findings: Finding[];
  advice: string[];
  cause: string | null;
  guidance: Guidance | null;
  events: CaseEvent[];
}

/** KP-YYYYMMDD-NNNN: readable over the phone, sortable, unique per day. */
export function formatRef(day: string, sequence: number): string {
  return `KP-${day}-${String(sequence).padStart(4, '0')}`;
}

export const REF_PATTERN = /^KP-\d{8}-\d{4,}$/;

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
}

/** A new case from a finished (status open) or interrupted (status draft) diagnosis. */
export function newCase(ref: string, now: Date, status: 'open' | 'draft', result: DiagnosisResult): Case {
  const at = now.toISOString();
  return {
    ref,
    createdAt: at,
    updatedAt: at,
    status,
    ...summarize(result),
    events: [{ at, type: 'created', to: status }],
  };
}

/** A draft finished by `diagnose --resume`: same reference, answers completed, status open. */
export function completeDraft(draft: Case, now: Date, result: DiagnosisResult): Case {
  const at = now.toISOString();
  return {
    ...draft,
    ...summarize(result),
    updatedAt: at,
    status: 'open',
    events: [...draft.events, { at, type: 'completed', from: draft.status, to: 'open' }],
  };
}

function summarize(result: DiagnosisResult) {
  const { answers } = result;
  return {
    ...result,
    number: answers.number || null,
    nominal: answers.nominal ? Number(answers.nominal) : null,
    sn: answers.sn || null,
  };
}
