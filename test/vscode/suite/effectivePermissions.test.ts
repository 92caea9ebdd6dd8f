/**
 * Effective permissions inside a real VS Code, over the embedded organization's sample, as a person meets them
 * (through the runner's `[page]`, `[keyboard]` and `[screenshot]` requests, test/vscode/run.mjs): the hover read from
 * the page names the accounts and gives the context account's verdict first; in a new SCP file, Preview Attachment...
 * is clicked in its CodeLens, the hover changes as the user types a Deny in place of an Allow, and its "and N more"
 * lists every account for the document as it is; the reports open in
 * one view, reused by the next report, that takes assumptions, exports, and closes without asking to save anything.
 * Skipped when the suite runs without that runner (no AWS_ORGANIZATIONS_KEYBOARD).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import { PermissionsTarget, permissionsTargetsRequest, resetEmbeddedRequest } from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import { activateExtension, activeRow, keyboard, page, PageElement, request, runFromPalette, screenshot } from './support';

/** The hover widget's rendered Markdown. */
const hoverContent = '.monaco-hover-content';
/** The editor tabs of the report view (its title starts with the report's kind). */
const reportTab = '.tabs-container .tab';
const isReportTab = (tab: PageElement) => /^(Effective Permissions|Why Is This Denied\?|Where Is)/.test(tab.attributes['aria-label'] ?? '');

/** Whether the quick input is shown with `text` (in its title, placeholder or rows). */
async function promptShown(text: string): Promise<boolean> {
  const [widget] = await page({ read: '.quick-input-widget' });
  return !!widget && !/display:\s*none/.test(widget.attributes.style ?? '') && (widget.text.includes(text) || (await page({ read: '.quick-input-widget input' })).some((input) => (input.attributes.placeholder ?? '').includes(text)));
}

suite('Effective permissions, through the page', function () {
  this.timeout(180_000);
  let api: ExtensionApi;
  let targets: PermissionsTarget[];
  const named = (name: string, type: PermissionsTarget['Type'] = 'ACCOUNT') => {
    const target = targets.find((candidate) => candidate.Type === type && candidate.Name === name);
    assert.ok(target, `the sample has the ${type} ${name}`);
    return target;
  };

  /**
   * Hovers the first token of the active editor with `text` (the policy grammar colours an action's service and name
   * apart) until the hover shows `expected`; answers the hover's text.
   */
  async function hoverUntil(text: string, expected: RegExp): Promise<string> {
    let last = '';
    return poll(`a hover on ${text} that matches ${expected}`, async () => {
      const shown = await page({ hover: '.monaco-editor .view-line span span', hasText: text, read: hoverContent });
      last = shown.map((element) => element.text).join('\n');
      return expected.test(last) ? last : undefined;
    }, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; the hover showed: ${last}`);
    });
  }

  suiteSetup(async function () {
    if (!process.env.AWS_ORGANIZATIONS_KEYBOARD) this.skip();
    api = await activateExtension();
    // Earlier suites change the organization: start from the sample.
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    targets = await poll('the accounts of the sample', async () => {
      const found = await request<PermissionsTarget[]>(api, permissionsTargetsRequest);
      return found.some((target) => target.Name === 'Legacy Reporting') ? found : undefined;
    });
    await vscode.commands.executeCommand('awsOrganizations.setContextAccount', { accountId: null });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('awsOrganizations.setContextAccount', { accountId: null });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the hover names the accounts, counts the member accounts, and gives the context account\'s verdict first', async () => {
    const [file] = await vscode.workspace.findFiles('deny-leaving-organization.scp.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    // The context account is picked in the status bar, as a person does.
    await page({ click: '.statusbar-item', hasText: 'No context account' });
    await keyboard('The account whose verdict policy hovers give first', ['type', 'Legacy Reporting'], ['row', 'Legacy Reporting'], ['press', 'Enter']);
    const members = targets.filter((target) => target.Type === 'ACCOUNT').length - 1;
    const hover = await hoverUntil('LeaveOrganization', /the context account/);
    assert.match(hover, /In account Legacy Reporting \(\d{12}\), the context account: denied by an explicit Deny: SCP DenyLeaveOrganization Statement\[0\] at Root/);
    assert.ok(hover.indexOf('the context account') < hover.indexOf('member accounts'), hover);
    assert.ok(hover.includes(`organizations:LeaveOrganization in ${members} member accounts: denied in all ${members}.`), hover);
    assert.match(hover, /Not counted: Management \(\d{12}\), the management account, which SCPs and RCPs never affect\./);
    assert.match(hover, new RegExp(`denied in ${members} accounts by SCP DenyLeaveOrganization Statement\\[0\\] at Root Root \\(r-[0-9a-z]+\\): every member account`));
    await vscode.commands.executeCommand('awsOrganizations.setContextAccount', { accountId: null });
  });

  suite('what-if in a new SCP file', () => {
    const fileName = 'what-if-guardrail.scp.json';
    let uri: vscode.Uri;

    suiteSetup(async () => {
      uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, fileName);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:DeleteBucket", "Resource": "*" }\n  ]\n}\n'));
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(uri);
    });

    test('Preview Attachment... from the CodeLens, then the hover changes as the user types a Deny', async () => {
      const sandbox = named('Sandbox', 'ORGANIZATIONAL_UNIT');
      const sandboxAccounts = targets.filter((target) => target.Type === 'ACCOUNT' && target.Path === 'Sandbox').length;
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      assert.match(await hoverUntil('DeleteBucket', /Evaluated/), /Evaluated: the deployed policies; this document is not a policy of the organization\./);

      await poll('the CodeLens Preview Attachment...', async () => ((await page({ read: '.codelens-decoration' })).some((lens) => lens.text.includes('Preview Attachment...')) ? true : undefined));
      // A CodeLens drawn again as the click lands takes no click: click until the picker shows.
      await poll('the picker of Preview Attachment...', async () => {
        if (!await promptShown('evaluate this document as if attached to')) await page({ click: '.codelens-decoration a', hasText: 'Preview Attachment...' });
        return await promptShown('evaluate this document as if attached to') || undefined;
      });
      await keyboard('evaluate this document as if attached to', ['type', sandbox.Id], ['row', 'Sandbox'], ['press', 'Enter']);
      await poll('the CodeLens of the preview', async () => ((await page({ read: '.codelens-decoration' })).some((lens) => lens.text.includes(`Previewing as attached to OU Sandbox: governs ${sandboxAccounts} accounts`)) ? true : undefined));
      const allowed = await hoverUntil('DeleteBucket', /attached to OU Sandbox/);
      assert.match(allowed, /Evaluated: this document, unsaved \(as it is now\), as SCP what-if-guardrail attached to OU Sandbox/);
      assert.doesNotMatch(allowed, /by SCP what-if-guardrail/);

      // The user double-clicks Allow and types Deny over it: the hover answers for the document as it is now.
      await page({ click: '.monaco-editor .view-line span span', hasText: 'Allow', clicks: 2, keys: [['type', 'Deny']] });
      const denied = await hoverUntil('DeleteBucket', /by SCP what-if-guardrail/);
      assert.ok(denied.includes(`denied in ${sandboxAccounts} accounts by SCP what-if-guardrail Statement[0] at OU Sandbox (${sandbox.Id}): Sandbox Alice, Sandbox Bob, Sandbox Carol and ${sandboxAccounts - 3} more`), denied);
      assert.match(vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString())!.getText(), /"Effect": "Deny"/, 'the Deny typed is in the document');
      await screenshot('what-if-hover');

      // "and 3 more" lists every account, for the same version of the organization as the hover.
      await page({ click: `${hoverContent} a`, hasText: `${sandboxAccounts - 3} more` });
      const listed = await poll('the list of every account', async () => (await page({ webview: true, read: 'main p' })).map((element) => element.text).find((text) => text.startsWith('Evaluated')));
      assert.match(listed, /^Evaluated: this document, unsaved \(as it is now\), as SCP what-if-guardrail attached to OU Sandbox/);
      const rows = await page({ webview: true, read: 'main tbody tr' });
      assert.equal(rows.filter((row) => /Sandbox\s+Explicitly denied\s+SCP what-if-guardrail/.test(row.text)).length, sandboxAccounts, rows.map((row) => row.text).join('\n'));
    });
  });

  test('a report opens in one view, reused by the next report, takes assumptions, and closes without asking to save', async () => {
    const payments = named('Payments Prod');
    await runFromPalette('AWS Organizations: Show Effective Permissions');
    await keyboard('An account, or an OU', ['type', payments.Id], ['row', 'Payments Prod'], ['press', 'Enter']);
    const reportTabs = async () => (await page({ read: reportTab })).filter(isReportTab).map((tab) => tab.attributes['aria-label']);
    await poll('the report\'s tab', async () => ((await reportTabs()).some((label) => label.startsWith('Effective Permissions: Payments Prod')) ? true : undefined));
    const heading = await poll('the report\'s page', async () => (await page({ webview: true, read: 'main h1' }))[0]?.text);
    assert.equal(heading, `Effective permissions of account Payments Prod (${payments.Id})`);
    const depends = async () => (await page({ webview: true, read: 'main table tr' })).map((row) => row.text.replace(/\s+/g, ' ')).find((row) => row.startsWith('Depends on the request '));
    assert.match((await depends())!, /^Depends on the request 22,\d{3}|^Depends on the request [\d,]+ 100%/);

    // Assuming the principal is not the root user and a Region the policies name decides what the answers waited for.
    await page({ webview: true, click: 'label', hasText: 'not the root user' });
    await poll('the answer without the root user', async () => ((await page({ webview: true, read: 'input[data-assumption="notRootUser"]' }))[0]?.attributes.checked !== undefined ? true : undefined));
    await page({ webview: true, click: 'label', hasText: 'The request is made in us-east-1' });
    await poll('the answer in us-east-1', async () => ((await depends())?.startsWith('Depends on the request 0 0%') ? true : undefined));
    await screenshot('report-view');

    // Why Is This Denied? from the palette, the action completed from the catalog as it is typed.
    await runFromPalette('AWS Organizations: Why Is This Denied?', { keepEditors: true });
    await keyboard('The account whose principal makes the request', ['type', payments.Id], ['row', 'Payments Prod'], ['press', 'Enter']);
    await keyboard('The action, e.g. s3:PutObject', ['press', 'Control+A'], ['type', 'cloudtr'], ['row', 'cloudtrail:'], ['press', 'Enter']);
    await keyboard('The action, e.g. s3:PutObject', ['type', 'StopLog'], ['row', 'cloudtrail:StopLogging']);
    await activeRow('cloudtrail:StopLogging');
    await keyboard('The action, e.g. s3:PutObject', ['press', 'Enter']);
    await poll('the same view with the new report', async () => {
      const tabs = await reportTabs();
      return tabs.length === 1 && tabs[0].startsWith('Why Is This Denied? cloudtrail:StopLogging in Payments Prod') ? true : undefined;
    });
    const why = await poll('the new report\'s page', async () => (await page({ webview: true, read: 'main h2' })).map((element) => element.text).find((text) => text.includes('StopLogging')));
    assert.equal(why, 'cloudtrail:StopLogging: denied by an explicit Deny');

    // The export asks where to save, as any Save As does, and writes every row.
    const exported = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-export-')), 'why.csv');
    await page({ webview: true, click: 'button', hasText: 'Export CSV' });
    const dialog = 'in Payments Prod" as CSV';
    await keyboard(dialog, ['press', 'Control+A'], ['type', exported], ['press', 'Enter']);
    // The dialog lists each folder typed as it goes, and may take an Enter pressed meanwhile for that: press it again
    // while the dialog is still open. The file appears before its content is written: wait for its last line.
    const csv = await poll('the exported CSV', async () => {
      if (fs.existsSync(exported) && fs.readFileSync(exported, 'utf8').endsWith('\r\n')) return fs.readFileSync(exported, 'utf8');
      if (await promptShown(dialog)) await keyboard(dialog, ['press', 'Enter']);
      return undefined;
    });
    assert.ok(csv.startsWith('Action,Other actions alike,Decision,Policy type,Level,Level decision,Because\r\ncloudtrail:StopLogging,0,explicitDeny,SERVICE_CONTROL_POLICY,'), csv.slice(0, 300));
    fs.rmSync(path.dirname(exported), { recursive: true, force: true });
    await vscode.commands.executeCommand('notifications.clearAll');

    // Closed from its tab: nothing asks to be saved, and nothing is left dirty.
    await page({ click: `${reportTab}.active .tab-actions .action-label` });
    await poll('the report\'s tab to close', async () => ((await reportTabs()).length === 0 ? true : undefined));
    assert.deepEqual(await page({ read: '.monaco-dialog-box' }), [], 'no dialog asks to save the report');
    assert.deepEqual(vscode.workspace.textDocuments.filter((document) => document.isDirty).map((document) => document.uri.toString()), []);
  });
});
