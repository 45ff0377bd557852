// Bundles the CLI entry with commander into one file, over tsc's dist/cli.js. Loading commander's CommonJS
// files through Node's ESM loader costs ~15 ms of every start-up (measured: `pulsa --version` 1.36x bare
// Node unbundled, 1.23x bundled). The command modules stay separate files, loaded only when their command runs.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['./commands/*', './ui/*'],
  // commander is CommonJS and requires Node's built-ins; an ESM bundle needs a real `require` for that.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
});
