/**
 * Reading cases back from files: `pulsa export --format json|ndjson` output and `pulsa backup` files. Large
 * NDJSON files are read a line at a time; a line that is not a case names the file and line.
 */
import { createReadStream } from 'node:fs';
import { readFile } from './fs-async.js';
import { createInterface } from 'node:readline';
import { CASE_STATUSES, REF_PATTERN, type Case } from '../domain/cases.js';
import { EXIT, PulsaError } from '../errors.js';

export const BACKUP_FORMAT = 1;

export interface BackupHeader {
  pulsaDoctorBackup: number;
  createdAt: string;
  source: string;
}

export interface EvidenceRecord {
  ref: string;
  storedAs: string;
  sha256: string;
  /** base64 */
  data: string;
}

export type CaseFileItem = { kind: 'case'; case: Case; line: number } | { kind: 'evidence'; evidence: EvidenceRecord; line: number } | { kind: 'end'; cases: number; evidence: number };

/** Every case (and, in a backup, every evidence file) in the file, in order. */
export async function* readCaseFile(path: string): AsyncGenerator<CaseFileItem> {
  const bad = (line: number, reason: string) => new PulsaError('error.importBadLine', { path, line, reason }, EXIT.input);
  const first = await firstChar(path);
  if (first === '[') {
    // An export in JSON is one array; it was made to be read whole.
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw bad(1, (error as Error).message);
    }
    if (!Array.isArray(parsed)) throw bad(1, 'not a list of cases');
    for (const [i, item] of parsed.entries()) yield { kind: 'case', case: asCase(item, (reason) => bad(1, `case ${i + 1}: ${reason}`)), line: 1 };
    return;
  }
  let lineNo = 0;
  let backup = false;
  let ended = false;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    lineNo += 1;
    if (text.trim() === '') continue;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(lineNo === 1 ? text.replace(/^\uFEFF/, '') : text);
    } catch (error) {
      throw bad(lineNo, (error as Error).message);
    }
    if (lineNo === 1 && json && typeof json === 'object' && 'pulsaDoctorBackup' in json) {
      if (json.pulsaDoctorBackup !== BACKUP_FORMAT) throw bad(1, `backup format ${String(json.pulsaDoctorBackup)} is not ${BACKUP_FORMAT}`);
      backup = true;
      continue;
    }
    if (ended) throw bad(lineNo, 'text after the end of the backup');
    if (backup) {
      if ('case' in json) yield { kind: 'case', case: asCase(json.case, (reason) => bad(lineNo, reason)), line: lineNo };
      else if ('evidence' in json) yield { kind: 'evidence', evidence: asEvidence(json.evidence, (reason) => bad(lineNo, reason)), line: lineNo };
      else if ('end' in json) {
        const end = json.end as { cases?: unknown; evidence?: unknown };
        ended = true;
        yield { kind: 'end', cases: Number(end.cases), evidence: Number(end.evidence) };
      } else throw bad(lineNo, 'neither a case, evidence nor the end of the backup');
    } else {
      yield { kind: 'case', case: asCase(json, (reason) => bad(lineNo, reason)), line: lineNo };
    }
  }
  // A backup cut short (a full disk, a copy stopped half-way) must not pass for a whole one.
  if (backup && !ended) throw bad(lineNo, 'the backup ends early: its closing line is missing');
}

async function firstChar(path: string): Promise<string> {
  const stream = createReadStream(path, { encoding: 'utf8', start: 0, end: 4095 });
  try {
    for await (const chunk of stream) {
      const text = (chunk as string).replace(/^\uFEFF/, '').trimStart();
      if (text) return text[0]!;
    }
  } catch (error) {
    throw new PulsaError('error.importUnreadable', { path, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.input);
  }
  return '';
}

// Enough of a case's shape to file it safely; masked exports are refused, since their numbers are no longer real.
function asCase(value: unknown, bad: (reason: string) => PulsaError): Case {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('not a case object');
  const c = value as Record<string, unknown>;
  if (typeof c.ref !== 'string' || !REF_PATTERN.test(c.ref)) throw bad(`"ref" is not a reference like KP-20261125-0001`);
  if (typeof c.createdAt !== 'string' || Number.isNaN(Date.parse(c.createdAt))) throw bad(`${c.ref}: "createdAt" is not a time`);
  if (typeof c.status !== 'string' || !CASE_STATUSES.includes(c.status as Case['status'])) throw bad(`${c.ref}: "status" is not a case status`);
  for (const list of ['events', 'escalations', 'notes', 'evidence', 'findings']) if (!Array.isArray(c[list])) throw bad(`${c.ref}: "${list}" is not a list`);
  if (!c.answers || typeof c.answers !== 'object') throw bad(`${c.ref}: "answers" is not an object`);
  if (typeof c.number === 'string' && c.number.includes('*')) throw bad(`${c.ref}: the export was masked (--mask); a masked export cannot be imported`);
  // Fields a script adds to `cases --json` are not part of the case.
  const { effectivePriority: _p, overdue: _o, ...stored } = c;
  return stored as unknown as Case;
}

function asEvidence(value: unknown, bad: (reason: string) => PulsaError): EvidenceRecord {
  const e = value as Partial<EvidenceRecord> | null;
  if (!e || typeof e.ref !== 'string' || typeof e.storedAs !== 'string' || typeof e.sha256 !== 'string' || typeof e.data !== 'string') throw bad('not an evidence record');
  return e as EvidenceRecord;
}
