/**
 * What the organization model keeps of AWS's answers: each read's promise by key, the roots, OUs and accounts
 * found with their parents, and the pending edits of the user's own changes. The model fills it as it reads;
 * the change tables of `changes/` keep it true to every mutation.
 */
import type { Account, Handshake, Organization, OrganizationalUnit, Policy, PolicySummary, PolicyTargetSummary, Root, Tag, TargetType } from '@aws-sdk/client-organizations';
import type { OrganizationNode, TrustedService } from '../protocol';
import { PendingEdits } from './pending';

/** A parent's children as AWS lists them. */
export type Children = { organizationalUnits: OrganizationalUnit[]; accounts: Account[] };

export class ModelCache {
  organization?: Promise<Organization>;
  roots?: Promise<Root[]>;
  /** Children by parent ID. */
  readonly children = new Map<string, Promise<Children>>();
  readonly parentOf = new Map<string, string>();
  readonly nodes = new Map<string, OrganizationNode>();
  /** Policy lists by `policies:<type>`. */
  readonly policyLists = new Map<string, Promise<PolicySummary[]>>();
  /** Policies with their content, by policy ID. */
  readonly policyContents = new Map<string, Promise<Policy>>();
  /** A policy's targets by `targets:<policy ID>`. */
  readonly targets = new Map<string, Promise<PolicyTargetSummary[]>>();
  /** The policies attached to a target directly, by `<target ID>:<type>`. */
  readonly directPolicies = new Map<string, Promise<PolicySummary[]>>();
  readonly handshakeLists = new Map<string, Promise<Handshake[]>>();
  /** Tags by resource ID. */
  readonly tagLists = new Map<string, Promise<Tag[]>>();
  delegations?: Promise<TrustedService[]>;

  constructor(readonly pending: PendingEdits) {}

  /** Forgets a parent's children, so that the next read fetches them (and no stale child is found meanwhile). */
  forgetChildren(parentId: string): void {
    this.children.delete(parentId);
    this.nodes.forEach((node, id) => {
      if (node.kind === 'root' || node.parentId !== parentId) return;
      this.nodes.delete(id);
      this.parentOf.delete(id);
    });
  }

  /** Forgets the policies attached to a target directly, of every type. */
  forgetDirectPolicies(targetId: string): void {
    this.directPolicies.forEach((_value, key) => key.startsWith(`${targetId}:`) && this.directPolicies.delete(key));
  }

  /** Forgets everything, pending edits included (a connection switch, a new organization). */
  clear(): void {
    this.organization = undefined;
    this.roots = undefined;
    this.delegations = undefined;
    for (const cache of [this.handshakeLists, this.tagLists, this.children, this.parentOf, this.nodes, this.policyLists, this.policyContents, this.targets, this.directPolicies]) cache.clear();
    this.pending.clear();
  }
}

export function nodeId(node: OrganizationNode): string {
  return node.kind === 'root' ? node.root.Id! : node.kind === 'organizationalUnit' ? node.organizationalUnit.Id! : node.account.Id!;
}

export function nodeName(node: OrganizationNode): string {
  return (node.kind === 'root' ? node.root.Name : node.kind === 'organizationalUnit' ? node.organizationalUnit.Name : node.account.Name) ?? nodeId(node);
}

/** The `TargetType` of a root, OU or account. */
export function targetType(node: OrganizationNode): TargetType {
  return node.kind === 'root' ? 'ROOT' : node.kind === 'organizationalUnit' ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}
