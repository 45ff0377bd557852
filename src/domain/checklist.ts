/** Checklists are data: their shape, and validation that names the file, step and field of a mistake. */
import { BUILTIN_CHECKS, type CheckName } from './checks.js';
import { CODE_VAR_PREFIX, Reader, type Json } from './reader.js';
import type { Text } from './text.js';

export type { Lang, Text } from './text.js';


export const QUESTION_TYPES = ['msisdn', 'operator', 'rupiah', 'choice', 'yesno', 'text', 'datetime'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Choice {
  value: string;
  label: Text;
  aliases: string[];
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
  /** Another answer's key whose value Enter accepts (and an answers file that leaves this out gets). */
  default?: string;
  when?: Condition;
  choices?: Choice[];
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
}

export interface AdviceDef {
  shop: Text;
  customer: Text;
}

export interface Checklist {
  id: string;
  title: Text;
  steps: Step[];
  findings: Record<string, FindingDef>;
  advice: Record<string, AdviceDef>;
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

/** Validates parsed JSON as a checklist; `file` names it in error messages. */
export function validateChecklist(json: Json, file: string): Checklist {
  const top = new Reader(file, '');
  const root = top.object(json, '(top level)');
  const id = top.string(root.id, 'id');
  const stepsJson = top.array(root.steps, 'steps');
  if (stepsJson.length === 0) top.fail('steps', 'must have at least one step');

  // Keys are collected first so any text may refer to any answer, whichever step asks it.
  const keys = new Set<string>();
  for (const [i, step] of stepsJson.entries()) {
    const s = top.object(step, `steps[${i}]`);
    for (const [j, q] of (Array.isArray(s.questions) ? s.questions : []).entries()) {
      const key = (q as Record<string, Json>)?.key;
      if (typeof key === 'string') {
        if (keys.has(key)) top.at(`step ${JSON.stringify(s.id)}`).fail(`questions[${j}].key`, `"${key}" is asked twice`);
        keys.add(key);
      }
    }
  }
  const vars = new Set<string>([...keys, ...CONTEXT_VARS]);

  const findingsJson = top.object(root.findings, 'findings');
  const findings: Record<string, FindingDef> = {};
  for (const [code, def] of Object.entries(findingsJson)) {
    const r = top.at(`finding "${code}"`);
    const d = r.object(def, code);
    findings[code] = {
      title: r.text(d.title, 'title', vars),
      shop: r.text(d.shop, 'shop', vars),
      customer: r.text(d.customer, 'customer', vars),
      stop: d.stop === true,
    };
  }
  const adviceJson = root.advice === undefined ? {} : top.object(root.advice, 'advice');
  const advice: Record<string, AdviceDef> = {};
  for (const [code, def] of Object.entries(adviceJson)) {
    const r = top.at(`advice "${code}"`);
    const d = r.object(def, code);
    advice[code] = { shop: r.text(d.shop, 'shop', vars), customer: r.text(d.customer, 'customer', vars) };
  }

  const stepIds = new Set<string>();
  const steps = stepsJson.map((stepJson, i) => {
    const s = top.object(stepJson, `steps[${i}]`);
    const stepId = top.string(s.id, `steps[${i}].id`);
    const r = top.at(`step "${stepId}"`);
    if (stepIds.has(stepId)) r.fail('id', 'is used by two steps');
    stepIds.add(stepId);
    const questions = r.array(s.questions ?? [], 'questions').map((q, j) => readQuestion(r, q, `questions[${j}]`, vars, keys));
    const rules = r.array(s.rules ?? [], 'rules').map((rule, j) => {
      const field = `rules[${j}]`;
      const o = r.object(rule, field);
      const finding = o.finding === undefined ? undefined : r.string(o.finding, `${field}.finding`);
      const adv = o.advice === undefined ? undefined : r.string(o.advice, `${field}.advice`);
      if (!finding === !adv) r.fail(field, 'needs exactly one of "finding" or "advice"');
      if (finding && !findings[finding]) r.fail(`${field}.finding`, `"${finding}" is not defined under "findings"`);
      if (adv && !advice[adv]) r.fail(`${field}.advice`, `"${adv}" is not defined under "advice"`);
      return { when: readCondition(r, o.when, `${field}.when`, keys), finding, advice: adv } satisfies Rule;
    });
    const step: Step = { id: stepId, title: r.text(s.title, 'title', vars), questions, rules };
    if (s.hint !== undefined) step.hint = r.text(s.hint, 'hint', vars);
    return step;
  });

  for (const step of steps) {
    step.questions.forEach((q, j) => {
      if (q.default !== undefined && !keys.has(q.default)) top.at(`step "${step.id}"`).fail(`questions[${j}].default`, `"${q.default}" is not a question key of this checklist`);
    });
  }
  return {
    id,
    title: top.text(root.title, 'title', vars),
    ...(root.item === undefined ? {} : { item: top.text(root.item, 'item', vars) }),
    steps,
    findings,
    advice,
    customerIntro: top.text(root.customerIntro, 'customerIntro', vars),
    customerOutro: top.text(root.customerOutro, 'customerOutro', vars),
  };
}

function readQuestion(r: Reader, json: Json, field: string, vars: Set<string>, keys: Set<string>): Question {
  const o = r.object(json, field);
  const key = r.string(o.key, `${field}.key`);
  if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(key)) r.fail(`${field}.key`, 'must be a camelCase name');
  const type = r.string(o.type, `${field}.type`) as QuestionType;
  if (!QUESTION_TYPES.includes(type)) r.fail(`${field}.type`, `must be one of ${QUESTION_TYPES.join(', ')}`);
  const question: Question = { key, type, prompt: r.text(o.prompt, `${field}.prompt`, vars), optional: o.optional === true };
  if (o.when !== undefined) question.when = readCondition(r, o.when, `${field}.when`, keys);
  if (o.default !== undefined) question.default = r.string(o.default, `${field}.default`);
  if (type === 'choice') {
    const choices = r.array(o.choices, `${field}.choices`);
    if (choices.length < 2) r.fail(`${field}.choices`, 'needs at least two choices');
    question.choices = choices.map((c, k) => {
      const co = r.object(c, `${field}.choices[${k}]`);
      return {
        value: r.string(co.value, `${field}.choices[${k}].value`),
        label: r.text(co.label, `${field}.choices[${k}].label`, vars),
        aliases: co.aliases === undefined ? [] : r.stringList(co.aliases, `${field}.choices[${k}].aliases`),
      };
    });
  }
  return question;
}

function readCondition(r: Reader, json: Json, field: string, keys: Set<string>): Condition {
  const o = r.object(json ?? {}, field);
  const known = ['answers', 'present', 'absent', 'check', 'noFindingsYet'];
  for (const name of Object.keys(o)) if (!known.includes(name)) r.fail(`${field}.${name}`, `unknown condition; known: ${known.join(', ')}`);
  const checkKey = (key: string, f: string) => {
    if (!keys.has(key)) r.fail(f, `"${key}" is not a question key of this checklist`);
  };
  const condition: Condition = {};
  if (o.answers !== undefined) {
    const answers = r.object(o.answers, `${field}.answers`);
    condition.answers = {};
    for (const [key, value] of Object.entries(answers)) {
      checkKey(key, `${field}.answers.${key}`);
      condition.answers[key] = Array.isArray(value) ? r.stringList(value, `${field}.answers.${key}`) : [r.string(value, `${field}.answers.${key}`)];
    }
  }
  for (const list of ['present', 'absent'] as const) {
    if (o[list] !== undefined) {
      condition[list] = r.stringList(o[list], `${field}.${list}`);
      condition[list].forEach((key, i) => checkKey(key, `${field}.${list}[${i}]`));
    }
  }
  if (o.check !== undefined) {
    const check = r.string(o.check, `${field}.check`);
    const def = BUILTIN_CHECKS[check as CheckName];
    if (!def) r.fail(`${field}.check`, `unknown check "${check}"; known: ${Object.keys(BUILTIN_CHECKS).join(', ')}`);
    for (const key of def.needs) checkKey(key, `${field}.check`);
    condition.check = check as CheckName;
  }
  if (o.noFindingsYet !== undefined) condition.noFindingsYet = o.noFindingsYet === true;
  return condition;
}
