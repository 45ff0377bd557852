/** Checklists are data: their shape, and validation that names the file, step and field of a mistake. */
import { YES_NO_UNKNOWN } from './answers.js';
import { BUILTIN_CHECKS, type CheckName } from './checks.js';
import { own } from './own.js';
import { Problems, Reader, type Json } from './reader.js';
import type { Text } from './text.js';

/** Where a checklist without an `order` goes in the menu: after the shipped ones. */
export const DEFAULT_CHECKLIST_ORDER = 100;

export type { Lang, Text } from './text.js';


export const QUESTION_TYPES = ['msisdn', 'operator', 'rupiah', 'choice', 'yesno', 'text', 'datetime', 'meter', 'token'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * What a checklist's product is sold to. Only `mobile` numbers (pulsa, kuota) have an operator; a PLN meter
 * number is not a phone number, and an e-wallet account belongs to the wallet, not to the SIM's operator.
 */
export const FAMILIES = ['mobile', 'pln', 'ewallet'] as const;
export type Family = (typeof FAMILIES)[number];

/** Confidence of a fact a checklist shows (same words as ../shared/domain.md's re-checked facts). */
export const FACT_CONFIDENCES = ['confirmed', 'likely', 'unconfirmed'] as const;
export type FactConfidence = (typeof FACT_CONFIDENCES)[number];

/** Where a fact or a finding's advice comes from, when it was last checked, and how sure it is. */
export interface Basis {
  source: string;
  /** YYYY-MM-DD, or YYYY-MM where the research gives only the month. */
  checked: string;
  confidence: FactConfidence;
}

/** A value texts refer to as `{fact.<name>}`; an unconfirmed one is hedged wherever it is shown. */
export interface ChecklistFact extends Basis {
  value: Text;
}

/** Placeholders `{fact.<name>}` refer to the checklist's own facts. */
export const FACT_VAR_PREFIX = 'fact.';

export interface Choice {
  value: string;
  label: Text;
  aliases: string[];
  /** In a group's list: the item that, ticked, gives this answer. */
  found?: Text;
}

export interface Condition {
  /** Every listed answer must equal one of the given values. */
  answers?: Record<string, string[]>;
  present?: string[];
  absent?: string[];
  check?: CheckName;
  /** Holds only while no finding has been recorded yet: "when nothing above explains it". */
  noFindingsYet?: boolean;
}

export interface Question {
  key: string;
  type: QuestionType;
  prompt: Text;
  optional: boolean;
  /** Another answer's key whose value Enter (or `sama`) accepts in the interview; answers files still give it. */
  default?: string;
  when?: Condition;
  choices?: Choice[];
  /** Asked in one list with the other questions of this group (see Checklist.groups), not on its own. */
  group?: string;
  /** A grouped yes/no question's item: ticked, the answer is yes. */
  found?: Text;
  /** A grouped choice's answer when none of its items is ticked ('' leaves an optional question empty). */
  none?: string;
}

/**
 * Questions a counter answers by looking at one thing (the customer's phone) are offered as one list of
 * what was found: a ticked item records its answer, an unticked question gets "no" (or its `none`), and the
 * `unchecked` item turns every unticked answer into "unknown".
 */
export interface QuestionGroup {
  prompt: Text;
  unchecked: Text;
}

export interface Rule {
  when: Condition;
  finding?: string;
  advice?: string;
}

export interface Step {
  id: string;
  title: Text;
  hint?: Text;
  questions: Question[];
  rules: Rule[];
}

export interface FindingDef {
  title: Text;
  shop: Text;
  customer: Text;
  /** A stopping finding ends the interview after its step: later steps cannot change the outcome. */
  stop: boolean;
  basis?: Basis;
}

export interface AdviceDef {
  shop: Text;
  customer: Text;
}

export interface Checklist {
  id: string;
  title: Text;
  family: Family;
  /** Menu position; the lowest is the default checklist. */
  order: number;
  /** Product codes (regular expressions, case-insensitive) that belong to this checklist's family, for `pulsa batch`. */
  productCodes: RegExp[];
  facts: Record<string, ChecklistFact>;
  steps: Step[];
  findings: Record<string, FindingDef>;
  advice: Record<string, AdviceDef>;
  groups: Record<string, QuestionGroup>;
  /** How messages name what was sold: "pulsa {sentNominal}", "paket {package}". */
  item?: Text;
  /** Customer text that opens and closes every guidance block. */
  customerIntro: Text;
  customerOutro: Text;
}

/** Placeholders a text may use besides the checklist's own answer keys. */
export const CONTEXT_VARS = [
  'ref', 'operator', 'productOperator', 'customerService', 'csNote', 'app', 'loanName', 'loanMenuNote', 'typo', 'sentNominal', 'wantedNominal',
  'customerNumber', 'wantedNumber', 'item',
] as const;

/** The values a rule may compare an answer with, where the question allows only some (null: any text). */
export function allowedValues(question: Question): string[] | null {
  if (question.type === 'yesno') return [...YES_NO_UNKNOWN];
  if (question.type === 'choice') return (question.choices ?? []).map((c) => c.value);
  return null;
}

/**
 * Validates parsed JSON as a checklist; `file` names it in error messages. With `problems`, every mistake is
 * gathered there (the result is then only usable when none was found); without, the first one is thrown.
 */
export function validateChecklist(json: Json, file: string, problems?: Problems): Checklist {
  const own = problems ?? new Problems();
  const checklist = readChecklist(json, file, own);
  if (!problems) own.throwFirst();
  return checklist;
}

const NO_TEXT: Text = { id: '', en: '' };

function readChecklist(json: Json, file: string, p: Problems): Checklist {
  const top = new Reader(file, '');
  const root = top.object(json, '(top level)');
  const id = p.attempt(() => top.string(root.id, 'id'), '');
  const stepsJson = p.attempt(() => top.array(root.steps, 'steps'), []);
  if (stepsJson.length === 0) p.attempt(() => top.fail('steps', 'must have at least one step'), undefined);
  const family = p.attempt(() => {
    const value = root.family === undefined ? 'mobile' : top.string(root.family, 'family');
    if (!FAMILIES.includes(value as Family)) top.fail('family', `must be one of ${FAMILIES.join(', ')}`);
    return value as Family;
  }, 'mobile' as Family);
  const order = p.attempt(() => {
    if (root.order === undefined) return DEFAULT_CHECKLIST_ORDER;
    if (typeof root.order !== 'number' || !Number.isInteger(root.order)) top.fail('order', 'must be a whole number');
    return root.order as number;
  }, 100);
  const productCodes = p.attempt(
    () => (root.productCodes === undefined ? [] : top.stringList(root.productCodes, 'productCodes')).map((source, i) => regex(top, source, `productCodes[${i}]`)),
    [] as RegExp[],
  );

  // Keys are collected first so any text may refer to any answer, whichever step asks it.
  const keys = new Set<string>();
  const questionsByKey = new Map<string, Json>();
  for (const [i, step] of stepsJson.entries()) {
    const s = p.attempt(() => top.object(step, `steps[${i}]`), {});
    for (const [j, q] of (Array.isArray(s.questions) ? s.questions : []).entries()) {
      const key = (q as Record<string, Json>)?.key;
      if (typeof key === 'string') {
        if (keys.has(key)) p.attempt(() => top.at(`step ${JSON.stringify(s.id)}`).fail(`questions[${j}].key`, `"${key}" is asked twice`), undefined);
        keys.add(key);
        questionsByKey.set(key, q);
      }
    }
  }

  const facts: Record<string, ChecklistFact> = {};
  const factsJson = p.attempt(() => (root.facts === undefined ? {} : top.object(root.facts, 'facts')), {});
  const vars = new Set<string>([...keys, ...CONTEXT_VARS, ...Object.keys(factsJson).map((name) => FACT_VAR_PREFIX + name)]);
  for (const [name, def] of Object.entries(factsJson)) {
    const r = top.at(`fact "${name}"`);
    p.attempt(() => {
      const o = r.object(def, name);
      facts[name] = { value: r.text(o.value, 'value', vars), ...readBasis(r, o, '') };
    }, undefined);
  }

  const findingsJson = p.attempt(() => top.object(root.findings, 'findings'), {});
  const findings: Record<string, FindingDef> = {};
  for (const [code, def] of Object.entries(findingsJson)) {
    const r = top.at(`finding "${code}"`);
    const d = p.attempt(() => r.object(def, code), {});
    findings[code] = {
      title: p.attempt(() => r.text(d.title, 'title', vars), NO_TEXT),
      shop: p.attempt(() => r.text(d.shop, 'shop', vars), NO_TEXT),
      customer: p.attempt(() => r.text(d.customer, 'customer', vars), NO_TEXT),
      stop: d.stop === true,
    };
    if (d.basis !== undefined) {
      const basis = p.attempt(() => readBasis(r, r.object(d.basis, 'basis'), 'basis.'), undefined);
      if (basis) findings[code]!.basis = basis;
    }
  }
  const adviceJson = p.attempt(() => (root.advice === undefined ? {} : top.object(root.advice, 'advice')), {});
  const advice: Record<string, AdviceDef> = {};
  for (const [code, def] of Object.entries(adviceJson)) {
    const r = top.at(`advice "${code}"`);
    const d = p.attempt(() => r.object(def, code), {});
    advice[code] = {
      shop: p.attempt(() => r.text(d.shop, 'shop', vars), NO_TEXT),
      customer: p.attempt(() => r.text(d.customer, 'customer', vars), NO_TEXT),
    };
  }

  const groups: Record<string, QuestionGroup> = {};
  const groupsJson = p.attempt(() => (root.groups === undefined ? {} : top.object(root.groups, 'groups')), {});
  for (const [name, def] of Object.entries(groupsJson)) {
    const r = top.at(`group "${name}"`);
    p.attempt(() => {
      const o = r.object(def, name);
      groups[name] = { prompt: r.text(o.prompt, 'prompt', vars), unchecked: r.text(o.unchecked, 'unchecked', vars) };
    }, undefined);
  }

  // Questions are read once for the rules' sake (allowed values), quietly: their own mistakes are reported per step below.
  const quiet = new Problems();
  const known = new Map<string, Question>();
  for (const [key, q] of questionsByKey) {
    const question = quiet.attempt(() => readQuestion(new Reader(file, ''), q, key, vars, keys, new Map(), family, quiet, groups), undefined);
    if (question) known.set(key, question);
  }

  const stepIds = new Set<string>();
  const steps = stepsJson.map((stepJson, i) => {
    const s = p.attempt(() => top.object(stepJson, `steps[${i}]`), {});
    const stepId = p.attempt(() => top.string(s.id, `steps[${i}].id`), `#${i + 1}`);
    const r = top.at(`step "${stepId}"`);
    if (stepIds.has(stepId)) p.attempt(() => r.fail('id', 'is used by two steps'), undefined);
    stepIds.add(stepId);
    const questions = p
      .attempt(() => r.array(s.questions ?? [], 'questions'), [])
      .map((q, j) => p.attempt(() => readQuestion(r, q, `questions[${j}]`, vars, keys, known, family, p, groups), undefined))
      .filter((q): q is Question => q !== undefined);
    const rules = p
      .attempt(() => r.array(s.rules ?? [], 'rules'), [])
      .map((rule, j) =>
        p.attempt((): Rule => {
          const field = `rules[${j}]`;
          const o = r.object(rule, field);
          const finding = o.finding === undefined ? undefined : r.string(o.finding, `${field}.finding`);
          const adv = o.advice === undefined ? undefined : r.string(o.advice, `${field}.advice`);
          if (!finding === !adv) r.fail(field, 'needs exactly one of "finding" or "advice"');
          if (finding && !own(findings, finding)) r.fail(`${field}.finding`, `"${finding}" is not defined under "findings"`);
          if (adv && !own(advice, adv)) r.fail(`${field}.advice`, `"${adv}" is not defined under "advice"`);
          return { when: readCondition(r, o.when, `${field}.when`, keys, known, family, p), finding, advice: adv };
        }, undefined),
      )
      .filter((rule): rule is Rule => rule !== undefined);
    const step: Step = { id: stepId, title: p.attempt(() => r.text(s.title, 'title', vars), NO_TEXT), questions, rules };
    if (s.hint !== undefined) step.hint = p.attempt(() => r.text(s.hint, 'hint', vars), NO_TEXT);
    return step;
  });

  for (const step of steps) {
    step.questions.forEach((q, j) => {
      if (q.default !== undefined && !keys.has(q.default)) top.at(`step "${step.id}"`).fail(`questions[${j}].default`, `"${q.default}" is not a question key of this checklist`);
    });
  }
  return {
    id,
    title: p.attempt(() => top.text(root.title, 'title', vars), NO_TEXT),
    ...(root.item === undefined ? {} : { item: p.attempt(() => top.text(root.item, 'item', vars), NO_TEXT) }),
    family,
    order,
    productCodes,
    facts,
    steps,
    findings,
    advice,
    groups,
    customerIntro: p.attempt(() => top.text(root.customerIntro, 'customerIntro', vars), NO_TEXT),
    customerOutro: p.attempt(() => top.text(root.customerOutro, 'customerOutro', vars), NO_TEXT),
  };
}

function regex(r: Reader, source: string, field: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    return r.fail(field, `not a valid regular expression: ${(error as Error).message}`);
  }
}

function readBasis(r: Reader, o: Record<string, Json>, prefix: string): Basis {
  const source = r.string(o.source, `${prefix}source`);
  const checked = r.string(o.checked, `${prefix}checked`);
  // A month is enough where the research notes give no day.
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(checked) || Number.isNaN(Date.parse(checked))) r.fail(`${prefix}checked`, `"${checked}" is not a date like 2026-11-26 or 2026-11`);
  const confidence = r.string(o.confidence, `${prefix}confidence`) as FactConfidence;
  if (!FACT_CONFIDENCES.includes(confidence)) r.fail(`${prefix}confidence`, `must be one of ${FACT_CONFIDENCES.join(', ')}`);
  return { source, checked, confidence };
}

function readQuestion(
  r: Reader,
  json: Json,
  field: string,
  vars: Set<string>,
  keys: Set<string>,
  known: Map<string, Question>,
  family: Family,
  p: Problems,
  groups: Record<string, QuestionGroup>,
): Question {
  const o = r.object(json, field);
  const key = r.string(o.key, `${field}.key`);
  if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(key)) r.fail(`${field}.key`, 'must be a camelCase name');
  // Answers are looked up by key in plain objects, where such a name would find what every object has.
  if (key in Object.prototype) r.fail(`${field}.key`, `"${key}" is a name every object has; choose another`);
  const type = p.attempt(() => {
    const value = r.string(o.type, `${field}.type`) as QuestionType;
    if (!QUESTION_TYPES.includes(value)) r.fail(`${field}.type`, `must be one of ${QUESTION_TYPES.join(', ')}`);
    return value;
  }, 'text' as QuestionType);
  // A meter number or wallet account never gets an operator: only mobile checklists may ask for one.
  if (type === 'operator' && family !== 'mobile') p.attempt(() => r.fail(`${field}.type`, `"operator" is only for family "mobile", not "${family}"`), undefined);
  const question: Question = { key, type, prompt: p.attempt(() => r.text(o.prompt, `${field}.prompt`, vars), NO_TEXT), optional: o.optional === true };
  if (o.when !== undefined) {
    const when = p.attempt(() => readCondition(r, o.when, `${field}.when`, keys, known, family, p), undefined);
    if (when) question.when = when;
  }
  if (o.default !== undefined) question.default = p.attempt(() => r.string(o.default, `${field}.default`), undefined);
  if (type === 'choice') {
    const choices = r.array(o.choices, `${field}.choices`);
    if (choices.length < 2) r.fail(`${field}.choices`, 'needs at least two choices');
    question.choices = choices.map((c, k) => {
      const co = r.object(c, `${field}.choices[${k}]`);
      return {
        value: r.string(co.value, `${field}.choices[${k}].value`),
        label: p.attempt(() => r.text(co.label, `${field}.choices[${k}].label`, vars), NO_TEXT),
        aliases: co.aliases === undefined ? [] : r.stringList(co.aliases, `${field}.choices[${k}].aliases`),
        ...(co.found === undefined ? {} : { found: p.attempt(() => r.text(co.found, `${field}.choices[${k}].found`, vars), NO_TEXT) }),
      };
    });
  }
  if (o.group !== undefined) readGrouping(r, o, field, question, groups, vars, p);
  else if (o.found !== undefined || o.none !== undefined || question.choices?.some((c) => c.found)) {
    r.fail(`${field}.found`, '"found" and "none" belong to a question with a "group"');
  }
  return question;
}

// A grouped question is answered from one list before any of the group's answers are known.
function readGrouping(r: Reader, o: Record<string, Json>, field: string, question: Question, groups: Record<string, QuestionGroup>, vars: Set<string>, p: Problems) {
  const group = r.string(o.group, `${field}.group`);
  if (!own(groups, group)) r.fail(`${field}.group`, `"${group}" is not defined under "groups"`);
  if (question.when) r.fail(`${field}.when`, 'a grouped question is asked with its group, so it cannot depend on a condition');
  question.group = group;
  if (question.type === 'yesno') {
    question.found = p.attempt(() => r.text(o.found, `${field}.found`, vars), NO_TEXT);
    if (o.none !== undefined) r.fail(`${field}.none`, 'a yes/no question gets "no" when its item is not ticked');
  } else if (question.type === 'choice') {
    if (!question.choices!.some((c) => c.found)) r.fail(`${field}.choices`, 'a grouped choice needs at least one choice with "found"');
    if (typeof o.none !== 'string') r.fail(`${field}.none`, 'must be the value a question gets when none of its items is ticked');
    const none = o.none;
    if (none === '' ? !question.optional : !question.choices!.some((c) => c.value === none)) {
      r.fail(`${field}.none`, `"${none}" is not one of its choices${question.optional ? ' (or "" to leave it empty)' : ''}`);
    }
    question.none = none;
  } else {
    r.fail(`${field}.group`, 'only yes/no and choice questions can be grouped');
  }
}

function readCondition(
  r: Reader,
  json: Json,
  field: string,
  keys: Set<string>,
  questions: Map<string, Question>,
  family: Family,
  p: Problems,
): Condition {
  const o = r.object(json ?? {}, field);
  const knownConditions = ['answers', 'present', 'absent', 'check', 'noFindingsYet'];
  for (const name of Object.keys(o)) {
    if (!knownConditions.includes(name)) p.attempt(() => r.fail(`${field}.${name}`, `unknown condition; known: ${knownConditions.join(', ')}`), undefined);
  }
  const checkKey = (key: string, f: string) => {
    if (!keys.has(key)) r.fail(f, `"${key}" is not a question key of this checklist`);
  };
  const condition: Condition = {};
  if (o.answers !== undefined) {
    const answers = r.object(o.answers, `${field}.answers`);
    condition.answers = {};
    for (const [key, value] of Object.entries(answers)) {
      p.attempt(() => {
        const f = `${field}.answers.${key}`;
        checkKey(key, f);
        const values = Array.isArray(value) ? r.stringList(value, f) : [r.string(value, f)];
        // A value the question can never produce makes a rule that silently never fires.
        const allowed = questions.has(key) ? allowedValues(questions.get(key)!) : null;
        values.forEach((v, i) => {
          if (allowed && !allowed.includes(v)) r.fail(Array.isArray(value) ? `${f}[${i}]` : f, `"${v}" is not an answer "${key}" can have; allowed: ${allowed.join(', ')}`);
        });
        condition.answers![key] = values;
      }, undefined);
    }
  }
  for (const list of ['present', 'absent'] as const) {
    if (o[list] !== undefined) {
      p.attempt(() => {
        const values = r.stringList(o[list], `${field}.${list}`);
        values.forEach((key, i) => checkKey(key, `${field}.${list}[${i}]`));
        condition[list] = values;
      }, undefined);
    }
  }
  if (o.check !== undefined) {
    p.attempt(() => {
      const check = r.string(o.check, `${field}.check`);
      const def = own(BUILTIN_CHECKS, check);
      if (!def) r.fail(`${field}.check`, `unknown check "${check}"; known: ${Object.keys(BUILTIN_CHECKS).join(', ')}`);
      for (const key of def.needs) checkKey(key, `${field}.check`);
      if ('families' in def && !(def.families as readonly string[]).includes(family)) {
        r.fail(`${field}.check`, `"${check}" judges phone numbers and operators; it cannot be used in family "${family}"`);
      }
      condition.check = check as CheckName;
    }, undefined);
  }
  if (o.noFindingsYet !== undefined) condition.noFindingsYet = o.noFindingsYet === true;
  return condition;
}
