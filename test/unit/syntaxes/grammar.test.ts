/**
 * Snapshot tests of the TextMate injection grammars in syntaxes/: every JSON string of a fixture policy
 * is matched with the grammar that VS Code injects into it (keys or values), and the scopes found are
 * compared with a committed snapshot. `UPDATE_SNAPSHOTS=1` rewrites the snapshots.
 * The patterns are applied as TextMate applies `match` rules (earliest match first, then rule order;
 * captures, with their own patterns), using JavaScript regular expressions: the grammars keep to the
 * syntax that Oniguruma and JavaScript share.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jsonc from 'jsonc-parser';
import { fixture, repoRoot } from '../../support/paths';

interface Rule {
  match?: string;
  name?: string;
  include?: string;
  captures?: Record<string, { name?: string; patterns?: Rule[] }>;
}

interface Grammar {
  injectionSelector: string;
  patterns: Rule[];
  repository?: Record<string, Rule>;
}

function grammar(name: string): Grammar {
  return JSON.parse(readFileSync(join(repoRoot, 'syntaxes', `${name}.injection.tmLanguage.json`), 'utf8'));
}

/** The scoped pieces TextMate would find in `text` from `position`: `text ~ scope` lines. */
function tokenize(text: string, rules: Rule[], repository: Grammar['repository'], from = 0, to = text.length): string[] {
  const resolved = rules.map((rule) => (rule.include ? repository![rule.include.slice(1)] : rule));
  const found: string[] = [];
  let position = from;
  while (position < to) {
    let best: { match: RegExpExecArray; rule: Rule } | undefined;
    for (const rule of resolved) {
      const pattern = new RegExp(rule.match!, 'gd');
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      if (match && match.index + match[0].length <= to && match[0].length > 0 && (!best || match.index < best.match.index)) best = { match, rule };
    }
    if (!best) break;
    const { match, rule } = best;
    if (rule.name) found.push(`${match[0]} ~ ${rule.name}`);
    for (const [group, capture] of Object.entries(rule.captures ?? {})) {
      const span = match.indices?.[Number(group)];
      if (!span || span[0] === span[1]) continue;
      if (capture.name) found.push(`  ${text.slice(span[0], span[1])} ~ ${capture.name}`);
      if (capture.patterns) found.push(...tokenize(text, capture.patterns, repository, span[0], span[1]).map((line) => `    ${line}`));
    }
    position = match.index + match[0].length;
  }
  return found;
}

/** Every string of a JSON file, each with the grammar VS Code injects into it. */
function snapshotOf(fixtureName: string): string {
  const keys = grammar('policy-keys');
  const values = grammar('policy-values');
  const text = readFileSync(fixture('grammar', fixtureName), 'utf8');
  const scanner = jsonc.createScanner(text, true);
  const strings: { text: string; isKey: boolean }[] = [];
  for (let token = scanner.scan(); token !== jsonc.SyntaxKind.EOF; token = scanner.scan()) {
    if (token === jsonc.SyntaxKind.ColonToken && strings.length) strings[strings.length - 1].isKey = true;
    if (token === jsonc.SyntaxKind.StringLiteral) strings.push({ text: text.substr(scanner.getTokenOffset(), scanner.getTokenLength()), isKey: false });
  }
  return strings.flatMap((string) => {
    const used = string.isKey ? keys : values;
    const tokens = tokenize(string.text, used.patterns, used.repository);
    return tokens.length ? [`${string.text}${string.isKey ? ' (key)' : ''}`, ...tokens.map((line) => `  ${line}`)] : [];
  }).join('\n') + '\n';
}

for (const name of ['scp.json', 'tag.json']) {
  test(`the injection grammars highlight ${name} as the snapshot says`, () => {
    const snapshotPath = fixture('grammar', `${name}.snap`);
    const actual = snapshotOf(name);
    if (process.env.UPDATE_SNAPSHOTS || !existsSync(snapshotPath)) writeFileSync(snapshotPath, actual);
    assert.equal(actual, readFileSync(snapshotPath, 'utf8'));
  });
}

test('the grammars inject into JSON and JSON with comments, keys and values apart', () => {
  assert.match(grammar('policy-keys').injectionSelector, /source\.json support\.type\.property-name\.json.*source\.json\.comments/);
  assert.match(grammar('policy-values').injectionSelector, /source\.json string\.quoted\.double\.json.*source\.json\.comments/);
});
