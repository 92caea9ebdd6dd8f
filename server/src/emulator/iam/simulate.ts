/**
 * IAM's policy simulator (`SimulatePrincipalPolicy`, `SimulateCustomPolicy`) answered by the project's
 * evaluator (`permissions/`): identity policies, the permissions boundary and the SCP chain of the account
 * combined as AWS combines them, in the simulator's response shape with `OrganizationsDecisionDetail` and
 * `PermissionsBoundaryDecisionDetail`. Like AWS's simulator, it does not evaluate RCPs. A context key that a
 * condition needs and the request does not give counts as absent and is named in `MissingContextValues`.
 */
import type { ContextEntry, EvaluationResult, PolicySourceType, SimulatePolicyResponse, Statement } from '@aws-sdk/client-iam';
import { parseIamArn } from '../../aws/iamArns';
import { evaluateRequest } from '../../permissions/evaluate';
import type { AuthorizationRequest, NamedPolicy, OrganizationGraph, PolicyNode } from '../../permissions/model';
import { OrganizationPermissions } from '../../permissions/organization';
import type { ContextValue } from '../../permissions/conditions';
import type { Context } from '../context';
import type { Input } from '../input';
import { managedPolicies, managedPolicy } from '../managedPolicies';
import { iamPage } from '../paging';
import { AccountIam, iamRules } from './accountIam';
import { iamError } from './errors';
import { iamOperation } from './operation';
import { checkPolicyDocument } from './policyDocuments';

/** A policy given to the evaluator, with the source the simulator names it by. */
interface SourcedPolicy extends NamedPolicy {
  type: PolicySourceType;
}

const scpTypes = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

function parse(document: string): unknown {
  return JSON.parse(document) as unknown;
}

/** The organization's structure and SCPs as the evaluator reads them, from the engine's state. */
export function organizationGraph(ctx: Context): OrganizationGraph | undefined {
  const organization = ctx.organization();
  if (!organization) return undefined;
  const root = ctx.root();
  const policies: PolicyNode[] = [...managedPolicies, ...ctx.tx.values('policies')]
    .filter((policy) => (scpTypes as readonly string[]).includes(policy.Type))
    .map((policy) => ({ Id: policy.Id, Name: policy.Name, Type: policy.Type as PolicyNode['Type'], Content: parse(policy.Content), AwsManaged: managedPolicy(policy.Id) !== undefined }));
  const known = new Set(policies.map((policy) => policy.Id));
  return {
    OrganizationId: organization.Id,
    RootId: root.Id,
    ManagementAccountId: organization.MasterAccountId,
    EnabledPolicyTypes: scpTypes.filter((type) => ctx.isPolicyTypeEnabled(type)),
    OrganizationalUnits: ctx.tx.values('organizationalUnits').map(({ Id, Name, ParentId }) => ({ Id, Name, ParentId })),
    Accounts: ctx.members().map(({ Id, Name, ParentId }) => ({ Id, Name, ParentId: ParentId! })),
    Policies: policies,
    Attachments: ctx.tx.ids('attachments').flatMap((targetId) => ctx.attachments(targetId).filter((id) => known.has(id)).map((PolicyId) => ({ PolicyId, TargetId: targetId }))),
  };
}

/**
 * A chain of SCPs given as `OrderedOrganizationPolicyInputList` (root first, account last), as a graph of its
 * own: the account under one OU per level between the root and it.
 */
function orderedPolicyGraph(accountId: string, levels: string[][]): OrganizationGraph {
  const ids = levels.map((_, index) => (index === 0 ? 'r-sim0' : index === levels.length - 1 ? accountId : `ou-sim0-level${index}`));
  const policies: PolicyNode[] = [];
  const attachments = levels.flatMap((documents, level) => documents.map((document, index) => {
    const Id = `p-simulated${level}x${index}`;
    policies.push({ Id, Name: `OrderedOrganizationPolicyInputList.${level + 1}.ServiceControlPolicyInputList.${index + 1}`, Type: 'SERVICE_CONTROL_POLICY', Content: parse(document) });
    return { PolicyId: Id, TargetId: ids[level] };
  }));
  return {
    RootId: ids[0],
    ManagementAccountId: '000000000000',
    EnabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
    OrganizationalUnits: ids.slice(1, -1).map((Id, index) => ({ Id, Name: `Level ${index + 1}`, ParentId: ids[index] })),
    Accounts: [{ Id: accountId, Name: accountId, ParentId: ids.at(-2)! }],
    Policies: policies,
    Attachments: attachments,
  };
}

function readContext(input: Input): Record<string, ContextValue> {
  const entries = (input.raw.ContextEntries ?? []) as ContextEntry[];
  if (!Array.isArray(entries)) throw iamError('ValidationError', '1 validation error detected: ContextEntries must be a list.');
  const context: Record<string, ContextValue> = {};
  for (const entry of entries) {
    if (!entry?.ContextKeyName) continue;
    const values = entry.ContextKeyValues ?? [];
    context[entry.ContextKeyName] = entry.ContextKeyType?.endsWith('List') || values.length > 1 ? values : values[0] ?? '';
  }
  return context;
}

function readDocuments(input: Input, field: string): string[] {
  const documents = input.optionalStringList(field, iamRules.document) ?? [];
  for (const document of documents) checkPolicyDocument(document, 'identity');
  return documents;
}

/** The identity policies of a user (its own and its groups'), a group or a role, named as the simulator names them. */
export function principalPolicies(iam: AccountIam, kind: 'user' | 'group' | 'role', name: string): SourcedPolicy[] {
  const record = iam.requirePrincipal(kind, name);
  const holders = [{ kind, record }, ...(kind === 'user' ? iam.principals('group').filter((group) => group.Users.includes(record.Name)).map((group) => ({ kind: 'group' as const, record: group })) : [])];
  return holders.flatMap(({ kind: holderKind, record: holder }) => [
    ...Object.entries(holder.InlinePolicies).map(([policyName, document]) => ({ Name: policyName, Document: parse(document), type: holderKind as PolicySourceType })),
    ...holder.AttachedPolicies.flatMap((attached) => {
      const policy = iam.managedPolicy(attached.PolicyArn);
      return policy ? [{ Name: attached.PolicyName, Document: parse(AccountIam.defaultDocument(policy)), type: (policy.kind === 'aws' ? 'aws-managed' : 'user-managed') as PolicySourceType }] : [];
    }),
  ]);
}

interface Simulation {
  organization: OrganizationPermissions;
  account: string;
  principalArn?: string;
  principalType?: AuthorizationRequest['principalType'];
  serviceLinkedRole?: boolean;
  identity: SourcedPolicy[];
  boundary?: SourcedPolicy;
  /** Whether the SCP chain is part of the simulation (the principal's organization, or an ordered list given). */
  organizationDetail: boolean;
}

function simulate(input: Input, simulation: Simulation): SimulatePolicyResponse {
  const actions = input.stringList('ActionNames', { min: 3, max: 128 });
  const resources = input.optionalStringList('ResourceArns', { min: 1, max: 2048 }) ?? ['*'];
  const context = readContext(input);
  const sources = new Map([...simulation.identity, ...(simulation.boundary ? [simulation.boundary] : [])].map((policy) => [policy.Name, policy.type]));
  const results: EvaluationResult[] = [];
  for (const action of actions) {
    for (const resource of resources) {
      const request: AuthorizationRequest = {
        action,
        resource,
        principalAccount: simulation.account,
        ...(simulation.principalType ? { principalType: simulation.principalType } : {}),
        ...(simulation.serviceLinkedRole ? { serviceLinkedRole: true } : {}),
        context: { ...(simulation.principalArn ? { 'aws:PrincipalArn': simulation.principalArn } : {}), ...context },
        identityPolicies: simulation.identity,
        ...(simulation.boundary ? { permissionsBoundary: simulation.boundary } : {}),
      };
      // Asked first with the context open, the evaluator names the keys a condition needs and the request lacks.
      const open = evaluateRequest(simulation.organization, request);
      const missing = [...new Set(open.dependsOn.flatMap((dependency) => dependency.missingKeys))];
      const decision = evaluateRequest(simulation.organization, { ...request, contextComplete: true });
      const matched: Statement[] = [...(decision.identityPolicies?.statements ?? []), ...(decision.permissionsBoundary?.statements ?? [])]
        .filter((statement) => statement.applies === true)
        .map((statement) => ({ SourcePolicyId: statement.policyName, SourcePolicyType: sources.get(statement.policyName) ?? 'none' }));
      const scp = decision.serviceControlPolicies;
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision.decision === 'depends' ? 'implicitDeny' : decision.decision,
        MatchedStatements: matched,
        MissingContextValues: missing,
        ...(simulation.organizationDetail ? { OrganizationsDecisionDetail: { AllowedByOrganizations: scp.exemption !== undefined || scp.decision === 'allowed' } } : {}),
        ...(decision.permissionsBoundary ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: decision.permissionsBoundary.decision === 'allowed' } } : {}),
      });
    }
  }
  const { items, IsTruncated, Marker } = iamPage('Simulate', input, results);
  return { EvaluationResults: items, IsTruncated, Marker };
}

/** The evaluator's view of the engine's organization (or of none: an account outside one). */
export function organizationOf(ctx: Context, account: string, graph = organizationGraph(ctx)): OrganizationPermissions {
  return new OrganizationPermissions(graph ?? { RootId: 'r-none', ManagementAccountId: account, EnabledPolicyTypes: [], OrganizationalUnits: [], Accounts: [], Policies: [], Attachments: [] },
    { rcpSupportedServices: new Set() });
}

export const simulateOperations = {
  SimulatePrincipalPolicy: iamOperation((iam, input): SimulatePolicyResponse => {
    const arn = input.string('PolicySourceArn', iamRules.arn);
    const parts = parseIamArn(arn);
    if (!parts || parts.type === 'policy' || parts.account !== iam.accountId) {
      throw iamError('InvalidInputException', `Invalid ARN: ${arn}. PolicySourceArn must name a user, group or role of this account.`);
    }
    const kind = parts.type;
    const record = iam.requirePrincipal(kind, parts.name);
    const boundaryArn = 'PermissionsBoundary' in record ? record.PermissionsBoundary as string | undefined : undefined;
    const boundaryPolicy = boundaryArn ? iam.managedPolicy(boundaryArn) : undefined;
    const givenBoundaries = readDocuments(input, 'PermissionsBoundaryPolicyInputList');
    const boundary: SourcedPolicy | undefined = givenBoundaries.length
      ? { Name: 'PermissionsBoundaryPolicyInputList.1', Document: parse(givenBoundaries[0]), type: 'none' }
      : boundaryPolicy ? { Name: AccountIam.attachment(boundaryPolicy, boundaryArn!).PolicyName, Document: parse(AccountIam.defaultDocument(boundaryPolicy)), type: boundaryPolicy.kind === 'aws' ? 'aws-managed' : 'user-managed' } : undefined;
    const extra = readDocuments(input, 'PolicyInputList').map((document, index) => ({ Name: `PolicyInputList.${index + 1}`, Document: parse(document), type: 'none' as PolicySourceType }));
    const graph = organizationGraph(iam.ctx);
    return simulate(input, {
      organization: organizationOf(iam.ctx, iam.accountId, graph),
      account: iam.accountId,
      principalArn: arn,
      principalType: kind === 'user' ? 'User' : 'AssumedRole',
      serviceLinkedRole: kind === 'role' && 'ServicePrincipal' in record && record.ServicePrincipal !== undefined,
      identity: [...principalPolicies(iam, kind, parts.name), ...extra],
      ...(boundary ? { boundary } : {}),
      organizationDetail: graph !== undefined && iam.ctx.member(iam.accountId) !== undefined,
    });
  }),

  SimulateCustomPolicy: iamOperation((iam, input): SimulatePolicyResponse => {
    const identity = readDocuments(input, 'PolicyInputList').map((document, index) => ({ Name: `PolicyInputList.${index + 1}`, Document: parse(document), type: 'none' as PolicySourceType }));
    if (!identity.length) throw iamError('ValidationError', '1 validation error detected: PolicyInputList must not be empty.');
    const boundaries = readDocuments(input, 'PermissionsBoundaryPolicyInputList');
    const ordered = ((input.raw.OrderedOrganizationPolicyInputList ?? []) as { ServiceControlPolicyInputList?: string[] }[])
      .map((level) => level?.ServiceControlPolicyInputList ?? []);
    return simulate(input, {
      organization: organizationOf(iam.ctx, iam.accountId, ordered.length ? orderedPolicyGraph(iam.accountId, ordered) : undefined),
      account: iam.accountId,
      identity,
      ...(boundaries.length ? { boundary: { Name: 'PermissionsBoundaryPolicyInputList.1', Document: parse(boundaries[0]), type: 'none' } } : {}),
      organizationDetail: ordered.length > 0,
    });
  }),
};
