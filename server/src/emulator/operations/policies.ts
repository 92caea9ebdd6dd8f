/**
 * Organization policies of every type: create, describe, update, delete, list, attach and detach, enable and
 * disable a type on the root, and effective management policies. FullAWSAccess and RCPFullAWSAccess are
 * attached to every root, OU and account while their type is enabled.
 */
import type {
  AttachPolicyRequest,
  CreatePolicyResponse,
  DescribeEffectivePolicyResponse,
  DescribePolicyResponse,
  DisablePolicyTypeResponse,
  EffectivePolicyType,
  EffectivePolicyValidationError,
  EnablePolicyTypeResponse,
  ListAccountsWithInvalidEffectivePolicyResponse,
  ListEffectivePolicyValidationErrorsResponse,
  ListPoliciesForTargetResponse,
  ListPoliciesResponse,
  ListTargetsForPolicyResponse,
  PolicyTargetSummary,
  PolicyType,
} from '@aws-sdk/client-organizations';
import type { Context } from '../context';
import { accessDenied, constraintViolation, invalidInput, notFound, OrganizationsError } from '../errors';
import { accountEffectivePolicy, attachedOfType } from '../effectivePolicy';
import { rules } from '../../aws/inputRules';
import { type Input } from '../input';
import { defaultPolicyFor, managedPolicies, managedPolicy } from '../managedPolicies';
import { operation } from '../operation';
import { page } from '../paging';
import { policyTypes } from '../quotas';
import { serviceForPolicyType } from '../../aws/servicePrincipals';
import type { PolicyRecord, RootRecord } from '../state';
import { tagPolicyValidationErrors } from '../tagPolicies';
import { checkNewTags } from './tags';

/** The management policy types (those with effective policies). */
export const effectivePolicyTypes = policyTypes.filter(
  (type) => type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY',
) as EffectivePolicyType[];

function readType(input: Input, name: string): PolicyType {
  return input.enum(name, policyTypes, 'INVALID_ENUM_POLICY_TYPE');
}

/** Policy types exist only in an organization with all features. */
function requireAllFeatures(ctx: Context): void {
  if (ctx.requireOrganization().FeatureSet !== 'ALL') {
    throw new OrganizationsError('PolicyTypeNotAvailableForOrganizationException', "You can't use organization policies in an organization that has only consolidated billing features.");
  }
}

function requireCustomerPolicy(ctx: Context, id: string): PolicyRecord {
  const policy = ctx.requirePolicy(id);
  ctx.authorizePolicyType(policy.Type);
  if (managedPolicy(id)) throw invalidInput('IMMUTABLE_POLICY');
  return policy;
}

/** The API reference's sentence for a policy type the root has not enabled. */
function policyTypeNotEnabled(): OrganizationsError {
  return new OrganizationsError('PolicyTypeNotEnabledException', "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.");
}

function malformed(message: string): OrganizationsError {
  return new OrganizationsError('MalformedPolicyDocumentException', `The provided policy document does not meet the requirements of the specified policy type. ${message}`);
}

/** Checks a policy document's size (whitespace counted) and the syntax rules of its type. */
function checkContent(ctx: Context, type: PolicyType, content: string): void {
  if (content.length > ctx.quotas.policySize[type]) {
    throw constraintViolation('POLICY_CONTENT_LIMIT_EXCEEDED', `The policy is larger than the maximum size of ${ctx.quotas.policySize[type]} characters for ${type}.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    throw malformed('The policy is not valid JSON.');
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw malformed('The policy must be a JSON object.');
  if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') return;
  const { Version, Statement } = document as { Version?: unknown; Statement?: unknown };
  if (Version !== '2012-10-17') throw malformed('The Version element must be "2012-10-17".');
  const statements = Array.isArray(Statement) ? Statement : [Statement];
  if (Statement === undefined || !statements.length) throw malformed('The policy needs a Statement.');
  for (const statement of statements as Record<string, unknown>[]) {
    if (!statement || typeof statement !== 'object' || (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')) {
      throw malformed('Each statement needs an Effect of Allow or Deny.');
    }
    if (type === 'SERVICE_CONTROL_POLICY' && ('Principal' in statement || 'NotPrincipal' in statement)) {
      throw malformed('Service control policies don\'t support Principal or NotPrincipal.');
    }
    if (type === 'RESOURCE_CONTROL_POLICY' && statement.Effect === 'Allow') {
      throw malformed('The effect of Allow is only supported for the RCPFullAWSAccess policy.');
    }
  }
}

function checkUniqueName(ctx: Context, type: PolicyType, name: string, except?: string): void {
  const taken = [...managedPolicies, ...ctx.tx.values('policies')].some((policy) => policy.Type === type && policy.Name === name && policy.Id !== except);
  if (taken) throw new OrganizationsError('DuplicatePolicyException', 'A policy with the same name already exists.');
}

function targetName(ctx: Context, targetId: string): string {
  const kind = ctx.targetKind(targetId);
  if (kind === 'ROOT') return ctx.tx.get('roots', targetId)?.Name ?? 'Root';
  if (kind === 'ORGANIZATIONAL_UNIT') return ctx.organizationalUnit(targetId)?.Name ?? '';
  return ctx.account(targetId)?.Name ?? '';
}

function policyTarget(ctx: Context, input: Input): { policy: PolicyRecord; targetId: string } {
  const request = {
    PolicyId: input.string('PolicyId', rules.policyId),
    TargetId: input.string('TargetId', rules.targetId),
  } satisfies AttachPolicyRequest;
  const policy = ctx.requirePolicy(request.PolicyId);
  ctx.authorizePolicyType(policy.Type);
  return { policy, targetId: ctx.requireTarget(request.TargetId) };
}

/** The root and policy type of EnablePolicyType and DisablePolicyType. */
function rootAndType(ctx: Context, input: Input): { root: RootRecord; type: PolicyType } {
  const rootId = input.string('RootId', rules.rootId);
  const type = readType(input, 'PolicyType');
  ctx.authorizePolicyType(type);
  const root = ctx.tx.get('roots', rootId);
  if (!root) throw notFound('RootNotFoundException');
  return { root, type };
}

/** Every root, OU and member account, root first. */
function allTargets(ctx: Context): string[] {
  return [ctx.root().Id, ...ctx.tx.ids('organizationalUnits'), ...ctx.members().map((account) => account.Id)];
}

/** What keeps an account's effective policy of a type from being enforced as written (the tag policy's rules; other types have none here). */
function validationErrors(ctx: Context, accountId: string, type: EffectivePolicyType): EffectivePolicyValidationError[] {
  const effective = type === 'TAG_POLICY' ? accountEffectivePolicy(ctx, accountId, type) : undefined;
  return effective ? tagPolicyValidationErrors(effective) : [];
}

export const policyOperations = {
  CreatePolicy: operation('policyManagers', (ctx, input): CreatePolicyResponse => {
    const content = input.string('Content', rules.policyContent);
    const description = input.string('Description', rules.policyDescription);
    const name = input.string('Name', rules.policyName);
    const type = readType(input, 'Type');
    const tags = input.optionalTags() ?? [];
    requireAllFeatures(ctx);
    ctx.authorizePolicyType(type);
    checkContent(ctx, type, content);
    checkUniqueName(ctx, type, name);
    if (ctx.tx.values('policies').filter((policy) => policy.Type === type).length >= ctx.quotas.policiesPerType[type]) {
      throw constraintViolation('POLICY_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the number of policies that you can have in an organization.');
    }
    checkNewTags(ctx, 'policy', tags);
    const policy: PolicyRecord = { Id: ctx.newId('policy'), Name: name, Description: description, Type: type, Content: content, LastUpdatedTimestamp: ctx.nowIso };
    ctx.tx.put('policies', policy.Id, policy);
    if (tags.length) ctx.tx.put('tags', policy.Id, tags);
    return { Policy: { PolicySummary: ctx.policySummary(policy), Content: content } };
  }),

  DescribePolicy: operation('readers', (ctx, input): DescribePolicyResponse => {
    const policy = ctx.requirePolicy(input.string('PolicyId', rules.policyId));
    ctx.authorizePolicyType(policy.Type);
    return { Policy: { PolicySummary: ctx.policySummary(policy), Content: policy.Content } };
  }),

  UpdatePolicy: operation('policyManagers', (ctx, input) => {
    const id = input.string('PolicyId', rules.policyId);
    const name = input.optionalString('Name', rules.policyName);
    const description = input.optionalString('Description', rules.policyDescription);
    const content = input.optionalString('Content', rules.policyContent);
    const policy = requireCustomerPolicy(ctx, id);
    if (name !== undefined) checkUniqueName(ctx, policy.Type, name, id);
    if (content !== undefined) checkContent(ctx, policy.Type, content);
    const updated: PolicyRecord = {
      ...policy,
      Name: name ?? policy.Name,
      Description: description ?? policy.Description,
      Content: content ?? policy.Content,
      LastUpdatedTimestamp: ctx.nowIso,
    };
    ctx.tx.put('policies', id, updated);
    return { Policy: { PolicySummary: ctx.policySummary(updated), Content: updated.Content } };
  }),

  DeletePolicy: operation('policyManagers', (ctx, input) => {
    const id = input.string('PolicyId', rules.policyId);
    requireCustomerPolicy(ctx, id);
    if (ctx.tx.values('attachments').some((ids) => ids.includes(id))) {
      throw new OrganizationsError('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
    }
    ctx.tx.delete('policies', id);
    if (ctx.tx.get('tags', id)) ctx.tx.delete('tags', id);
    return {};
  }),

  ListPolicies: operation('readers', (ctx, input): ListPoliciesResponse => {
    const type = readType(input, 'Filter');
    ctx.authorizePolicyType(type);
    const managed = ctx.requireOrganization().FeatureSet === 'ALL' ? managedPolicies.filter((policy) => policy.Type === type) : [];
    const policies = [...managed, ...ctx.tx.values('policies').filter((policy) => policy.Type === type)];
    const { items, NextToken } = page('ListPolicies', input, policies);
    return { Policies: items.map((policy) => ctx.policySummary(policy)), NextToken };
  }),

  ListPoliciesForTarget: operation('readers', (ctx, input): ListPoliciesForTargetResponse => {
    const targetId = input.string('TargetId', rules.targetId);
    const type = readType(input, 'Filter');
    ctx.authorizePolicyType(type);
    ctx.requireTarget(targetId);
    const policies = attachedOfType(ctx, targetId, type).map((id) => ctx.policy(id)!);
    const { items, NextToken } = page('ListPoliciesForTarget', input, policies);
    return { Policies: items.map((policy) => ctx.policySummary(policy)), NextToken };
  }),

  ListTargetsForPolicy: operation('readers', (ctx, input): ListTargetsForPolicyResponse => {
    const policy = ctx.requirePolicy(input.string('PolicyId', rules.policyId));
    ctx.authorizePolicyType(policy.Type);
    const targets: PolicyTargetSummary[] = allTargets(ctx)
      .filter((targetId) => ctx.attachments(targetId).includes(policy.Id))
      .map((targetId) => ({ TargetId: targetId, Arn: ctx.arn(targetId), Name: targetName(ctx, targetId), Type: ctx.targetKind(targetId) }));
    const { items, NextToken } = page('ListTargetsForPolicy', input, targets);
    return { Targets: items, NextToken };
  }),

  AttachPolicy: operation('policyManagers', (ctx, input) => {
    const { policy, targetId } = policyTarget(ctx, input);
    if (!ctx.isPolicyTypeEnabled(policy.Type)) {
      throw policyTypeNotEnabled();
    }
    const attached = ctx.attachments(targetId);
    if (attached.includes(policy.Id)) {
      throw new OrganizationsError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
    }
    if (attachedOfType(ctx, targetId, policy.Type).length >= ctx.quotas.attachmentsPerTarget[policy.Type]) {
      throw constraintViolation('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', `You attempted to exceed the number of ${policy.Type} policies that can be attached to an entity.`);
    }
    ctx.setAttachments(targetId, [...attached, policy.Id]);
    return {};
  }),

  DetachPolicy: operation('policyManagers', (ctx, input) => {
    const { policy, targetId } = policyTarget(ctx, input);
    const attached = ctx.attachments(targetId);
    if (!attached.includes(policy.Id)) {
      throw new OrganizationsError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
    }
    if (managedPolicy(policy.Id)?.detachable === false) {
      throw invalidInput('NON_DETACHABLE_POLICY');
    }
    // Every root, OU and account keeps at least one SCP.
    if (policy.Type === 'SERVICE_CONTROL_POLICY' && attachedOfType(ctx, targetId, policy.Type).length <= 1) {
      throw constraintViolation('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', 'You attempted to detach the last service control policy from an entity.');
    }
    ctx.setAttachments(targetId, attached.filter((id) => id !== policy.Id));
    return {};
  }),

  EnablePolicyType: operation('policyManagers', (ctx, input): EnablePolicyTypeResponse => {
    const { root, type } = rootAndType(ctx, input);
    requireAllFeatures(ctx);
    if (ctx.isPolicyTypeEnabled(type)) {
      throw new OrganizationsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
    }
    const service = serviceForPolicyType(type);
    if (service && !ctx.tx.get('serviceAccess', service)) {
      throw constraintViolation('SERVICE_ACCESS_NOT_ENABLED', `You must enable trusted access for ${service} before you enable ${type}.`);
    }
    const enabled = { ...root, PolicyTypes: [...root.PolicyTypes, { Type: type, Status: 'ENABLED' as const }] };
    ctx.tx.put('roots', root.Id, enabled);
    const defaultPolicy = defaultPolicyFor(type);
    if (defaultPolicy) for (const targetId of allTargets(ctx)) ctx.setAttachments(targetId, [...ctx.attachments(targetId), defaultPolicy.Id]);
    return { Root: ctx.rootView(enabled) };
  }),

  DisablePolicyType: operation('policyManagers', (ctx, input): DisablePolicyTypeResponse => {
    const { root, type } = rootAndType(ctx, input);
    if (!ctx.isPolicyTypeEnabled(type)) {
      throw policyTypeNotEnabled();
    }
    const disabled = { ...root, PolicyTypes: root.PolicyTypes.filter((summary) => summary.Type !== type) };
    ctx.tx.put('roots', root.Id, disabled);
    // Disabling a type detaches every policy of that type from every target.
    for (const targetId of ctx.tx.ids('attachments')) {
      ctx.setAttachments(targetId, ctx.attachments(targetId).filter((id) => ctx.policy(id)?.Type !== type));
    }
    return { Root: ctx.rootView(disabled) };
  }),

  DescribeEffectivePolicy: operation('member', (ctx, input): DescribeEffectivePolicyResponse => {
    const type = input.enum('PolicyType', effectivePolicyTypes, 'INVALID_ENUM_POLICY_TYPE');
    const targetId = input.optionalString('TargetId', rules.targetId) ?? ctx.caller;
    if (ctx.targetKind(targetId) !== 'ACCOUNT') {
      throw invalidInput('TARGET_NOT_SUPPORTED');
    }
    // A member account may read its own effective policy; others need the management account or a delegated administrator.
    const privileged = ctx.isManagementAccount(ctx.caller) || ctx.tx.values('delegatedAdministrators').some((admin) => admin.AccountId === ctx.caller);
    if (targetId !== ctx.caller && !privileged) throw accessDenied();
    if (!ctx.member(targetId)) throw notFound('TargetNotFoundException');
    const effective = accountEffectivePolicy(ctx, targetId, type);
    if (!effective) throw notFound('EffectivePolicyNotFoundException');
    return { EffectivePolicy: { PolicyContent: effective.content, LastUpdatedTimestamp: effective.updated, TargetId: targetId, PolicyType: type } };
  }),

  ListAccountsWithInvalidEffectivePolicy: operation('readers', (ctx, input): ListAccountsWithInvalidEffectivePolicyResponse => {
    const type = input.enum('PolicyType', effectivePolicyTypes, 'INVALID_ENUM_POLICY_TYPE');
    // Accounts with the same policies on their chain share an effective policy: each chain is validated once.
    const invalidByChain = new Map<string, boolean>();
    const invalid = ctx.members().filter((account) => {
      const chain = [...ctx.ancestors(account.Id), account.Id].map((targetId) => attachedOfType(ctx, targetId, type).join(',')).join('/');
      let found = invalidByChain.get(chain);
      if (found === undefined) invalidByChain.set(chain, (found = validationErrors(ctx, account.Id, type).length > 0));
      return found;
    });
    const { items, NextToken } = page('ListAccountsWithInvalidEffectivePolicy', input, invalid);
    return { Accounts: items.map((account) => ctx.accountView(account)), PolicyType: type, NextToken };
  }),

  ListEffectivePolicyValidationErrors: operation('readers', (ctx, input): ListEffectivePolicyValidationErrorsResponse => {
    const accountId = input.string('AccountId', rules.accountId);
    const type = input.enum('PolicyType', effectivePolicyTypes, 'INVALID_ENUM_POLICY_TYPE');
    ctx.requireMember(accountId);
    if (!accountEffectivePolicy(ctx, accountId, type)) throw notFound('EffectivePolicyNotFoundException');
    const { items, NextToken } = page('ListEffectivePolicyValidationErrors', input, validationErrors(ctx, accountId, type));
    return { AccountId: accountId, PolicyType: type, Path: ctx.path(accountId), EvaluationTimestamp: ctx.now, EffectivePolicyValidationErrors: items, NextToken };
  }),
};
