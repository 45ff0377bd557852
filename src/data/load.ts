/** Reads the data files shipped beside the code: checklists, the operator table and the message catalogue. */
import { compareCodes, LANGS, type Lang, type Text } from '../domain/text.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { DEFAULT_CHECKLIST_ORDER, validateChecklist, type Checklist } from '../domain/checklist.js';
import { validateCatalogue, type Catalogue, type Messages } from '../domain/messages.js';
import { validateOperatorTable, type OperatorTable } from '../domain/operators.js';
import { validatePolicy, type Policy } from '../domain/policy.js';
import { DataFileError, Problems } from '../domain/reader.js';

// From this file's folder, not a URL: the first URL a process makes sets up the parser, 0.2-0.3 ms of a start.
export const PACKAGE_ROOT = join(import.meta.dirname, '..', '..');
import { CATALOGUE_FILE, CHECKLISTS_ENV, checklistIdsIn, OPERATORS_FILE, POLICY_FILE, SUPPLIERS_FILE } from './files.js';
import { validateSupplierGrammar, type SupplierGrammar } from '../domain/supplier-reply.js';
import { Snapshot, type SnapshotFile, type SnapshotKind } from './snapshot.js';

export { CHECKLISTS_ENV };

/** The folders searched for data, the reseller's own first so an edited copy wins over the shipped one. */
export function checklistDirs(override: string | undefined = process.env[CHECKLISTS_ENV]): string[] {
  const shipped = join(PACKAGE_ROOT, 'checklists');
  return override ? [override, shipped] : [shipped];
}

function readJson(path: string): unknown {
  // Read as text where the snapshot cannot stand in: Node decodes a whole file faster than a Buffer is decoded.
  return parseJson(readData(path, 'utf8'), path);
}

/** A data file's bytes (for the snapshot to compare, see snapshot.ts), or its text. */
function readData(path: string): Buffer;
function readData(path: string, encoding: 'utf8'): string;
function readData(path: string, encoding?: 'utf8'): Buffer | string {
  try {
    return readFileSync(path, encoding);
  } catch (error) {
    throw new DataFileError(displayPath(path), 'file', (error as NodeJS.ErrnoException).code ?? String(error));
  }
}

function parseJson(text: string | Buffer, path: string): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch (error) {
    throw new DataFileError(displayPath(path), 'file', `not valid JSON: ${(error as Error).message}`);
  }
}

// The build's validated copies of the shipped files (see snapshot.ts); none when run from the sources.
let snapshot: Snapshot | null | undefined;
function builtSnapshot(): Snapshot | undefined {
  if (snapshot === undefined) snapshot = Snapshot.open(join(import.meta.dirname, '..', 'bundle', 'data.snapshot')) ?? null;
  return snapshot ?? undefined;
}

function displayPath(path: string): string {
  const rel = relative(PACKAGE_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

function firstExisting(dirs: string[], file: string): string | undefined {
  return dirs.map((dir) => join(dir, file)).find((path) => existsSync(path));
}

// A command reads a data file once however many times it asks: the files do not change while it runs, and
// validating them is a good part of start-up. Keyed by path, so a shop's own folder and tests' folders stay apart.
const validated = new Map<string, unknown>();

/**
 * The first checklist in menu order as read for the order (see checklistIdsInMenuOrder), so it is not read twice;
 * `json` is undefined when the snapshot gave its order and the file was not parsed.
 */
let readForOrder: { path: string; bytes: Buffer; json?: unknown } | undefined;

/** The file's validated content, validated once per process, or the build's result for the same bytes. */
function once<T>(path: string, kind: SnapshotKind | undefined, validate: (json: unknown, label: string) => T): T {
  if (!validated.has(path)) {
    const readBefore = readForOrder?.path === path ? readForOrder : undefined;
    if (readBefore) readForOrder = undefined;
    const bytes = readBefore ? readBefore.bytes : readData(path);
    const built = kind && builtSnapshot()?.value(basename(path), kind, bytes) as T | undefined;
    validated.set(path, built ?? validate(readBefore?.json !== undefined ? readBefore.json : parseJson(bytes, path), displayPath(path)));
  }
  return validated.get(path) as T;
}

function loadDataFile<T>(file: string, kind: SnapshotKind | undefined, dirs: string[], validate: (json: unknown, label: string) => T): T {
  return once(firstExisting(dirs, file) ?? join(dirs.at(-1)!, file), kind, validate);
}

export function loadOperatorTable(dirs = checklistDirs()): OperatorTable {
  return loadDataFile(OPERATORS_FILE, 'operators', dirs, validateOperatorTable);
}

export function loadPolicy(dirs = checklistDirs()): Policy {
  return loadDataFile(POLICY_FILE, 'policy', dirs, validatePolicy);
}

export function loadSupplierGrammar(dirs = checklistDirs()): SupplierGrammar {
  // Not in the snapshot: its regular expressions' flags vary, and it is read only for a pasted reply.
  return loadDataFile(SUPPLIERS_FILE, undefined, dirs, validateSupplierGrammar);
}

export interface InstalledChecklist {
  id: string;
  path: string;
  /** Shipped with pulsa-doctor, or the shop's own (PULSA_DOCTOR_CHECKLISTS), which wins over a shipped one. */
  origin: 'built-in' | 'override';
}

/** Every installed checklist in name order, each from the first folder that has it. */
export function listChecklists(dirs = checklistDirs()): InstalledChecklist[] {
  const found = new Map<string, InstalledChecklist>();
  for (const [i, dir] of dirs.entries()) {
    if (!existsSync(dir)) continue;
    for (const id of checklistIdsIn(readdirSync(dir))) {
      if (!found.has(id)) found.set(id, { id, path: join(dir, `${id}.json`), origin: i === dirs.length - 1 ? 'built-in' : 'override' });
    }
  }
  return [...found.values()].sort((a, b) => compareCodes(a.id, b.id));
}

/**
 * The installed checklists' ids in menu order (`order`, then id), read without validating each file: choosing
 * the default needs only the order, and the one chosen is validated when it is loaded.
 */
export function checklistIdsInMenuOrder(dirs = checklistDirs()): string[] {
  type Entry = { id: string; order: number };
  const before = (a: Entry, b: Entry) => a.order - b.order || compareCodes(a.id, b.id);
  // Only the first so far keeps its parsed file, for the default's load: the others' become garbage at once,
  // instead of living on to be copied by a scavenge of the young heap (a few ms of diagnose on a slow machine).
  let first: (Entry & { path: string; bytes: Buffer; json: unknown }) | undefined;
  const menu = listChecklists(dirs).map(({ id, path }): Entry => {
    const bytes = readData(path);
    // A file the build validated has its order in the snapshot: nothing to parse.
    const built = builtSnapshot()?.order(basename(path), bytes);
    const json = built === undefined ? (parseJson(bytes, path) as { order?: unknown }) : undefined;
    const entry = { id, order: built ?? (typeof json?.order === 'number' ? json.order : DEFAULT_CHECKLIST_ORDER) };
    if (!first || before(entry, first) < 0) first = { ...entry, path, bytes, json };
    return entry;
  });
  if (first && !validated.has(first.path)) readForOrder = first;
  return menu.sort(before).map((c) => c.id);
}

/** Ids of all checklists, in name order. */
export function listChecklistIds(dirs = checklistDirs()): string[] {
  return listChecklists(dirs).map((c) => c.id);
}

/** Loads and validates one checklist; undefined when no folder has it. */
export function loadChecklist(id: string, dirs = checklistDirs()): Checklist | undefined {
  const path = firstExisting(dirs, `${id}.json`);
  if (!path) return undefined;
  const checklist = once(path, 'checklist', validateChecklist);
  if (checklist.id !== id) throw new DataFileError(displayPath(path), 'field "id"', `is "${checklist.id}" but the file name says "${id}"`);
  return checklist;
}

/**
 * The shipped checklists, operator table and policy with their validated values, and the shipped catalogue
 * parsed, for the build's snapshot (see snapshot.ts). A file that does not validate is left out: a command reads
 * it and reports its mistake.
 */
export function shippedDataFiles(): SnapshotFile[] {
  const dir = join(PACKAGE_ROOT, 'checklists');
  type Shipped = [name: string, kind: SnapshotKind, validate: (json: unknown, label: string) => unknown];
  const kinds: Shipped[] = [
    [OPERATORS_FILE, 'operators', validateOperatorTable],
    [POLICY_FILE, 'policy', validatePolicy],
    ...checklistIdsIn(readdirSync(dir)).map((id): Shipped => [`${id}.json`, 'checklist', validateChecklist]),
  ];
  const files = kinds.flatMap(([name, kind, validate]) => {
    const path = join(dir, name);
    const bytes = readData(path);
    try {
      return [{ name, kind, bytes, value: validate(parseJson(bytes, path), displayPath(path)) }];
    } catch (error) {
      if (error instanceof DataFileError) return [];
      throw error;
    }
  });
  const bytes = readData(SHIPPED_CATALOGUE);
  const catalogue = parseJson(bytes, SHIPPED_CATALOGUE) as Catalogue;
  const parts = Object.fromEntries(LANGS.map((lang) => [lang, messagesIn(catalogue, lang)]));
  return [...files, { name: CATALOGUE_FILE, kind: 'catalogue', bytes, value: catalogue, parts }];
}

const SHIPPED_CATALOGUE = join(PACKAGE_ROOT, 'messages', 'catalogue.json');
let catalogue: Catalogue | undefined;

/** Whether each shop folder asked about holds a catalogue.json, as first seen. */
const ownCatalogues = new Map<string, boolean>();

/**
 * Whether the shop's override folder holds a catalogue.json of its own (one stat; nothing is read). Decided once
 * per process and folder, so a command's messages, errors and other-language texts all use one catalogue, even
 * if the shop's file appears while it runs.
 */
export function hasOwnCatalogue(override: string | undefined = process.env[CHECKLISTS_ENV]): override is string {
  if (override === undefined || override === '') return false;
  let own = ownCatalogues.get(override);
  if (own === undefined) ownCatalogues.set(override, (own = existsSync(join(override, CATALOGUE_FILE))));
  return own;
}

/** The shipped messages, with any the shop reworded in its override folder's catalogue.json. */
export function loadCatalogue(override: string | undefined = process.env[CHECKLISTS_ENV]): Catalogue {
  if (catalogue) return catalogue;
  // Read as is: a broken shipped catalogue is caught by the test suite, and errors must still be reportable.
  const bytes = readData(SHIPPED_CATALOGUE);
  const shipped = (builtSnapshot()?.value(CATALOGUE_FILE, 'catalogue', bytes) ?? parseJson(bytes, SHIPPED_CATALOGUE)) as Catalogue;
  if (hasOwnCatalogue(override)) {
    const own = join(override, CATALOGUE_FILE);
    const problems = new Problems();
    const reworded = validateCatalogue(readJson(own), displayPath(own), problems, shipped);
    problems.throwFirst();
    catalogue = { ...shipped, ...reworded };
  } else catalogue = shipped;
  return catalogue;
}

/** A catalogue's messages in one language. */
export function messagesIn(catalogue: Catalogue, lang: Lang): Messages {
  const messages: Messages = {};
  // An entry without the language (a shipped file edited by hand) shows its key, as translator() does.
  for (const [key, text] of Object.entries(catalogue)) {
    const message = key.startsWith('$') ? undefined : (text as Partial<Text> | null)?.[lang];
    if (typeof message === 'string') messages[key] = message;
  }
  return messages;
}

/**
 * The messages in one language: from the snapshot when the shop has no catalogue of its own and the shipped one is
 * the one the build read, else from loadCatalogue.
 */
export function loadMessages(lang: Lang): Messages {
  if (!hasOwnCatalogue()) {
    const bytes = readData(SHIPPED_CATALOGUE);
    const built = builtSnapshot()?.part(CATALOGUE_FILE, 'catalogue', bytes, lang) as Messages | undefined;
    if (built) return built;
  }
  return messagesIn(loadCatalogue(), lang);
}

export interface DataFileReport {
  files: { path: string; kind: 'checklist' | 'operators' | 'policy' | 'catalogue' | 'suppliers' }[];
  problems: DataFileError[];
}

/**
 * Validates every data file a shop can edit and gathers all mistakes: the files of `dir`, or (without it) the
 * installed set, the shop's folder first. A file that is not JSON is one mistake; the others are still checked.
 */
export function validateDataFiles(dir?: string): DataFileReport {
  const report: DataFileReport = { files: [], problems: [] };
  const p = new Problems();
  const shipped = readJson(SHIPPED_CATALOGUE) as Catalogue;
  const check = (path: string, kind: DataFileReport['files'][number]['kind']) => {
    report.files.push({ path: displayPath(path), kind });
    const label = displayPath(path);
    const json = p.attempt(() => readJson(path), undefined);
    if (json === undefined) return;
    if (kind === 'operators') validateOperatorTable(json, label, p);
    else if (kind === 'policy') p.attempt(() => validatePolicy(json, label), undefined);
    else if (kind === 'suppliers') p.attempt(() => validateSupplierGrammar(json, label), undefined);
    else if (kind === 'catalogue') validateCatalogue(json, label, p, path === SHIPPED_CATALOGUE ? undefined : shipped);
    else {
      const id = basename(path, '.json');
      const checklist = validateChecklist(json, label, p);
      if (checklist.id && checklist.id !== id) p.attempt(() => { throw new DataFileError(label, 'field "id"', `is "${checklist.id}" but the file name says "${id}"`); }, undefined);
    }
  };
  const dirs = dir ? [dir] : checklistDirs();
  if (dir && !existsSync(dir)) throw new DataFileError(dir, 'folder', 'does not exist');
  const kinds = { [OPERATORS_FILE]: 'operators', [POLICY_FILE]: 'policy', [SUPPLIERS_FILE]: 'suppliers' } as const;
  for (const [file, kind] of Object.entries(kinds)) {
    const path = dir ? join(dir, file) : firstExisting(dirs, file);
    if (path && existsSync(path)) check(path, kind);
  }
  for (const c of listChecklists(dirs)) check(c.path, 'checklist');
  if (!dir) check(SHIPPED_CATALOGUE, 'catalogue');
  const own = dirs.length > 1 || dir ? join(dirs[0]!, CATALOGUE_FILE) : undefined;
  if (own && existsSync(own)) check(own, 'catalogue');
  report.problems = p.list;
  return report;
}
