import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDenseTransactions } from '../../bench/transactions.mjs';
import { BIN } from '../helpers/cli.js';
const NOW = '2026-11-26 10:00';
const env = { ...process.env, NO_COLOR: '1', PULSA_DOCTOR_LANG: undefined };

// The findings of 100,000 rows: about 1.5 MB, far more than a pipe or a socket pair holds (64 KB and about 400 KB on Linux).
const dir = mkdtempSync(join(tmpdir(), 'pulsa-std-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'dense.csv');
let expected: string;
beforeAll(async () => {
  await writeDenseTransactions(file, 100_000, { seed: 7 });
  const out = join(dir, 'findings.json');
  const fd = openSync(out, 'w');
  const run = spawnSync(process.execPath, [BIN, 'batch', file, '--json', '--now', NOW], { stdio: ['ignore', fd, 'pipe'], env });
  closeSync(fd);
  expect(run.stderr.toString()).toBe('');
  expected = readFileSync(out, 'utf8');
  expect(expected.length).toBeGreaterThan(1024 * 1024);
});

/**
 * Runs batch with stdout on a pipe. With `nonBlocking`, batch runs under a Node parent that shares the pipe and
 * builds its own process.stdout on it once batch has started: that makes the pipe non-blocking for every
 * process writing to it (as in Node task runners that run commands side by side). The reader waits `pauseMs`
 * before reading, so the pipe fills; with `stopAfter` it closes its end after that many bytes.
 */
function readBatch(nonBlocking: boolean, pauseMs: number, stopAfter?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const batch = JSON.stringify([BIN, 'batch', file, '--json', '--now', NOW]);
  // Set before batch started, the flag would not last: starting a child makes its standard streams blocking.
  const parent =
    `const child = require('node:child_process').spawn(process.execPath, ${batch}, { stdio: ['ignore', 'inherit', 'inherit'] });` +
    `child.on('spawn', () => process.stdout.write(''));` +
    `child.on('exit', (code) => (process.exitCode = code));`;
  const args = nonBlocking ? ['-e', parent] : JSON.parse(batch);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), pauseMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stopAfter !== undefined && stdout.length >= stopAfter) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('standard output to a Node parent (a socket pair, as spawn makes)', () => {
  it('gives a slow reader everything, in order, as written to a file', async () => {
    const { code, stdout, stderr } = await readBatch(false, 300);
    expect(stderr).toBe('');
    expect(code).toBe(1); // the file has findings
    expect(stdout).toBe(expected);
  });

  it('gives everything when the pipe was made non-blocking by another process and fills up', async () => {
    const { code, stdout, stderr } = await readBatch(true, 300);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toBe(expected);
  });

  it.each([false, true])('ends quietly when the reader stops early (non-blocking pipe: %s)', async (nonBlocking) => {
    const { code, stdout, stderr } = await readBatch(nonBlocking, 50, 1000);
    expect(stderr).toBe('');
    // Nothing was wrong when it stopped: the findings' exit code (1) comes only at the end.
    expect(code).toBe(0);
    expect(expected.startsWith(stdout.slice(0, 1000))).toBe(true);
  });
});

describe('standard output that is full and non-blocking when the command writes', () => {
  // Before the command starts, a hook builds process.stdout (which makes the socket pair Node's spawn gives
  // non-blocking) and fills it with NUL bytes until the system takes no more, then says so in a file.
  const fill = join(dir, 'fill.cjs');
  writeFileSync(
    fill,
    // A socket that refuses 64 KB may still take a few bytes: the hook goes on with less until it takes nothing.
    `process.stdout; const fs = require('node:fs');` +
      `for (const size of [65536, 4096, 256, 1]) for (;;) { try { fs.writeSync(1, Buffer.alloc(size)); } catch (error) { if (error.code === 'EAGAIN') break; throw error; } }` +
      `fs.writeFileSync(process.env.PULSA_TEST_FULL, 'full');`,
  );

  /** Runs the command line after the hook; reads only once the pipe is full; gives what it read without the NULs. */
  function behindFullPipe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; full: boolean }> {
    const marker = join(mkdtempSync(join(dir, 'full-')), 'marker');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', fill, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, PULSA_TEST_FULL: marker } });
      const chunks: Buffer[] = [];
      let stderr = '';
      child.stdout.pause();
      const waiting = setInterval(() => {
        if (existsSync(marker)) {
          clearInterval(waiting);
          // The command is writing (or has written) behind a full pipe: now read, slowly enough to matter.
          setTimeout(() => child.stdout.resume(), 200);
        }
      }, 10);
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        clearInterval(waiting);
        const bytes = Buffer.concat(chunks);
        resolve({ code, stdout: Buffer.from(bytes.filter((byte) => byte !== 0)).toString('utf8'), stderr, full: existsSync(marker) });
      });
    });
  }

  // The process ends as soon as the command is done (bin/pulsa.cjs), but not before its text has gone.
  it.each([[['--help']], [['checklists', '--json']]])('%j: all of it, though the process ends as soon as the command is done', async (args) => {
    const direct = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env });
    expect(direct.stdout.length).toBeGreaterThan(1000);
    const { code, stdout, stderr, full } = await behindFullPipe(args);
    expect([code, stderr, full]).toEqual([0, '', true]);
    expect(stdout).toBe(direct.stdout);
  });
});

describe('standard output on a shell pipe (a FIFO, not the socket pair Node gives its children)', () => {
  /** Runs `pulsa batch` in `sh` with stdout into `reader`; gives what the reader passed on, batch's exit code and stderr. */
  function shellPipe(reader: string): { stdout: string; code: string; stderr: string } {
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
    const [code, stderr] = [join(dir, 'code'), join(dir, 'stderr')];
    const batch = [process.execPath, BIN, 'batch', file, '--json', '--now', NOW].map(quote).join(' ');
    const run = spawnSync('sh', ['-c', `{ ${batch} 2>${quote(stderr)}; echo $? >${quote(code)}; } | ${reader}`], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
    return { stdout: run.stdout, code: readFileSync(code, 'utf8').trim(), stderr: readFileSync(stderr, 'utf8') };
  }

  it('gives a slow reader everything, in order', () => {
    expect(shellPipe('{ sleep 0.3; cat; }')).toEqual({ stdout: expected, code: '1', stderr: '' });
  });

  it('ends quietly when the reader stops early', () => {
    const { stdout, code, stderr } = shellPipe('head -c 1000');
    expect([stdout, code, stderr]).toEqual([expected.slice(0, 1000), '0', '']);
  });
});

