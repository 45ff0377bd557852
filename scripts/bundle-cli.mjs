// Bundles the CLI, every command and most libraries they use into one CommonJS file, dist/bundle/pulsa.cjs, over
// tsc's output. Loading many small files through Node's ES module loader costs more than the code in them, and
// on Node 20 (no compile cache) so does compiling them: bin/pulsa.cjs loads the bundle with a V8 code cache made
// here (scripts/help-cache.cjs), which brings a command's start-up close to bare Node's. One bundle also means
// one copy of each module: the `PulsaError` a command throws is the class the entry catches. A command's modules
// are still initialised only when it runs (esbuild keeps dynamic imports lazy), and the locking library only
// when a command saves.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { readdirSync, rmSync } from 'node:fs';
import { posix, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Replaces `eager` with `lazy` in the files matching `filter`, failing the build if the library changed. */
function patch(name, filter, eager, lazy) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(eager)) throw new Error(`${args.path} no longer holds ${JSON.stringify(eager)}: check scripts/bundle-cli.mjs`);
        return { contents: source.replace(eager, lazy), loader: 'js' };
      });
    },
  };
}

const plugins = [
  // commander requires child_process at load (5-15 ms, with net and dgram behind it) for executable
  // subcommands, which pulsa does not have: it is required only if commander ever spawns.
  patch('lazy-child-process', /commander[\\/]lib[\\/]command\.js$/, "const childProcess = require('node:child_process');",
    "const childProcess = { get spawn() { return require('node:child_process').spawn; } };"),
];

// Each source's import.meta.url and import.meta.dirname, as they would be in tsc's layout (dist/cli.js,
// dist/data/load.js): files beside the package (package.json, messages/, checklists/) are found from there,
// whichever bundle the code is in.
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url') && !source.includes('import.meta.dirname')) return undefined;
      const asBuilt = relative(resolve('src'), args.path).replace(/\\/g, '/').replace(/\.ts$/, '.js');
      const contents = source
        .replaceAll('import.meta.url', `__pulsaSourceUrl(${JSON.stringify(asBuilt)})`)
        .replaceAll('import.meta.dirname', `__pulsaSourceDir(${JSON.stringify(posix.dirname(asBuilt))})`);
      return { contents, loader: 'ts' };
    });
  },
};

/** One CommonJS bundle of `entry` in `outdir`, whose sources find their files as tsc's layout in dist/ would. */
function cjsBundle(name, entry, outdir, extra) {
  const toDist = relative(resolve(outdir), resolve('dist')).replace(/\\/g, '/') || '.';
  return build({
    entryPoints: { [name]: entry },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Less to parse at every start; names are kept so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // Dev-only and native: never part of the CLI. exceljs loads from node_modules when a workbook is read or
    // written: bundled, its dependencies' `new Buffer()` calls would print Node's DEP0005 warning on stderr
    // (Node warns only for code outside node_modules).
    external: ['node-pty', 'exceljs'],
    // import() of exceljs becomes require(): code compiled through vm.Script (the code cache) has no module
    // loader for import(), and exceljs is CommonJS anyway.
    supported: { 'dynamic-import': false },
    banner: {
      // dist/'s URL, made once: pathToFileURL cost 0.3 ms of a start (its first call), so on POSIX the path's
      // segments are encoded here (more than pathToFileURL would, which names the same files).
      // The program's sources are ES modules, strict throughout: "use strict" goes first, as esbuild's own comes
      // after the banner, where it is no longer a directive. The library bundles (no entry) stay as written.
      js: `${entry === undefined ? '' : '"use strict"; '}let __pulsaDistUrl; const __pulsaSourceUrl = (built) => (__pulsaDistUrl ??= process.platform === 'win32' ? require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(toDist)}, '/')).href : 'file://' + require('node:path').join(__dirname, ${JSON.stringify(toDist)}, '/').split('/').map(encodeURIComponent).join('/')) + built; const __pulsaSourceDir = (built) => require('node:path').join(__dirname, ${JSON.stringify(toDist)}, built);`,
    },
    logLevel: 'warning',
    ...extra,
  });
}

// Libraries only some commands use, each group in a bundle of its own (dist/bundle/vendor-<group>.cjs) loaded
// with its own code cache the first time a command imports one: the prompts only when a question is asked,
// the PostgreSQL client only for a postgres store. In the main bundle they were two thirds of what every
// command line read and deserialised at start.
const VENDORS = { inquirer: ['@inquirer/prompts'], pg: ['pg', 'pg-cursor'] };
const vendorOf = Object.fromEntries(Object.entries(VENDORS).flatMap(([group, names]) => names.map((name) => [name, group])));
const vendorModules = {
  name: 'vendor-modules',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(vendorOf).map((n) => n.replace(/[/@]/g, (c) => `\\${c}`)).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'vendor' }));
    build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
      contents: `module.exports = require(require('node:path').join(__dirname, '..', '..', 'bin', 'pulsa.cjs')).loadBundle(require('node:path').join(__dirname, 'vendor-${vendorOf[args.path]}.cjs')).exports[${JSON.stringify(args.path)}];`,
      loader: 'js',
      resolveDir: resolve('.'),
    }));
  },
};

/**
 * The commands counters and scripts run all day have a build of their own, dist/bundle/pulsa-<name>.cjs, with
 * every other command left out: reading and compiling a bundle is most of what loading it costs, in proportion
 * to its size (reading and compiling the full bundle's 446 KB take about 2.5 ms of a start, the cases build's
 * 258 KB about 1.7). In place of each command left out is a placeholder module; a command line that reaches
 * one (bin/pulsa.cjs picked the build by a word it took for the command's name) has run nothing yet, and
 * bin/pulsa.cjs runs it with the full bundle. Everything else the command may reach (a PostgreSQL store,
 * colour, tables) stays in.
 */
const COMMAND_BUILDS = { cases: './commands/cases.js', diagnose: './commands/diagnose.js', batch: './commands/batch.js' };
const onlyCommand = (kept) => ({
  name: 'only-command',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\// }, (args) =>
      args.kind === 'dynamic-import' && /[\\/]src[\\/]cli\.ts$/.test(args.importer) && args.path !== kept && args.path !== './commands/context.js'
        ? { path: args.path, namespace: 'not-in-this-build' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'not-in-this-build' }, () => ({ contents: 'export const notInThisBuild = true;', loader: 'js' }));
  },
});

rmSync('dist/bundle', { recursive: true, force: true });
await cjsBundle('pulsa', 'src/main.ts', 'dist/bundle', { sourcemap: true, plugins: [...plugins, sourceUrls, vendorModules] });
for (const [name, kept] of Object.entries(COMMAND_BUILDS)) {
  await cjsBundle(`pulsa-${name}`, 'src/main.ts', 'dist/bundle', { sourcemap: true, plugins: [...plugins, sourceUrls, vendorModules, onlyCommand(kept)] });
}
for (const [group, names] of Object.entries(VENDORS)) {
  await cjsBundle(`vendor-${group}`, undefined, 'dist/bundle', {
    entryPoints: undefined,
    outfile: `dist/bundle/vendor-${group}.cjs`,
    outdir: undefined,
    stdin: { contents: `module.exports = { ${names.map((n) => `${JSON.stringify(n)}: require(${JSON.stringify(n)})`).join(', ')} };`, resolveDir: resolve('.'), loader: 'js', sourcefile: `vendor-${group}.js` },
  });
}

// The help-only build: the same program (src/cli.ts), so help, --version and usage mistakes load a fraction of
// the code. Its commands are never bundled: an action hands the command line over to the full bundle (see
// bin/pulsa.cjs), so their dynamic imports stay unresolved here.
await cjsBundle('help', 'src/help.ts', 'dist', {
  plugins: [
    plugins[0],
    sourceUrls,
    {
      name: 'commands-stay-out',
      setup(build) {
        build.onResolve({ filter: /^\./ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
      },
    },
  ],
});

// The program-help build: `pulsa --help` from the page recorded below (src/program-help.ts), with Commander's Help
// class and nothing else of Commander.
await cjsBundle('program-help', 'src/program-help.ts', 'dist', {
  plugins: [
    sourceUrls,
    {
      name: 'commander-help-only',
      setup(build) {
        build.onResolve({ filter: /^commander$/ }, () => ({ path: resolve('node_modules/commander/lib/help.js') }));
      },
    },
  ],
});

const { WRAPPER } = createRequire(import.meta.url)('../bin/pulsa.cjs');

// Every bundle must be ASCII. bin/pulsa.cjs reads a bundle as a string: one non-ASCII character anywhere
// makes Node decode the whole file the slow way into a two-byte string, 1.2 ms of every start for the full
// bundle (0.3 ms when it is ASCII). esbuild escapes strings, but not regular expressions: write \uXXXX there.
// Each is then written wrapped in its module function, which bin/pulsa.cjs compiles as it is.
for (const file of [...readdirSync('dist/bundle').filter((name) => name.endsWith('.cjs')).map((name) => `dist/bundle/${name}`), 'dist/help.cjs', 'dist/program-help.cjs']) {
  const text = await readFile(file, 'utf8');
  const at = text.search(/[^\x00-\x7f]/);
  if (at !== -1) throw new Error(`${file} has a non-ASCII character (${JSON.stringify(text[at])}) in ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}: escape it as \\u${text.charCodeAt(at).toString(16).padStart(4, '0')} in the source`);
  await writeFile(file, WRAPPER[0] + text + WRAPPER[1]);
}

// The shipped data files as this build validates them (see src/data/snapshot.ts), before the code caches are
// made: a command that finds its files unchanged does not run the validators, so they stay out of its cache.
{
  const { shippedDataFiles } = await import('../dist/data/load.js');
  const { writeSnapshot } = await import('../dist/data/snapshot.js');
  await writeFile('dist/bundle/data.snapshot', writeSnapshot(shippedDataFiles()));
}

// The program's help page in each language, from which the program-help build (dist/program-help.cjs) shows
// `pulsa --help` (src/ui/help-page.ts). Recorded from tsc's output, as the snapshot above: `npm run build` makes both.
{
  const { programHelpPages } = await import('../dist/help.js');
  const { HELP_PAGES_FILE } = await import('../dist/program-help.js');
  await writeFile(HELP_PAGES_FILE, JSON.stringify(await programHelpPages()));
}

// Their V8 code caches, made by running the common command lines (bin/pulsa.cjs reads them).
const { jobs } = createRequire(import.meta.url)('./help-cache.cjs');
for (const job of jobs) {
  try {
    execFileSync(process.execPath, ['scripts/help-cache.cjs', job], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    process.stderr.write(error.stderr ?? '');
    throw error;
  }
}
