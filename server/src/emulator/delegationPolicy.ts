/**
 * The organization's delegation resource policy (PutResourcePolicy): which member accounts may call which
 * Organizations actions, optionally limited to policy types with `organizations:PolicyType`. Validated as AWS
 * validates it on put, and evaluated for each call from an account that isn't the management account.
 */
import type { PolicyType } from '@aws-sdk/client-organizations';
import { isPartition } from '../aws/partition';
import { invalidInput } from './errors';
import { policyTypes } from './quotas';

/** The actions a delegation policy may grant (the Organizations user guide's list). */
export const delegableActions: readonly string[] = [
  'AttachPolicy', 'CreatePolicy', 'DeletePolicy', 'DescribeAccount', 'DescribeCreateAccountStatus', 'DescribeEffectivePolicy',
  'DescribeHandshake', 'DescribeOrganization', 'DescribeOrganizationalUnit', 'DescribePolicy', 'DescribeResourcePolicy',
  'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'ListAccounts', 'ListAccountsForParent',
  'ListAccountsWithInvalidEffectivePolicy', 'ListAWSServiceAccessForOrganization', 'ListChildren', 'ListCreateAccountStatus',
  'ListDelegatedAdministrators', 'ListDelegatedServicesForAccount', 'ListEffectivePolicyValidationErrors',
  'ListHandshakesForAccount', 'ListHandshakesForOrganization', 'ListOrganizationalUnitsForParent', 'ListParents',
  'ListPolicies', 'ListPoliciesForTarget', 'ListRoots', 'ListTagsForResource', 'ListTargetsForPolicy', 'TagResource',
  'UntagResource', 'UpdatePolicy',
];

/** What a policy grants one account for one action: everything, or only some policy types. */
export type Grant = 'all' | ReadonlySet<PolicyType>;

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `*` and `?` wildcards, case-insensitive (IAM action matching). */
export function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function statements(content: string): Statement[] {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    throw invalidInput('INVALID_RESOURCE_POLICY_JSON');
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw invalidInput('INVALID_RESOURCE_POLICY_JSON');
  }
  const items = list((document as { Statement?: unknown }).Statement);
  if (!items.length || items.some((item) => !item || typeof item !== 'object' || Array.isArray(item))) {
    throw invalidInput('INVALID_RESOURCE_POLICY_JSON');
  }
  return items as Statement[];
}

/** The account IDs a `Principal` names (`{"AWS": ...}` with account IDs or `arn:<partition>:iam::<id>:root`). */
function principals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (!principal || typeof principal !== 'object') return [];
  return list((principal as { AWS?: unknown }).AWS).map((value) => {
    const text = String(value);
    if (text === '*' || /^\d{12}$/.test(text)) return text;
    const [, partition, accountId] = /^arn:([a-z-]+):iam::(\d{12}):root$/.exec(text) ?? [];
    return partition && isPartition(partition) ? accountId : '';
  });
}

/** The policy types a statement's condition limits it to; undefined when it has no condition; null when unknown. */
function conditionTypes(condition: unknown): Set<PolicyType> | undefined | null {
  if (condition === undefined) return undefined;
  if (!condition || typeof condition !== 'object') return null;
  let types: Set<PolicyType> | undefined;
  for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
    if (!['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike'].includes(operator) || !keys || typeof keys !== 'object') return null;
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
      if (key.toLowerCase() !== 'organizations:policytype') return null;
      const patterns = list(values).map((value) => (operator.endsWith('Like') ? wildcard(String(value)) : new RegExp(`^${String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));
      const matching = new Set(policyTypes.filter((type) => patterns.some((pattern) => pattern.test(type))));
      types = types ? new Set([...types].filter((type) => matching.has(type))) : matching;
    }
  }
  return types;
}

/** Checks a delegation policy as PutResourcePolicy does; throws `InvalidInputException` with AWS's reasons. */
export function validateDelegationPolicy(content: string): void {
  for (const statement of statements(content)) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw invalidInput('INVALID_RESOURCE_POLICY_JSON');
    }
    const named = principals(statement.Principal);
    if (!named.length || named.includes('')) throw invalidInput('INVALID_PRINCIPAL');
    const actions = list(statement.Action);
    if (!actions.length) throw invalidInput('INVALID_RESOURCE_POLICY_JSON');
    for (const action of actions) {
      const text = String(action);
      const [service, name] = text.includes(':') ? text.split(/:(.*)/s) : ['', ''];
      const matcher = wildcard(name);
      if (service.toLowerCase() !== 'organizations' || !delegableActions.some((candidate) => matcher.test(candidate))) {
        throw invalidInput('UNSUPPORTED_ACTION_IN_RESOURCE_POLICY');
      }
    }
    for (const resource of list(statement.Resource)) {
      const text = String(resource);
      if (text !== '*' && !isPartition(/^arn:([a-z-]+):organizations::/.exec(text)?.[1] ?? '')) {
        throw invalidInput('UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY');
      }
    }
    const condition = statement.Condition;
    if (condition && typeof condition === 'object') {
      for (const keys of Object.values(condition as Record<string, unknown>)) {
        if (!keys || typeof keys !== 'object') continue;
        for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
          if (key.toLowerCase() !== 'organizations:policytype') continue;
          for (const value of list(values)) {
            if (!String(value).includes('*') && !(policyTypes as readonly string[]).includes(String(value))) {
              throw invalidInput('UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY');
            }
          }
        }
      }
    }
  }
}

/**
 * What a (valid) delegation policy grants an account for an action: Deny statements win, conditions other
 * than `organizations:PolicyType` make an Allow not apply and a Deny apply (the safe reading).
 */
export function delegationGrant(content: string, accountId: string, action: string): Grant | undefined {
  const allowed = new Set<PolicyType>();
  const denied = new Set<PolicyType>();
  let allowAll = false;
  let denyAll = false;
  for (const statement of statements(content)) {
    const named = principals(statement.Principal);
    if (!named.includes(accountId) && !named.includes('*')) continue;
    const matches = list(statement.Action).some((value) => {
      const [service, name] = String(value).split(/:(.*)/s);
      return service?.toLowerCase() === 'organizations' && name !== undefined && wildcard(name).test(action);
    });
    if (!matches) continue;
    const types = conditionTypes(statement.Condition);
    if (statement.Effect === 'Allow') {
      if (types === undefined) allowAll = true;
      else if (types) types.forEach((type) => allowed.add(type));
    } else if (statement.Effect === 'Deny') {
      if (types === undefined || types === null) denyAll = true;
      else types.forEach((type) => denied.add(type));
    }
  }
  if (denyAll) return undefined;
  if (allowAll && !denied.size) return 'all';
  const granted = new Set(allowAll ? policyTypes : allowed);
  denied.forEach((type) => granted.delete(type));
  return granted.size ? granted : undefined;
}
