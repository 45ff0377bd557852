import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

describe('several counters saving at once', () => {
  it('all succeed with distinct reference numbers and nothing lost', async () => {
    const store = join(tempDir(), 'store.json');
    const counters = 8;
    const runs = await Promise.all(
      Array.from({ length: counters }, () => runCli(['diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json', '--store', store])),
    );
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const refs = runs.map((run) => JSON.parse(run.stdout).ref as string);
    expect(new Set(refs).size).toBe(counters);
    expect(storedCases(store).map((c: { ref: string }) => c.ref).sort()).toEqual([...refs].sort());
  });
});
