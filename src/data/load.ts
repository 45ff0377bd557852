/** Reads the data files shipped beside the code: checklists, the operator table and the message catalogue. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateChecklist, type Checklist } from '../domain/checklist.js';
import type { Catalogue } from '../domain/messages.js';
import { validateOperatorTable, type OperatorTable } from '../domain/operators.js';
import { validatePolicy, type Policy } from '../domain/policy.js';
import { DataFileError } from '../domain/reader.js';
import { validateSupplierGrammar, type SupplierGrammar } from '../domain/supplier-reply.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHECKLISTS_ENV = 'PULSA_DOCTOR_CHECKLISTS';
const OPERATORS_FILE = 'operators.json';
const POLICY_FILE = 'policy.json';
const SUPPLIERS_FILE = 'suppliers.json';
const NOT_CHECKLISTS = [OPERATORS_FILE, POLICY_FILE, SUPPLIERS_FILE];

/** The folders searched for data, the reseller's own first so an edited copy wins over the shipped one. */
export function checklistDirs(override: string | undefined = process.env[CHECKLISTS_ENV]): string[] {
  const shipped = join(PACKAGE_ROOT, 'checklists');
  return override ? [override, shipped] : [shipped];
}

function readJson(path: string): unknown {
  const label = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DataFileError(label, 'file', (error as NodeJS.ErrnoException).code ?? String(error));
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataFileError(label, 'file', `not valid JSON: ${(error as Error).message}`);
  }
}

function displayPath(path: string): string {
  const rel = relative(PACKAGE_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

function firstExisting(dirs: string[], file: string): string | undefined {
  return dirs.map((dir) => join(dir, file)).find((path) => existsSync(path));
}

function loadDataFile<T>(file: string, dirs: string[], validate: (json: unknown, label: string) => T): T {
  const path = firstExisting(dirs, file) ?? join(dirs.at(-1)!, file);
  return validate(readJson(path), displayPath(path));
}

export function loadOperatorTable(dirs = checklistDirs()): OperatorTable {
  return loadDataFile(OPERATORS_FILE, dirs, validateOperatorTable);
}

export function loadPolicy(dirs = checklistDirs()): Policy {
  return loadDataFile(POLICY_FILE, dirs, validatePolicy);
}

export function loadSupplierGrammar(dirs = checklistDirs()): SupplierGrammar {
  return loadDataFile(SUPPLIERS_FILE, dirs, validateSupplierGrammar);
}

/** Ids of all checklists, in name order, each from the first folder that has it. */
export function listChecklistIds(dirs = checklistDirs()): string[] {
  const ids = new Set<string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.json') && !NOT_CHECKLISTS.includes(file)) ids.add(basename(file, '.json'));
    }
  }
  return [...ids].sort();
}

/** Loads and validates one checklist; undefined when no folder has it. */
export function loadChecklist(id: string, dirs = checklistDirs()): Checklist | undefined {
  const path = firstExisting(dirs, `${id}.json`);
  if (!path) return undefined;
  const checklist = validateChecklist(readJson(path), displayPath(path));
  if (checklist.id !== id) throw new DataFileError(displayPath(path), 'field "id"', `is "${checklist.id}" but the file name says "${id}"`);
  return checklist;
}

let catalogue: Catalogue | undefined;

export function loadCatalogue(): Catalogue {
  catalogue ??= readJson(join(PACKAGE_ROOT, 'messages', 'catalogue.json')) as Catalogue;
  return catalogue;
}
