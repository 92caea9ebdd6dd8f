// @ts-check
/**
 * What a person does in the workbench with the packaged extension installed, by mouse and keyboard only, checked
 * through the page: no extension tests are loaded, so VS Code shows its modal dialogs as it does for users (it
 * refuses them while extension tests run). Each check saves a screenshot in test-results/screenshots/.
 * 1. the Organization view from the activity bar, and a hover in the demo policy;
 * 2. two accounts selected and dragged onto an OU: the confirmation warns of a lockout onto an OU that denies
 *    everything, and onto another OU moves both, which the tree shows;
 * 3. Create Policy from an example, then Attach... from its notification: the policy is attached;
 * 4. the page reloaded: the Organization view shows the organization again without a manual step.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { poll } from './codeServer.mjs';

/** @typedef {import('playwright-core').Page} Page */

/**
 * @param {Page} page
 * @param {string} folder where screenshots go
 */
export async function checkWorkbench(page, folder) {
  mkdirSync(folder, { recursive: true });
  const shot = async (/** @type {string} */ name) => {
    await page.screenshot({ path: join(folder, `${name}.png`) });
    console.log(`[vscode] saved ${join(folder, `${name}.png`)}`);
  };
  await organizationViewAndHover(page, shot);
  await dragTwoAccounts(page, shot);
  await createAndAttachPolicy(page, shot);
  await reload(page, shot);
}

/** @param {Page} page */
const organizationTree = (page) => page.getByRole('tree', { name: 'Organization', exact: true });

/**
 * A row of the Organization view whose label starts with `name (`.
 * @param {Page} page
 * @param {string} name
 */
const row = (page, name) => organizationTree(page).locator(`.monaco-list-row[aria-label^="${name} ("]`).first();

/**
 * Expands a collapsed row with the keyboard, as a person does after selecting it.
 * @param {Page} page
 * @param {string} name
 */
async function expand(page, name) {
  const target = row(page, name);
  await target.waitFor({ timeout: 60_000 });
  if ((await target.getAttribute('aria-expanded')) === 'true') return;
  await target.click();
  await page.keyboard.press('ArrowRight');
  await poll(`${name} to expand`, async () => ((await target.getAttribute('aria-expanded')) === 'true' ? true : undefined), 30_000);
}

/**
 * The modal dialog's text once it shows.
 * @param {Page} page
 */
async function dialogText(page) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 60_000 });
  return (await dialog.innerText()).replace(/\s+/g, ' ');
}

/**
 * @param {Page} page
 * @param {string} button
 */
async function answerDialog(page, button) {
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: button }).first().click();
  await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 30_000 });
}

/**
 * @param {Page} page
 * @param {(name: string) => Promise<void>} shot
 */
async function organizationViewAndHover(page, shot) {
  await page.locator('.activitybar').getByRole('tab', { name: 'AWS Organizations' }).click({ timeout: 60_000 });
  // The view shows the organization's root, or its welcome content when the connection has no organization
  // (a fresh embedded organization is empty). Either appears only once the extension heard from its server:
  // the welcome content before that says "Connecting...".
  const firstNode = organizationTree(page).getByRole('treeitem').first();
  const welcome = page.locator('.welcome-view-content').filter({ hasText: /not in an organization|member account|expired|Not connected/ }).first();
  const shown = await poll('the Organization view to show its root or its welcome content', async () => {
    if (await firstNode.isVisible()) return `its first node: ${(await firstNode.getAttribute('aria-label')) ?? ''}`;
    if (await welcome.isVisible()) return `its welcome content: ${(await welcome.innerText()).replace(/\s+/g, ' ')}`;
    return undefined;
  }, 60_000);
  if (!shown.startsWith('its first node: Root (')) throw new Error(`the Organization view shows ${shown}, not the sample organization's root`);
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
  await shot('organization-view');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+W');
}

/**
 * Selects two accounts (a click, then a Ctrl+click) and drags them with the mouse.
 * @param {Page} page
 * @param {string} target the OU to drop them onto
 */
async function dragBoth(page, target) {
  // A plain click on a row with children also expands or collapses it (VS Code's workbench.tree.expandMode): put back
  // as it was with the keyboard, so that the rows measured below stay where they are.
  const alice = row(page, 'Sandbox Alice');
  const expanded = await alice.getAttribute('aria-expanded');
  await alice.click();
  await poll('the click to toggle Sandbox Alice', async () => ((await alice.getAttribute('aria-expanded')) !== expanded ? true : undefined), 30_000);
  await page.keyboard.press(expanded === 'true' ? 'ArrowRight' : 'ArrowLeft');
  await poll('Sandbox Alice as it was', async () => ((await alice.getAttribute('aria-expanded')) === expanded ? true : undefined), 30_000);
  // A click with Control only adds the row to the selection.
  await row(page, 'Sandbox Bob').click({ modifiers: ['Control'] });
  await poll('both accounts to be selected', async () => {
    const selected = await Promise.all(['Sandbox Alice', 'Sandbox Bob'].map((name) => row(page, name).getAttribute('aria-selected')));
    return selected.every((value) => value === 'true') ? true : undefined;
  }, 30_000);
  const from = await row(page, 'Sandbox Bob').boundingBox();
  const to = await row(page, target).boundingBox();
  if (!from || !to) throw new Error('the rows to drag and drop onto are not on the screen');
  await page.mouse.move(from.x + 40, from.y + from.height / 2);
  await page.mouse.down();
  // Moved in steps, so that the workbench sees the drag start, pass over the rows and end over the target.
  await page.mouse.move(from.x + 45, from.y + from.height / 2 + 5, { steps: 5 });
  await page.mouse.move(to.x + 40, to.y + to.height / 2, { steps: 20 });
  await page.mouse.up();
}

/**
 * @param {Page} page
 * @param {(name: string) => Promise<void>} shot
 */
async function dragTwoAccounts(page, shot) {
  await expand(page, 'Root');
  await expand(page, 'Sandbox');
  await expand(page, 'Workloads');
  await row(page, 'Dev').waitFor({ timeout: 30_000 });

  await dragBoth(page, 'Suspended');
  const lockout = await dialogText(page);
  for (const expected of [/Move 2 accounts to Suspended\? It would lock accounts out\./, /Sandbox Alice \(\d{12}\), from Sandbox/, /would be denied every action: locked out/]) {
    if (!expected.test(lockout)) throw new Error(`the confirmation of a move onto Suspended does not say ${expected}: ${lockout}`);
  }
  console.log(`[vscode] dragging two accounts onto Suspended asks: ${lockout}`);
  await shot('drag-and-drop-lockout');
  await answerDialog(page, 'Cancel');

  await dragBoth(page, 'Dev');
  const move = await dialogText(page);
  if (!/Move 2 accounts to Dev \(Workloads\/Dev\)\?/.test(move) || /lock/.test(move)) throw new Error(`the confirmation of a move onto Dev says: ${move}`);
  console.log(`[vscode] dragging two accounts onto Dev asks: ${move}`);
  await answerDialog(page, 'Move');

  // As the page shows it: both rows one level below Dev, before the next row at Dev's level or above.
  await poll('the tree to show both accounts under Dev', async () => {
    const rows = await organizationTree(page).locator('.monaco-list-row[aria-level]').evaluateAll((elements) =>
      elements.map((element) => ({ label: element.getAttribute('aria-label') ?? '', level: Number(element.getAttribute('aria-level')) })));
    const start = rows.findIndex((entry) => entry.label.startsWith('Dev ('));
    if (start < 0) return undefined;
    const end = rows.findIndex((entry, index) => index > start && entry.level <= rows[start].level);
    const under = rows.slice(start + 1, end < 0 ? undefined : end).filter((entry) => entry.level === rows[start].level + 1).map((entry) => entry.label);
    return ['Sandbox Alice (', 'Sandbox Bob ('].every((name) => under.some((label) => label.startsWith(name))) ? true : undefined;
  }, 60_000);
  console.log('[vscode] the tree shows Sandbox Alice and Sandbox Bob under Dev');
  await shot('drag-and-drop');
}

/**
 * Waits for the quick input to show `text` (as an item or its placeholder), then types and presses keys.
 * @param {Page} page
 * @param {string} text
 * @param {...string} keys text to type, or `{Enter}`-style keys
 */
async function answerPrompt(page, text, ...keys) {
  const widget = page.locator('.quick-input-widget');
  await poll(`the prompt showing "${text}"`, async () => {
    if (!(await widget.isVisible())) return undefined;
    const placeholder = (await widget.locator('input').first().getAttribute('placeholder')) ?? '';
    return (await widget.innerText()).includes(text) || placeholder.includes(text) ? true : undefined;
  }, 60_000);
  for (const key of keys) {
    if (/^\{\w+\}$/.test(key)) await page.keyboard.press(key.slice(1, -1));
    else await page.keyboard.type(key);
  }
}

/**
 * @param {Page} page
 * @param {(name: string) => Promise<void>} shot
 */
async function createAndAttachPolicy(page, shot) {
  await page.keyboard.press('F1');
  await answerPrompt(page, '', 'AWS Organizations: Create Policy');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Create Policy' }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await answerPrompt(page, 'The policy type', 'Service control');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Service control policies' }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  // The examples of the type as the person first sees them (the README's picture), then one picked by typing its name.
  await answerPrompt(page, 'Region restriction');
  await shot('create-policy-examples');
  await page.keyboard.type('Region restriction');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Region restriction' }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await answerPrompt(page, 'The policy name', 'EuRegionsOnly', '{Enter}');
  await answerPrompt(page, 'A description', 'Only the EU Regions', '{Enter}');

  const toast = page.locator('.notification-toast', { hasText: 'Created the policy EuRegionsOnly' });
  await toast.waitFor({ timeout: 60_000 });
  await toast.locator('.monaco-button', { hasText: 'Attach...' }).click();
  await answerPrompt(page, 'Where to attach', 'Infrastructure');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Infrastructure' }).first().click();
  await page.keyboard.press('Enter');
  // Infrastructure has no Region restriction yet (the sample's applies to Workloads and Sandbox): outside the Regions
  // listed its accounts are denied, so what they may do now depends on the Region asked for.
  const confirmation = await dialogText(page);
  if (!/Attach EuRegionsOnly \(p-\w+\) to Infrastructure\?/.test(confirmation) || !/Network Hub \(\d{12}\).* may do every action except .* only under conditions of the request/.test(confirmation)) {
    throw new Error(`the confirmation of the attachment says: ${confirmation}`);
  }
  console.log(`[vscode] attaching asks: ${confirmation}`);
  await shot('attach-policy-confirmation');
  await answerDialog(page, 'Attach');
  await page.locator('.notification-toast', { hasText: /Attached EuRegionsOnly \(p-\w+\) to Infrastructure\./ }).waitFor({ timeout: 60_000 });
  console.log('[vscode] Create Policy from an example, then Attach..., attached EuRegionsOnly to Infrastructure');
  await shot('create-and-attach-policy');
}

/**
 * @param {Page} page
 * @param {(name: string) => Promise<void>} shot
 */
async function reload(page, shot) {
  const started = Date.now();
  await page.reload({ waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  const root = organizationTree(page).getByRole('treeitem').first();
  const welcome = page.locator('.welcome-view-content').first();
  const shown = await poll('the Organization view after the reload', async () => {
    if (await root.isVisible()) return (await root.getAttribute('aria-label')) ?? '';
    if (await welcome.isVisible()) {
      const text = (await welcome.innerText()).replace(/\s+/g, ' ');
      if (!/Connecting/.test(text)) throw new Error(`after the reload the Organization view shows: ${text}`);
    }
    return undefined;
  }, 120_000);
  if (!shown.startsWith('Root (')) throw new Error(`after the reload the Organization view shows ${shown}`);
  console.log(`[vscode] after reloading the page, the Organization view shows ${shown} (${((Date.now() - started) / 1000).toFixed(1)} s after the reload)`);
  await shot('reload');
}
