/**
 * Commands on organizational units: create (parent from the tree or a picker, the name checked as typed,
 * AWS's depth limit of five levels checked before the call), rename, and delete (refused with the reason
 * while the OU still has OUs or accounts).
 */
import * as vscode from 'vscode';
import type { CreateOrganizationalUnitRequest, DeleteOrganizationalUnitRequest, Tag, UpdateOrganizationalUnitRequest } from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ancestorsRequest, childrenRequest, mutationRequest, nodeRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import { nameAndId } from '../tree/format';
import { CommandFactory } from './commands';
import { confirm } from './confirm';
import { MultiStepInput } from './multiStepInput';
import { hierarchyItems, idOrPick, inputOf, nameOf, nodeId } from './prompts';
import { check, problem } from './validation';

/** AWS's limit: five levels of OUs under a root. */
const MAX_OU_DEPTH = 5;

/** Whether a parent already has an OU with this name (AWS's DuplicateOrganizationalUnitException). */
async function siblingNamed(client: BaseLanguageClient, parentId: string, name: string): Promise<boolean> {
  let nextToken: string | undefined;
  do {
    const page = await client.sendRequest(childrenRequest, { parentId, nextToken });
    if (page.children.some((child) => child.kind === 'organizationalUnit' && child.organizationalUnit.Name === name)) return true;
    nextToken = page.nextToken;
  } while (nextToken);
  return false;
}

/** Refuses, before the call, an OU that would be more than five levels under its root. */
async function checkDepth(client: BaseLanguageClient, parentId: string): Promise<void> {
  if (parentId.startsWith('r-')) return;
  // The ancestors of an OU run from the root down to its parent: an OU right under the root has one.
  const parentDepth = (await client.sendRequest(ancestorsRequest, { id: parentId })).length;
  if (parentDepth + 1 > MAX_OU_DEPTH) {
    const message = `${await nameOf(client, parentId)} is already ${parentDepth} levels deep: AWS allows ${MAX_OU_DEPTH} levels of OUs under a root.`;
    throw new Refusal('ConstraintViolationException', message, 'OU_DEPTH_LIMIT_EXCEEDED');
  }
}

/** Validates an OU name as typed: AWS's length, and no sibling with the same name. */
function nameProblem(client: BaseLanguageClient, parentId: string | undefined, current?: string) {
  return async (name: string): Promise<string | undefined> =>
    problem('organizationalUnitName', 'An OU name', name)
    ?? (parentId && name !== current && (await siblingNamed(client, parentId, name)) ? `The parent already has an OU named ${name}.` : undefined);
}

export const organizationalUnitCommands: Record<string, CommandFactory> = {
  'awsOrganizations.createOrganizationalUnit': ({ client, explorer }) => async (arg?: unknown) => {
    const given = inputOf<CreateOrganizationalUnitRequest>(arg);
    const state: { ParentId?: string; Name?: string; Tags?: Tag[] } = { ParentId: nodeId(arg) ?? given.ParentId, Name: given.Name, Tags: given.Tags };
    const prompted = given.Name === undefined;
    await MultiStepInput.run('Create Organizational Unit', [
      {
        when: () => !state.ParentId,
        run: async (input) => {
          const [picked] = await input.showQuickPick({ placeholder: 'The root or OU to create the OU in', items: hierarchyItems(client, ['root', 'organizationalUnit']) });
          state.ParentId = picked.id;
        },
      },
      {
        when: () => prompted,
        run: async (input) => {
          state.Name = await input.showInputBox({ prompt: `The new OU's name (in ${state.ParentId})`, placeholder: 'Workloads', validate: nameProblem(client, state.ParentId) });
        },
      },
    ], state);
    const request: CreateOrganizationalUnitRequest = {
      ParentId: state.ParentId!, Name: check('organizationalUnitName', 'An OU name', state.Name), ...(state.Tags ? { Tags: state.Tags } : {}),
    };
    await checkDepth(client, state.ParentId!);
    const { OrganizationalUnit } = await client.sendRequest(mutationRequest('CreateOrganizationalUnit'), request);
    log.info(`Created the OU ${OrganizationalUnit?.Id} (${request.Name}) in ${request.ParentId}`);
    void vscode.window.showInformationMessage(`Created the OU ${nameAndId(OrganizationalUnit?.Name, OrganizationalUnit?.Id)}.`);
    explorer.reveal(OrganizationalUnit!.Id!).catch((error) => log.warn(`Could not reveal ${OrganizationalUnit?.Id}: ${error}`));
    return OrganizationalUnit;
  },

  'awsOrganizations.renameOrganizationalUnit': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<UpdateOrganizationalUnitRequest>(arg);
    const id = await idOrPick('Rename Organizational Unit', nodeId(arg) ?? given.OrganizationalUnitId, {
      placeholder: 'The OU to rename', items: hierarchyItems(client, ['organizationalUnit']),
    });
    const node = await client.sendRequest(nodeRequest, { id });
    const current = node?.kind === 'organizationalUnit' ? node.organizationalUnit.Name : undefined;
    const parentId = node?.kind === 'organizationalUnit' ? node.parentId : undefined;
    const name = given.Name ?? (await MultiStepInput.run<{ name?: string }>('Rename Organizational Unit', [{
      run: async (input, state) => {
        state.name = await input.showInputBox({ prompt: `The new name of ${nameAndId(current, id)}`, value: current, validate: nameProblem(client, parentId, current) });
      },
    }], {})).name;
    const { OrganizationalUnit } = await client.sendRequest(mutationRequest('UpdateOrganizationalUnit'), {
      OrganizationalUnitId: id, Name: check('organizationalUnitName', 'An OU name', name),
    });
    log.info(`Renamed the OU ${id} from ${current} to ${name}`);
    void vscode.window.showInformationMessage(`Renamed ${current ?? id} to ${name}.`);
    return OrganizationalUnit;
  },

  'awsOrganizations.deleteOrganizationalUnit': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<DeleteOrganizationalUnitRequest>(arg);
    const id = await idOrPick('Delete Organizational Unit', nodeId(arg) ?? given.OrganizationalUnitId, {
      placeholder: 'The OU to delete (it must be empty)', items: hierarchyItems(client, ['organizationalUnit']),
    });
    const name = await nameOf(client, id);
    const { children } = await client.sendRequest(childrenRequest, { parentId: id, pageSize: 1 });
    if (children.length) {
      const message = `${name} still has OUs or accounts: move or remove its accounts and delete its child OUs first.`;
      throw new Refusal('OrganizationalUnitNotEmptyException', message);
    }
    await confirm(`Delete the OU ${name}?`, 'The policies attached to it are detached. This cannot be undone.', 'Delete', given.confirmed);
    await client.sendRequest(mutationRequest('DeleteOrganizationalUnit'), { OrganizationalUnitId: id });
    log.info(`Deleted the OU ${id}`);
    void vscode.window.showInformationMessage(`Deleted the OU ${name}.`);
  },
};
