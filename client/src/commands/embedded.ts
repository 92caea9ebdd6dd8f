/**
 * The embedded organization's own commands: reset it to a seed (empty, or the sample organization),
 * export its whole state as JSON, and import a state exported before as its seed. Resetting and importing
 * replace the organization, so they ask first.
 */
import * as vscode from 'vscode';
import { exportEmbeddedRequest, importEmbeddedRequest, resetEmbeddedRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import type { OrganizationExplorer } from '../tree/explorer';
import { CommandFactory } from './commands';
import { confirm } from './confirm';
import { MultiStepInput } from './multiStepInput';
import { inputOf } from './prompts';

type Seed = 'empty' | 'sample';

/** Refuses, before the call, a command on the embedded organization while connected elsewhere. */
function checkEmbedded(explorer: OrganizationExplorer): void {
  if (explorer.connection?.spec.kind !== 'embedded') {
    throw new Refusal('UnsupportedAPIEndpointException', `Connected to ${explorer.connection?.label ?? 'another organization'}: switch to the embedded organization first.`);
  }
}

export const embeddedCommands: Record<string, CommandFactory> = {
  'awsOrganizations.resetEmbedded': ({ client, explorer }) => async (arg?: unknown) => {
    checkEmbedded(explorer);
    const given = inputOf<{ seed: Seed }>(arg);
    const seed = given.seed ?? (await MultiStepInput.run<{ seed?: Seed }>('Reset Embedded Organization', [{
      run: async (input, state) => {
        state.seed = (await input.showQuickPick({
          placeholder: 'What the embedded organization starts over with',
          items: [
            { label: 'Sample organization', detail: 'A management account, nested OUs, 30 accounts, SCPs, tag and backup policies, trusted services, an open invitation.', seed: 'sample' as const },
            { label: 'Empty', detail: 'A management account in no organization: start with Create Organization.', seed: 'empty' as const },
          ],
        }))[0].seed;
      },
    }], {})).seed!;
    await confirm(`Reset the embedded organization to ${seed === 'sample' ? 'the sample' : 'empty'}?`,
      'Everything in it now is replaced: accounts, OUs, policies, invitations. Export it first to keep it.', 'Reset', given.confirmed);
    await client.sendRequest(resetEmbeddedRequest, { seed });
    log.info(`Reset the embedded organization to ${seed}`);
    void vscode.window.showInformationMessage(`The embedded organization is reset to ${seed === 'sample' ? 'the sample organization' : 'empty'}.`);
  },

  'awsOrganizations.exportEmbedded': ({ client, explorer }) => async (arg?: unknown) => {
    checkEmbedded(explorer);
    const state = await client.sendRequest(exportEmbeddedRequest);
    const given = inputOf<{ uri: vscode.Uri | string; returnState: boolean }>(arg);
    if (given.returnState) return state;
    const uri = given.uri ? vscode.Uri.parse(String(given.uri)) : await vscode.window.showSaveDialog({
      title: 'Export the embedded organization', filters: { JSON: ['json'] }, defaultUri: vscode.Uri.file('organization.json'),
    });
    if (!uri) throw new vscode.CancellationError();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(state, null, 2)}\n`));
    log.info(`Exported the embedded organization to ${uri.toString()}`);
    void vscode.window.showInformationMessage(`Exported the embedded organization to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  },

  'awsOrganizations.importEmbedded': ({ client, explorer }) => async (arg?: unknown) => {
    checkEmbedded(explorer);
    const given = inputOf<{ uri: vscode.Uri | string; confirmed: boolean }>(arg);
    const uri = given.uri ? vscode.Uri.parse(String(given.uri)) : (await vscode.window.showOpenDialog({
      title: 'Import an organization exported before', filters: { JSON: ['json'] }, canSelectMany: false,
    }))?.[0];
    if (!uri) throw new vscode.CancellationError();
    let state: unknown;
    try {
      state = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch (error) {
      throw new Refusal('InvalidInputException', `${vscode.workspace.asRelativePath(uri)} is not JSON: ${error instanceof Error ? error.message : error}`);
    }
    await confirm(`Replace the embedded organization with ${vscode.workspace.asRelativePath(uri)}?`, 'Everything in it now is replaced. Export it first to keep it.', 'Import', given.confirmed);
    await client.sendRequest(importEmbeddedRequest, { state });
    log.info(`Imported the embedded organization from ${uri.toString()}`);
    void vscode.window.showInformationMessage(`The embedded organization now holds ${vscode.workspace.asRelativePath(uri)}.`);
  },
};
