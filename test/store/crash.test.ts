import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newCase, type DiagnosisResult } from '../../src/domain/cases.js';
import { JsonCaseStore as CaseStore } from '../../src/store/case-store.js';
import { useTempDir } from '../helpers/temp-store.js';

const result: DiagnosisResult = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890' }, operator: 'telkomsel', findings: [], advice: [], cause: null, guidance: null,
};

const tempDir = useTempDir();
const storeModule = pathToFileURL(join(process.cwd(), 'dist/store/case-store.js')).href;
const casesModule = pathToFileURL(join(process.cwd(), 'dist/domain/cases.js')).href;

// A counter that saves as fast as it can, with a large day file so each write takes a while.
const writer = `
import { JsonCaseStore as CaseStore } from ${JSON.stringify(storeModule)};
import { newCase } from ${JSON.stringify(casesModule)};
const store = new CaseStore(process.argv[1]);
const big = { checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890' }, operator: 'telkomsel',
  findings: [], advice: [], cause: null, guidance: { customer: 'x'.repeat(20000), shop: '' } };
const day = new Date(2026, 10, 25, 12);
for (;;) {
  await store.createCase((ref, now) => newCase(ref, now, 'open', big), day);
  process.stdout.write('saved\\n');
}
`;

describe('a counter killed in the middle of saving', () => {
  it('leaves every store file whole, with every case saved before the kill', async () => {
    const dir = tempDir();
    const path = join(dir, 'store.json');
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let saved = 0;
    child.stdout.on('data', (d: Buffer) => (saved += d.toString().split('\n').filter(Boolean).length));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));

    expect(saved).toBeGreaterThan(5);
    const dayFile = join(dir, 'store.cases', '20261125.json');
    const data = JSON.parse(readFileSync(dayFile, 'utf8'));
    // Every save that reported success is there; at most the one being written when killed is extra.
    expect(data.cases.length).toBeGreaterThanOrEqual(saved);
    expect(data.cases.length).toBeLessThanOrEqual(saved + 1);
    expect(data.lastSequence).toBe(data.cases.length);
    expect(JSON.parse(readFileSync(path, 'utf8')).layout).toBe('daily');
    // A temp file may be left by the kill; it is never mistaken for a day.
    expect(readdirSync(join(dir, 'store.cases')).filter((f) => /^\d{8}\.json$/.test(f))).toEqual(['20261125.json']);

    // The killed counter's lock goes stale after 4 s; the next save takes it over, then numbers on. The head
    // reserves a number before the day file is written, so a kill between the two leaves a gap, never a reuse.
    const reserved = JSON.parse(readFileSync(path, 'utf8')).sequences['20261125'];
    expect([data.lastSequence, data.lastSequence + 1]).toContain(reserved);
    const next = await new CaseStore(path).createCase((ref, now) => newCase(ref, now, 'open', result), new Date(2026, 10, 25, 13));
    expect(next.ref).toBe(`KP-20261125-${String(reserved + 1).padStart(4, '0')}`);
  });
});
