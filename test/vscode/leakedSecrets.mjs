// @ts-check
/**
 * The check that no secret leaks: greps every file the suite left in test-results/ (code-server's logs with each
 * output channel of the extension and the LSP trace, screenshots, failure pages) for the fake secrets of
 * test/vscode/testCredentials.json, raw and URL-encoded, and fails naming each file that holds one. It also fails
 * when the logs hold no verbose trace of the `connect` request that carried those keys: then it proved nothing.
 * `npm test` runs it after the VS Code layer; `node test/vscode/leakedSecrets.mjs` runs it alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const results = join(repoRoot, 'test-results');
const credentials = JSON.parse(readFileSync(join(repoRoot, 'test', 'vscode', 'testCredentials.json'), 'utf8'));

/** @param {string} folder @returns {string[]} every file below it */
function filesBelow(folder) {
  /** @type {string[]} */
  const found = [];
  let names = [];
  try { names = readdirSync(folder); } catch { return found; }
  for (const name of names) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...filesBelow(path));
    else found.push(path);
  }
  return found;
}

/** @type {[string, string][]} the name of each secret and each form it could take */
const needles = Object.entries(credentials.secrets).flatMap(([name, value]) =>
  [...new Set([String(value), encodeURIComponent(String(value))])].map((form) => /** @type {[string, string]} */ ([name, form])));

const files = filesBelow(results);
const leaks = [];
let tracedConnect = '';
for (const file of files) {
  const text = readFileSync(file).toString('latin1');
  for (const [name, form] of needles) if (text.includes(form)) leaks.push(`${relative(repoRoot, file)}: holds the test ${name}`);
  if (!tracedConnect && /awsOrganizations\/connect/.test(text) && text.includes(credentials.accessKeyId) && /"secretAccessKey":\s*"\[redacted\]"/.test(text)) {
    tracedConnect = relative(repoRoot, file);
  }
}

if (leaks.length) {
  console.error(`\n[secrets] SECRETS LEAKED into ${leaks.length} place(s):\n  ${leaks.join('\n  ')}`);
  process.exit(1);
}
if (!tracedConnect) {
  console.error(`\n[secrets] no log in ${relative(repoRoot, results)}/ holds the verbose trace of the connect request with the test keys redacted: the check proved nothing (did the remote suite run with awsOrganizations.trace.server = verbose?)`);
  process.exit(1);
}
console.log(`[secrets] none of the ${needles.length} forms of the test secrets is in the ${files.length} files of test-results/; the redacted connect request is traced in ${tracedConnect}`);
