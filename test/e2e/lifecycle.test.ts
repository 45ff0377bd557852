import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeSnapshot, useTempDir } from '../helpers/temp-store.js';
import { useBackends } from '../helpers/backends.js';

const tempDir = useTempDir();
const backends = useBackends();

/** Runs the CLI against one store with the clock fixed at `now`. */
function counter(store: string) {
  return (now: string, ...args: string[]) => runCli([...args, '--store', store], { env: { PULSA_DOCTOR_NOW: now } });
}

/** The reference of a case diagnosed at `now` from the example that calls for escalating to the supplier. */
async function supplierCase(at: ReturnType<typeof counter>, now: string): Promise<string> {
  return JSON.parse((await at(now, 'diagnose', '-a', 'examples/pulsa-escalate-supplier.json', '--json')).stdout).ref;
}

describe('a case from diagnosis to closing, and back', () => {
  it('walks escalation, a missed deadline, a refused early close, closing, reopening and closing again', async () => {
    const store = join(tempDir(), 'store.json');
    const at = counter(store);

    const diagnosed = await at('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-escalate-operator.json', '--json');
    const ref = JSON.parse(diagnosed.stdout).ref as string;
    expect(ref).toBe('KP-20261120-0001');

    const escalated = await at('2026-11-20T03:05:00Z', 'escalate', ref, '--to', 'operator');
    expect(escalated.code).toBe(0);
    expect(escalated.stdout).toContain('Hubungi CS Telkomsel: telepon 188 dari nomor Telkomsel');
    expect(escalated.stdout).toContain('SN 0412345678901234');
    expect(escalated.stderr).toMatch(/dieskalasi ke operator; tindak lanjut paling lambat 21\/11\/2026/);

    const nothingDue = await at('2026-11-20T04:00:00Z', 'cases', '--due', '--json');
    expect(JSON.parse(nothingDue.stdout)).toEqual([]);
    expect(nothingDue.code).toBe(0);
    const dueRun = await at('2026-11-22T02:00:00Z', 'cases', '--due', '--json');
    expect(dueRun.code).toBe(1);
    expect((await at('2026-11-22T02:00:00Z', 'cases', '--due')).code).toBe(1);
    expect((await at('2026-11-22T02:00:00Z', 'cases')).code).toBe(0);
    const due = JSON.parse(dueRun.stdout);
    expect(due.map((c: { ref: string }) => c.ref)).toEqual([ref]);
    expect(due[0]).toMatchObject({ overdue: true, effectivePriority: 'high' });
    const listed = (await at('2026-11-22T02:00:00Z', 'cases')).stdout;
    expect(listed).toMatch(new RegExp(`${ref} +dieskalasi .* 21/11 \\d\\d:\\d\\d!\n`));
    expect(listed).toContain('! = tenggat tindak lanjut sudah lewat');

    const before = storeSnapshot(store);
    const early = await at('2026-11-22T02:10:00Z', 'close', ref);
    expect(early.code).toBe(2);
    expect(early.stderr).toBe(`pulsa: Kasus ${ref} belum bisa ditutup: belum diselesaikan (pulsa resolve); belum ada solusi untuk pelanggan; 1 eskalasi belum ada jawabannya: ke operator (20/11/2026 10:05); catat jawabannya dengan pulsa note ${ref} --outcome "<jawaban>".\n`);
    expect(storeSnapshot(store)).toEqual(before);

    expect((await at('2026-11-22T02:20:00Z', 'resolve', ref, '--resolution', 'resent', '--note', 'Pulsa dikirim ulang oleh toko')).stdout).toContain('dikirim ulang Rp50.000');
    const stillOpen = await at('2026-11-22T02:21:00Z', 'close', ref);
    expect(stillOpen.code).toBe(2);
    expect(stillOpen.stderr).toContain('eskalasi belum ada jawabannya');

    expect((await at('2026-11-22T02:30:00Z', 'note', ref, 'CS 188: pulsa tertahan, sudah dikembalikan', '--outcome')).code).toBe(0);
    expect((await at('2026-11-22T02:31:00Z', 'note', ref, 'Pelanggan konfirmasi lewat WA')).code).toBe(0);
    expect((await at('2026-11-22T02:32:00Z', 'close', ref, '--note', 'pelanggan puas')).stdout).toBe(`Kasus ${ref} ditutup.\n`);

    const reopened = await at('2026-11-23T01:00:00Z', 'reopen', ref, '--reason', 'Pelanggan: saldo terpotong lagi');
    expect(reopened.code).toBe(0);
    await at('2026-11-23T01:10:00Z', 'resolve', ref, '--resolution', 'refund', '--amount', 'Rp 50.000', '--note', 'Uang dikembalikan', '--cause', 'subscription-deduction');
    expect((await at('2026-11-23T01:11:00Z', 'close', ref)).code).toBe(0);

    const shown = JSON.parse((await at('2026-11-23T01:12:00Z', 'show', ref, '--json')).stdout);
    expect(shown.status).toBe('closed');
    expect(shown.cause).toBe('subscription-deduction');
    expect(shown.resolution).toMatchObject({ kind: 'refund', amount: 50_000 });
    expect(shown.events.map((e: { type: string }) => e.type)).toEqual([
      'created', 'escalated', 'resolved', 'outcome', 'note', 'closed', 'reopened', 'resolved', 'cause', 'closed',
    ]);
    expect(shown.events.find((e: { type: string }) => e.type === 'cause')).toMatchObject({ from: 'escalate-operator', to: 'subscription-deduction' });

    const human = (await at('2026-11-23T01:12:00Z', 'show', ref)).stdout;
    expect(human).toContain('Riwayat');
    expect(human).toContain('dibuka lagi ditutup → dibuka-lagi — Pelanggan: saldo terpotong lagi');
    expect(human).toContain('CS 188: pulsa tertahan, sudah dikembalikan');
  });

  it('refuses an illegal move, saying what is possible, and leaves the case untouched', async () => {
    const store = join(tempDir(), 'store.json');
    const at = counter(store);
    const ref = JSON.parse((await at('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json')).stdout).ref;
    const before = storeSnapshot(store);
    const { code, stderr } = await at('2026-11-20T03:01:00Z', 'reopen', ref, '--reason', 'x');
    expect(code).toBe(2);
    expect(stderr).toBe(`pulsa: Kasus ${ref} berstatus terbuka, jadi pulsa reopen tidak bisa dilakukan. Yang bisa sekarang: pulsa escalate, pulsa resolve.\n`);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('escalating again changes the unanswered escalation instead of stacking a second; undo puts it back', async () => {
    const store = join(tempDir(), 'store.json');
    const at = counter(store);
    const ref = await supplierCase(at, '2026-11-20T03:00:00Z');
    expect((await at('2026-11-20T03:01:00Z', 'escalate', ref, '--to', 'supplier', '--due', '2h')).code).toBe(0);
    const again = await at('2026-11-20T04:00:00Z', 'escalate', ref, '--to', 'operator', '--due', '1d');
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(`Eskalasi kasus ${ref} yang belum dijawab diubah: supplier, 20/11/2026 12:01 → operator, 21/11/2026 11:00; tindak lanjut paling lambat 21/11/2026 11:00.\n`);
    const shown = JSON.parse((await at('2026-11-20T04:01:00Z', 'show', ref, '--json')).stdout);
    expect(shown.escalations).toEqual([
      { at: '2026-11-20T03:01:00.000Z', to: 'operator', due: '2026-11-21T04:00:00.000Z', changes: [{ at: '2026-11-20T04:00:00.000Z', to: 'supplier', due: '2026-11-20T05:01:00.000Z' }] },
    ]);
    expect(shown.events.map((e: { type: string }) => e.type)).toEqual(['created', 'escalated', 'escalation-changed']);
    expect((await at('2026-11-20T04:01:00Z', 'show', ref)).stdout).toContain('eskalasi diubah supplier, 20/11/2026 12:01 → operator, 21/11/2026 11:00');

    const closing = await at('2026-11-20T04:02:00Z', 'close', ref);
    expect(closing.stderr).toContain(`1 eskalasi belum ada jawabannya: ke operator (20/11/2026 10:01); catat jawabannya dengan pulsa note ${ref} --outcome`);

    expect((await at('2026-11-20T04:03:00Z', 'undo')).code).toBe(0);
    const undone = JSON.parse((await at('2026-11-20T04:04:00Z', 'show', ref, '--json')).stdout);
    expect(undone.escalations).toEqual([{ at: '2026-11-20T03:01:00.000Z', to: 'supplier', due: '2026-11-20T05:01:00.000Z' }]);
    expect(undone.status).toBe('escalated');

    // Once the supplier answered, escalating to the operator is a new step, kept beside the answered one.
    expect((await at('2026-11-20T04:10:00Z', 'note', ref, 'Supplier: sukses, SN valid', '--outcome')).code).toBe(0);
    const next = JSON.parse((await at('2026-11-20T04:11:00Z', 'escalate', ref, '--to', 'operator', '--json')).stdout);
    expect(next.replaced).toBeUndefined();
    expect(next.case.escalations.map((e: { to: string }) => e.to)).toEqual(['supplier', 'operator']);
  });

  it('names targets in words everywhere in Indonesian, and a note stays with the target it was written for', async () => {
    const store = join(tempDir(), 'store.json');
    const at = counter(store);
    const ref = await supplierCase(at, '2026-11-20T03:00:00Z');
    expect((await at('2026-11-20T03:01:00Z', 'escalate', ref, '--to', 'pimpinan', '--note', 'minta izin refund')).code).toBe(0);
    const again = await at('2026-11-20T03:02:00Z', 'escalate', ref, '--to', 'supplier', '--due', '2h');
    expect(again.stderr).toContain('diubah: pimpinan toko, ');
    expect(again.stderr).not.toContain('supervisor');
    const shown = JSON.parse((await at('2026-11-20T03:03:00Z', 'show', ref, '--json')).stdout);
    // Sent to the supplier, the note written for the supervisor is only in the history of changes.
    expect(shown.escalations[0].note).toBeUndefined();
    expect(shown.escalations[0].changes[0].note).toBe('minta izin refund');
    const history = (await at('2026-11-20T03:03:00Z', 'show', ref)).stdout;
    expect(history).toContain('eskalasi diubah pimpinan, ');
    expect(history).not.toContain('supervisor');
    expect((await at('2026-11-20T03:04:00Z', 'resolve', ref, '--resolution', 'dijelaskan', '--note', 'x')).code).toBe(0);
    const closing = await at('2026-11-20T03:05:00Z', 'close', ref);
    expect(closing.stderr).toContain('1 eskalasi belum ada jawabannya: ke supplier (20/11/2026 10:01)');
    expect((await at('2026-11-20T03:06:00Z', 'escalate', ref, '--to', 'supplier', '--due', '3h')).code).not.toBe(0); // resolved: no escalating
    // The same target with a new deadline keeps its note.
    const other = await supplierCase(at, '2026-11-20T04:00:00Z');
    await at('2026-11-20T04:01:00Z', 'escalate', other, '--to', 'supplier', '--note', 'CS sudah dihubungi');
    await at('2026-11-20T04:02:00Z', 'escalate', other, '--to', 'supplier', '--due', '3h');
    expect(JSON.parse((await at('2026-11-20T04:03:00Z', 'show', other, '--json')).stdout).escalations[0].note).toBe('CS sudah dihubungi');
  });

  it('refuses a deadline in the past or one it cannot read', async () => {
    const store = join(tempDir(), 'store.json');
    const at = counter(store);
    const ref = await supplierCase(at, '2026-11-20T03:00:00Z');
    expect((await at('2026-11-20T03:01:00Z', 'escalate', ref, '--to', 'supplier', '--due', '19/11/2026')).code).toBe(2);
    const bad = await at('2026-11-20T03:01:00Z', 'escalate', ref, '--to', 'supplier', '--due', 'besok');
    expect(bad.stderr).toBe('pulsa: Tenggat tidak dikenal: besok (contoh: 24h, 2d, 30m, 27/11/2026 17:00)\n');
    const ok = JSON.parse((await at('2026-11-20T03:01:00Z', 'escalate', ref, '--to', 'supplier', '--json')).stdout);
    expect(ok.due).toBe('2026-11-20T05:01:00.000Z');
    expect(ok.message).toMatch(/^KOMPLAIN Telkomsel pulsa Rp50\.000 ke 081234567890/);
  });
});

describe('evidence, priority and notifications', () => {
  it('copies evidence into the store with its SHA-256, privately', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    const at = counter(store);
    const ref = JSON.parse((await at('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json')).stdout).ref;
    const screenshot = join(dir, 'bukti transfer.png');
    writeFileSync(screenshot, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    const { code } = await at('2026-11-20T03:05:00Z', 'attach', ref, screenshot);
    expect(code).toBe(0);
    const shown = JSON.parse((await at('2026-11-20T03:06:00Z', 'show', ref, '--json')).stdout);
    const sha256 = createHash('sha256').update(readFileSync(screenshot)).digest('hex');
    expect(shown.evidence).toEqual([{ name: 'bukti transfer.png', storedAs: `${ref}/${sha256.slice(0, 12)}-bukti transfer.png`, size: 7, sha256, at: '2026-11-20T03:05:00.000Z' }]);
    const copy = join(dir, 'store.evidence', shown.evidence[0].storedAs);
    expect(readFileSync(copy)).toEqual(readFileSync(screenshot));
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'store.evidence')).mode & 0o777).toBe(0o700);
    expect((await at('2026-11-20T03:06:00Z', 'show', ref)).stdout).toContain(`bukti transfer.png (7 B, sha256 ${sha256})`);
  });

  it.each(backends.map((b) => [b.name, b] as const))('lists the same file (same SHA-256) once, whatever its name, on %s', async (_name, backend) => {
    const dir = tempDir();
    const store = await backend.fresh();
    const at = counter(store);
    const ref = JSON.parse((await at('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json')).stdout).ref;
    writeFileSync(join(dir, 'bukti.png'), 'sama');
    writeFileSync(join(dir, 'salinan.png'), 'sama');
    writeFileSync(join(dir, 'lain.png'), 'beda');
    const first = await at('2026-11-20T03:05:00Z', 'attach', ref, join(dir, 'bukti.png'), join(dir, 'salinan.png'));
    expect(first.stdout).toBe(`1 bukti dilampirkan ke ${ref}.\n`);
    expect(first.stderr).toBe('salinan.png sama persis dengan bukti.png yang sudah terlampir; tidak dilampirkan lagi.\n');
    const second = await at('2026-11-20T03:06:00Z', 'attach', ref, join(dir, 'bukti.png'), join(dir, 'lain.png'));
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`1 bukti dilampirkan ke ${ref}.\n`);
    expect(second.stderr).toContain('bukti.png sama persis dengan bukti.png yang sudah terlampir');
    const shown = JSON.parse((await at('2026-11-20T03:07:00Z', 'show', ref, '--json')).stdout);
    expect(shown.evidence.map((e: { name: string }) => e.name)).toEqual(['bukti.png', 'lain.png']);
    expect(shown.events.filter((e: { type: string }) => e.type === 'evidence')).toHaveLength(2);
    const again = await at('2026-11-20T03:08:00Z', 'attach', ref, join(dir, 'salinan.png'), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).evidence).toHaveLength(2);
  });

  it('attaches nothing when one file is missing', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    const at = counter(store);
    const ref = JSON.parse((await at('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json')).stdout).ref;
    writeFileSync(join(dir, 'ada.png'), 'x');
    const before = storeSnapshot(store);
    const { code, stderr } = await at('2026-11-20T03:05:00Z', 'attach', ref, join(dir, 'ada.png'), join(dir, 'hilang.png'));
    expect(code).toBe(2);
    expect(stderr).toBe(`pulsa: Bukti ${join(dir, 'hilang.png')} tidak bisa dibaca: file atau folder tidak ada (ENOENT). Tidak ada yang dilampirkan.\n`);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('sets a priority and sorts by it', async () => {
    const store = join(tempDir(), 'store.json');
    const at = counter(store);
    await at('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-operator-debt.json');
    const second = JSON.parse((await at('2026-11-20T04:00:00Z', 'diagnose', '-a', 'examples/kuota-zone-bound.json', '-c', 'kuota-tidak-masuk', '--json')).stdout).ref;
    await at('2026-11-20T04:01:00Z', 'priority', second, 'urgent');
    const listed = JSON.parse((await at('2026-11-20T05:00:00Z', 'cases', '--json')).stdout);
    expect(listed[0]).toMatchObject({ ref: second, priority: 'urgent', effectivePriority: 'urgent' });
    const bad = await at('2026-11-20T05:00:00Z', 'priority', second, 'penting');
    expect(bad.code).toBe(2);
  });

  it('gives a diagnosis a priority with --priority', async () => {
    const store = join(tempDir(), 'store.json');
    const { stdout } = await counter(store)('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-data-drain.json', '--priority', 'low', '--json');
    expect(JSON.parse(stdout).priority).toBe('low');
  });

  it("prints the customer message for the case's status with a WhatsApp link", async () => {
    const store = join(tempDir(), 'store.json');
    const at = counter(store);
    const ref = JSON.parse((await at('2026-11-20T03:00:00Z', 'diagnose', '-a', 'examples/pulsa-escalate-operator.json', '--json')).stdout).ref;
    await at('2026-11-20T03:05:00Z', 'escalate', ref, '--to', 'operator', '--due', '21/11/2026 12:00');
    const notified = JSON.parse((await at('2026-11-20T03:06:00Z', 'notify', ref, '--json')).stdout);
    expect(notified.message).toContain('paling lambat 21/11/2026 12:00');
    expect(notified.whatsapp).toBe(`https://wa.me/6281234567890?text=${encodeURIComponent(notified.message)}`);
    const english = JSON.parse((await at('2026-11-20T03:06:00Z', '--lang', 'en', 'notify', ref, '--json')).stdout);
    expect(english.message).toContain('by 21/11/2026 12:00 at the latest');
  });

  it('says clearly when a case to change does not exist', async () => {
    const { code, stderr } = await counter(join(tempDir(), 'store.json'))('2026-11-20T03:00:00Z', 'note', 'KP-20261120-0009', 'halo');
    expect(code).toBe(4);
    expect(stderr).toBe('pulsa: Kasus KP-20261120-0009 tidak ditemukan.\n');
  });
});
