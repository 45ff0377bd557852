import { join } from 'node:path';
import { runCli } from './cli.js';

/** Friday 27 November 2026, 12:00 WIB: the week asked about is Monday 23 to Sunday 29 November. */
export const OWNER_NOW = '2026-11-27T05:00:00Z';

/**
 * A shop's fortnight with known answers (times in WIB):
 * - 16 Nov 10:00  A, last week: refunded Rp50.000 only on 26 Nov 10:00 (this week's money, last week's case).
 * - 23 Nov 09:00  B, operator debt: resent Rp50.000 at 11:00, closed at 12:00.
 * - 24 Nov 23:59  C, data drain: refunded Rp50.000 on 25 Nov 01:00, reopened 08:00, refunded Rp20.000 at 10:00, closed 11:00.
 * - 25 Nov 00:01  D, escalated to the operator at 11:00 with 24h: overdue by now.
 * - 26 Nov 09:00  E, kuota checklist, still open.
 */
export async function seedOwnerStore(dir: string, store = join(dir, 'store.json')) {
  const at = (now: string, ...args: string[]) => runCli([...args, '--store', store], { env: { PULSA_DOCTOR_NOW: now, PULSA_DOCTOR_COUNTER: 'kasir-1' } });
  const open = async (now: string, ...args: string[]) => {
    const result = await at(now, 'diagnose', '--json', ...args);
    if (result.code !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout).ref as string;
  };
  const step = async (now: string, ...args: string[]) => {
    const result = await at(now, ...args);
    if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  };
  const a = await open('2026-11-16T03:00:00Z', '-a', 'examples/pulsa-escalate-operator.json');
  const b = await open('2026-11-23T02:00:00Z', '-a', 'examples/pulsa-operator-debt.json');
  await step('2026-11-23T04:00:00Z', 'resolve', b, '--resolution', 'resent', '--note', 'kirim ulang');
  await step('2026-11-23T05:00:00Z', 'close', b);
  const c = await open('2026-11-24T16:59:00Z', '-a', 'examples/pulsa-data-drain.json');
  await step('2026-11-24T18:00:00Z', 'resolve', c, '--resolution', 'refund', '--note', 'uang kembali');
  await step('2026-11-25T01:00:00Z', 'reopen', c, '--reason', 'masih belum');
  await step('2026-11-25T03:00:00Z', 'resolve', c, '--resolution', 'refund', '--note', 'tambahan', '--amount', '20000');
  await step('2026-11-25T04:00:00Z', 'close', c);
  const d = await open('2026-11-24T17:01:00Z', '-a', 'examples/pulsa-escalate-operator.json');
  await step('2026-11-25T04:00:00Z', 'escalate', d, '--to', 'operator', '--due', '24h');
  const e = await open('2026-11-26T02:00:00Z', '-c', 'kuota-tidak-masuk', '-a', 'examples/kuota-escalate-operator.json');
  await step('2026-11-26T03:00:00Z', 'resolve', a, '--resolution', 'refund', '--note', 'akhirnya refund');
  return { store, at, refs: { a, b, c, d, e } };
}
