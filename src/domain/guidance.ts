/** What to tell the customer and what the shop should do, from a checklist's findings. */
import { contactFromAnswers } from './cases.js';
import type { Answers } from './checks.js';
import { FACT_VAR_PREFIX, type Checklist } from './checklist.js';
import { formatLocalDateTime } from './clock.js';
import type { Evaluation } from './engine.js';
import type { Translate } from './messages.js';
import { formatRupiah } from './money.js';
import { CODE_SLOTS, detectOperator, operatorById, type Fact, type Operator, type OperatorTable } from './operators.js';
import { CODE_VAR_PREFIX } from './reader.js';
import { fill } from './template.js';
import type { Lang, Text } from './text.js';

export interface Guidance {
  customer: string;
  shop: string;
}

export interface GuidanceContext {
  ref: string;
  lang: Lang;
  table: OperatorTable;
  t: Translate;
  /** The case's checklist: its family decides whether the number has an operator, its facts and choice labels fill texts. */
  checklist?: Checklist;
  /** How the checklist names what was sold, e.g. "paket {package}"; a generic word when it has none. */
  item?: Text;
}

/** Placeholder values for checklist texts: answers in display form, the operator's facts and the finding details. */
export function guidanceVars(answers: Answers, evaluation: Pick<Evaluation, 'findings'>, ctx: GuidanceContext): Record<string, string> {
  const { t, table, checklist } = ctx;
  const mobile = (checklist?.family ?? 'mobile') === 'mobile';
  // A meter number or a wallet account is not looked up in the operators' prefixes.
  const detected = mobile && answers.number ? detectOperator(table, answers.number) : undefined;
  const product = answers.productOperator ? operatorById(table, answers.productOperator) : undefined;
  // Codes belong to the network the number is on; the product's operator is only a fallback.
  const operator = detected ?? product;
  const app = operator?.app.value ?? t('app.unknown');
  const unknown = t('value.unknown');
  const rupiah = (value: string | undefined) => (value ? formatRupiah(Number(value)) : unknown);
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(answers)) vars[key] = value === '' ? unknown : value;
  // A choice reads as its label ("Nomor tujuan diblokir"), not its stored value ("blocked").
  for (const question of checklist?.steps.flatMap((s) => s.questions) ?? []) {
    const choice = question.choices?.find((c) => c.value === answers[question.key]);
    if (choice) vars[question.key] = choice.label[ctx.lang];
    // A token is read aloud and typed in groups of four, as receipts print it.
    if (question.type === 'token' && answers[question.key]) vars[question.key] = answers[question.key]!.replace(/(\d{4})(?=\d)/g, '$1-');
  }
  Object.assign(vars, {
    ref: ctx.ref,
    operator: operator?.name ?? t('operator.unknown'),
    productOperator: product?.name ?? t('operator.unknown'),
    customerService: operator ? sayFacts(operator.customerService, operator, t) : t(mobile ? 'code.missing' : 'value.unknown', { app }),
    csNote: t('cs.note', { app }),
    app,
    loanName: operator?.loanName ? sayFacts([operator.loanName], operator, t) : t('loan.generic'),
    loanMenuNote: operator?.codes.loanMenu ? t('loan.menuNote', { code: operator.codes.loanMenu.map((f) => sayFact(f, operator, t, false)).join(t('fact.or')) }) : '',
    sentNominal: rupiah(answers.nominal),
    wantedNominal: rupiah(answers.claimedNominal),
    nominal: rupiah(answers.nominal),
    claimedNominal: rupiah(answers.claimedNominal),
    time: answers.time ? formatLocalDateTime(new Date(answers.time)) : unknown,
    wantedNumber: answers.claimedNumber || answers.number || unknown,
    customerNumber: contactFromAnswers(answers) ?? unknown,
  });
  vars.item = ctx.item ? fill(ctx.item[ctx.lang], vars) : t('item.generic');
  for (const name of Object.keys(CODE_SLOTS)) {
    const facts = operator?.codes[name];
    vars[CODE_VAR_PREFIX + name] = operator && facts ? sayFacts(facts, operator, t) : t('code.missing', { app });
  }
  for (const [name, fact] of Object.entries(checklist?.facts ?? {})) {
    const value = fact.value[ctx.lang];
    vars[FACT_VAR_PREFIX + name] = fact.confidence === 'unconfirmed' ? t('checklistFact.unconfirmed', { value }) : value;
  }
  if (!mobile && checklist?.facts.customerService) vars.customerService = vars[`${FACT_VAR_PREFIX}customerService`]!;
  for (const finding of evaluation.findings) {
    if (finding.details.typo) vars.typo = t(`typo.${finding.details.typo}`);
  }
  return vars;
}

/** Builds the customer and shop texts for an evaluation in the context's language. */
export function buildGuidance(checklist: Checklist, evaluation: Evaluation, answers: Answers, ctx: GuidanceContext): Guidance {
  const vars = guidanceVars(answers, evaluation, { ...ctx, checklist, item: ctx.item ?? checklist.item });
  const say = (text: Record<Lang, string>) => fill(text[ctx.lang], vars);
  const findings = evaluation.findings.map((f) => checklist.findings[f.code]!);
  const advice = evaluation.advice.map((a) => checklist.advice[a]!);
  const customer = [
    say(checklist.customerIntro),
    ...findings.map((f) => say(f.customer)),
    ...advice.map((a) => say(a.customer)),
    say(checklist.customerOutro),
  ];
  const shop = [
    ...findings.map((f) => `- ${say(f.title)}: ${say(f.shop)}`),
    ...advice.map((a) => `- ${say(a.shop)}`),
  ];
  return { customer: customer.join('\n\n'), shop: shop.join('\n') };
}

/** The ways to do something (dial, SMS, app, call), worded by kind and confidence, joined with "or". */
export function sayFacts(facts: Fact[], operator: Operator, t: Translate): string {
  return facts.map((fact) => sayFact(fact, operator, t, true)).join(t('fact.or'));
}

// A likely fact says so and an unconfirmed one points to the app's help; a phone number is never called a code.
function sayFact(fact: Fact, operator: Operator, t: Translate, hedge: boolean): string {
  const vars = { value: fact.value, to: fact.to ?? '', operator: operator.name, app: operator.app.value };
  const kind = fact.kind === 'phone' ? `phone.${fact.from ?? 'own'}` : fact.kind;
  const text = t(`fact.${kind}`, vars);
  // A product name the customer may know is only said; hedging it would read as doubt about the loan itself.
  if (!hedge || fact.confidence === 'confirmed' || (fact.kind === 'name' && fact.confidence === 'likely')) return text;
  if (fact.confidence === 'likely') return t('fact.likely', { text });
  return t(fact.kind === 'phone' || fact.kind === 'app' ? `fact.unconfirmed.${fact.kind}` : 'fact.unconfirmed', { ...vars, text });
}
