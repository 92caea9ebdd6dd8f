// @ts-check
/**
 * The VS Code layer of `npm test`, in a real VS Code (code-server driven by headless chromium):
 * 1. the in-host mocha suite (out/test/vscode/suite) on the repository in development mode; then its `untrusted` files
 *    again in an untrusted workspace (restricted mode) whose settings try to redirect the extension;
 * 2. `npm run package`, then the packaged .vsix installed as a user would, checked through the workbench as a
 *    person sees it: the Organization view shows its first node, and hovering "Version" in the demo policy shows
 *    its documentation; that screen is saved as test-results/screenshots/organization-view.png.
 * A test of the suite may ask for a screenshot of the workbench as it is at that moment by logging
 * `[screenshot] <name>`; it is saved as test-results/screenshots/<name>.png (the folder is passed to the tests in
 * AWS_ORGANIZATIONS_SCREENSHOTS, and the test waits for the file).
 * code-server's logs (every output channel of the extension, the LSP trace included) are kept in test-results/logs/<step>-<pid>.
 * A test may also type on the real keyboard into a prompt by logging `[keyboard] {"id":1,"waitFor":"...","actions":[...]}`:
 * once a quick input shows `waitFor` (as text or placeholder), the runner presses and types the actions
 * (`["type", text]`, `["press", key]`, `["row", text]` waits for a list row with that text, `["typeSecret", name]` types
 * the test secret of that name from testCredentials.json, so that no request or log carries it), then writes
 * `keyboard-<id>.done` in the folder passed as AWS_ORGANIZATIONS_KEYBOARD, which the test waits for.
 * A test may read or click the page itself by logging `[page] {"id":"x","click":"<css>","hasText":"...","read":"<css>"}`
 * (or `"hover":"<css>"` to move the mouse over it): the runner clicks the first visible element matching `click` (and
 * `hasText`), then writes `page-<id>.json` in the
 * same folder with the text and attributes of every element matching `read` (and the error, if any).
 * Exits 1 if anything fails, after saving a screenshot of the workbench in test-results/; stops every process it
 * started. Expects `npx tsc -p .` and `node esbuild.mjs` to have run (test/run.mjs does).
 * `node test/vscode/run.mjs suite` (or `untrusted`, `workbench`) runs only the step named.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { ensure, repoRoot } from '../setup/install.mjs';
import { openBrowser, poll, startCodeServer } from './codeServer.mjs';

const workspace = join(repoRoot, 'test', 'fixtures', 'workspace');
const testsPath = join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js');
const vsixPath = join(repoRoot, 'aws-organizations-vscode.vsix');
/** @type {Record<string, string>} the fake secrets the tests may have typed (`typeSecret`) */
const testSecrets = JSON.parse(readFileSync(join(repoRoot, 'test', 'vscode', 'testCredentials.json'), 'utf8')).secrets;
const results = join(repoRoot, 'test-results');
/** The whole layer's deadline; past it everything started is stopped and the layer fails. */
const overallTimeoutMs = 20 * 60_000;
/** How long one suite may run inside VS Code, from opening the page to its exit code. */
const suiteTimeoutMs = 12 * 60_000;

/** Loading the workbench page can take long on a busy machine; what follows waits for what it needs. */
const pageLoad = { waitUntil: /** @type {const} */ ('domcontentloaded'), timeout: 120_000 };

/** @type {Set<() => Promise<void>>} */
const running = new Set();

/** Stops whatever is still running, newest first. */
async function stopAll() {
  for (const stop of [...running].reverse()) {
    running.delete(stop);
    await stop().catch((error) => console.error(`[vscode] stopping failed: ${error}`));
  }
}

/**
 * Starts code-server, runs `body` with it and a browser page, and stops both whatever happens; on failure
 * the page is saved as test-results/vscode-<name>-failure.png.
 * @param {string} name
 * @param {{ vsix?: string[], functions?: Record<string, (...args: any[]) => unknown>, folder?: string, trusted?: boolean }} options
 * @param {(server: import('./codeServer.mjs').CodeServer, page: import('playwright-core').Page) => Promise<void>} body
 */
async function withWorkbench(name, { vsix, functions, folder = workspace, trusted }, body) {
  // Its logs are kept in test-results/logs/<name>-<pid> (runs at once keep theirs apart), where the check for leaked secrets reads them.
  const keepLogs = join(results, 'logs', `${name}-${process.pid}`);
  const server = await startCodeServer({ workspace: folder, vsix, log: () => {}, keepLogs, trusted });
  running.add(server.stop);
  try {
    const browser = await openBrowser(server, { functions });
    running.add(browser.close);
    try {
      await body(server, browser.page);
    } catch (error) {
      mkdirSync(results, { recursive: true });
      const file = join(results, `vscode-${name}-failure.png`);
      await browser.page.screenshot({ path: file }).then(() => console.error(`[vscode] saved ${file}`), () => {});
      throw error;
    } finally {
      running.delete(browser.close);
      await browser.close();
    }
  } finally {
    running.delete(server.stop);
    await server.stop();
  }
}

/**
 * Types into the workbench's quick input for a test of the suite, on the real keyboard: waits until the quick
 * input shows `waitFor`, runs the actions, then acknowledges in `folder`. A failure is acknowledged too, with
 * its message, so that the test fails with it instead of waiting.
 * @param {import('playwright-core').Page} page
 * @param {{ id: number, waitFor: string, actions: [string, string][] }} request
 * @param {string} folder
 */
async function typeInPrompt(page, { id, waitFor, actions }, folder) {
  let outcome = '';
  try {
    const widget = page.locator('.quick-input-widget');
    await poll(`the prompt showing "${waitFor}"`, async () => {
      if (!(await widget.isVisible())) return undefined;
      const placeholder = (await widget.locator('input').first().getAttribute('placeholder')) ?? '';
      return (await widget.innerText()).includes(waitFor) || placeholder.includes(waitFor) ? true : undefined;
    }, 30_000);
    for (const [action, value] of actions) {
      if (action === 'type') await page.keyboard.type(value);
      else if (action === 'typeSecret') await page.keyboard.type(testSecrets[value]);
      else if (action === 'press') await page.keyboard.press(value);
      else await widget.locator('.monaco-list-row', { hasText: value }).first().waitFor({ timeout: 30_000 });
    }
  } catch (error) {
    outcome = String(error);
  }
  writeFileSync(join(folder, `keyboard-${id}.done`), outcome);
}

/**
 * Clicks and reads the workbench's page for a test of the suite (a `[page]` request): clicks the first element matching
 * `click` and `hasText` once it is visible (or moves the mouse over it, with `hover`), then answers in `folder` with
 * every element matching `read`.
 * @param {import('playwright-core').Page} page
 * @param {{ id: string, click?: string, hover?: string, hasText?: string, read?: string }} request
 * @param {string} folder
 */
async function answerPage(page, { id, click, hover, hasText, read }, folder) {
  /** @type {{ error: string, elements: { text: string, attributes: Record<string, string> }[] }} */
  const answer = { error: '', elements: [] };
  try {
    if (click) await page.locator(click, hasText ? { hasText } : {}).first().click({ timeout: 30_000 });
    if (hover) await page.locator(hover, hasText ? { hasText } : {}).first().hover({ timeout: 30_000 });
    if (read) {
      answer.elements = await page.locator(read).evaluateAll((elements) => elements.map((element) => ({
        text: /** @type {HTMLElement} */ (element).innerText,
        attributes: Object.fromEntries([...element.attributes].map((attribute) => [attribute.name, attribute.value])),
      })));
    }
  } catch (error) {
    answer.error = String(error);
  }
  writeFileSync(join(folder, `page-${id}.json`), JSON.stringify(answer));
}

/**
 * Runs the in-host suite on the repository (development mode) in a fresh code-server; throws unless it passes.
 * @param {string} [name] the step's name
 * @param {{ folder?: string, trusted?: boolean }} [options] another workspace, or an untrusted one
 */
async function runSuite(name = 'suite', options = {}) {
  console.log(`\n[vscode] in-host suite (${name}), development mode`);
  const started = Date.now();
  /** @type {(code: number) => void} */
  let exit = () => {};
  /** @type {Promise<number>} */
  const exited = new Promise((resolve) => { exit = resolve; });
  /** @type {import('playwright-core').Page | undefined} */
  let suitePage;
  const screenshots = join(results, 'screenshots');
  mkdirSync(screenshots, { recursive: true });
  process.env.AWS_ORGANIZATIONS_SCREENSHOTS = screenshots;
  // One folder per run, so that two runs at once (while working on separate areas) keep their requests apart.
  const keyboard = join(results, 'keyboard', String(process.pid));
  rmSync(keyboard, { recursive: true, force: true });
  mkdirSync(keyboard, { recursive: true });
  process.env.AWS_ORGANIZATIONS_KEYBOARD = keyboard;
  await withWorkbench(name, {
    ...options,
    functions: {
      // The workbench calls these when it runs extension tests: the console, then the suite's exit code.
      codeAutomationLog: async (type, args) => {
        const line = format(...(Array.isArray(args) ? args : [args]));
        console.log(`[${type}] ${line}`);
        const name = /^\[screenshot\] ([\w-]+)$/.exec(line.trim())?.[1];
        if (name && suitePage) await suitePage.screenshot({ path: join(screenshots, `${name}.png`) });
        const keys = /^\[keyboard\] (\{.*\})$/.exec(line.trim())?.[1];
        if (keys && suitePage) await typeInPrompt(suitePage, JSON.parse(keys), keyboard);
        const pageRequest = /^\[page\] (\{.*\})$/.exec(line.trim())?.[1];
        if (pageRequest && suitePage) await answerPage(suitePage, JSON.parse(pageRequest), keyboard);
      },
      codeAutomationExit: (code) => exit(Number(code)),
    },
  }, async (server, page) => {
    suitePage = page;
    await page.goto(server.workbenchUrl({ extensionDevelopmentPath: repoRoot, extensionTestsPath: testsPath }), pageLoad);
    const code = await Promise.race([
      exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`the suite gave no exit code within ${suiteTimeoutMs / 1000} s`)), suiteTimeoutMs)),
    ]);
    if (code !== 0) throw new Error(`the suite exited with ${code}`);
  });
  console.log(`[vscode] suite (${name}) passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The suite's `untrusted` files in restricted mode, on a throw-away workspace whose settings try to redirect the
 * extension (a profile, an endpoint, a port, a state file): they must be ignored.
 */
async function runUntrustedSuite() {
  const folder = mkdtempSync(join(tmpdir(), 'aws-organizations-untrusted-'));
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
    'awsOrganizations.connection.kind': 'endpoint',
    'awsOrganizations.connection.profile': 'from-the-workspace',
    'awsOrganizations.connection.endpointUrl': 'http://127.0.0.1:9/from-the-workspace',
    'awsOrganizations.embedded.port': 45_999,
    'awsOrganizations.embedded.statePath': join(folder, 'from-the-workspace.state'),
  }, null, 2));
  const suiteFilter = process.env.AWS_ORGANIZATIONS_SUITE;
  process.env.AWS_ORGANIZATIONS_SUITE = 'untrusted';
  try {
    await runSuite('untrusted', { folder, trusted: false });
  } finally {
    if (suiteFilter === undefined) delete process.env.AWS_ORGANIZATIONS_SUITE;
    else process.env.AWS_ORGANIZATIONS_SUITE = suiteFilter;
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The workbench as a person uses it, with the installed .vsix: open the AWS Organizations view from the activity
 * bar, read its first node, open the demo policy from Quick Open and hover "Version"; then save the screen.
 */
async function checkWorkbench() {
  console.log('\n[vscode] workbench check: the Organization view and a hover, packaged .vsix installed');
  const started = Date.now();
  await withWorkbench('workbench', { vsix: [vsixPath] }, async (server, page) => {
    await page.goto(server.workbenchUrl(), pageLoad);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });

    await page.locator('.activitybar').getByRole('tab', { name: 'AWS Organizations' }).click({ timeout: 60_000 });
    // The view shows the organization's root, or its welcome content when the connection has no organization
    // (a fresh embedded organization is empty). Either appears only once the extension heard from its server:
    // the welcome content before that says "Connecting...".
    const firstNode = page.getByRole('tree', { name: 'Organization', exact: true }).getByRole('treeitem').first();
    const welcome = page.locator('.welcome-view-content').filter({ hasText: /not in an organization|member account|expired|Not connected/ }).first();
    const shown = await poll('the Organization view to show its root or its welcome content', async () => {
      if (await firstNode.isVisible()) return `its first node: ${(await firstNode.getAttribute('aria-label')) ?? ''}`;
      if (await welcome.isVisible()) return `its welcome content: ${(await welcome.innerText()).replace(/\s+/g, ' ')}`;
      return undefined;
    }, 60_000);
    if (!shown.replace(/^[^:]*:/, '').trim()) throw new Error('the Organization view shows a node or welcome content without text');
    console.log(`[vscode] the Organization view shows ${shown}`);

    await page.keyboard.press('Control+P');
    await page.keyboard.type('deny-leaving-organization.scp.json');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'deny-leaving-organization.scp.json' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    const key = page.locator('.monaco-editor .view-line span span', { hasText: 'Version' }).first();
    await key.waitFor({ timeout: 30_000 });
    // The language server may still be starting: hover again until it answers.
    const hover = page.locator('.monaco-hover-content', { hasText: '2012-10-17' });
    await poll('the hover on "Version"', async () => {
      await page.mouse.move(0, 0);
      await key.hover();
      return await hover.waitFor({ timeout: 5_000 }).then(() => true, () => undefined);
    }, 90_000);
    console.log(`[vscode] hovering "Version" shows: ${(await hover.innerText()).replace(/\s+/g, ' ')}`);

    mkdirSync(join(results, 'screenshots'), { recursive: true });
    const file = join(results, 'screenshots', 'organization-view.png');
    await page.screenshot({ path: file });
    console.log(`[vscode] saved ${file}`);
  });
  console.log(`[vscode] workbench check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds the .vsix the way a release does (`npm run package`). */
function packageVsix() {
  console.log('\n[vscode] $ npm run package');
  const result = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !existsSync(vsixPath)) throw new Error(`npm run package failed (exit ${result.status})`);
}

const steps = ['suite', 'untrusted', 'workbench'];
const asked = process.argv.slice(2).filter((arg) => steps.includes(arg));
const selected = asked.length ? asked : steps;

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => void stopAll().finally(() => process.exit(1)));
}

let status = 0;
/** @type {NodeJS.Timeout | undefined} */
let deadline;
try {
  if (!existsSync(testsPath)) throw new Error(`${testsPath} is missing: run npx tsc -p . first`);
  // The first run installs code-server (a few minutes); the deadline counts from when it is there.
  ensure(['vscode']);
  const started = Date.now();
  deadline = setTimeout(() => {
    console.error(`[vscode] the layer did not finish within ${overallTimeoutMs / 60_000} min`);
    void stopAll().finally(() => process.exit(1));
  }, overallTimeoutMs);
  if (selected.includes('suite')) await runSuite();
  // Skipped when AWS_ORGANIZATIONS_SUITE names only other files.
  const filter = process.env.AWS_ORGANIZATIONS_SUITE;
  if (selected.includes('untrusted') && (!filter || filter.split(',').includes('untrusted'))) await runUntrustedSuite();
  if (selected.includes('workbench')) {
    packageVsix();
    await checkWorkbench();
  }
  console.log(`\n[vscode] passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`\n[vscode] failed: ${error instanceof Error ? error.message : error}`);
  status = 1;
} finally {
  await stopAll();
  clearTimeout(deadline);
}
process.exit(status);
