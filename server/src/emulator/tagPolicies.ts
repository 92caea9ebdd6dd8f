/**
 * Tag policies applied to the resources the endpoint serves: enforcement of `enforced_for` on every call that sets
 * tags (ConstraintViolationException TAG_POLICY_VIOLATION), and the validation errors that keep an account's
 * effective tag policy from being enforced as written (ListAccountsWithInvalidEffectivePolicy,
 * ListEffectivePolicyValidationErrors). Any resource type can be enforced: a caller names the account that owns the
 * resource and its `service:resourceType` (Organizations' own through `enforceOrganizationsTagPolicy`).
 */
import type { EffectivePolicyValidationError, Tag } from '@aws-sdk/client-organizations';
import { enforcedForCovers, enforcedForPattern, isTagValuePattern, tagValueMatches } from '../aws/tagPolicies';
import type { Context } from './context';
import { accountEffectivePolicy, isObject, type AccountEffectivePolicy, type Json, type JsonObject } from './effectivePolicy';
import { constraintViolation } from './errors';

/** The fields a tag policy's entry may hold beside the inheritance operators. */
const entryFields = ['tag_key', 'tag_value', 'enforced_for', 'report_required_tag_for'];

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The effective policy's entry for a tag key (policy keys match tag keys ignoring case), with its policy key. */
function entryFor(tags: JsonObject, tagKey: string): [string, JsonObject] | undefined {
  const wanted = tagKey.toLowerCase();
  for (const [policyKey, entry] of Object.entries(tags)) {
    if (policyKey.toLowerCase() === wanted && isObject(entry)) return [policyKey, entry];
  }
  return undefined;
}

/**
 * Whether a tag complies with its entry: the key written as `tag_key` says (lowercase when it says nothing, the
 * default case treatment), and the value one of `tag_value`'s when the entry lists values.
 */
function complies(policyKey: string, entry: JsonObject, tag: Tag): boolean {
  const key = typeof entry.tag_key === 'string' ? entry.tag_key : policyKey.toLowerCase();
  if (tag.Key !== key) return false;
  return !Array.isArray(entry.tag_value) || strings(entry.tag_value).some((allowed) => tagValueMatches(allowed, tag.Value ?? ''));
}

/**
 * Refuses tags that the effective tag policy of `accountId` (the account owning the resource) enforces for
 * `resourceType` and that do not comply: ConstraintViolationException TAG_POLICY_VIOLATION. Tags whose key no
 * entry names, and entries not enforced for the type, only report compliance, as on AWS.
 */
export function enforceTagPolicy(ctx: Context, accountId: string, resourceType: string, tags: readonly Tag[]): void {
  if (!tags.length) return;
  const entries = accountEffectivePolicy(ctx, accountId, 'TAG_POLICY')?.policy.tags;
  if (!isObject(entries)) return;
  for (const tag of tags) {
    const found = entryFor(entries, tag.Key!);
    if (!found || !strings(found[1].enforced_for).some((entry) => enforcedForCovers(entry, resourceType))) continue;
    if (!complies(found[0], found[1], tag)) {
      throw constraintViolation('TAG_POLICY_VIOLATION', 'You attempted to create or update a resource with tags that are not compliant with the tag policy requirements for this account.');
    }
  }
}

/**
 * The resource types of Organizations that AWS lists among those supporting tag policy enforcement
 * (`organizations:account`, `ou`, `policy` and `root`; the resource policy is not listed), by the form of their ID.
 */
function organizationsResourceType(resourceId: string): string | undefined {
  if (resourceId.startsWith('r-')) return 'organizations:root';
  if (resourceId.startsWith('ou-')) return 'organizations:ou';
  if (resourceId.startsWith('p-')) return 'organizations:policy';
  return /^\d{12}$/.test(resourceId) ? 'organizations:account' : undefined;
}

/**
 * Enforces tag policies on tags set on an Organizations resource (an existing one, or `kind`'s new one). The
 * organization's resources belong to its management account (their ARNs name it), so its effective tag policy applies.
 */
export function enforceOrganizationsTagPolicy(ctx: Context, resource: string | { kind: 'account' | 'ou' | 'policy' }, tags: readonly Tag[]): void {
  const type = typeof resource === 'string' ? organizationsResourceType(resource) : `organizations:${resource.kind}`;
  if (type) enforceTagPolicy(ctx, ctx.requireOrganization().MasterAccountId, type, tags);
}

/** The policies on the chain whose documents set a field of an entry (policy keys compared ignoring case). */
function contributors(effective: AccountEffectivePolicy, policyKey: string, field: string): string[] {
  return effective.levels.flat().filter(({ document }) => {
    const entries = document.tags;
    if (!isObject(entries)) return false;
    return Object.entries(entries).some(([key, entry]) => key.toLowerCase() === policyKey.toLowerCase() && isObject(entry) && field in entry);
  }).map(({ id }) => id);
}

/**
 * The validation errors of an account's effective tag policy: what keeps it from being enforced as written (a
 * `tag_key` that is not the policy key, a value with two wildcards, an `enforced_for` that names no resource type,
 * a field tag policies do not have). AWS documents the error's shape but, beside its example ELEMENTS_TOO_MANY, not
 * its codes; these name the rule of the tag policy syntax that failed.
 */
export function tagPolicyValidationErrors(effective: AccountEffectivePolicy): EffectivePolicyValidationError[] {
  const errors: EffectivePolicyValidationError[] = [];
  const report = (policyKey: string, field: string, path: string, ErrorCode: string, ErrorMessage: string) =>
    errors.push({ ErrorCode, ErrorMessage, PathToError: path, ContributingPolicies: contributors(effective, policyKey, field) });
  const entries = effective.policy.tags;
  if (!isObject(entries)) return errors;
  for (const [policyKey, entry] of Object.entries(entries)) {
    if (!isObject(entry)) continue;
    const at = `tags.${policyKey}`;
    for (const field of Object.keys(entry)) {
      if (!entryFields.includes(field)) report(policyKey, field, `${at}.${field}`, 'INVALID_ELEMENT', `Tag policies have no element ${field}.`);
    }
    if ('tag_key' in entry && (typeof entry.tag_key !== 'string' || entry.tag_key.toLowerCase() !== policyKey.toLowerCase())) {
      report(policyKey, 'tag_key', `${at}.tag_key`, 'INVALID_TAG_KEY', `tag_key must be the policy key ${policyKey}, in any capitalization.`);
    }
    if ('tag_value' in entry) {
      if (!Array.isArray(entry.tag_value) || strings(entry.tag_value).length !== entry.tag_value.length) {
        report(policyKey, 'tag_value', `${at}.tag_value`, 'INVALID_TAG_VALUE', 'tag_value must be a list of strings.');
      } else {
        strings(entry.tag_value).forEach((value, index) => {
          if (!isTagValuePattern(value)) report(policyKey, 'tag_value', `${at}.tag_value[${index}]`, 'INVALID_TAG_VALUE', `The tag value ${value} has more than one * wildcard.`);
        });
      }
    }
    for (const field of ['enforced_for', 'report_required_tag_for']) {
      if (!(field in entry)) continue;
      const values = entry[field];
      if (!Array.isArray(values)) {
        report(policyKey, field, `${at}.${field}`, 'INVALID_RESOURCE_TYPE', `${field} must be a list of resource types.`);
        continue;
      }
      values.forEach((value, index) => {
        if (typeof value !== 'string' || !enforcedForPattern.test(value)) {
          report(policyKey, field, `${at}.${field}[${index}]`, 'INVALID_RESOURCE_TYPE', `${String(value)} is not service:resourceType, service:* or service:ALL_SUPPORTED.`);
        }
      });
    }
  }
  return errors;
}
