/**
 * The organization's roots, OUs and accounts in the order the Organization view shows them (depth first, OUs
 * before accounts, each by name), with each one's path of OU names, so that pickers read like the tree and
 * prompts name places as people do: "Prod (Workloads/Prod)", not "ou-svn3-317nltv0". No VS Code API.
 */
import type { Root } from '@aws-sdk/client-organizations';
import type { OrganizationNode } from '../../../server/src/protocol';

/** A root, OU or account with where it sits. */
export interface Place {
  node: OrganizationNode;
  id: string;
  name: string;
  /** How many levels below its root (the root is 0). */
  depth: number;
  /** The names of the OUs from the root down to this one, itself included for an OU (`Workloads/Prod`); empty for the root and its accounts. */
  path: string;
}

export function idOf(node: OrganizationNode): string {
  return (node.kind === 'root' ? node.root.Id : node.kind === 'organizationalUnit' ? node.organizationalUnit.Id : node.account.Id) ?? '';
}

export function nameOf(node: OrganizationNode): string {
  return (node.kind === 'root' ? node.root.Name : node.kind === 'organizationalUnit' ? node.organizationalUnit.Name : node.account.Name) ?? '';
}

const byName = (a: OrganizationNode, b: OrganizationNode) => nameOf(a).localeCompare(nameOf(b)) || idOf(a).localeCompare(idOf(b));

/** The roots and every OU and account below them, in the tree's order. */
export function inTreeOrder(roots: readonly Root[], nodes: readonly OrganizationNode[]): Place[] {
  const children = new Map<string, OrganizationNode[]>();
  for (const node of nodes) {
    if (node.kind === 'root') continue;
    const siblings = children.get(node.parentId);
    if (siblings) siblings.push(node);
    else children.set(node.parentId, [node]);
  }
  const places: Place[] = [];
  const visit = (node: OrganizationNode, depth: number, parentPath: string) => {
    const name = nameOf(node);
    const path = node.kind === 'organizationalUnit' ? (parentPath ? `${parentPath}/${name}` : name) : parentPath;
    places.push({ node, id: idOf(node), name, depth, path });
    const below = children.get(idOf(node)) ?? [];
    const units = below.filter((child) => child.kind === 'organizationalUnit').sort(byName);
    const accounts = below.filter((child) => child.kind === 'account').sort(byName);
    for (const child of [...units, ...accounts]) visit(child, depth + 1, path);
  };
  for (const root of roots) visit({ kind: 'root', root }, 0, '');
  return places;
}

/** How a prompt names a place: `Root`, `Security`, `Prod (Workloads/Prod)`, `Dev (222222222222)`. */
export function placeName(place: Pick<Place, 'node' | 'name' | 'path' | 'id'>): string {
  if (place.node.kind === 'root') return place.name || 'Root';
  if (place.node.kind === 'organizationalUnit') return place.path === place.name ? place.name : `${place.name} (${place.path})`;
  return place.name ? `${place.name} (${place.id})` : place.id;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
