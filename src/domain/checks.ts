/** The checks a checklist rule can name: the few judgements that need code rather than an answer match. */
import { detectTypo } from './msisdn.js';
import { detectOperator, isKnownMobile, type OperatorTable } from './operators.js';

export type Answers = Record<string, string>;
export type Details = Record<string, string>;

interface CheckDef {
  /** Answer keys the check reads; a checklist naming the check must ask them. */
  needs: string[];
  /** Checklist families the check makes sense in; absent means any (a meter number has no operator or prefix). */
  families?: readonly string[];
  /** Details for the message when the check holds, null when it does not. */
  run(answers: Answers, table: OperatorTable): Details | null;
}

const present = (answers: Answers, key: string) => (answers[key] ?? '') !== '';

export const BUILTIN_CHECKS = {
  'number-invalid': {
    needs: ['number'],
    families: ['mobile', 'ewallet'],
    run: (a, table) => {
      const number = a.number ?? '';
      if (!present(a, 'number')) return null;
      return isKnownMobile(table, number) ? null : {};
    },
  },
  'operator-mismatch': {
    needs: ['number', 'productOperator'],
    families: ['mobile'],
    run: (a, table) => {
      if (!present(a, 'number') || !present(a, 'productOperator')) return null;
      const detected = detectOperator(table, a.number!);
      return detected && detected.id !== a.productOperator ? {} : null;
    },
  },
  'number-differs': {
    needs: ['number', 'claimedNumber'],
    run: (a) => {
      if (!present(a, 'number') || !present(a, 'claimedNumber') || a.number === a.claimedNumber) return null;
      return { typo: detectTypo(a.claimedNumber!, a.number!) ?? 'none' };
    },
  },
  'nominal-differs': {
    needs: ['nominal', 'claimedNominal'],
    run: (a) => {
      if (!present(a, 'nominal') || !present(a, 'claimedNominal') || a.nominal === a.claimedNominal) return null;
      return {};
    },
  },
} satisfies Record<string, CheckDef>;

export type CheckName = keyof typeof BUILTIN_CHECKS;
