/**
 * Effective management policies (tag, backup, AI opt-out, chat, declarative, ...): the policies attached from
 * the root down to an account merged with AWS's inheritance operators. `@@assign` sets a value, `@@append`
 * and `@@remove` edit an inherited list, and `@@operators_allowed_for_child_policies` limits which operators
 * policies at lower levels may use on that setting and below (a lower level can only narrow it). Policies
 * attached at one level apply in attachment order; their child-control limits take effect from the next level
 * down. A change a limit forbids is ignored. The merge is pure, JSON in and JSON out; `accountEffectivePolicy`
 * reads an account's chain of policies from the organization.
 */
import type { PolicyType } from '@aws-sdk/client-organizations';
import type { Context } from './context';

export type Operator = '@@assign' | '@@append' | '@@remove';
const valueOperators: readonly Operator[] = ['@@assign', '@@append', '@@remove'];
const CHILD_CONTROL = '@@operators_allowed_for_child_policies';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A change that a child-control limit forbade (kept for explanations). */
export interface IgnoredChange {
  path: string[];
  operator: Operator;
  /** The index of the level (0 = root) of the policy that tried it. */
  level: number;
}

export interface EffectivePolicyResult {
  /** The effective policy, operators resolved; undefined when no policy applies. */
  policy: JsonObject | undefined;
  ignored: IgnoredChange[];
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The operators a `@@operators_allowed_for_child_policies` value allows. */
function allowedBy(value: Json): Set<Operator> {
  const names = (Array.isArray(value) ? value : [value]).map(String);
  if (names.includes('@@all')) return new Set(valueOperators);
  return new Set(valueOperators.filter((operator) => names.includes(operator)));
}

const key = (path: string[]): string => path.join('\u0000');

/** Merges policies level by level; `levels[0]` holds the root's policy documents in attachment order. */
export function mergeManagementPolicies(levels: readonly (readonly JsonObject[])[]): EffectivePolicyResult {
  const effective: JsonObject = {};
  const ignored: IgnoredChange[] = [];
  // Path → operators policies below the level that set the limit may still use.
  const limits = new Map<string, Set<Operator>>();
  let applied = false;

  const permitted = (path: string[], operator: Operator): boolean => {
    for (let length = 0; length <= path.length; length++) {
      const limit = limits.get(key(path.slice(0, length)));
      if (limit && !limit.has(operator)) return false;
    }
    return true;
  };

  levels.forEach((documents, level) => {
    const newLimits = new Map<string, Set<Operator>>();
    const visit = (node: JsonObject, target: JsonObject, path: string[]): void => {
      if (CHILD_CONTROL in node) {
        const allowed = allowedBy(node[CHILD_CONTROL]);
        const existing = newLimits.get(key(path));
        newLimits.set(key(path), existing ? new Set([...existing].filter((operator) => allowed.has(operator))) : allowed);
      }
      for (const [name, child] of Object.entries(node)) {
        if (name.startsWith('@@')) continue;
        const childPath = [...path, name];
        if (isObject(child) && valueOperators.some((operator) => operator in child)) {
          setting(child, target, name, childPath);
          if (CHILD_CONTROL in child) visit({ [CHILD_CONTROL]: child[CHILD_CONTROL] }, {}, childPath);
        } else if (isObject(child)) {
          const existing = target[name];
          const nested = isObject(existing) ? existing : {};
          visit(child, nested, childPath);
          if (Object.keys(nested).length || isObject(existing)) target[name] = nested;
        } else if (permitted(childPath, '@@assign')) {
          // A bare value is an assignment.
          target[name] = child;
        } else {
          ignored.push({ path: childPath, operator: '@@assign', level });
        }
      }
    };
    const setting = (node: JsonObject, target: JsonObject, name: string, path: string[]): void => {
      for (const operator of valueOperators) {
        if (!(operator in node)) continue;
        if (!permitted(path, operator)) {
          ignored.push({ path, operator, level });
          continue;
        }
        const value = node[operator];
        const current = target[name];
        if (operator === '@@assign') {
          target[name] = structuredClone(value);
        } else if (operator === '@@append') {
          const list = Array.isArray(current) ? [...current] : current === undefined ? [] : [current];
          for (const item of Array.isArray(value) ? value : [value]) if (!list.some((existing) => same(existing, item))) list.push(item);
          target[name] = list;
        } else if (Array.isArray(current)) {
          const removed = Array.isArray(value) ? value : [value];
          target[name] = current.filter((existing) => !removed.some((item) => same(existing, item)));
        }
      }
    };
    for (const document of documents) {
      applied = true;
      visit(document, effective, []);
    }
    // Limits from this level bind the levels below it, narrowing any inherited limit.
    for (const [path, allowed] of newLimits) {
      const inherited = limits.get(path);
      limits.set(path, inherited ? new Set([...inherited].filter((operator) => allowed.has(operator))) : allowed);
    }
  });
  return { policy: applied ? effective : undefined, ignored };
}

/** The policies of a type attached directly to a target, in attachment order. */
export function attachedOfType(ctx: Context, targetId: string, type: PolicyType): string[] {
  return ctx.attachments(targetId).filter((id) => ctx.policy(id)?.Type === type);
}

/** A policy on an account's chain: its ID and parsed document. */
export interface ChainPolicy {
  id: string;
  document: JsonObject;
}

export interface AccountEffectivePolicy {
  policy: JsonObject;
  content: string;
  /** When the latest policy on the chain was last updated. */
  updated: Date;
  /** The policies of the type attached from the root down to the account, level by level. */
  levels: ChainPolicy[][];
}

/** The effective policy of a type for an account, or undefined when the type is not enabled or no policy of it applies. */
export function accountEffectivePolicy(ctx: Context, accountId: string, type: PolicyType): AccountEffectivePolicy | undefined {
  if (!ctx.isPolicyTypeEnabled(type)) return undefined;
  let updated = 0;
  const levels = [...ctx.ancestors(accountId), accountId].map((targetId) => attachedOfType(ctx, targetId, type).map((id) => {
    const policy = ctx.policy(id)!;
    updated = Math.max(updated, Date.parse(policy.LastUpdatedTimestamp ?? '1970-01-01T00:00:00Z'));
    return { id, document: JSON.parse(policy.Content) as JsonObject };
  }));
  const { policy } = mergeManagementPolicies(levels.map((level) => level.map((attached) => attached.document)));
  return policy ? { policy, content: JSON.stringify(policy), updated: new Date(updated), levels } : undefined;
}
