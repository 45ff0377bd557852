import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as commander from 'commander';
import { programInLanguage } from '../../src/cli.js';
import { runCli } from '../helpers/cli.js';
import { TerminalSession } from '../helpers/pty.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const { loadBundle, WRAPPER } = createRequire(import.meta.url)('../../bin/pulsa.cjs') as {
  loadBundle: (file: string, options?: { cache?: boolean }) => { exports: Record<string, unknown> };
  WRAPPER: [string, string];
};
const EXAMPLE = 'examples/pulsa-operator-debt.json';

type HookOptions = { input?: string; env?: Record<string, string | undefined> };

/** Runs a command line with a hook required before it, which may write what it saw to the file it is given. */
async function runHooked(hook: (out: string) => string, args: string[], options: HookOptions = {}) {
  const dir = tempDir();
  const file = join(dir, 'hook.cjs');
  const out = join(dir, 'hook.out');
  writeFileSync(out, '');
  writeFileSync(file, hook(JSON.stringify(out)));
  const { code, stderr } = await runCli(args, { env: { NODE_OPTIONS: `--require ${file}`, ...options.env }, input: options.input });
  return { code, stderr, seen: readFileSync(out, 'utf8') };
}

/** runHooked for a command that must succeed: what the hook wrote. */
async function hooked(hook: (out: string) => string, args: string[], options: HookOptions = {}): Promise<string> {
  const { code, stderr, seen } = await runHooked(hook, args, options);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return seen;
}

/**
 * What a command line loaded: Node's internal modules and the files it required. Start-up time itself is measured
 * by `npm run bench`, never here; this guards the design that keeps it down (issue #13).
 */
async function loaded(args: string[], input?: string): Promise<{ modules: string[]; files: string[]; stdin: boolean }> {
  const seen = await hooked(
    (out) =>
      // process.stdin is a getter that builds the stream on first use: the hook notes whether anything asked.
      `let stdin = false; const get = Object.getOwnPropertyDescriptor(process, 'stdin').get;` +
      `Object.defineProperty(process, 'stdin', { configurable: true, get() { stdin = true; return get.call(process); } });` +
      `process.on('exit', () => require('node:fs').writeFileSync(${out}, JSON.stringify({ modules: process.moduleLoadList, files: Object.keys(require.cache), stdin })));`,
    args,
    { input },
  );
  return JSON.parse(seen) as { modules: string[]; files: string[]; stdin: boolean };
}

describe('start-up', () => {
  it('diagnose --answers and cases --json load neither node:crypto, node:fs/promises nor the prompts, PostgreSQL or Excel libraries', async () => {
    const store = join(tempDir(), 'store.json');
    for (const args of [['diagnose', '--answers', EXAMPLE, '--json', '--store', store], ['cases', '--json', '--store', store]]) {
      const { modules, files } = await loaded(args);
      expect(modules.filter((m) => /\bcrypto\b/.test(m))).toEqual([]);
      // It brings readline and the file watchers with it (see src/io/fs-async.ts).
      expect(modules.filter((m) => /fs\/promises|readline/.test(m))).toEqual([]);
      expect(files.filter((f) => /vendor-|exceljs|node_modules/.test(f))).toEqual([]);
    }
  });

  it('diagnose --answers and cases --json make no file call through libuv’s thread pool', async () => {
    const store = join(tempDir(), 'store.json');
    // Every asynchronous call of node:fs (one with a synchronous twin) is noted. The JSON store's calls are
    // synchronous (see src/store/case-store.ts): the pool's start and a round trip per call cost more there.
    const hook = (out: string) =>
      `const fs = require('node:fs'); const calls = [];` +
      `for (const name of Object.keys(fs)) { const call = fs[name]; if (typeof call !== 'function' || typeof fs[name + 'Sync'] !== 'function') continue;` +
      `fs[name] = function (...args) { calls.push(name); return call.apply(this, args); }; }` +
      `process.on('exit', () => fs.writeFileSync(${out}, JSON.stringify(calls)));`;
    const first = ['diagnose', '--answers', EXAMPLE, '--json', '--store', store];
    for (const args of [first, first, ['cases', '--json', '--store', store], ['show', '1', '--json', '--store', store]]) {
      expect(JSON.parse(await hooked(hook, args)), args.join(' ')).toEqual([]);
    }
  });

  it('help, diagnose --answers and cases --json write to a pipe without building Node’s stdout and stderr streams', async () => {
    const store = join(tempDir(), 'store.json');
    for (const args of [['--help'], ['diagnose', '--answers', EXAMPLE, '--json', '--store', store], ['cases', '--json', '--store', store]]) {
      const { modules } = await loaded(args);
      // Each stream brings in Node's stream stack, and `net` for a pipe (see src/io/std-streams.ts).
      expect(modules.filter((m) => /^NativeModule (net|tty|stream|internal\/fs\/sync_write_stream)$/.test(m))).toEqual([]);
    }
  });

  it('writes to /dev/null directly, telling it from a terminal by its device number on Linux', () => {
    const dir = tempDir();
    const hook = join(dir, 'hook.cjs');
    const out = join(dir, 'hook.out');
    // Every stat of a path is noted: on Linux, /dev/null needs none (its device number is fixed).
    writeFileSync(
      hook,
      `const fs = require('node:fs'); const paths = []; const stat = fs.statSync; fs.statSync = function (p, ...r) { paths.push(String(p)); return stat.call(this, p, ...r); };` +
        `process.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify({ paths, modules: process.moduleLoadList })));`,
    );
    const devNull = openSync('/dev/null', 'w');
    try {
      const run = spawnSync(process.execPath, ['bin/pulsa.cjs', 'checklists', '--json'], { stdio: ['ignore', devNull, 'pipe'], env: { ...process.env, NODE_OPTIONS: `--require ${hook}` }, encoding: 'utf8' });
      expect([run.status, run.stderr]).toEqual([0, '']);
    } finally {
      closeSync(devNull);
    }
    const { paths, modules } = JSON.parse(readFileSync(out, 'utf8')) as { paths: string[]; modules: string[] };
    expect(modules.filter((m) => /^NativeModule (net|tty|stream)$/.test(m))).toEqual([]);
    if (process.platform === 'linux') expect(paths).not.toContain('/dev/null');
  });

  it('looks the OS user up only when a case is written', async () => {
    const store = join(tempDir(), 'store.json');
    // The user is a lookup in the system's user database, which a command that only reads never needs.
    const asked = async (args: string[]) =>
      (
        await hooked(
          (out) => `const os = require('node:os'); const userInfo = os.userInfo; os.userInfo = (...a) => { require('node:fs').appendFileSync(${out}, 'x'); return userInfo(...a); };`,
          args,
          { env: { PULSA_DOCTOR_COUNTER: undefined } },
        )
      ).length > 0;
    expect(await asked(['diagnose', '--answers', EXAMPLE, '--json', '--store', store])).toBe(true);
    expect(await asked(['cases', '--json', '--store', store])).toBe(false);
    expect(await asked(['show', '1', '--json', '--store', store])).toBe(false);
    expect(await asked(['note', '1', 'dicek', '--store', store])).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('ends as soon as the command is done and its output written, with its exit code', async () => {
    const store = join(tempDir(), 'store.json');
    // 'beforeExit' comes only when Node winds down by itself: running V8's pending tasks (a scavenge of the
    // young heap) and tearing the heap down first, work a command that is done has no use for.
    const windDown = (out: string) =>
      `process.on('beforeExit', () => require('node:fs').appendFileSync(${out}, 'beforeExit '));` +
      `process.on('exit', (code) => require('node:fs').appendFileSync(${out}, 'exit ' + code));`;
    for (const args of [['--help'], ['diagnose', '--answers', EXAMPLE, '--json', '--store', store], ['cases', '--json', '--store', store], ['checklists', '--json']]) {
      expect(await hooked(windDown, args)).toBe('exit 0');
    }
    // A command that fails ends the same way, with its own code.
    const { code, seen } = await runHooked(windDown, ['show', 'KP-20990101-0001', '--store', store]);
    expect(code).not.toBe(0);
    expect(seen).toBe(`exit ${code}`);
  });

  it('batch over a CSV file loads neither Node’s stream stack nor worker threads, and reads it without a read stream', async () => {
    // Each read of a read stream is fresh memory, and the stream and thread modules cost a batch about 4 ms each
    // to load on a slow machine (see src/io/file-chunks.ts); a file this small runs its duplicate checks here.
    const { code, seen } = await runHooked(
      (out) =>
        `const fs = require('node:fs'); let streams = 0; const create = fs.createReadStream;` +
        `fs.createReadStream = function (...a) { streams++; return create.apply(this, a); };` +
        `process.on('exit', () => fs.writeFileSync(${out}, JSON.stringify({ modules: process.moduleLoadList, streams })));`,
      ['batch', 'test/fixtures/transactions.csv', '--json'],
    );
    expect(code).toBe(1);
    const { modules, streams } = JSON.parse(seen) as { modules: string[]; streams: number };
    expect(modules.filter((m) => /^NativeModule (stream|worker_threads|internal\/fs\/streams)$/.test(m))).toEqual([]);
    expect(streams).toBe(0);
  });

  it('diagnose --answers from a file and cases --json never build the stdin stream', async () => {
    const store = join(tempDir(), 'store.json');
    for (const args of [['diagnose', '--answers', EXAMPLE, '--json', '--store', store], ['cases', '--json', '--store', store]]) {
      expect((await loaded(args)).stdin).toBe(false);
    }
    // The hook does see it when it is used.
    expect((await loaded(['diagnose', '--answers', '-', '--json', '--store', store], readFileSync(EXAMPLE, 'utf8'))).stdin).toBe(true);
  });
});

describe('builds', () => {
  // A cache V8 refuses (another Node, another build) only costs time, so nothing else would notice one.
  it.each(['bundle/pulsa.cjs', 'bundle/pulsa-cases.cjs', 'bundle/pulsa-diagnose.cjs', 'bundle/pulsa-batch.cjs', 'help.cjs', 'program-help.cjs'])('%s runs strict and has a code cache V8 accepts', (name) => {
    const bundle = resolve('dist', name);
    // The sources are ES modules: the bundle must run strict, so the directive comes before anything else in
    // the module's function (the bundle is written wrapped, see bin/pulsa.cjs).
    const text = readFileSync(bundle, 'utf8');
    expect(text.startsWith(`${WRAPPER[0]}"use strict";`)).toBe(true);
    // Installed or moved anywhere, it finds the launcher and its files from its own folder, not the build's.
    expect(text).not.toContain(resolve('.'));
    expect(existsSync(`${bundle}.cache`)).toBe(true);
    const check = spawnSync(process.execPath, ['-e', `const s = require('./bin/pulsa.cjs').loadBundle(${JSON.stringify(bundle)}).script; process.stdout.write(String(s.cachedDataRejected))`], { encoding: 'utf8' });
    expect(check.stdout).toBe('false');
  });

  it('the loader runs a bundle written wrapped, and one that is not', () => {
    const dir = tempDir();
    const body = `"use strict"; module.exports.where = __filename; exports.strict = (function () { return this === undefined; })();`;
    writeFileSync(join(dir, 'wrapped.cjs'), WRAPPER[0] + body + WRAPPER[1]);
    writeFileSync(join(dir, 'plain.cjs'), body);
    for (const name of ['wrapped.cjs', 'plain.cjs']) {
      expect(loadBundle(join(dir, name), { cache: false }).exports).toEqual({ where: join(dir, name), strict: true });
    }
  });

  it('the loader reads a bundle and its cache through one buffer without mixing them up', () => {
    const dir = tempDir();
    // Text that is not ASCII is decoded as UTF-8; a bundle (ASCII, the build checks) byte for byte.
    const body = `"use strict"; exports.text = 'Rp 50.000 \u2192 ${'\u2713'}'; exports.sum = [1, 2, 3].reduce((a, b) => a + b);`;
    const expected = { text: 'Rp 50.000 \u2192 \u2713', sum: 6 };
    // A cache larger than its bundle, and one smaller (the bundle padded with a long comment).
    for (const [name, source] of [['short.cjs', WRAPPER[0] + body + WRAPPER[1]], ['long.cjs', WRAPPER[0] + body + `/* ${'x'.repeat(50_000)} */` + WRAPPER[1]]] as const) {
      const path = join(dir, name);
      writeFileSync(path, source);
      const cache = new Script(source, { filename: path }).createCachedData();
      writeFileSync(`${path}.cache`, cache);
      expect(cache.length > Buffer.byteLength(source)).toBe(name === 'short.cjs');
      const loaded = loadBundle(path) as { exports: Record<string, unknown>; script: Script };
      expect(loaded.exports).toEqual(expected);
      expect(loaded.script.cachedDataRejected).toBe(false);
    }
    // A cache that cannot be read (a folder) is none.
    const folder = join(dir, 'folder.cjs');
    writeFileSync(folder, WRAPPER[0] + body + WRAPPER[1]);
    mkdirSync(`${folder}.cache`);
    expect(loadBundle(folder).exports).toEqual(expected);
    // A cache of the wrong bytes is refused by V8, and the bundle still runs.
    const path = join(dir, 'wrong.cjs');
    writeFileSync(path, WRAPPER[0] + body + WRAPPER[1]);
    writeFileSync(`${path}.cache`, Buffer.alloc(100_000, 7));
    const loaded = loadBundle(path) as { exports: Record<string, unknown>; script: Script };
    expect(loaded.exports).toEqual(expected);
    expect(loaded.script.cachedDataRejected).toBe(true);
  });

  /** The bundles a command line read (bin/pulsa.cjs opens each with openSync). */
  async function bundlesRead(args: string[], exitCode = 0): Promise<string[]> {
    const { code, stderr, seen } = await runHooked(
      (out) =>
        `const fs = require('node:fs'); const open = fs.openSync; const seen = [];` +
        `fs.openSync = function (path, ...rest) { if (/[\\\\/]dist[\\\\/].*\\.cjs$/.test(String(path))) seen.push(require('node:path').basename(String(path))); return open.call(this, path, ...rest); };` +
        `process.on('exit', () => fs.writeFileSync(${out}, JSON.stringify(seen)));`,
      args,
    );
    expect([code, stderr]).toEqual([exitCode, '']);
    return JSON.parse(seen) as string[];
  }

  it('cases, show, diagnose and batch run from their own smaller builds, every other command from the full one', async () => {
    const store = join(tempDir(), 'store.json');
    expect(await bundlesRead(['diagnose', '--answers', EXAMPLE, '--json', '--store', store])).toEqual(['pulsa-diagnose.cjs']);
    expect(await bundlesRead(['cek', '--answers', EXAMPLE, '--json', '--store', store])).toEqual(['pulsa-diagnose.cjs']);
    expect(await bundlesRead(['cases', '--json', '--store', store])).toEqual(['pulsa-cases.cjs']);
    expect(await bundlesRead(['show', '1', '--json', '--store', store])).toEqual(['pulsa-cases.cjs']);
    expect(await bundlesRead(['note', '1', 'dicek', '--store', store])).toEqual(['pulsa.cjs']);
    // Rows flagged: exit 1.
    expect(await bundlesRead(['batch', 'test/fixtures/transactions.csv', '--json'], 1)).toEqual(['pulsa-batch.cjs']);
  });

  it('the program’s help comes from the program-help build alone; other help from the help build after it', async () => {
    for (const args of [['--help'], ['-h'], ['help'], ['--lang', 'en', '--help']]) expect(await bundlesRead(args), args.join(' ')).toEqual(['program-help.cjs']);
    for (const args of [['cases', '--help'], ['help', 'cases']]) expect(await bundlesRead(args), args.join(' ')).toEqual(['program-help.cjs', 'help.cjs']);
  });

  it('finds the command after the program’s options and their values', async () => {
    const store = join(tempDir(), 'store.json');
    // `cases` is the person's name here, and the command is diagnose.
    expect(await bundlesRead(['--person', 'cases', 'diagnose', '--answers', EXAMPLE, '--json', '--store', store])).toEqual(['pulsa-diagnose.cjs']);
    expect(await bundlesRead(['--store', store, '--lang', 'en', 'cases', '--json'])).toEqual(['pulsa-cases.cjs']);
    expect(await bundlesRead(['--person=cases', 'show', '1', '--json', '--store', store])).toEqual(['pulsa-cases.cjs']);
    const listed = await runCli(['cases', '--json', '--store', store]);
    const cases = JSON.parse(listed.stdout) as { ref: string; events: { person?: string }[] }[];
    expect(cases.map((c) => [c.ref.slice(-4), c.events[0]!.person])).toEqual([['0001', 'cases']]);
  });

  it('a smaller build given another command runs nothing and says so, and the bin then runs the full bundle', async () => {
    const store = join(tempDir(), 'store.json');
    const argv = [process.execPath, 'pulsa', 'diagnose', '--answers', EXAMPLE, '--json', '--store', store];
    const cases = resolve('dist', 'bundle', 'pulsa-cases.cjs');
    const direct = spawnSync(process.execPath, ['-e', `require('./bin/pulsa.cjs').loadBundle(${JSON.stringify(cases)}).exports.run(${JSON.stringify(argv)}).then((ran) => process.stderr.write('ran=' + ran))`], { encoding: 'utf8' });
    expect([direct.status, direct.stdout, direct.stderr]).toEqual([0, '', 'ran=false']);
    expect(existsSync(store)).toBe(false);
    // The bin's guess goes wrong only for an option it does not know to take a value: in a copy that knows
    // none, `cases` (a person's name) picks the cases build, which hands the line to the full bundle.
    const root = installCopy((bin) => bin.replace(/const VALUE_OPTIONS = \[[^\]]*\];/, 'const VALUE_OPTIONS = [];'));
    const run = spawnSync(process.execPath, [join(root, 'bin', 'pulsa.cjs'), '--person', 'cases', 'diagnose', '--answers', resolve(EXAMPLE), '--json', '--store', store], { encoding: 'utf8' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect((JSON.parse(run.stdout) as { ref: string }).ref).toMatch(/-0001$/);
    const listed = await runCli(['cases', '--json', '--store', store]);
    expect((JSON.parse(listed.stdout) as { events: { person?: string }[] }[]).map((c) => c.events[0]!.person)).toEqual(['cases']);
  });
});

/** The CLI copied under a folder whose name has a space, # and %20, its bin changed by `bin` if given. */
function installCopy(bin?: (text: string) => string): string {
  const root = join(tempDir(), 'toko pulsa #1', 'x%20y');
  mkdirSync(root, { recursive: true });
  for (const part of ['bin', 'dist', 'messages', 'checklists', 'package.json']) cpSync(part, join(root, part), { recursive: true });
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'junction');
  if (bin) {
    const file = join(root, 'bin', 'pulsa.cjs');
    const changed = bin(readFileSync(file, 'utf8'));
    expect(changed).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, changed);
  }
  return root;
}

describe('installed anywhere', () => {
  // The bundles find messages/ and checklists/ through URLs made from their own folder (scripts/bundle-cli.mjs).
  it('finds its files under a folder whose name has a space, # and %20', () => {
    const root = installCopy();
    const store = join(tempDir(), 'store.json');
    const pulsa = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'pulsa.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const saved = pulsa('diagnose', '--answers', resolve(EXAMPLE), '--json', '--store', store);
    expect([saved.status, saved.stderr]).toEqual([0, '']);
    expect((JSON.parse(saved.stdout) as { checklist: string }).checklist).toBe('pulsa-tidak-masuk');
    const listed = pulsa('checklists', '--json');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(JSON.stringify(join(root, 'checklists', 'pulsa-tidak-masuk.json')));
    expect(pulsa('--help').stdout).toContain('diagnose');
  });
});

describe('the program’s help', () => {
  /** The line run by the full bundle, whose program shows help through Commander (no recorded page). */
  function fromProgram(args: string[], env: Record<string, string> = {}) {
    const argv = [process.execPath, 'pulsa', ...args];
    return spawnSync(process.execPath, ['-e', `require('./bin/pulsa.cjs').loadBundle(${JSON.stringify(resolve('dist/bundle/pulsa.cjs'))}).exports.run(${JSON.stringify(argv)})`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', PULSA_DOCTOR_LANG: '', ...env },
    });
  }

  it('from the recorded page is byte for byte what Commander shows from the program, where it shows it, with its exit code', async () => {
    const lines: [string[], Record<string, string>][] = [
      [['--help'], {}],
      [['-h'], {}],
      [['help'], {}],
      [['--lang', 'en', '--help'], {}],
      [['--help', '--lang=EN'], {}],
      [['--help'], { PULSA_DOCTOR_LANG: 'en' }],
      [[], {}],
      [['--lang', 'en'], {}],
    ];
    for (const [args, env] of lines) {
      const expected = fromProgram(args, env);
      const shown = await runCli(args, { env });
      expect([shown.code, shown.stdout, shown.stderr], args.join(' ')).toEqual([expected.status, expected.stdout, expected.stderr]);
    }
    expect((await runCli(['--help'])).stdout).toMatch(/^Penggunaan: pulsa \[opsi\] \[perintah\]\n/);
    const alone = await runCli([]);
    expect([alone.code, alone.stdout]).toEqual([2, '']);
    expect(alone.stderr).toContain('\nPerintah:\n');
  });

  it('is shown from the program when the recorded page is missing or not one this build reads, or its build is missing', async () => {
    const expected = fromProgram(['--help']);
    const withoutBuild = installCopy();
    rmSync(join(withoutBuild, 'dist', 'program-help.cjs'));
    for (const args of [['--help'], ['cases', '--help']]) {
      const shown = await runCli(args, { bin: join(withoutBuild, 'bin', 'pulsa.cjs') });
      expect([shown.code, shown.stdout, shown.stderr], args.join(' ')).toEqual([0, args[0] === '--help' ? expected.stdout : fromProgram(args).stdout, '']);
    }
    for (const page of [undefined, '{"id": ', '{}', '{"id": {"usage": 1}}']) {
      const root = installCopy();
      const file = join(root, 'dist', 'help-pages.json');
      if (page === undefined) rmSync(file);
      else writeFileSync(file, page);
      const shown = await runCli(['--help'], { bin: join(root, 'bin', 'pulsa.cjs') });
      expect([shown.code, shown.stdout, shown.stderr], String(page)).toEqual([0, expected.stdout, '']);
    }
  });

  it('fits the terminal it is shown in, as Commander would fit it', async () => {
    const term = new TerminalSession(['--help']);
    expect(await term.exited).toBe(0);
    const program = programInLanguage(commander, 'id');
    program.configureOutput({ getOutHelpWidth: () => 100 });
    expect(term.screen.replace(/\r\n/g, '\n')).toBe(program.helpInformation());
  });
});

describe('--version', () => {
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

  it('prints the package version as commander would, without loading a bundle', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await runCli([flag]);
      expect([code, stdout, stderr]).toEqual([0, `${version}\n`, '']);
      // Bundles are loaded by bin/pulsa.cjs through node:vm (with their code cache), not by require.
      const { modules, files } = await loaded([flag]);
      expect(files.filter((f) => /dist[\\/]/.test(f))).toEqual([]);
      expect(modules).not.toContain('NativeModule vm');
    }
  });

  it('with other arguments is commander’s: the same answer, or a usage mistake', async () => {
    expect((await runCli(['--version', '--lang', 'en'])).stdout).toBe(`${version}\n`);
    const wrong = await runCli(['--versoin']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
  });
});
