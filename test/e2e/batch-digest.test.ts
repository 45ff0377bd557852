import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDenseTransactions } from '../../bench/transactions.mjs';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
// Written by the batch code as it was before the speed work (issue #13); any change in a finding changes it.
const expected = JSON.parse(readFileSync('test/fixtures/batch-dense-200k.digest.json', 'utf8')) as { seed: number; rows: number; now: string; sha256: string };

describe('pulsa batch findings on a generated 200,000-row export', () => {
  // A file this small keeps its duplicate checks on the main thread; a large one moves them to a second.
  it.each(['off', 'on'])('are byte for byte what they were before the speed work (second thread: %s)', async (thread) => {
    const file = join(tempDir(), 'dense.csv');
    await writeDenseTransactions(file, expected.rows, { seed: expected.seed });
    const { code, stdout, stderr } = await runCli(['batch', file, '--json', '--now', expected.now], { env: { PULSA_BATCH_THREAD: thread } });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const summary = JSON.parse(stdout) as { rows: number; counts: Record<string, number> };
    expect(summary.rows).toBe(expected.rows);
    // Every kind of finding is in the file, so the digest covers every check.
    expect(Object.keys(summary.counts)).toHaveLength(9);
    expect(createHash('sha256').update(stdout).digest('hex')).toBe(expected.sha256);
  });
});
