/**
 * The effective permissions of a principal: a role or user of an account with its identity policies (its own
 * managed and inline policies, and a user's groups'), its permissions boundary, the SCP chain of its account and
 * the RCP chain of the resource's account, evaluated by the one evaluator (evaluate.ts). The request context
 * keys that the principal determines (`aws:PrincipalArn`, `aws:PrincipalTag/*`, `aws:PrincipalOrgPaths`,
 * `aws:userid`...) are derived from it rather than typed in. A verdict names its decisive reason.
 */
import type { ContextValue } from './conditions';
import { evaluateRequest } from './evaluate';
import type { Decision, DenyCause, NamedPolicy, StatementRef } from './model';
import type { OrganizationPermissions } from './organization';

/** A role or user as the evaluator needs it. */
export interface PrincipalFacts {
  kind: 'role' | 'user';
  accountId: string;
  name: string;
  arn: string;
  /** IAM's unique ID (`AROA...` for a role, `AIDA...` for a user). */
  id: string;
  tags: Readonly<Record<string, string>>;
  /** Service-linked roles are not affected by SCPs. */
  serviceLinked: boolean;
  /** Managed and inline policies, named for the explanation (a group's as `Policy (group Name)`). */
  identityPolicies: readonly NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
}

/** The decisive reason of a principal's verdict, in the order the issue names them. */
export type PrincipalReason = 'allowed' | 'scp' | 'rcp' | 'identity' | 'boundary' | 'depends';

/** What a principal may do with one action, why, and the statements that decided. */
export interface PrincipalVerdict {
  principal: PrincipalFacts;
  decision: Decision;
  reason: PrincipalReason;
  /** The Allow statements of the identity policies for `allowed`, the Deny statements of an explicit denial. */
  statements: readonly StatementRef[];
  /** True when IAM (identity policies and boundary) grants it and only the organization's SCPs or RCPs deny it. */
  deniedOnlyByOrganization: boolean;
}

/** The question asked of every principal: an action, and optionally the resource and its account. */
export interface PrincipalQuestion {
  action: string;
  resource?: string;
  /** The account that owns the resource; its RCPs apply. Defaults to the principal's account. */
  resourceAccount?: string;
}

/**
 * `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths` of an account in the organization: the organization ID, the
 * root and each OU down to the account's parent, as `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/` (IAM User Guide,
 * "AWS global condition context keys"). A multivalued key: one path here, as an account has one parent.
 */
export function organizationPath(organization: OrganizationPermissions, accountId: string): string | undefined {
  const { OrganizationId } = organization.graph;
  if (!OrganizationId || !organization.isAccount(accountId)) return undefined;
  return `${[OrganizationId, ...organization.path(accountId).slice(0, -1).map((target) => target.Id)].join('/')}/`;
}

/**
 * The request context keys the principal (and the resource's account) determine. A role's `aws:userid` is
 * `role-id:role-session-name`, and the session name is the caller's choice, so it is left out (unknown); a
 * user's is its unique ID.
 */
export function principalContext(organization: OrganizationPermissions, principal: PrincipalFacts, resourceAccount = principal.accountId): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': principal.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:PrincipalIsAWSService': 'false',
  };
  if (principal.kind === 'user') {
    context['aws:userid'] = principal.id;
    context['aws:username'] = principal.name;
  }
  for (const [key, value] of Object.entries(principal.tags)) context[`aws:PrincipalTag/${key}`] = value;
  const principalPaths = organizationPath(organization, principal.accountId);
  if (principalPaths) context['aws:PrincipalOrgPaths'] = [principalPaths];
  const resourcePaths = organizationPath(organization, resourceAccount);
  if (resourcePaths) context['aws:ResourceOrgPaths'] = [resourcePaths];
  return context;
}

const reasonOfStage: Record<DenyCause['stage'], PrincipalReason> = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
  IDENTITY_POLICIES: 'identity',
  PERMISSIONS_BOUNDARY: 'boundary',
};

/** Evaluates one action for one principal, as AWS would for a request it signs. */
export function evaluatePrincipal(organization: OrganizationPermissions, principal: PrincipalFacts, question: PrincipalQuestion): PrincipalVerdict {
  const resourceAccount = question.resourceAccount ?? principal.accountId;
  const decision = evaluateRequest(organization, {
    action: question.action,
    ...(question.resource ? { resource: question.resource } : {}),
    principalAccount: principal.accountId,
    resourceAccount,
    principalType: principal.kind === 'user' ? 'User' : 'AssumedRole',
    ...(principal.serviceLinked ? { serviceLinkedRole: true } : {}),
    context: principalContext(organization, principal, resourceAccount),
    // The principal's tags are all known: a tag it does not have is absent, not unknown.
    absentKeyPrefixes: ['aws:PrincipalTag/'],
    identityPolicies: principal.identityPolicies,
    ...(principal.permissionsBoundary ? { permissionsBoundary: principal.permissionsBoundary } : {}),
  });
  const grantedByIam = decision.identityPolicies?.decision === 'allowed' && (!decision.permissionsBoundary || decision.permissionsBoundary.decision === 'allowed');
  const reason: PrincipalReason = decision.decision === 'allowed' ? 'allowed' : decision.cause ? reasonOfStage[decision.cause.stage] : 'depends';
  const statements = decision.decision === 'allowed'
    ? (decision.identityPolicies?.statements ?? []).filter((statement) => statement.Effect === 'Allow' && statement.applies === true)
    : decision.cause?.statements ?? [];
  return { principal, decision, reason, statements, deniedOnlyByOrganization: grantedByIam && (reason === 'scp' || reason === 'rcp') };
}
