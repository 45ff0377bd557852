/** A store for export tests: cases on 1, 15 and 30 November (WIB), one with formula-like text from a customer, the last refunded. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli.js';

export async function seededExportStore(dir: string) {
  const store = join(dir, 'store.json');
  const at = (now: string, ...args: string[]) => runCli([...args, '--store', store], { env: { PULSA_DOCTOR_NOW: now } });
  await at('2026-10-31T17:00:00Z', 'diagnose', '-a', 'examples/pulsa-operator-debt.json'); // 1 Nov 00:00 WIB
  const evil = { ...JSON.parse(readFileSync('examples/pulsa-escalate-operator.json', 'utf8')), sn: '=HYPERLINK("http://evil","klik")', number: '0857 1234 5678', claimedNumber: '085712345678', productOperator: 'im3' };
  await runCli(['diagnose', '-a', '-', '--store', store], { input: JSON.stringify(evil), env: { PULSA_DOCTOR_NOW: '2026-11-15T03:00:00Z' } });
  const last = JSON.parse((await at('2026-11-30T16:59:00Z', 'diagnose', '-a', 'examples/pulsa-data-drain.json', '--json')).stdout).ref; // 30 Nov 23:59 WIB
  await at('2026-11-30T16:59:30Z', 'resolve', last, '--resolution', 'refund', '--note', 'uang kembali');
  return { dir, store, at };
}
