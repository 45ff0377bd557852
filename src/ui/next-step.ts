/** The menu after a diagnosis: the next step (escalate, tell the customer, print the receipt) one key press away. */
import type { Writable } from 'node:stream';
import { ESCALATION_TARGETS, type EscalationTarget } from '../domain/cases.js';
import type { Translate } from '../domain/messages.js';
import { Interrupted, selectKeys, type SelectKeys } from './prompts.js';

export const NEXT_STEPS = ['escalate', 'notify', 'print', 'done'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

export interface NextStepMenu {
  /** Where the case would go and by when, when its cause says so; null asks where when chosen. */
  escalation: { to: EscalationTarget; due: string } | null;
  /** False once escalated from this menu: escalating again is `pulsa escalate`'s job. */
  canEscalate: boolean;
  /** The step Enter takes. */
  suggested: NextStep;
}

type SelectConfig<T extends string> = { message: string; choices: { name: string; value: T }[]; default: T; instructions: SelectKeys };

export function nextStepSpec(menu: NextStepMenu, t: Translate): SelectConfig<NextStep> {
  const escalate = menu.escalation
    ? t('next.escalateTo', { target: t(`target.${menu.escalation.to}`), due: menu.escalation.due })
    : t('next.escalate');
  const choices = NEXT_STEPS.filter((step) => step !== 'escalate' || menu.canEscalate).map((value) => ({
    name: value === 'escalate' ? escalate : t(`next.${value}`),
    value,
  }));
  return { message: t('next.prompt'), choices, default: choices.some((c) => c.value === menu.suggested) ? menu.suggested : 'done', instructions: selectKeys(t) };
}

export function targetSpec(t: Translate): SelectConfig<EscalationTarget> {
  return { message: t('next.target'), choices: ESCALATION_TARGETS.map((value) => ({ name: t(`target.${value}`), value })), default: 'supplier', instructions: selectKeys(t) };
}

/** Asks for the next step; Ctrl-C ends the menu (the case is already saved). */
export async function chooseNextStep(menu: NextStepMenu, t: Translate, output: Writable): Promise<NextStep> {
  return pick(nextStepSpec(menu, t), output);
}

export async function chooseTarget(t: Translate, output: Writable): Promise<EscalationTarget> {
  return pick(targetSpec(t), output);
}

async function pick<T extends string>(config: SelectConfig<T>, output: Writable): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  try {
    return await select(config, { output });
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new Interrupted();
    throw error;
  }
}
