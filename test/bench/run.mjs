// @ts-check
/**
 * `npm run bench`: builds, runs every benchmark module (out/test/bench/*.bench.js, each exporting
 * `run(): Promise<{ name, value, unit, target? }[]>`), prints one table, each figure beside its target (met or MISSED),
 * and writes test-results/bench.json.
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

/** @typedef {{ most: number } | { least: number }} Target */
/** @type {{ name: string, value: number, unit: string, target?: Target }[]} */
const figures = [];
for (const name of modules) {
  console.log(`running ${name}`);
  const { run } = await import(pathToFileURL(join(folder, name)).href);
  for (const figure of await run()) {
    figures.push(figure);
    console.log(`  ${figure.name}: ${figure.value} ${figure.unit}`);
  }
}

/** The target as printed (`≤ 10`, `≥ 0.5`) and whether the figure meets it. */
function held(/** @type {{ value: number, target?: Target }} */ figure) {
  if (!figure.target) return { text: '', verdict: '' };
  const most = 'most' in figure.target;
  const bound = most ? figure.target.most : figure.target.least;
  const met = most ? figure.value <= bound : figure.value >= bound;
  return { text: `${most ? '≤' : '≥'} ${bound}`, verdict: met ? 'met' : 'MISSED' };
}

const width = Math.max(4, ...figures.map((figure) => figure.name.length));
console.log(`\n${'name'.padEnd(width)}  ${'value'.padStart(14)}  ${'unit'.padEnd(10)}  ${'target'.padEnd(12)}`);
for (const figure of figures) {
  const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(3);
  const { text, verdict } = held(figure);
  console.log(`${figure.name.padEnd(width)}  ${value.padStart(14)}  ${figure.unit.padEnd(10)}  ${text.padEnd(12)}  ${verdict}`.trimEnd());
}
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', JSON.stringify(figures, null, 2) + '\n');
console.log(`\nwrote test-results/bench.json (${figures.length} figures)`);
