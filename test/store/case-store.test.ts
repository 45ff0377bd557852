import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { describe, expect, it } from 'vitest';
import { newCase, type DiagnosisResult } from '../../src/domain/cases.js';
import { PulsaError } from '../../src/errors.js';
import { JsonCaseStore as CaseStore } from '../../src/store/case-store.js';
import { resolveStorePath } from '../../src/store/paths.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

const result: DiagnosisResult = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890', nominal: '50000', sn: 'SN1' }, operator: 'telkomsel',
  findings: [], advice: [], cause: 'escalate-operator', guidance: { customer: 'c', shop: 's' },
};
const save = (store: CaseStore, at: Date) => store.createCase((ref, now) => newCase(ref, now, 'open', result), at);
const dayFile = (dir: string, day: string) => join(dir, 'store.cases', `${day}.json`);

describe('CaseStore', () => {
  it('numbers cases per day and starts again the next day', async () => {
    const store = new CaseStore(join(tempDir(), 'store.json'));
    const day1 = new Date(2026, 10, 25, 9, 0);
    const day2 = new Date(2026, 10, 26, 0, 5);
    expect((await save(store, day1)).ref).toBe('KP-20261125-0001');
    expect((await save(store, day1)).ref).toBe('KP-20261125-0002');
    expect((await save(store, day2)).ref).toBe('KP-20261126-0001');
  });

  it('never reuses a reference number, even when a case is removed', async () => {
    const store = new CaseStore(join(tempDir(), 'store.json'));
    const day = new Date(2026, 10, 25, 9, 0);
    await save(store, day);
    await store.changeDay('20261125', (data) => void data.cases.pop());
    expect((await save(store, day)).ref).toBe('KP-20261125-0002');
  });

  it('keeps the store files private to the shop user (files 0600, folders 0700)', async () => {
    const dir = join(tempDir(), 'nested');
    const path = join(dir, 'store.json');
    await save(new CaseStore(path), new Date(2026, 10, 25, 9));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dayFile(dir, '20261125')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'store.cases')).mode & 0o777).toBe(0o700);
  });

  it('writes a schema version and leaves no temp or lock files behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'store.json');
    await save(new CaseStore(path), new Date(2026, 10, 25, 9));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ schemaVersion: 1, layout: 'daily' });
    expect(JSON.parse(readFileSync(dayFile(dir, '20261125'), 'utf8'))).toMatchObject({ schemaVersion: 1, day: '20261125', lastSequence: 1 });
    expect(readdirSync(dir).sort()).toEqual(['store.cases', 'store.json']);
    expect(readdirSync(join(dir, 'store.cases')).sort()).toEqual(['20261125.json', 'working-set.json']);
  });

  it('rewrites only the day a case belongs to', async () => {
    const dir = tempDir();
    const store = new CaseStore(join(dir, 'store.json'));
    await save(store, new Date(2026, 10, 24, 9));
    const yesterday = readFileSync(dayFile(dir, '20261124'), 'utf8');
    const saved = await save(store, new Date(2026, 10, 25, 9));
    await store.updateCase(saved.ref, (c) => ({ ...c, status: 'escalated' }));
    expect(readFileSync(dayFile(dir, '20261124'), 'utf8')).toBe(yesterday);
    expect((await store.getCase(saved.ref)).status).toBe('escalated');
  });

  it('lists cases oldest first, reading only the days asked for', async () => {
    const store = new CaseStore(join(tempDir(), 'store.json'));
    for (const day of [23, 24, 25]) await save(store, new Date(2026, 10, day, 9));
    expect((await store.listCases()).map((c) => c.ref)).toEqual(['KP-20261123-0001', 'KP-20261124-0001', 'KP-20261125-0001']);
    expect((await store.listCases({ since: new Date(2026, 10, 24, 23), until: new Date(2026, 10, 25) })).map((c) => c.ref)).toEqual([
      'KP-20261124-0001',
      'KP-20261125-0001',
    ]);
  });

  it('reads a missing store as empty without creating it', async () => {
    const path = join(tempDir(), 'store.json');
    expect(await new CaseStore(path).listCases()).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a corrupt store and never overwrites it', async () => {
    const path = join(tempDir(), 'store.json');
    writeFileSync(path, '{"schemaVersion":1,"layout":');
    const store = new CaseStore(path);
    await expect(save(store, new Date())).rejects.toMatchObject({ key: 'error.storeCorrupt', exitCode: 3 });
    await expect(store.listCases()).rejects.toBeInstanceOf(PulsaError);
    expect(readFileSync(path, 'utf8')).toBe('{"schemaVersion":1,"layout":');
  });

  it('refuses a corrupt day file, naming it, and leaves it as it was', async () => {
    const dir = tempDir();
    const store = new CaseStore(join(dir, 'store.json'));
    await save(store, new Date(2026, 10, 25, 9));
    writeFileSync(dayFile(dir, '20261125'), '{"schemaVersion":1,"day":"20261125","cases":[');
    await expect(save(store, new Date(2026, 10, 25, 10))).rejects.toMatchObject({ key: 'error.storeCorrupt', vars: { path: dayFile(dir, '20261125') } });
    expect(readFileSync(dayFile(dir, '20261125'), 'utf8')).toBe('{"schemaVersion":1,"day":"20261125","cases":[');
    // Other days still work: one damaged day does not stop the counter.
    expect((await save(store, new Date(2026, 10, 26, 9))).ref).toBe('KP-20261126-0001');
  });

  it('refuses a JSON file that is not a store', async () => {
    const path = join(tempDir(), 'store.json');
    writeFileSync(path, '[1,2,3]');
    await expect(save(new CaseStore(path), new Date())).rejects.toMatchObject({ key: 'error.storeCorrupt' });
    expect(readFileSync(path, 'utf8')).toBe('[1,2,3]');
  });

  it('refuses a store written by a newer version', async () => {
    const path = join(tempDir(), 'store.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 99, layout: 'daily' }));
    await expect(save(new CaseStore(path), new Date())).rejects.toMatchObject({ key: 'error.storeNewer' });
  });

  it('leaves the file as it was when a change throws', async () => {
    const path = join(tempDir(), 'store.json');
    const store = new CaseStore(path);
    const saved = await save(store, new Date(2026, 10, 25, 9));
    const before = readFileSync(dayFile(dirname(path), '20261125'), 'utf8');
    await expect(store.updateCase(saved.ref, () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(readFileSync(dayFile(dirname(path), '20261125'), 'utf8')).toBe(before);
  });

  it('gives every one of many simultaneous saves its own number', async () => {
    const path = join(tempDir(), 'store.json');
    // Separate instances stand in for separate counters: each has its own lowdb and must re-read under the lock.
    const saved = await Promise.all(Array.from({ length: 12 }, () => save(new CaseStore(path), new Date(2026, 10, 25, 10))));
    expect(new Set(saved.map((c) => c.ref)).size).toBe(12);
    expect(await new CaseStore(path).listCases()).toHaveLength(12);
  });

  it('says the store is busy when another counter holds the lock too long', async () => {
    const path = join(tempDir(), 'store.json');
    const day = new Date(2026, 10, 25, 9);
    await save(new CaseStore(path), day);
    const before = readFileSync(dayFile(dirname(path), '20261125'), 'utf8');
    // The other counter's process is simulated by taking the same lock directory it would take.
    const release = await lockfile.lock(path, { realpath: false, lockfilePath: `${path}.lock` });
    await expect(save(new CaseStore(path, { waitMs: 300 }), day)).rejects.toMatchObject({ key: 'error.storeBusy', exitCode: 3 });
    await release();
    expect(readFileSync(dayFile(dirname(path), '20261125'), 'utf8')).toBe(before);
  });
});

describe('CaseStore waiting for another counter', () => {
  it('says it is waiting once the lock has not come within a second, then saves', async () => {
    const path = join(tempDir(), 'store.json');
    await save(new CaseStore(path), new Date(2026, 10, 25, 9));
    const release = await lockfile.lock(path, { realpath: false, lockfilePath: `${path}.lock` });
    let told = 0;
    const saving = save(new CaseStore(path, { onWait: () => told++ }), new Date(2026, 10, 25, 10));
    await new Promise((r) => setTimeout(r, 1300));
    expect(told).toBe(1);
    await release();
    expect((await saving).ref).toBe('KP-20261125-0002');
    expect(told).toBe(1);
  });

  it('says nothing when the lock comes at once', async () => {
    let told = 0;
    await save(new CaseStore(join(tempDir(), 'store.json'), { onWait: () => told++ }), new Date());
    await new Promise((r) => setTimeout(r, 1100));
    expect(told).toBe(0);
  });
});

describe('CaseStore snapshot (what a backup or copy reads)', () => {
  it('reads every day under the lock, and says so when the lock was taken over meanwhile', async () => {
    const path = join(tempDir(), 'store.json');
    const store = new CaseStore(path);
    await save(store, new Date(2026, 10, 25, 9));
    await save(store, new Date(2026, 10, 26, 9));
    const days: string[][] = [];
    for await (const day of store.snapshot()) days.push(day.map((c) => c.ref));
    expect(days).toEqual([['KP-20261125-0001'], ['KP-20261126-0001']]);
    expect(existsSync(`${path}.lock`)).toBe(false);

    // Another counter judged the lock stale while the reader was away, took it and let it go.
    const reading = store.snapshot();
    await reading.next();
    rmSync(`${path}.lock`, { recursive: true });
    await expect((async () => {
      for (let next = await reading.next(); !next.done; next = await reading.next());
    })()).rejects.toMatchObject({ key: 'error.storeLockLost', exitCode: 3 });
  });
});

describe('resolveStorePath', () => {
  it('prefers --store, then PULSA_DOCTOR_STORE, then XDG_DATA_HOME', () => {
    expect(resolveStorePath('/a/s.json', { PULSA_DOCTOR_STORE: '/b/s.json' })).toBe('/a/s.json');
    expect(resolveStorePath(undefined, { PULSA_DOCTOR_STORE: '/b/s.json' })).toBe('/b/s.json');
    expect(resolveStorePath(undefined, { XDG_DATA_HOME: '/xdg' }, 'linux')).toBe('/xdg/pulsa-doctor/store.json');
  });
});
