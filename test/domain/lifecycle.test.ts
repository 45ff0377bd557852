import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, ledgerOf, paidOut, type Case, type CaseStatus } from '../../src/domain/cases.js';
import {
  addNote,
  ALLOWED_MOVES,
  attachEvidence,
  CaseRuleError,
  closeCase,
  closingBlockers,
  escalateCase,
  reopenCase,
  resolveCase,
  setPriority,
  type Action,
} from '../../src/domain/lifecycle.js';
import { aCase, T0, withStatus } from '../helpers/cases.js';

const later = new Date(T0.getTime() + 60_000);
const due = new Date(T0.getTime() + 86_400_000);
const causes = ['escalate-operator', 'operator-debt'];

// A case ready for each action, so refusals come from the status alone.
const ready = (status: CaseStatus): Case =>
  withStatus(status, {
    resolution: { at: T0.toISOString(), kind: 'explained', note: 'dijelaskan', amount: null },
  });

const attempt: Record<Action, (c: Case) => Case> = {
  escalate: (c) => escalateCase(c, 'operator', due, later),
  resolve: (c) => resolveCase(c, { kind: 'explained', note: 'ok' }, causes, later),
  close: (c) => closeCase(c, later),
  reopen: (c) => reopenCase(c, 'belum masuk', later),
};

const target: Record<Action, CaseStatus> = { escalate: 'escalated', resolve: 'resolved', close: 'closed', reopen: 'reopened' };

describe('the state machine', () => {
  for (const status of CASE_STATUSES) {
    for (const action of Object.keys(attempt) as Action[]) {
      const allowed = ALLOWED_MOVES[status].includes(action);
      it(`${allowed ? 'allows' : 'refuses'} ${action} from ${status}`, () => {
        const c = ready(status);
        if (allowed) {
          const next = attempt[action](c);
          expect(next.status).toBe(target[action]);
          expect(next.events.at(-1)).toMatchObject({ type: target[action], from: status, to: target[action], at: later.toISOString() });
          expect(c.status).toBe(status); // the original is not mutated
        } else {
          expect(() => attempt[action](c)).toThrow(CaseRuleError);
        }
      });
    }
  }

  it('says which moves are allowed when refusing', () => {
    try {
      reopenCase(withStatus('escalated'), 'x', later);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ key: 'rule.illegalMove', vars: { status: 'escalated', action: 'pulsa reopen', allowed: 'pulsa escalate, pulsa resolve' } });
    }
  });

  it('tells a draft to be finished first', () => {
    expect(() => escalateCase(withStatus('draft'), 'operator', due, later)).toThrow(expect.objectContaining({ key: 'rule.noMoves' }));
  });
});

describe('escalation', () => {
  it('records the target, the deadline and the note', () => {
    const next = escalateCase(aCase(), 'supplier', due, later, 'komplain via WA');
    expect(next.escalations).toEqual([{ at: later.toISOString(), to: 'supplier', due: due.toISOString(), note: 'komplain via WA' }]);
  });

  it('records the answer on the escalation waiting for one', () => {
    const escalated = escalateCase(aCase(), 'operator', due, later);
    const answered = addNote(escalated, 'CS: pulsa masuk ke nomor lain', later, true);
    expect(answered.escalations[0]!.outcome).toEqual({ at: later.toISOString(), text: 'CS: pulsa masuk ke nomor lain' });
    expect(answered.events.at(-1)).toMatchObject({ type: 'outcome', to: 'operator' });
    expect(() => addNote(answered, 'lagi', later, true)).toThrow(expect.objectContaining({ key: 'rule.noOpenEscalation' }));
  });

  it('keeps plain notes apart from outcomes', () => {
    const noted = addNote(aCase(), 'pelanggan telepon', later);
    expect(noted.notes).toEqual([{ at: later.toISOString(), text: 'pelanggan telepon' }]);
    expect(noted.events.at(-1)).toMatchObject({ type: 'note', note: 'pelanggan telepon' });
  });
});

describe('resolving', () => {
  it('records a refund of the nominal when no amount is given', () => {
    const next = resolveCase(aCase(), { kind: 'refund', note: 'uang kembali' }, causes, later);
    expect(next.resolution).toEqual({ at: later.toISOString(), kind: 'refund', note: 'uang kembali', amount: 50_000 });
  });

  it('records the amount given for a resend', () => {
    expect(resolveCase(aCase(), { kind: 'resent', note: 'kirim ulang', amount: 25_000 }, causes, later).resolution?.amount).toBe(25_000);
  });

  it('needs an amount for a refund when the nominal is unknown', () => {
    expect(() => resolveCase(aCase({ nominal: null }), { kind: 'refund', note: 'x' }, causes, later)).toThrow(
      expect.objectContaining({ key: 'rule.amountRequired' }),
    );
  });

  it('records both the old and the new cause when it changes', () => {
    const next = resolveCase(aCase(), { kind: 'explained', note: 'ternyata hutang', cause: 'operator-debt' }, causes, later);
    expect(next.cause).toBe('operator-debt');
    expect(next.events.at(-1)).toMatchObject({ type: 'cause', from: 'escalate-operator', to: 'operator-debt' });
  });

  it('appends every payment to the ledger: a case refunded twice shows Rp100.000 paid out', () => {
    const first = resolveCase(aCase(), { kind: 'refund', note: 'uang kembali' }, causes, later);
    const reopened = reopenCase(first, 'pelanggan bilang belum', later);
    expect(reopened.resolution).toBeNull();
    expect(ledgerOf(reopened)).toHaveLength(1);
    const second = resolveCase(reopened, { kind: 'refund', note: 'uang kembali lagi' }, causes, later);
    expect(ledgerOf(second).map((e) => [e.kind, e.amount, e.note])).toEqual([
      ['refund', 50_000, 'uang kembali'],
      ['refund', 50_000, 'uang kembali lagi'],
    ]);
    expect(paidOut(second)).toBe(100_000);
    expect(second.events.filter((e) => e.type === 'resolved').map((e) => e.amount)).toEqual([50_000, 50_000]);
  });

  it("keeps an older case's single resolution amount as its one ledger entry", () => {
    const older = { ...aCase(), resolution: { at: T0.toISOString(), kind: 'refund' as const, note: 'lama', amount: 20_000 } };
    delete older.ledger;
    expect(paidOut(older)).toBe(20_000);
    expect(paidOut(resolveCase(reopenCase({ ...older, status: 'resolved' }, 'lagi', later), { kind: 'resent', note: 'kirim' }, causes, later))).toBe(70_000);
  });

  it.each(['explained', 'operator-fixed'] as const)('refuses an amount for %s, which moves no money', (kind) => {
    expect(() => resolveCase(aCase(), { kind, note: 'x', amount: 10_000 }, causes, later)).toThrow(expect.objectContaining({ key: 'rule.noMoney' }));
  });

  it.each(['', '   '])('refuses a resolution without a note (%j)', (note) => {
    expect(() => resolveCase(aCase(), { kind: 'explained', note }, causes, later)).toThrow(expect.objectContaining({ key: 'rule.noteRequired' }));
  });

  it('refuses a cause the checklist does not know', () => {
    expect(() => resolveCase(aCase(), { kind: 'other', note: 'x', cause: 'alien' }, causes, later)).toThrow(
      expect.objectContaining({ key: 'rule.unknownCause' }),
    );
  });
});

describe('closing', () => {
  it('refuses an open case, saying it is not resolved', () => {
    expect(() => closeCase(aCase(), later)).toThrow(expect.objectContaining({ key: 'rule.cannotClose', vars: expect.objectContaining({ missingKeys: 'rule.close.notResolved|rule.close.noResolution' }) }));
  });

  it('refuses a case that was forwarded and resolved but whose escalation has no answer', () => {
    const c = resolveCase(escalateCase(aCase(), 'operator', due, later), { kind: 'explained', note: 'x' }, causes, later);
    expect(closingBlockers(c)).toEqual(['rule.close.escalationOpen']);
    expect(() => closeCase(c, later)).toThrow(CaseRuleError);
  });

  it('refuses a resolved case without a known cause', () => {
    const c = resolveCase(aCase({ cause: null }), { kind: 'explained', note: 'x' }, causes, later);
    expect(closingBlockers(c)).toEqual(['rule.close.noCause']);
  });

  it('closes a resolved case with a resolution, a cause and answered escalations', () => {
    const escalated = addNote(escalateCase(aCase(), 'operator', due, later), 'CS sudah kirim ulang', later, true);
    const closed = closeCase(resolveCase(escalated, { kind: 'operator-fixed', note: 'x' }, causes, later), later, 'pelanggan konfirmasi');
    expect(closed.status).toBe('closed');
    expect(closed.events.map((e) => e.type)).toEqual(['created', 'escalated', 'outcome', 'resolved', 'closed']);
  });
});

describe('reopening', () => {
  it('brings a closed case back with its whole history and the reason', () => {
    const closed = closeCase(resolveCase(aCase(), { kind: 'explained', note: 'x' }, causes, later), later);
    const reopened = reopenCase(closed, 'pelanggan: masih belum masuk', later);
    expect(reopened.status).toBe('reopened');
    expect(reopened.resolution).toBeNull();
    expect(reopened.events).toHaveLength(closed.events.length + 1);
    expect(reopened.events.at(-1)).toMatchObject({ type: 'reopened', from: 'closed', note: 'pelanggan: masih belum masuk' });
  });
});

describe('priority and evidence', () => {
  it('records a priority change in the history', () => {
    const next = setPriority(aCase(), 'urgent', later);
    expect(next.priority).toBe('urgent');
    expect(next.events.at(-1)).toMatchObject({ type: 'priority', from: '-', to: 'urgent' });
  });

  it('records evidence with its hash', () => {
    const item = { name: 'bukti.png', storedAs: 'KP-20261125-0001/abc-bukti.png', size: 10, sha256: 'a'.repeat(64), at: later.toISOString() };
    const next = attachEvidence(aCase(), [item], later);
    expect(next.evidence).toEqual([item]);
    expect(next.events.at(-1)?.type).toBe('evidence');
  });
});
