/**
 * The README against what it documents: every setting of package.json is in its settings table, every first-run
 * budget of test/bench/firstRun.bench.ts is listed with its limit, and every image it shows (and every image of the
 * walkthrough) is a file of the repository.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { budgets } from '../bench/firstRun.bench';
import { repoRoot } from '../support/paths';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

/** The rows of the README's table under a `## <heading>`. */
function tableRows(heading: string): string[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  assert.ok(section, `README.md has a section "${heading}"`);
  return section.split('\n').filter((line) => line.startsWith('| '));
}

test('every setting of package.json is in the README\'s settings table, and the table names no other', () => {
  const configurations = [manifest.contributes.configuration].flat();
  const settings = configurations.flatMap((configuration: { properties: Record<string, unknown> }) => Object.keys(configuration.properties)).sort();
  const documented = tableRows('Settings').map((row) => /^\| `([\w.]+)`/.exec(row)?.[1]).filter((key): key is string => !!key).sort();
  assert.deepEqual(documented, settings);
});

test('every first-run budget is in the README with its limit', () => {
  const rows = tableRows('Budgets');
  for (const budget of Object.values(budgets)) {
    const row = rows.find((candidate) => candidate.includes(`\`${budget.name}\``));
    assert.ok(row, `the budget ${budget.name} is listed`);
    assert.match(row, new RegExp(`\\| ${budget.limit} ${budget.unit} \\|`), `${budget.name}'s limit is ${budget.limit} ${budget.unit}`);
  }
});

test('every image the README and the walkthrough show is a file of the repository', () => {
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
  assert.ok(images.length >= 5);
  const walkthroughImages = manifest.contributes.walkthroughs.flatMap((walkthrough: { steps: { media: { image: Record<string, string> } }[] }) =>
    walkthrough.steps.flatMap((step) => Object.values(step.media.image)));
  for (const image of [...images, ...walkthroughImages]) assert.ok(fs.existsSync(path.join(repoRoot, image)), `${image} exists`);
});
