/**
 * What one change to the organization does to the model's cache: each operation family's table (mirroring
 * `emulator/operations/`) maps an operation to a recorder that updates the cache and says what changed. Changes
 * made here become pending edits (shown at once, kept while AWS's reads lag); changes made elsewhere (the AWS CLI,
 * another window) drop the cached entries they touch.
 */
import type { Policy, Root } from '@aws-sdk/client-organizations';
import type { OperationName } from '../../emulator/engine';
import type { OrganizationScope } from '../../protocol';
import type { ModelCache } from '../cache';

/** A successful operation, as the recorders see it. */
export interface Change {
  operation: OperationName;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  /** True for this connection's own change; false for one made elsewhere. */
  own: boolean;
  cache: ModelCache;
  /** The roots, from the cache or from AWS. */
  roots(): Promise<Root[]>;
  /** A policy, from the cache or from AWS; undefined when it is gone. */
  policy(policyId: string): Promise<Policy | undefined>;
}

/** What a change changed: the parts of the organization, and the nodes (absent: any node may have). */
export interface Changed {
  scopes: OrganizationScope[];
  ids?: string[];
}

/** Applies one change to the cache; undefined when the change changed nothing the model shows. */
export type ChangeRecorder = (change: Change) => Changed | undefined | Promise<Changed | undefined>;

/** The recorders of one family of operations. */
export type ChangeTable = Partial<Record<OperationName, ChangeRecorder>>;

/** A string field of an operation's input or output. */
export function field(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

/** The parent whose children changed, to redraw; a change made elsewhere also drops its cached children. */
export function changedParent(change: Change, parentId: string | undefined): string[] {
  if (!parentId) return [];
  if (!change.own) change.cache.forgetChildren(parentId);
  return [parentId];
}

/** The roots' children changed (an account joined): every cached root forgets them. */
export function rootsChanged(change: Change, roots: readonly Root[]): string[] {
  for (const root of roots) change.cache.forgetChildren(root.Id!);
  return roots.map((root) => root.Id!);
}

/** An OU deleted, or an account removed: it leaves its parent's list. */
export function removedFromParent(change: Change, list: 'ous' | 'accounts', id: string): Changed {
  const { cache } = change;
  const parentId = cache.parentOf.get(id);
  if (change.own && parentId) {
    cache.pending.delete(`${list}:${parentId}`, id);
    cache.nodes.delete(id);
    cache.parentOf.delete(id);
  }
  return { scopes: ['hierarchy'], ids: [id, ...changedParent(change, parentId)] };
}

/** Every part of the organization, for a change after which nothing cached holds. */
export const everyScope: OrganizationScope[] = ['organization', 'hierarchy', 'policies', 'handshakes', 'trustedServices'];

/** A change after which nothing cached holds (an organization created, deleted or left, all features enabled). */
export const reloadsEverything: ChangeRecorder = ({ cache }) => {
  cache.clear();
  return { scopes: everyScope };
};

/** A change to something the model does not cache (the resource policy, responsibility transfers). */
export const changesNothingShown: ChangeRecorder = () => undefined;
