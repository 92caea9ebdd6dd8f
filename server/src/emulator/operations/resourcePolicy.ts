/** The delegation resource policy: PutResourcePolicy, DescribeResourcePolicy, DeleteResourcePolicy. */
import type { DescribeResourcePolicyResponse, PutResourcePolicyResponse } from '@aws-sdk/client-organizations';
import type { Context } from '../context';
import { validateDelegationPolicy } from '../delegationPolicy';
import { notFound } from '../errors';
import { operation } from '../operation';
import { SINGLE, type ResourcePolicyRecord } from '../state';
import { putTags } from './tags';

function view(ctx: Context, policy: ResourcePolicyRecord) {
  return { ResourcePolicySummary: { Id: policy.Id, Arn: ctx.arn(policy.Id) }, Content: policy.Content };
}

function requireResourcePolicy(ctx: Context): ResourcePolicyRecord {
  const policy = ctx.tx.get('resourcePolicy', SINGLE);
  if (!policy) throw notFound('ResourcePolicyNotFoundException');
  return policy;
}

export const resourcePolicyOperations = {
  PutResourcePolicy: operation('management', (ctx, input): PutResourcePolicyResponse => {
    const content = input.string('Content', { min: 1, max: ctx.quotas.resourcePolicySize });
    const tags = input.optionalTags();
    ctx.requireAllFeatures();
    validateDelegationPolicy(content);
    const existing = ctx.tx.get('resourcePolicy', SINGLE);
    const policy = { Id: existing?.Id ?? ctx.newId('resourcePolicy'), Content: content };
    ctx.tx.put('resourcePolicy', SINGLE, policy);
    if (tags) putTags(ctx, policy.Id, tags);
    return { ResourcePolicy: view(ctx, policy) };
  }),

  DescribeResourcePolicy: operation('readers', (ctx): DescribeResourcePolicyResponse => ({ ResourcePolicy: view(ctx, requireResourcePolicy(ctx)) })),

  DeleteResourcePolicy: operation('management', (ctx) => {
    const policy = requireResourcePolicy(ctx);
    ctx.tx.delete('resourcePolicy', SINGLE);
    putTags(ctx, policy.Id, []);
    return {};
  }),
};
