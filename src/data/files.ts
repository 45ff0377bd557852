/** Names of the data files beside the checklists; small enough for the CLI entry to read without loading validators. */
export const CHECKLISTS_ENV = 'PULSA_DOCTOR_CHECKLISTS';
export const OPERATORS_FILE = 'operators.json';
export const POLICY_FILE = 'policy.json';
/** A shop's rewording of messages, in its override folder beside its checklists. */
export const CATALOGUE_FILE = 'catalogue.json';
/** Supplier reply grammars and complaint templates. */
export const SUPPLIERS_FILE = 'suppliers.json';
export const NOT_CHECKLISTS = [OPERATORS_FILE, POLICY_FILE, CATALOGUE_FILE, SUPPLIERS_FILE];

/** Checklist ids in a folder's file names. */
export function checklistIdsIn(files: string[]): string[] {
  return files.filter((f) => f.endsWith('.json') && !NOT_CHECKLISTS.includes(f)).map((f) => f.slice(0, -'.json'.length));
}
