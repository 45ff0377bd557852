import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCase } from '../../src/domain/cases.js';
import { openCaseStore } from '../../src/store/open.js';
import { runCli } from '../helpers/cli.js';
import { storeSnapshot, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = '2026-11-25T03:00:00Z';
const example = (name: string) => readFileSync(join('examples', `${name}.json`), 'utf8');

function shop(counter = 'kasir-1') {
  const dir = tempDir();
  const store = join(dir, 'toko.json');
  const run = (args: string[], opts: { input?: string; now?: string; counter?: string; env?: Record<string, string> } = {}) =>
    runCli([...args, '--store', store], {
      input: opts.input,
      env: { PULSA_DOCTOR_NOW: opts.now ?? NOW, PULSA_DOCTOR_COUNTER: opts.counter ?? counter, TZ: 'Asia/Jakarta', ...opts.env },
    });
  const diagnose = async (name: string, now = NOW) => {
    const r = await run(['diagnose', '--answers', '-', '--json'], { input: example(name), now });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).ref as string;
  };
  return { dir, store, run, diagnose };
}

describe('short references', () => {
  it('3 is today\'s third case; 20261124-1 that day\'s first; nonsense is exit 2, a missing one exit 4', async () => {
    const { run, diagnose } = shop();
    const yesterday = await diagnose('pulsa-data-drain', '2026-11-24T03:00:00Z');
    expect(yesterday).toBe('KP-20261124-0001');
    for (let i = 0; i < 3; i++) await diagnose('pulsa-data-drain');
    const shown = JSON.parse((await run(['show', '3', '--json'])).stdout);
    expect(shown.ref).toBe('KP-20261125-0003');
    expect(JSON.parse((await run(['show', '20261124-1', '--json'])).stdout).ref).toBe('KP-20261124-0001');
    const noted = await run(['note', '2', 'pelanggan telepon']);
    expect(noted.stdout).toContain('KP-20261125-0002');
    const missing = await run(['show', '9']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe('pulsa: Kasus KP-20261125-0009 tidak ditemukan.\n');
    const bad = await run(['show', 'tiga']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"tiga" bukan nomor kasus');
    expect((await run(['show', '0'])).code).toBe(2);
  });
});

describe('pulsa discard', () => {
  it('discards a draft: recorded in the history, gone from the lists; an open case is refused untouched', async () => {
    const { run, store, diagnose } = shop();
    const open = await diagnose('pulsa-data-drain');
    const s = await openCaseStore(store);
    const draft = await s.createCase((ref, at) => newCase(ref, at, 'draft', { checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890' }, operator: null, findings: [], advice: [], cause: null, guidance: null }), new Date(NOW));
    await s.close();
    const discarded = await run(['discard', draft.ref.slice(-1), '--note', 'salah pencet']);
    expect(discarded.code, discarded.stderr).toBe(0);
    expect(discarded.stdout).toContain(`Draf ${draft.ref} dibuang`);
    const listed = JSON.parse((await run(['cases', '--json'])).stdout).map((c: { ref: string }) => c.ref);
    expect(listed).toEqual([open]);
    const shown = JSON.parse((await run(['show', draft.ref, '--json'])).stdout);
    expect(shown.events.at(-1)).toMatchObject({ type: 'discarded', note: 'salah pencet', counter: 'kasir-1' });
    const before = storeSnapshot(store);
    const refused = await run(['discard', open]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('hanya draf yang bisa dibuang');
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('pulsa edit', () => {
  it('corrects a mistyped SN and status; the case is diagnosed again and the history keeps old and new', async () => {
    const { run, diagnose } = shop();
    const ref = await diagnose('pulsa-escalate-operator');
    const edited = await run(['edit', ref, '--set', 'sn=0412999988887777', '--json']);
    expect(edited.code, edited.stderr).toBe(0);
    const c = JSON.parse(edited.stdout);
    expect(c.sn).toBe('0412999988887777');
    expect(c.guidance.customer).toContain('0412999988887777');
    expect(c.events.at(-1)).toMatchObject({ type: 'edited', note: 'sn', to: '0412999988887777' });
    const failed = JSON.parse((await run(['edit', ref, '--set', 'status=gagal', 'failureReason=Produk Gangguan', '--json'])).stdout);
    expect(failed.cause).toBe('transaction-failed');
    expect(failed.events.slice(-3).map((e: { type: string }) => e.type)).toEqual(['edited', 'edited', 'cause']);
    expect(failed.events.at(-1)).toMatchObject({ from: 'escalate-operator', to: 'transaction-failed' });
  });

  it('refuses a bad value or key before touching the case', async () => {
    const { run, store, diagnose } = shop();
    const ref = await diagnose('pulsa-escalate-operator');
    const before = storeSnapshot(store);
    const bad = await run(['edit', ref, '--set', 'nominal=banyak']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"nominal"');
    const unknown = await run(['edit', ref, '--set', 'colour=red']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('colour');
    expect((await run(['edit', ref, '--set', 'sn'])).code).toBe(2);
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('pulsa undo', () => {
  it('reverses this counter\'s last change, then the one before, saying what; another counter\'s change is not touched', async () => {
    const { run, diagnose } = shop();
    const ref = await diagnose('pulsa-escalate-operator');
    await run(['note', ref, 'telepon pelanggan']);
    await run(['resolve', ref, '--resolution', 'explained', '--note', 'sudah dijelaskan'], { now: '2026-11-25T03:05:00Z' });
    await run(['close', ref], { now: '2026-11-25T03:06:00Z' });
    await run(['priority', ref, 'urgent'], { now: '2026-11-25T03:07:00Z', counter: 'kasir-2' });

    const first = await run(['undo'], { now: '2026-11-25T03:10:00Z' });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Dibatalkan di ${ref}: closed (resolved → closed)`);
    let c = JSON.parse((await run(['show', ref, '--json'])).stdout);
    expect(c.status).toBe('resolved');
    expect(c.priority).toBe('urgent');

    const second = await run(['undo', '--json'], { now: '2026-11-25T03:11:00Z' });
    expect(JSON.parse(second.stdout).undone[0].type).toBe('resolved');
    c = JSON.parse((await run(['show', ref, '--json'])).stdout);
    expect(c.status).toBe('open');
    expect(c.resolution).toBeNull();

    await run(['undo'], { now: '2026-11-25T03:12:00Z' });
    c = JSON.parse((await run(['show', ref, '--json'])).stdout);
    expect(c.notes).toEqual([]);
    // Nothing leaves the history: every reversed event is still there, each followed by its undo.
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['created', 'note', 'resolved', 'closed', 'priority', 'undone', 'undone', 'undone']);
    const nothing = await run(['undo'], { now: '2026-11-25T03:13:00Z', counter: 'kasir-3' });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('kasir-3');
  });

  it("finds the counter's last change whichever day its case was opened, newest day or oldest", async () => {
    const { run, diagnose } = shop();
    const older = await diagnose('pulsa-escalate-operator', '2026-11-20T03:00:00Z');
    const newer = await diagnose('pulsa-escalate-operator', '2026-11-24T03:00:00Z');
    await run(['note', older, 'satu'], { now: '2026-11-25T03:01:00Z' });
    await run(['note', newer, 'dua'], { now: '2026-11-25T03:02:00Z' });
    await run(['note', older, 'tiga'], { now: '2026-11-25T03:03:00Z' });
    const undone: string[] = [];
    for (const minute of ['04', '05', '06']) {
      const r = JSON.parse((await run(['undo', '--json'], { now: `2026-11-25T03:${minute}:00Z` })).stdout);
      undone.push(`${r.ref} ${r.undone[0].note}`);
    }
    expect(undone).toEqual([`${older} tiga`, `${newer} dua`, `${older} satu`]);
  });

  it('puts an edited answer back and diagnoses again; a payment is never undone', async () => {
    const { run, diagnose } = shop();
    const ref = await diagnose('pulsa-escalate-operator');
    await run(['edit', ref, '--set', 'status=pending'], { now: '2026-11-25T03:01:00Z' });
    const undone = await run(['undo', '--json'], { now: '2026-11-25T03:02:00Z' });
    expect(undone.code, undone.stderr).toBe(0);
    const c = JSON.parse(undone.stdout).case;
    expect(c.answers.status).toBe('sukses');
    expect(c.cause).toBe('escalate-operator');
    await run(['resolve', ref, '--resolution', 'refund', '--note', 'uang kembali'], { now: '2026-11-25T03:03:00Z' });
    const refused = await run(['undo'], { now: '2026-11-25T03:04:00Z' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pembayaran tidak dibatalkan');
  });
});

describe('pulsa pending', () => {
  it('lists pending transactions and unanswered supplier complaints, most urgent first, with the supplier rule', async () => {
    const { run, dir, diagnose } = shop();
    const pending = await diagnose('pulsa-transaction-pending');
    const escalated = await diagnose('pulsa-escalate-supplier');
    await run(['escalate', escalated, '--to', 'supplier', '--due', '1h']);
    writeFileSync(join(dir, 'toko.config.json'), JSON.stringify({ pending: { recheckAfter: '15m', complainAfter: '2h' } }));
    const { code, stdout } = await run(['pending', '--json'], { now: '2026-11-25T03:05:00Z' });
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.rule).toEqual({ recheckAfter: '15m', noRetryWithin: '1m', complainAfter: '2h' });
    expect(result.items.map((i: { ref: string; action: string }) => [i.ref, i.action])).toEqual([
      [escalated, 'follow-up'],
      // Sent at 09.15 WIB, 50 minutes ago: past the 15-minute recheck, so next is the complaint at 11.15.
      [pending, 'complain'],
    ]);
    expect(result.items[1].actAt).toBe('2026-11-25T04:15:00.000Z');
    const early = JSON.parse((await run(['pending', '--json'], { now: '2026-11-25T02:20:00Z' })).stdout);
    expect(early.items.find((i: { ref: string }) => i.ref === pending)).toMatchObject({ action: 'recheck', actAt: '2026-11-25T02:30:00.000Z', noRetryBefore: '2026-11-25T02:16:00.000Z' });
    const text = await run(['pending'], { now: '2026-11-25T03:05:00Z' });
    expect(text.stdout).toContain(`${pending} `);
    expect(text.stdout).toContain('komplain ke supplier mulai 25/11/2026 11:15');
  });
});
