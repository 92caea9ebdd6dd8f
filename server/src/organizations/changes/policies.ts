/** The cache after changes to policies: created, updated, deleted, attached, detached, and policy types (as `emulator/operations/policies.ts`). */
import type { Policy, PolicyTargetSummary } from '@aws-sdk/client-organizations';
import { nodeName, targetType } from '../cache';
import { type ChangeRecorder, type ChangeTable, field } from './change';

/** An attachment added or removed: the policy's targets and the target's direct policies. */
const attachmentChanged: ChangeRecorder = async (change) => {
  const { cache } = change;
  const policyId = field(change.input, 'PolicyId')!;
  const targetId = field(change.input, 'TargetId')!;
  const summary = (await change.policy(policyId))?.PolicySummary;
  if (change.own) {
    const targetNode = cache.nodes.get(targetId);
    if (change.operation === 'DetachPolicy') {
      cache.pending.delete(`targets:${policyId}`, targetId);
      if (summary?.Type) cache.pending.delete(`${targetId}:${summary.Type}`, policyId);
    } else {
      const target: PolicyTargetSummary = {
        TargetId: targetId,
        ...(targetNode ? { Name: nodeName(targetNode), Type: targetType(targetNode) } : {}),
      };
      cache.pending.put(`targets:${policyId}`, targetId, { ...target });
      if (summary?.Type) cache.pending.put(`${targetId}:${summary.Type}`, policyId, { ...summary });
    }
  } else {
    cache.targets.delete(`targets:${policyId}`);
    cache.forgetDirectPolicies(targetId);
  }
  return { scopes: ['policies'], ids: [policyId, targetId] };
};

/** A policy created, updated or deleted: its content and its type's list. */
const policyChanged: ChangeRecorder = async (change) => {
  const { cache } = change;
  const policy = change.output.Policy as Policy | undefined;
  const policyId = field(change.input, 'PolicyId') ?? policy?.PolicySummary?.Id;
  const type = policy?.PolicySummary?.Type ?? (policyId ? (await change.policy(policyId))?.PolicySummary?.Type : undefined);
  const ids: string[] = [];
  if (policyId) {
    cache.policyContents.delete(policyId);
    if (policy) cache.policyContents.set(policyId, Promise.resolve(policy));
    if (type && change.own) {
      if (change.operation === 'DeletePolicy') cache.pending.delete(`policies:${type}`, policyId);
      else if (policy?.PolicySummary) cache.pending.put(`policies:${type}`, policyId, { ...policy.PolicySummary });
    }
    ids.push(policyId);
  }
  if (type && !change.own) cache.policyLists.delete(`policies:${type}`);
  if (!type) cache.policyLists.clear();
  return { scopes: ['policies'], ids };
};

/** A policy type enabled or disabled: the root's policy types and every attachment of that type changed. */
const policyTypeChanged: ChangeRecorder = ({ cache, input }) => {
  cache.roots = undefined;
  cache.nodes.forEach((node, id) => node.kind === 'root' && cache.nodes.delete(id));
  cache.directPolicies.clear();
  cache.targets.clear();
  cache.policyLists.clear();
  return { scopes: ['policies', 'organization'], ids: [field(input, 'RootId')!] };
};

export const policyChanges: ChangeTable = {
  CreatePolicy: policyChanged,
  UpdatePolicy: policyChanged,
  DeletePolicy: policyChanged,
  AttachPolicy: attachmentChanged,
  DetachPolicy: attachmentChanged,
  EnablePolicyType: policyTypeChanged,
  DisablePolicyType: policyTypeChanged,
};
