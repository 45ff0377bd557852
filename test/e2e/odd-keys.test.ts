import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCase } from '../../src/domain/cases.js';
import { JsonCaseStore } from '../../src/store/case-store.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

describe('a stored case whose cause is a name every object has', () => {
  it('is listed, shown, told and escalated with the cause as its code, not a crash', async () => {
    const store = join(tempDir(), 'store.json');
    const at = new Date(2026, 10, 25, 9);
    // As a restored backup or another counter's hand-edited file could hold it.
    const made = await new JsonCaseStore(store).createCase(
      (ref, now) => newCase(ref, now, 'open', {
        checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'constructor', advice: [], guidance: null,
        answers: { number: '081234567890', nominal: '50000', sn: 'SN1' }, findings: [],
      }),
      at,
    );
    for (const args of [['cases', '--json'], ['cases'], ['show', made.ref], ['notify', made.ref], ['escalate', made.ref, '--to', 'supplier']]) {
      const run = await runCli([...args, '--store', store]);
      expect(run.stderr, args.join(' ')).not.toMatch(/tak terduga|unexpected|native code/);
      expect(run.stdout, args.join(' ')).not.toMatch(/native code|function Object/);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
  });
});
