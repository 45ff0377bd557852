/**
 * One behavioural suite, run against every store backend: what a counter may rely on, whichever store the
 * shop chose. PostgreSQL runs against the real server (see test/setup/postgres.ts), never an imitation.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { newCase, type Case, type DiagnosisResult } from '../../src/domain/cases.js';
import { addNote, resolveCase } from '../../src/domain/lifecycle.js';
import { openCaseStore } from '../../src/store/open.js';
import type { CaseStore, StoredDay } from '../../src/store/types.js';
import { pgReady, pgStatus, useBackends } from '../helpers/backends.js';

const WORKER = 'test/helpers/store-worker.mjs';
const result: DiagnosisResult = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890', nominal: '50000', sn: 'SN1' }, operator: 'telkomsel',
  findings: [], advice: [], cause: 'escalate-operator', guidance: { customer: 'c', shop: 's' },
};
const day = new Date(2026, 10, 25, 9, 0);

function worker(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withStore<T>(location: string, work: (store: CaseStore) => Promise<T>): Promise<T> {
  const store = await openCaseStore(location, { actor: { counter: 'kasir-1' } });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const save = (store: CaseStore, at = day) => store.createCase((ref, now) => newCase(ref, now, 'open', result), at);

if (!pgReady) it.skip(`PostgreSQL backend: ${pgStatus}`, () => {});

describe.each(useBackends())('the $name store', (backend) => {
  it('numbers cases per day from 0001 and records who made them', async () => {
    await withStore(await backend.fresh(), async (store) => {
      expect((await save(store)).ref).toBe('KP-20261125-0001');
      const second = await save(store);
      expect(second.ref).toBe('KP-20261125-0002');
      expect(second.events[0]).toMatchObject({ type: 'created', counter: 'kasir-1' });
      expect((await save(store, new Date(2026, 10, 26, 0, 5))).ref).toBe('KP-20261126-0001');
      expect((await store.getCase('KP-20261125-0002')).events[0]!.counter).toBe('kasir-1');
    });
  });

  it('says a reference is not found, with exit code 4', async () => {
    await withStore(await backend.fresh(), async (store) => {
      await expect(store.getCase('KP-20261125-0009')).rejects.toMatchObject({ key: 'error.caseNotFound', exitCode: 4 });
    });
  });

  it('lists the cases of a range of days, oldest first, one day at a time', async () => {
    await withStore(await backend.fresh(), async (store) => {
      for (const d of [24, 25, 25, 26]) await save(store, new Date(2026, 10, d, 9));
      expect((await store.listCases()).map((c) => c.ref)).toEqual(['KP-20261124-0001', 'KP-20261125-0001', 'KP-20261125-0002', 'KP-20261126-0001']);
      expect((await store.listCases({ since: new Date(2026, 10, 25), until: new Date(2026, 10, 25, 23) })).map((c) => c.ref)).toEqual(['KP-20261125-0001', 'KP-20261125-0002']);
      const days: string[][] = [];
      for await (const batch of store.casesByDay()) days.push(batch.map((c) => c.ref));
      expect(days).toEqual([['KP-20261124-0001'], ['KP-20261125-0001', 'KP-20261125-0002'], ['KP-20261126-0001']]);
    });
  });

  it('leaves a case untouched when the change is refused, and refuses a stale view as changed meanwhile', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const c = await save(store);
      await expect(store.updateCase(c.ref, () => { throw new Error('refused'); })).rejects.toThrow('refused');
      expect(await store.getCase(c.ref)).toEqual(c);
      const noted = await store.updateCase(c.ref, (cur) => addNote(cur, 'first', new Date(2026, 10, 25, 10)));
      expect(noted.events.at(-1)).toMatchObject({ type: 'note', counter: 'kasir-1' });
      await expect(store.updateCase(c.ref, (cur) => addNote(cur, 'stale', new Date()), { expectUpdatedAt: c.updatedAt })).rejects.toMatchObject({
        key: 'error.changedMeanwhile',
        exitCode: 5,
      });
      expect((await store.getCase(c.ref)).notes.map((n) => n.text)).toEqual(['first']);
    });
  });

  it('finds the payments of a time range in every case ledger, a case paid twice counted twice', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const c = await save(store);
      const at = (h: number) => new Date(2026, 10, 26, h);
      await store.updateCase(c.ref, (cur) => resolveCase(cur, { kind: 'refund', note: 'a' }, [], at(9)));
      await store.updateCase(c.ref, (cur) => ({ ...cur, status: 'reopened' }));
      await store.updateCase(c.ref, (cur) => resolveCase(cur, { kind: 'resent', note: 'b', amount: 20_000 }, [], at(11)));
      const rows = await store.ledger({ since: at(0), until: at(23) });
      expect(rows.map((r) => [r.ref, r.kind, r.amount, r.counter])).toEqual([
        [c.ref, 'refund', 50_000, 'kasir-1'],
        [c.ref, 'resent', 20_000, 'kasir-1'],
      ]);
      expect(await store.ledger({ since: at(10), until: at(23) })).toHaveLength(1);
    });
  });

  it('keeps evidence with its SHA-256 and refuses bytes that no longer match', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const c = await save(store);
      const bytes = Buffer.from('struk');
      const sha256 = 'd4b1d7e4a3c1a5f2d7d2a0f6d5d4c0c7e0f1a2b3c4d5e6f708192a3b4c5d6e7f';
      const real = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
      await store.putEvidence(c.ref, [{ storedAs: `${c.ref}/struk.txt`, sha256: real, bytes }]);
      expect((await store.readEvidence(c.ref, `${c.ref}/struk.txt`, real)).toString()).toBe('struk');
      await expect(store.readEvidence(c.ref, `${c.ref}/struk.txt`, sha256)).rejects.toMatchObject({ key: 'error.evidenceChanged' });
      await store.dropEvidence(c.ref, [`${c.ref}/struk.txt`]);
      await expect(store.readEvidence(c.ref, `${c.ref}/struk.txt`, real)).rejects.toMatchObject({ key: 'error.evidenceMissing' });
    });
  });

  it('copies a case in under its own reference once, reports a different one as a conflict, and numbers on after it', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const copied: Case = { ...newCase('KP-20261125-0007', day, 'open', result), customerNumber: '081234567890', ledger: [] };
      expect(await store.putCase(copied)).toBe('inserted');
      expect(await store.putCase(copied)).toBe('same');
      expect(await store.putCase({ ...copied, status: 'closed' })).toBe('conflict');
      expect(await store.getCase('KP-20261125-0007')).toEqual(copied);
      expect((await save(store)).ref).toBe('KP-20261125-0008');
    });
  });

  it('files many copied cases as one at a time would: in order, within the batch and against the store', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const copy = (ref: string, extra: Partial<Case> = {}): Case => ({ ...newCase(ref, day, 'open', result), customerNumber: '081234567890', ledger: [], ...extra });
      const batchSource = (ref: string) => ({ source: { kind: 'batch' as const, file: 'trx.csv', line: 2, ref } });
      const there = copy('KP-20261125-0003');
      expect(await store.putCases([there, copy('KP-20261124-0002', batchSource('TRX9'))])).toEqual(['inserted', 'inserted']);
      const results = await store.putCases([
        copy('KP-20261125-0009'), // new
        copy('KP-20261125-0009'), // again in the same call: the same case
        copy('KP-20261125-0009', { status: 'closed' }), // again, different: never overwritten
        there, // already filed, identical
        { ...there, status: 'closed' }, // already filed, different
        copy('KP-20261126-0001', batchSource('TRX9')), // a transaction the store already has a case for
        copy('KP-20261126-0002', batchSource('TRX10')), // new, on another day
        copy('KP-20261126-0004', batchSource('TRX10')), // the same transaction again within the call
      ]);
      expect(results).toEqual(['inserted', 'same', 'conflict', 'same', 'conflict', 'conflict', 'inserted', 'conflict']);
      expect((await store.listCases()).map((c) => c.ref).sort()).toEqual(['KP-20261124-0002', 'KP-20261125-0003', 'KP-20261125-0009', 'KP-20261126-0002']);
      expect(await store.getCase('KP-20261125-0009')).toEqual(copy('KP-20261125-0009'));
      // The numbering of each day stays ahead of every reference filed.
      expect((await save(store)).ref).toBe('KP-20261125-0010');
      expect((await save(store, new Date(2026, 10, 26, 9))).ref).toBe('KP-20261126-0003');
      expect(await store.putCases([])).toEqual([]);
    });
  });

  it('never opens two cases for one batch transaction ref', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const fromBatch = (ref: string) => (caseRef: string, now: Date) => ({ ...newCase(caseRef, now, 'open', result), source: { kind: 'batch' as const, file: 'trx.csv', line: 2, ref } });
      const first = await store.createCases([fromBatch('TRX1'), fromBatch('TRX2')], day);
      const again = await store.createCases([fromBatch('TRX1'), fromBatch('TRX3')], day);
      expect(first.map((c) => c.source?.ref)).toEqual(['TRX1', 'TRX2']);
      expect(again.map((c) => c.source?.ref)).toEqual(['TRX3']);
      expect((await store.listCases()).map((c) => c.source?.ref).sort()).toEqual(['TRX1', 'TRX2', 'TRX3']);
    });
  });

  it('8 counters saving 25 cases each at once: 200 cases, 200 unique references, no error', async () => {
    const location = await backend.fresh();
    await withStore(location, async () => {}); // the schema exists before the rush, as after `pulsa store migrate`
    const runs = await Promise.all(Array.from({ length: 8 }, () => worker('create', location, '25')));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const acknowledged = runs.flatMap((run) => run.stdout.trim().split('\n'));
    expect(acknowledged).toHaveLength(200);
    expect(new Set(acknowledged).size).toBe(200);
    const stored = await withStore(location, (store) => store.listCases());
    expect(stored.map((c) => c.ref).sort()).toEqual([...acknowledged].sort());
  }, 120_000);

  it('two counters noting one case at once lose no update', async () => {
    const location = await backend.fresh();
    const c = await withStore(location, (store) => save(store));
    const runs = await Promise.all([worker('note', location, c.ref, '15'), worker('note', location, c.ref, '15')]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const stored = await withStore(location, (store) => store.getCase(c.ref));
    expect(stored.notes).toHaveLength(30);
    expect(stored.events.filter((e) => e.type === 'note')).toHaveLength(30);
  }, 60_000);

  it('two counters resolving one case at once: one winner, one "changed meanwhile", one payment', async () => {
    const location = await backend.fresh();
    const c = await withStore(location, (store) => save(store));
    const runs = await Promise.all([worker('resolve', location, c.ref), worker('resolve', location, c.ref)]);
    const outcomes = runs.map((run) => run.stdout.trim()).sort();
    expect(outcomes).toEqual(['error.changedMeanwhile', 'ok']);
    const stored = await withStore(location, (store) => store.getCase(c.ref));
    expect(stored.ledger).toHaveLength(1);
  }, 60_000);

  it('a counter killed mid-write (kill -9) loses no acknowledged case', async () => {
    const location = await backend.fresh();
    await withStore(location, async () => {});
    const child = spawn(process.execPath, [WORKER, 'forever', location], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    // Killed once it has saved a few, at whatever point of the next write it is in.
    const started = Date.now();
    while (out.split('\n').filter((line) => /^KP-/.test(line)).length < 5 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 37));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const acknowledged = out.split('\n').filter((line) => /^KP-/.test(line));
    expect(acknowledged.length).toBeGreaterThan(3);
    const stored = new Set((await withStore(location, (store) => store.listCases())).map((c) => c.ref));
    for (const ref of acknowledged) expect(stored.has(ref), ref).toBe(true);
    // The next counter goes on numbering after whatever the killed one got to.
    const next = await withStore(location, (store) => save(store));
    expect(stored.has(next.ref)).toBe(false);
  }, 60_000);
});

describe.each(useBackends())('the working set of the $name store', (backend) => {
  const refsOf = async (days: AsyncGenerator<Case[]>) => {
    const refs: string[] = [];
    for await (const cases of days) refs.push(...cases.map((c) => c.ref));
    return refs.sort();
  };

  it('holds every case not closed and every case of the look-back, and follows changes', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const old = await save(store, new Date(2026, 6, 1, 9)); // July: long before the look-back
      const oldClosed = await save(store, new Date(2026, 6, 2, 9));
      await store.updateCase(oldClosed.ref, (c) => ({ ...c, status: 'closed' }));
      const recentClosed = await save(store, new Date(2026, 10, 20, 9));
      await store.updateCase(recentClosed.ref, (c) => ({ ...c, status: 'closed' }));
      const fresh = await save(store, new Date(2026, 10, 25, 9));
      const now = new Date(2026, 10, 26, 12);
      const working = async (days: number) => (await store.activeSummaries(now, days)).map((s) => s.ref);
      expect(await working(30)).toEqual([old.ref, recentClosed.ref, fresh.ref]);
      expect(await refsOf(store.activeCasesByDay(now, 30))).toEqual([old.ref, recentClosed.ref, fresh.ref]);
      await store.updateCase(old.ref, (c) => ({ ...c, status: 'closed' }));
      expect(await working(30)).toEqual([recentClosed.ref, fresh.ref]);
      expect(await refsOf(store.activeCasesByDay(now, 30))).toEqual([recentClosed.ref, fresh.ref]);
      expect(await working(3)).toEqual([fresh.ref]);
      expect(await refsOf(store.activeCasesByDay(now, 3))).toEqual([fresh.ref]);
    });
  });

  it('summarises each case by what repeat and twin-SN detection need', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const c = await save(store);
      await store.updateCase(c.ref, (current) => ({ ...current, status: 'escalated', customerNumber: '085712345678' }));
      expect(await store.activeSummaries(new Date(2026, 10, 26, 12), 30)).toEqual([
        { ref: c.ref, createdAt: c.createdAt, status: 'escalated', contact: '085712345678', sn: 'SN1' },
      ]);
    });
  });
});

describe.each(useBackends())('the $name store giving cases with their JSON', (backend) => {
  const collect = async (days: AsyncGenerator<StoredDay>) => {
    const got: StoredDay[] = [];
    for await (const d of days) got.push(d);
    return got;
  };

  it('gives each case with the JSON text of exactly that case, for a range and for the working set', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const a = await save(store, new Date(2026, 10, 24, 9));
      await save(store);
      await store.updateCase(a.ref, (c) => addNote(c, 'catatan "kutip" \\ dan baris\nbaru, emoji 📱', new Date(2026, 10, 25, 10)));
      await store.updateCase(a.ref, (c) => ({ ...c, status: 'closed' }));
      for (const days of [
        await collect(store.storedDays({ range: {} })),
        await collect(store.storedDays({ activeAt: new Date(2026, 10, 26), windowDays: 30 })),
      ]) {
        expect(days.flatMap((d) => d.cases.map((c) => c.ref))).toEqual(['KP-20261124-0001', 'KP-20261125-0001']);
        for (const d of days) expect(d.json).toEqual(d.cases.map((c) => JSON.stringify(c)));
      }
      const active = await collect(store.storedDays({ activeAt: new Date(2026, 10, 26), windowDays: 1 }));
      expect(active.flatMap((d) => d.cases.map((c) => c.ref))).toEqual(['KP-20261125-0001']);
    });
  });

  it('says when a day holds DEL or a C1 control character, which a terminal would act on', async () => {
    await withStore(await backend.fresh(), async (store) => {
      const a = await save(store);
      const [clean] = await collect(store.storedDays({ range: {} }));
      if (backend.name === 'json') expect(clean!.plainText).toBe(true);
      await store.updateCase(a.ref, (c) => addNote(c, 'x\u009b31m y\u007f', new Date(2026, 10, 25, 10)));
      const [dirty] = await collect(store.storedDays({ range: {} }));
      expect(dirty!.plainText).toBe(false);
      expect(dirty!.json).toEqual(dirty!.cases.map((c) => JSON.stringify(c)));
    });
  });
});

describe('the JSON store index', () => {
  const json = useBackends()[0]!;

  it('holds a few fields of each case, never the case, so a large working set keeps saves small', async () => {
    const location = await json.fresh();
    const { JsonCaseStore, ACTIVE_INDEX_FILE } = await import('../../src/store/case-store.js');
    const { readFileSync } = await import('node:fs');
    const store = new JsonCaseStore(location);
    const long = 'kata '.repeat(2000);
    for (let i = 0; i < 20; i++) await store.createCase((ref, now) => ({ ...newCase(ref, now, 'open', result), guidance: { customer: long, shop: long } }), day);
    const text = readFileSync(join(store.casesDir, ACTIVE_INDEX_FILE), 'utf8');
    expect(text).not.toContain('kata');
    expect(text.length).toBeLessThan(20 * 150);
    expect((await store.activeSummaries(new Date(2026, 10, 26), 30)).map((s) => s.sn)).toEqual(Array(20).fill('SN1'));
  });

  it('does not trust an index an older version wrote (whole cases), and removes it at the next save', async () => {
    const location = await json.fresh();
    const { JsonCaseStore, ACTIVE_INDEX_FILE } = await import('../../src/store/case-store.js');
    const { existsSync, writeFileSync } = await import('node:fs');
    const store = new JsonCaseStore(location);
    const first = await save(store);
    const legacy = join(store.casesDir, 'active-index.json');
    writeFileSync(legacy, JSON.stringify({ schemaVersion: 1, days: {}, cases: [{ ...first, ref: 'KP-20261125-0099' }] }));
    const second = await save(store);
    expect((await store.activeSummaries(new Date(2026, 10, 26), 30)).map((s) => s.ref)).toEqual([first.ref, second.ref]);
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(join(store.casesDir, ACTIVE_INDEX_FILE))).toBe(true);
  });

  it('lists the working set from the days that hold it, not from every day file', async () => {
    const location = await json.fresh();
    const { JsonCaseStore } = await import('../../src/store/case-store.js');
    const store = new JsonCaseStore(location);
    const closed = await save(store, new Date(2026, 6, 1, 9));
    await store.updateCase(closed.ref, (c) => ({ ...c, status: 'closed' }));
    const open = await save(store, new Date(2026, 6, 2, 9));
    const fresh = await save(store, new Date(2026, 10, 25, 9));
    const reader = new JsonCaseStore(location);
    const read = vi.spyOn(reader, 'readDay');
    const refs: string[] = [];
    for await (const cases of reader.activeCasesByDay(new Date(2026, 10, 26), 30)) refs.push(...cases.map((c) => c.ref));
    expect(refs).toEqual([open.ref, fresh.ref]);
    expect(read.mock.calls.map(([d]) => d)).toEqual(['20260702', '20261125']);
  });

  it('sees what another counter saved after this one last read it', async () => {
    const location = await json.fresh();
    const { JsonCaseStore } = await import('../../src/store/case-store.js');
    const mine = new JsonCaseStore(location);
    const other = new JsonCaseStore(location);
    const first = await save(mine);
    const second = await save(other);
    await other.updateCase(first.ref, (c) => ({ ...c, status: 'escalated' }));
    const third = await save(mine);
    expect((await mine.activeSummaries(new Date(2026, 10, 26), 30)).map((s) => [s.ref, s.status])).toEqual([
      [first.ref, 'escalated'],
      [second.ref, 'open'],
      [third.ref, 'open'],
    ]);
  });

  it('writes a case a line, and reads a day file written on one line by an earlier build just the same', async () => {
    const location = await json.fresh();
    const { JsonCaseStore } = await import('../../src/store/case-store.js');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const store = new JsonCaseStore(location);
    await save(store);
    await save(store);
    const path = store.dayPath('20261125');
    const text = readFileSync(path, 'utf8');
    const data = JSON.parse(text);
    expect(text.split('\n')).toHaveLength(4);
    expect(text.split('\n').slice(1, 3)).toEqual([`${JSON.stringify(data.cases[0])},`, JSON.stringify(data.cases[1])]);
    writeFileSync(path, JSON.stringify(data));
    const reader = new JsonCaseStore(location);
    const days = [];
    for await (const d of reader.storedDays({ range: {} })) days.push(d);
    expect(days[0]!.cases).toEqual(data.cases);
    expect(days[0]!.json).toEqual(data.cases.map((c: unknown) => JSON.stringify(c)));
  });

  it('is rebuilt a day at a time, keeping only the summaries', async () => {
    const location = await json.fresh();
    const { JsonCaseStore, ACTIVE_INDEX_FILE } = await import('../../src/store/case-store.js');
    const { rmSync } = await import('node:fs');
    const store = new JsonCaseStore(location);
    const a = await save(store, new Date(2026, 10, 24, 9));
    const b = await save(store);
    rmSync(join(store.casesDir, ACTIVE_INDEX_FILE));
    const reader = new JsonCaseStore(location);
    expect((await reader.activeSummaries(new Date(2026, 10, 26), 30)).map((s) => s.ref)).toEqual([a.ref, b.ref]);
  });

  it('is rebuilt from the day files when a day file changed behind its back', async () => {
    const location = await json.fresh();
    const { JsonCaseStore } = await import('../../src/store/case-store.js');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const store = new JsonCaseStore(location);
    const c = await save(store);
    // An older version (or a hand edit) rewrites the day file without touching the index.
    const dayPath = store.dayPath('20261125');
    const data = JSON.parse(readFileSync(dayPath, 'utf8'));
    data.cases[0].status = 'closed';
    data.cases[0].createdAt = new Date(2026, 0, 1).toISOString();
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(dayPath, JSON.stringify(data));
    expect(await store.activeSummaries(new Date(2026, 10, 26), 30)).toEqual([]);
    expect(c.ref).toBe('KP-20261125-0001');
  });
});
