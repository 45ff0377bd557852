/** After an interactive diagnosis: escalate, tell the customer or print the receipt without typing another command. */
import { loadPolicy } from '../data/load.js';
import type { Case } from '../domain/cases.js';
import { formatLocalDateTime } from '../domain/clock.js';
import { parseDue } from '../domain/deadlines.js';
import { own } from '../domain/own.js';
import { chooseNextStep, chooseTarget, type NextStep } from '../ui/next-step.js';
import { Interrupted } from '../ui/prompts.js';
import type { CommandContext } from './context.js';
import { escalate, showEscalation } from './lifecycle.js';
import { showNotification } from './notify.js';
import { showReceipt } from './print.js';

/** Offers the next step until the owner is done; each step is the same code as its own command. */
export async function offerNextSteps(saved: Case, options: { width?: number }, ctx: CommandContext): Promise<void> {
  const policy = loadPolicy();
  let current = saved;
  let canEscalate = saved.status !== 'escalated';
  // A cause is a finding's name, which a shop's checklist chooses: looked up as the policy's own key only.
  const target = saved.cause ? (own(policy.escalateTo, saved.cause) ?? null) : null;
  let suggested: NextStep = target && canEscalate ? 'escalate' : 'done';
  for (;;) {
    const due = target ? parseDue(policy.escalationDue[target], ctx.now) : null;
    const escalation = target && due ? { to: target, due: formatLocalDateTime(due) } : null;
    let step: NextStep;
    try {
      step = await chooseNextStep({ escalation, canEscalate, suggested }, ctx.t, process.stderr);
      if (step === 'done') return;
      if (step === 'escalate') {
        const result = await escalate(current.ref, { to: target ?? (await chooseTarget(ctx.t, process.stderr)) }, ctx);
        showEscalation(result, options, ctx);
        current = result.case;
        canEscalate = false;
        suggested = 'notify';
      } else if (step === 'notify') {
        showNotification(current, options, ctx);
        suggested = 'print';
      } else {
        showReceipt(current, options, ctx);
        suggested = 'done';
      }
    } catch (error) {
      if (error instanceof Interrupted) return;
      throw error;
    }
  }
}
