// @ts-check
/**
 * The check that no secret leaks: greps every file the suite left in test-results/ (the node layers' report,
 * code-server's logs with each output channel of the extension and the LSP trace, screenshots, failure pages) for the fake secrets of
 * test/vscode/testCredentials.json, raw and URL-encoded, and fails naming each file that holds one. It also fails
 * when the logs hold no verbose trace of the `connect` request and of a restarted server's `initialize` request,
 * which carried those keys: then it proved nothing.
 * `npm test` runs it after the VS Code layer; `node test/vscode/leakedSecrets.mjs` runs it alone.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const results = join(repoRoot, 'test-results');
const credentials = JSON.parse(readFileSync(join(repoRoot, 'test', 'vscode', 'testCredentials.json'), 'utf8'));

/** @param {string} folder @returns {string[]} every file below it */
function filesBelow(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((name) => join(folder, name)).filter((path) => statSync(path).isFile());
}

/** @type {[string, string][]} the name of each secret and each form it could take */
const needles = Object.entries(credentials.secrets).flatMap(([name, value]) =>
  [...new Set([String(value), encodeURIComponent(String(value))])].map((form) => /** @type {[string, string]} */ ([name, form])));

const files = filesBelow(results);
const leaks = [];
/** The traces that must be there, each with the file it was found in. */
const evidence = {
  'the connect request': { pattern: /awsOrganizations\/connect - [\s\S]{0,300}?"secretAccessKey":\s*"\[redacted\]"/, file: '' },
  'a restarted server\'s initialize request': { pattern: /"initializationOptions": \{[\s\S]{0,600}?"secretAccessKey":\s*"\[redacted\]"/, file: '' },
};
for (const file of files) {
  const text = readFileSync(file).toString('latin1');
  for (const [name, form] of needles) if (text.includes(form)) leaks.push(`${relative(repoRoot, file)}: holds the test ${name}`);
  for (const found of Object.values(evidence)) if (!found.file && found.pattern.test(text)) found.file = relative(repoRoot, file);
}

if (leaks.length) {
  console.error(`\n[secrets] SECRETS LEAKED into ${leaks.length} place(s):\n  ${leaks.join('\n  ')}`);
  process.exit(1);
}
const missing = Object.entries(evidence).filter(([, found]) => !found.file).map(([what]) => what);
if (missing.length) {
  console.error(`\n[secrets] no log in ${relative(repoRoot, results)}/ holds the verbose trace of ${missing.join(' or ')} with the keys redacted: the check proved nothing (did the remote suite run with awsOrganizations.trace.server = verbose?)`);
  process.exit(1);
}
console.log(`[secrets] none of the ${needles.length} forms of the test secrets is in the ${files.length} files of test-results/; traced with the keys redacted: ${Object.entries(evidence).map(([what, found]) => `${what} in ${found.file}`).join(', ')}`);
