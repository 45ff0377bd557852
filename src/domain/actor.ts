/** Who did what: every event and payment records the counter (and the person, when given) that made it. */
import type { Case } from './cases.js';

export interface Actor {
  /** The counter (kasir-1, cabang-2); by default the machine and OS user. */
  counter: string;
  person?: string;
}

/**
 * Marks what a change added (events from `eventsBefore`, payments from `paymentsBefore` on) with the actor.
 * Entries already marked keep their mark: a case copied from another store keeps who did its history.
 */
export function stampActor(c: Case, actor: Actor, eventsBefore = 0, paymentsBefore = 0): Case {
  const mark = <T extends { counter?: string; person?: string }>(entry: T, i: number, from: number): T =>
    i < from || entry.counter ? entry : { ...entry, counter: actor.counter, ...(actor.person ? { person: actor.person } : {}) };
  return {
    ...c,
    events: c.events.map((e, i) => mark(e, i, eventsBefore)),
    ...(c.ledger ? { ledger: c.ledger.map((e, i) => mark(e, i, paymentsBefore)) } : {}),
  };
}
