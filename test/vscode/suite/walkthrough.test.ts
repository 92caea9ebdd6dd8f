/**
 * The Getting Started walkthrough followed end to end in a real VS Code, as a newcomer would: each step's button is
 * clicked in the walkthrough page (or, for the steps with prompts, its command run from the Command Palette), the
 * prompts are answered on the real keyboard, and the step's checkmark is read back from the page (through the runner's `[page]`, `[keyboard]` and `[screenshot]` requests, test/vscode/run.mjs).
 * It also saves the README's screenshots: the effective-permissions hover, the demo workspace's diagnostics and the
 * completed walkthrough. Skipped when the suite runs without that runner (no AWS_ORGANIZATIONS_KEYBOARD).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import {
  ConnectionInfo, OrganizationNode, connectRequest, connectionRequest, findRequest, handshakesRequest, resetEmbeddedRequest,
} from '../../../server/src/protocol';
import type { Handshake } from '@aws-sdk/client-organizations';
import { repoRoot } from '../../support/paths';
import { poll } from '../../support/poll';
import { activateExtension, activeRow, keyboard, page, request as send, runFromPalette, screenshot } from './support';

const stepSelector = 'button.getting-started-step';
/** The walkthrough's steps as package.json declares them. */
const steps: { id: string; title: string }[] = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'))
  .contributes.walkthroughs[0].steps;

/** The steps the walkthrough page shows, with whether each is checked. */
async function shownSteps(): Promise<{ id: string; title: string; checked: boolean }[]> {
  return (await page({ read: stepSelector })).map((element) => ({
    id: element.attributes['data-step-id'].split('#').pop()!,
    title: element.text.split('\n')[0].trim(),
    checked: element.attributes['aria-checked'] === 'true',
  }));
}

/** Brings the walkthrough to the front (the page shows only the visible editor) until the step is checked. */
async function waitUntilChecked(stepId: string): Promise<void> {
  await poll(`the step ${stepId} to be checked`, async () => {
    await vscode.commands.executeCommand('awsOrganizations.getStarted');
    return (await shownSteps()).find((step) => step.id === stepId)?.checked ? true : undefined;
  }, 60_000);
}

/** Opens the walkthrough, expands a step and clicks its button. */
async function clickStepButton(stepId: string, button: string): Promise<void> {
  await vscode.commands.executeCommand('awsOrganizations.getStarted');
  await page({ click: `${stepSelector}[data-step-id$="#${stepId}"]` });
  await page({ click: `${stepSelector}[data-step-id$="#${stepId}"] .button-container .monaco-button`, hasText: button });
}

/** The management account of the second organization, served by aws-organizations-local. */
const localManagementAccount = '999988887777';

/**
 * Starts `aws-organizations-local` (the bundled dist/endpoint.js) with the sample organization in its own process
 * group, for the step that connects to an endpoint other than the embedded organization; `stop` ends the group.
 */
async function startLocalEndpoint(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'endpoint.js'), '--seed', 'sample', '--management-account', localManagementAccount],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group has already gone.
    }
  };
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  try {
    const url = await poll('aws-organizations-local to listen', () => /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1], 30_000);
    return { url, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

suite('The Getting Started walkthrough, end to end', function () {
  // A step waits for VS Code to mark it, and the AWS CLI starts slowly on a busy machine.
  this.timeout(180_000);
  let api: ExtensionApi;
  let stopEndpoint = () => {};
  const request = <R>(type: { method: string }, params?: unknown): Promise<R> => send<R>(api, type, params);

  suiteSetup(async function () {
    if (!process.env.AWS_ORGANIZATIONS_KEYBOARD) this.skip();
    api = await activateExtension();
    // Earlier suites change the organization: the walkthrough starts from the sample, as a newcomer's does.
    await request(resetEmbeddedRequest, { seed: 'sample' });
    await poll('the sample\'s accounts', async () => ((await request<OrganizationNode[]>(findRequest, { query: 'Payments Prod' })).length ? true : undefined));
  });

  suiteTeardown(async () => {
    if (!api) return;
    // Back to the embedded organization, for whatever runs next.
    await request(connectRequest, { kind: 'embedded' });
    for (const key of ['connection.kind', 'connection.endpointUrl']) {
      await vscode.workspace.getConfiguration('awsOrganizations').update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.terminal.killAll');
    await vscode.commands.executeCommand('awsOrganizations.organization.focus');
    stopEndpoint();
  });

  test('the demo workspace\'s mistakes in the Problems panel, saved for the README', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const [file] = await vscode.workspace.findFiles('protect-security-services.scp.json');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await poll('the diagnostics of protect-security-services.scp.json', () => (vscode.languages.getDiagnostics(file).length === 2 ? true : undefined));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await poll('the Problems panel to list the misspelled action', async () =>
      ((await page({ read: '.markers-panel .monaco-list-row' })).some((row) => row.text.includes('StopLoging')) ? true : undefined));
    await screenshot('diagnostics');
    // The Problems panel would keep the focus from the prompts of the steps.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('"Get Started" opens the walkthrough with its six steps', async () => {
    await vscode.commands.executeCommand('awsOrganizations.getStarted');
    const shown = await poll('the walkthrough\'s steps', async () => {
      const found = await shownSteps();
      return found.length === steps.length ? found : undefined;
    });
    assert.deepEqual(shown.map(({ id, title }) => ({ id, title })), steps.map(({ id, title }) => ({ id, title })));
  });

  test('1. Open the embedded organization: the button shows the Organization view', async () => {
    await clickStepButton('openOrganization', 'Show the Organization');
    await poll('the Organization view to show the sample\'s root', () => (api.explorer.organization.treeView.visible ? true : undefined));
    await waitUntilChecked('openOrganization');
  });

  test('2. Create an organizational unit: a cancelled prompt leaves the step unchecked, a created OU checks it', async () => {
    await runFromPalette('AWS Organizations: Create Organizational Unit...');
    await keyboard('The root or OU to create the OU in', ['press', 'Escape']);
    await vscode.commands.executeCommand('awsOrganizations.getStarted');
    // The command started before it was cancelled: a step checked when its command starts would show checked here.
    const shown = await poll('the walkthrough\'s steps', async () => {
      const found = await shownSteps();
      return found.length === steps.length ? found : undefined;
    });
    assert.equal(shown.find((step) => step.id === 'createOrganizationalUnit')?.checked, false, 'a cancelled Create Organizational Unit does not check its step');
    await runFromPalette('AWS Organizations: Create Organizational Unit...');
    await keyboard('The root or OU to create the OU in', ['row', 'Workloads'], ['type', 'Workloads'], ['row', 'Workloads'], ['press', 'Enter']);
    await keyboard('The new OU\'s name', ['type', 'Walkthrough'], ['press', 'Enter']);
    await poll('the OU Walkthrough', async () => ((await request<OrganizationNode[]>(findRequest, { query: 'Walkthrough' })).some((node) => node.kind === 'organizationalUnit') ? true : undefined));
    await waitUntilChecked('createOrganizationalUnit');
  });

  test('3. Invite an account, through its prompts', async () => {
    await runFromPalette('AWS Organizations: Invite Account...');
    await keyboard('The 12-digit ID or the email address', ['type', '222233334444'], ['press', 'Enter']);
    await keyboard('A note for the invited account', ['type', 'Welcome from the walkthrough'], ['press', 'Enter']);
    await keyboard('Tags for the account once it joins', ['press', 'Enter']);
    await poll('the open invitation', async () => ((await request<Handshake[]>(handshakesRequest)).some((handshake) =>
      handshake.State === 'OPEN' && handshake.Parties?.some((party) => party.Id === '222233334444')) ? true : undefined));
    await waitUntilChecked('inviteAccount');
  });

  test('4. Open an SCP and hover an action: effective permissions', async () => {
    await clickStepButton('hoverEffectivePermissions', 'Open the SCP DenyLeaveOrganization');
    const editor = await poll('the SCP DenyLeaveOrganization in an editor', () =>
      vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === 'aws-organizations:/SERVICE_CONTROL_POLICY/DenyLeaveOrganization.json'));
    await vscode.window.showTextDocument(editor.document, { preview: false });
    const offset = editor.document.getText().indexOf('organizations:LeaveOrganization');
    assert.ok(offset > 0, 'the SCP names organizations:LeaveOrganization');
    const position = editor.document.positionAt(offset + 'organizations:'.length);
    editor.selection = new vscode.Selection(position, position);
    // The hover as a person sees it, the way the keyboard shows it (Ctrl+K Ctrl+I).
    const hover = await poll('the effective-permissions hover', async () => {
      await vscode.commands.executeCommand('editor.action.showHover');
      const shown = await page({ read: '.monaco-hover-content' });
      return shown.find((element) => element.text.includes('Effective permissions'));
    });
    assert.match(hover.text, /denied in \d+ accounts? by SCP DenyLeaveOrganization/);
    await vscode.commands.executeCommand('notifications.clearAll');
    await screenshot('effective-permissions-hover');
    await waitUntilChecked('hoverEffectivePermissions');
  });

  test('5. Use the AWS CLI: a terminal on the local endpoint lists the accounts', async () => {
    const ended = new Promise<vscode.TerminalShellExecutionEndEvent>((resolve) => {
      const listener = vscode.window.onDidEndTerminalShellExecution((event) => {
        if (!/^aws organizations list-accounts/.test(event.execution.commandLine.value)) return;
        listener.dispose();
        resolve(event);
      });
    });
    await clickStepButton('runAwsCli', 'Open a Terminal on the Embedded Organization');
    const event = await Promise.race([ended, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the AWS CLI command did not end within 120 s')), 120_000))]);
    assert.equal(event.exitCode, 0, 'aws organizations list-accounts succeeded');
    assert.match(event.execution.commandLine.value, /--endpoint-url http:\/\/127\.0\.0\.1:\d+/);
    await screenshot('aws-cli-terminal');
    await waitUntilChecked('runAwsCli');
    // The terminal keeps the focus otherwise, and a quick input that loses the focus closes.
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  test('6. Connect: the connection picker reaches another endpoint (aws-organizations-local, as a compatible endpoint)', async () => {
    const endpoint = await startLocalEndpoint();
    stopEndpoint = endpoint.stop;
    await runFromPalette('AWS Organizations: Switch Connection...');
    await keyboard('The embedded organization, an AWS profile', ['type', 'Custom endpoint']);
    await activeRow('Custom endpoint');
    await keyboard('The embedded organization, an AWS profile', ['press', 'Enter']);
    await keyboard('The AWS Organizations endpoint URL', ['press', 'Control+A'], ['type', endpoint.url], ['press', 'Enter']);
    // A 12-digit access key makes the caller that account (the endpoint's convention): its management account.
    await keyboard('Access key ID', ['type', localManagementAccount], ['press', 'Enter']);
    await keyboard('Secret access key', ['type', 'walkthrough-secret'], ['press', 'Enter']);
    const info = await poll('the connection to the endpoint', async () => {
      const current = await request<ConnectionInfo>(connectionRequest);
      return current.spec.kind === 'endpoint' && current.state !== 'connecting' ? current : undefined;
    });
    assert.equal(info.state, 'connected', JSON.stringify(info));
    assert.equal(info.organization?.MasterAccountId, localManagementAccount);
    await waitUntilChecked('connectToAws');
  });

  test('every step is checked; the completed walkthrough is saved for the README', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    // Without the side bar the page is wide enough to list the steps beside the selected step's image.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('awsOrganizations.getStarted');
    const shown = await shownSteps();
    assert.deepEqual(shown.filter((step) => !step.checked).map((step) => step.id), []);
    await screenshot('walkthrough');
  });
});
