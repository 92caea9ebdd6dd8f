/**
 * What the commands share to get their arguments: the node a menu passed or the input object a caller
 * passed, AWS's field rules checked as the user types, and the pickers of roots, OUs, accounts, policies
 * and invitations, filled from the server's view of the organization.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { Handshake, PolicySummary, PolicyType } from '@aws-sdk/client-organizations';
import {
  OrganizationNode, ancestorsRequest, findRequest, nodeRequest, handshakesRequest, policiesRequest, policyTypesRequest, rootsRequest,
} from '../../../server/src/protocol';
import { nameAndId, policyTypeName, words } from '../tree/format';
import { ExplorerNode } from '../tree/node';
import { handshakeDirection, type HandshakeDirection } from '../handshakes';
import { Place, inTreeOrder, nameOf as nameOfNode, placeName } from './hierarchy';
import { MultiStepInput, QuickPickOptions } from './multiStepInput';

/** The AWS ID of a node a menu passed, or undefined when the argument is not a node. */
export function nodeId(arg: unknown): string | undefined {
  return arg instanceof ExplorerNode ? arg.awsId : undefined;
}

/** The input object a caller passed (tests, tasks, other extensions), or an empty one for a node or nothing. */
export function inputOf<T extends object>(arg: unknown): Partial<T> & { confirmed?: boolean } {
  return arg && typeof arg === 'object' && !(arg instanceof ExplorerNode) ? arg as Partial<T> : {};
}

/** A choice of a picker: the AWS ID it stands for; `unavailable` says why it cannot be chosen (it is shown, and refused with that reason). */
export type IdItem = vscode.QuickPickItem & { id: string; unavailable?: string };

const hierarchyIcons = { root: '$(root-folder)', organizationalUnit: '$(folder)', account: '$(account)' } as const;

/** A root, OU or account as a quick pick item: its name, then where it is and its ID. */
function placeItem(place: Place): IdItem {
  const { node } = place;
  const where = node.kind === 'account' ? [place.id, node.account.Email, place.path ? `in ${place.path}` : 'in the root'] : node.kind === 'organizationalUnit' ? [place.path, place.id] : [place.id];
  return { id: place.id, label: `${hierarchyIcons[node.kind]} ${place.name || place.id}`, description: where.filter(Boolean).join(' · ') };
}

/** Every root, OU and account in the tree's order, with their paths. */
export async function places(client: BaseLanguageClient): Promise<Place[]> {
  const [roots, found] = await Promise.all([client.sendRequest(rootsRequest), client.sendRequest(findRequest, { query: '', limit: 100_000 })]);
  return inTreeOrder(roots, found);
}

export interface HierarchyChoices {
  /** Places left out of the picker altogether. */
  leaveOut?: (place: Place) => boolean;
  /** Why a place cannot be chosen: it is listed after the others, under "Not available", with the reason. */
  unavailable?: (place: Place) => string | undefined;
}

/** The organization's roots, OUs and/or accounts for a picker, in the tree's order; those that cannot be chosen last, with the reason. */
export async function hierarchyItems(client: BaseLanguageClient, kinds: OrganizationNode['kind'][], choices: HierarchyChoices = {}): Promise<IdItem[]> {
  const available: IdItem[] = [];
  const unavailable: IdItem[] = [];
  for (const place of await places(client)) {
    if (!kinds.includes(place.node.kind) || choices.leaveOut?.(place)) continue;
    const reason = choices.unavailable?.(place);
    if (reason) unavailable.push({ ...placeItem(place), unavailable: reason, detail: `$(circle-slash) ${reason}` });
    else available.push(placeItem(place));
  }
  return unavailable.length ? [...available, { id: '', label: 'Not available', kind: vscode.QuickPickItemKind.Separator }, ...unavailable] : available;
}

/** The policies of the enabled types (or of one type), for a picker. */
export async function policyItems(client: BaseLanguageClient, type?: PolicyType): Promise<(IdItem & { policy: PolicySummary })[]> {
  const types = type ? [type] : (await client.sendRequest(policyTypesRequest)).filter((info) => info.status === 'ENABLED').map((info) => info.type);
  const lists = await Promise.all(types.map((policyType) => client.sendRequest(policiesRequest, { type: policyType })));
  return lists.flat().map((policy) => ({
    id: policy.Id!, policy, label: nameAndId(policy.Name, policy.Id), description: policyTypeName(policy.Type), detail: policy.Description,
  }));
}

/**
 * The handshakes in one of `states`, for a picker; with `side`, those the connection (acting as `callerAccountId`) is
 * not on that side of are shown but refused: only the recipient answers a handshake, only its sender cancels it.
 */
export async function handshakeItems(client: BaseLanguageClient, states: string[], side?: { direction: HandshakeDirection; callerAccountId: string | undefined }): Promise<(IdItem & { handshake: Handshake })[]> {
  const handshakes = await client.sendRequest(handshakesRequest);
  const items = handshakes.filter((handshake) => states.includes(handshake.State ?? '')).map((handshake) => {
    const direction = side && handshakeDirection(handshake, side.callerAccountId);
    const unavailable = !side || direction === side.direction ? undefined
      : direction === 'sent' ? 'sent by this organization: only the invited account can answer it' : 'received: only the organization that sent it can cancel it';
    return {
      id: handshake.Id!,
      handshake,
      label: `${handshake.Action} ${handshake.Id}`,
      description: handshake.Parties?.map((party) => `${party.Type}: ${party.Id}`).join(' → '),
      detail: unavailable ? `$(circle-slash) ${unavailable.replace(/^./, (first) => first.toUpperCase())}` : words(handshake.State),
      ...(unavailable ? { unavailable } : {}),
    };
  });
  return availableFirst(items);
}

/** Items that can be chosen first, then those that cannot (with the reason), as a picker shows them. */
export function availableFirst<T extends { unavailable?: string }>(items: T[]): T[] {
  return [...items.filter((item) => !item.unavailable), ...items.filter((item) => item.unavailable)];
}

/** An ID taken from the argument (node or input field), or picked by the user when there is none. */
export async function idOrPick(title: string, given: string | undefined, options: QuickPickOptions<IdItem>): Promise<string> {
  return given ?? (await idsOrPick(title, undefined, options))[0];
}

/** IDs taken from the argument, or picked by the user (several when the picker allows it). */
export async function idsOrPick(title: string, given: readonly string[] | undefined, options: QuickPickOptions<IdItem>): Promise<string[]> {
  if (given?.length) return [...given];
  const { picked } = await MultiStepInput.run<{ picked?: string[] }>(title, [{
    run: async (input, state) => { state.picked = (await input.showQuickPick(options)).map((item) => item.id); },
  }], {});
  return picked!;
}

/** How prompts and messages name a root, OU or account: `Root`, `Prod (Workloads/Prod)`, `Dev (222222222222)`; its ID when the organization has no such node. */
export async function nameOf(client: BaseLanguageClient, id: string): Promise<string> {
  const [node, ancestors] = await Promise.all([client.sendRequest(nodeRequest, { id }), client.sendRequest(ancestorsRequest, { id }).catch(() => [])]);
  if (!node) return id;
  const units = [...ancestors, node].filter((ancestor) => ancestor.kind === 'organizationalUnit').map(nameOfNode);
  return placeName({ node, id, name: nameOfNode(node), path: units.join('/') });
}
