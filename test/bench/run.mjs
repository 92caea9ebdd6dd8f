// @ts-check
/**
 * `npm run bench`: builds, runs every benchmark module (out/test/bench/*.bench.js, each exporting
 * `run(): Promise<{ name, value, unit }[]>`), prints one table and writes test-results/bench.json.
 * Names are stable so figures can be compared from one revision to the next.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const [command, args] of [['npx', ['tsc', '-p', '.']], ['node', ['esbuild.mjs', '--production']]]) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status || 1);
}

const only = process.argv.slice(2);
const folder = resolve('out/test/bench');
const modules = readdirSync(folder)
  .filter((name) => name.endsWith('.bench.js'))
  .filter((name) => !only.length || only.some((word) => name.includes(word)))
  .sort();

/** @type {{ name: string, value: number, unit: string }[]} */
const figures = [];
for (const name of modules) {
  console.log(`running ${name}`);
  const { run } = await import(pathToFileURL(join(folder, name)).href);
  for (const figure of await run()) {
    figures.push(figure);
    console.log(`  ${figure.name}: ${figure.value} ${figure.unit}`);
  }
}

const width = Math.max(4, ...figures.map((figure) => figure.name.length));
console.log(`\n${'name'.padEnd(width)}  ${'value'.padStart(14)}  unit`);
for (const figure of figures) {
  const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(3);
  console.log(`${figure.name.padEnd(width)}  ${value.padStart(14)}  ${figure.unit}`);
}
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', JSON.stringify(figures, null, 2) + '\n');
console.log(`\nwrote test-results/bench.json (${figures.length} figures)`);
