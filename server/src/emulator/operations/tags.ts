/** Tags on roots, OUs, accounts, policies and the resource policy: tag, untag, list, within the quota and the tag policies. */
import type { ListTagsForResourceResponse, Tag } from '@aws-sdk/client-organizations';
import type { Context } from '../context';
import { constraintViolation, invalidInput, notFound } from '../errors';
import { patterns, rules } from '../../aws/inputRules';
import { type Input } from '../input';
import { managedPolicy } from '../managedPolicies';
import { operation } from '../operation';
import { page } from '../paging';
import { SINGLE } from '../state';
import { enforceOrganizationsTagPolicy } from '../tagPolicies';

/** A taggable resource that exists; policies also need the caller's grant for their type. */
function requireResource(ctx: Context, input: Input): string {
  // A malformed ResourceId is INVALID_PATTERN, answered with that reason's sentence, as recorded answers of
  // TagResource, UntagResource and ListTagsForResource show (it is no policy target, so not INVALID_PATTERN_TARGET_ID).
  const id = input.string('ResourceId', { pattern: patterns.taggableResourceId });
  let exists: boolean;
  if (id.startsWith('p-')) {
    const policy = ctx.policy(id);
    if (policy) ctx.authorizePolicyType(policy.Type);
    if (managedPolicy(id)) throw invalidInput('IMMUTABLE_POLICY');
    exists = policy !== undefined;
  } else if (id.startsWith('rp-')) {
    exists = ctx.tx.get('resourcePolicy', SINGLE)?.Id === id;
  } else {
    exists = ctx.isTarget(id);
  }
  if (!exists) throw notFound('TargetNotFoundException');
  return id;
}

/** Refuses more tags than a resource may have. */
function checkTagQuota(ctx: Context, tags: readonly Tag[]): void {
  if (tags.length > ctx.quotas.tagsPerResource) {
    throw constraintViolation('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
  }
}

/** Refuses the tags of a request that creates a resource: more than the quota, or not compliant with an enforced tag policy. */
export function checkNewTags(ctx: Context, kind: 'account' | 'ou' | 'policy', tags: readonly Tag[]): void {
  checkTagQuota(ctx, tags);
  enforceOrganizationsTagPolicy(ctx, { kind }, tags);
}

/** Sets a resource's tags, within the per-resource quota. */
export function putTags(ctx: Context, resourceId: string, tags: Tag[]): void {
  checkTagQuota(ctx, tags);
  if (tags.length) ctx.tx.put('tags', resourceId, tags);
  else if (ctx.tx.get('tags', resourceId)) ctx.tx.delete('tags', resourceId);
}

export const tagOperations = {
  TagResource: operation('policyManagers', (ctx, input) => {
    const tags = input.tags();
    const id = requireResource(ctx, input);
    enforceOrganizationsTagPolicy(ctx, id, tags);
    const merged = new Map((ctx.tx.get('tags', id) ?? []).map((tag) => [tag.Key!, tag]));
    for (const tag of tags) merged.set(tag.Key!, tag);
    putTags(ctx, id, [...merged.values()]);
    return {};
  }),

  UntagResource: operation('policyManagers', (ctx, input) => {
    const keys = input.stringList('TagKeys', rules.tagKey);
    const id = requireResource(ctx, input);
    putTags(ctx, id, (ctx.tx.get('tags', id) ?? []).filter((tag) => !keys.includes(tag.Key!)));
    return {};
  }),

  ListTagsForResource: operation('readers', (ctx, input): ListTagsForResourceResponse => {
    const id = requireResource(ctx, input);
    const { items, NextToken } = page('ListTagsForResource', input, ctx.tx.get('tags', id) ?? []);
    return { Tags: items.map((tag) => ({ ...tag })), NextToken };
  }),
};
