/**
 * What the commands share to get their arguments: the node a menu passed or the input object a caller
 * passed, AWS's field rules checked as the user types, and the pickers of roots, OUs, accounts, policies
 * and invitations, filled from the server's view of the organization.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { Handshake, PolicySummary, PolicyType } from '@aws-sdk/client-organizations';
import {
  OrganizationNode, findRequest, nodeRequest, handshakesRequest, policiesRequest, policyTypesRequest, rootsRequest,
} from '../../../server/src/protocol';
import { nameAndId, policyTypeName, words } from '../tree/format';
import { ExplorerNode } from '../tree/node';
import { MultiStepInput, QuickPickOptions } from './multiStepInput';

/** The AWS ID of a node a menu passed, or undefined when the argument is not a node. */
export function nodeId(arg: unknown): string | undefined {
  return arg instanceof ExplorerNode ? arg.awsId : undefined;
}

/** The input object a caller passed (tests, tasks, other extensions), or an empty one for a node or nothing. */
export function inputOf<T extends object>(arg: unknown): Partial<T> & { confirmed?: boolean } {
  return arg && typeof arg === 'object' && !(arg instanceof ExplorerNode) ? arg as Partial<T> : {};
}

export type IdItem = vscode.QuickPickItem & { id: string };

const hierarchyIcons = { root: '$(root-folder)', organizationalUnit: '$(folder)', account: '$(account)' } as const;

/** A root, OU or account as a quick pick item. */
function hierarchyItem(node: OrganizationNode): IdItem {
  switch (node.kind) {
    case 'root':
      return { id: node.root.Id!, label: `${hierarchyIcons.root} ${nameAndId(node.root.Name, node.root.Id)}` };
    case 'organizationalUnit':
      return { id: node.organizationalUnit.Id!, label: `${hierarchyIcons.organizationalUnit} ${nameAndId(node.organizationalUnit.Name, node.organizationalUnit.Id)}` };
    case 'account':
      return { id: node.account.Id!, label: `${hierarchyIcons.account} ${nameAndId(node.account.Name, node.account.Id)}`, description: node.account.Email };
  }
}

/** The organization's roots, OUs and/or accounts, for a picker. */
export async function hierarchyItems(client: BaseLanguageClient, kinds: OrganizationNode['kind'][]): Promise<IdItem[]> {
  const [roots, found] = await Promise.all([
    kinds.includes('root') ? client.sendRequest(rootsRequest) : [],
    kinds.some((kind) => kind !== 'root') ? client.sendRequest(findRequest, { query: '', limit: 100_000 }) : [],
  ]);
  return [
    ...roots.map((root) => hierarchyItem({ kind: 'root', root })),
    ...found.filter((node) => kinds.includes(node.kind)).map(hierarchyItem),
  ];
}

/** The policies of the enabled types (or of one type), for a picker. */
export async function policyItems(client: BaseLanguageClient, type?: PolicyType): Promise<(IdItem & { policy: PolicySummary })[]> {
  const types = type ? [type] : (await client.sendRequest(policyTypesRequest)).filter((info) => info.status === 'ENABLED').map((info) => info.type);
  const lists = await Promise.all(types.map((policyType) => client.sendRequest(policiesRequest, { type: policyType })));
  return lists.flat().map((policy) => ({
    id: policy.Id!, policy, label: nameAndId(policy.Name, policy.Id), description: policyTypeName(policy.Type), detail: policy.Description,
  }));
}

/** The handshakes in one of `states`, for a picker. */
export async function handshakeItems(client: BaseLanguageClient, states: string[]): Promise<(IdItem & { handshake: Handshake })[]> {
  const handshakes = await client.sendRequest(handshakesRequest);
  return handshakes.filter((handshake) => states.includes(handshake.State ?? '')).map((handshake) => ({
    id: handshake.Id!,
    handshake,
    label: `${handshake.Action} ${handshake.Id}`,
    description: handshake.Parties?.map((party) => `${party.Type}: ${party.Id}`).join(' → '),
    detail: words(handshake.State),
  }));
}

/** An ID taken from the argument (node or input field), or picked by the user when there is none. */
export async function idOrPick(title: string, given: string | undefined, options: QuickPickOptions<IdItem>): Promise<string> {
  if (given) return given;
  const { picked } = await MultiStepInput.run<{ picked?: string }>(title, [{
    run: async (input, state) => { state.picked = (await input.showQuickPick(options))[0].id; },
  }], {});
  return picked!;
}

/** The `Name (ID)` of a root, OU or account, or its ID when the organization has no such node. */
export async function nameOf(client: BaseLanguageClient, id: string): Promise<string> {
  const node = await client.sendRequest(nodeRequest, { id });
  if (!node) return id;
  const name = node.kind === 'root' ? node.root.Name : node.kind === 'organizationalUnit' ? node.organizationalUnit.Name : node.account.Name;
  return nameAndId(name, id);
}
