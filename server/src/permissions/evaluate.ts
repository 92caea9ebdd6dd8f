/**
 * Evaluates one request the way AWS does (IAM User Guide, policy evaluation logic; Organizations User Guide,
 * SCP and RCP evaluation): an explicit Deny anywhere wins; the principal account's SCPs must allow at every
 * level of its path (root, each OU, the account) and the resource account's RCPs likewise; identity policies
 * and the permissions boundary must both allow. The management account is affected by neither SCPs nor
 * RCPs, service-linked roles not by SCPs. Every verdict carries its explanation.
 */
import { needsNoPermission } from '../aws/noPermissionActions';
import { ConditionContext, conditionContext, ContextValue, or, and, Truth } from './conditions';
import {
  AuthorizationPolicyType, AuthorizationRequest, ChainExemption, ChainVerdict, Decision, DecisionKind, DenyCause, Dependency, LevelVerdict,
  PolicySetVerdict, Stage,
} from './model';
import { OrganizationPermissions, Target } from './organization';
import { compilePolicy, decisionOf, evaluatePolicies, StatementRequest } from './policyDocument';

/**
 * A chain folded level by level: it allows when every level allows and denies when any level denies.
 * The first explicitly denying level and the first level without an Allow are kept to explain the answer.
 */
export interface ChainState {
  allow: Truth;
  deny: Truth;
  explicit?: DenyCause;
  implicit?: DenyCause;
  dependsOn: readonly Dependency[];
  /** True when some undecided level hinges on a key that differs from account to account (see summary.ts). */
  varies: boolean;
}

/** The state of a stage that does not apply (an exempt chain, or no identity policies given). */
export const notApplicable: ChainState = { allow: true, deny: false, dependsOn: [], varies: false };

/** Adds one level (or a whole stage) to a chain. */
export function extendChain(state: ChainState, verdict: PolicySetVerdict, stage: Stage, target: Target | undefined, varies = false): ChainState {
  // A level that allows, denies nothing and depends on nothing (FullAWSAccess alone) changes nothing.
  if (verdict.allow === true && verdict.deny === false && !verdict.dependsOn.length && !varies) return state;
  const where = target ? { target: { Id: target.Id, Name: target.Name, Type: target.Type } } : {};
  const explicit = state.explicit ?? (verdict.deny === true
    ? { stage, kind: 'explicitDeny' as const, ...where, statements: verdict.statements.filter((statement) => statement.Effect === 'Deny' && statement.applies === true) }
    : undefined);
  const implicit = state.implicit ?? (verdict.allow === false ? { stage, kind: 'implicitDeny' as const, ...where, statements: [] } : undefined);
  return {
    allow: and(state.allow, verdict.allow),
    deny: or(state.deny, verdict.deny),
    ...(explicit ? { explicit } : {}),
    ...(implicit ? { implicit } : {}),
    dependsOn: verdict.dependsOn.length ? [...state.dependsOn, ...verdict.dependsOn] : state.dependsOn,
    varies: state.varies || varies,
  };
}

/** The decision of combined stages, with the cause of a denial and what an undecided answer depends on. */
export function combineStages(stages: readonly ChainState[]): { decision: DecisionKind; cause?: DenyCause; dependsOn: readonly Dependency[] } {
  let allow: Truth = true;
  let deny: Truth = false;
  for (const stage of stages) {
    allow = and(allow, stage.allow);
    deny = or(deny, stage.deny);
  }
  const decision = decisionOf(allow, deny);
  if (decision === 'explicitDeny') return { decision, cause: stages.find((stage) => stage.deny === true)!.explicit!, dependsOn: [] };
  if (decision === 'implicitDeny') return { decision, cause: stages.find((stage) => stage.allow === false)!.implicit!, dependsOn: [] };
  if (decision !== 'depends') return { decision, dependsOn: [] };
  // Keep the stage's own list when only one stage is undecided, so that callers can group by it cheaply.
  const undecided = stages.filter((stage) => stage.dependsOn.length);
  return { decision, dependsOn: undecided.length === 1 ? undecided[0].dependsOn : undecided.flatMap((stage) => stage.dependsOn) };
}

/** Why a chain does not apply to an account for this request, if it does not. */
export function chainExemption(organization: OrganizationPermissions, type: AuthorizationPolicyType, accountId: string, request: Pick<AuthorizationRequest, 'action' | 'serviceLinkedRole'>): ChainExemption | undefined {
  return requestExemption(organization, type, request) ?? accountExemption(organization, accountId);
}

/** Why a chain applies to no account at all for this request. */
export function requestExemption(organization: OrganizationPermissions, type: AuthorizationPolicyType, request: Pick<AuthorizationRequest, 'action' | 'serviceLinkedRole'>): ChainExemption | undefined {
  if (!organization.graph.EnabledPolicyTypes.includes(type)) return 'POLICY_TYPE_NOT_ENABLED';
  if (type === 'SERVICE_CONTROL_POLICY' && request.serviceLinkedRole) return 'SERVICE_LINKED_ROLE';
  if (type === 'RESOURCE_CONTROL_POLICY' && !organization.options.rcpSupportedServices.has(serviceOf(request.action))) return 'SERVICE_NOT_SUPPORTED';
  return undefined;
}

/** Why an account's chains do not apply to it: it is not in the organization, or it is the management account. */
export function accountExemption(organization: OrganizationPermissions, accountId: string): ChainExemption | undefined {
  if (!organization.isAccount(accountId)) return 'OUTSIDE_ORGANIZATION';
  if (accountId === organization.graph.ManagementAccountId) return 'MANAGEMENT_ACCOUNT';
  return undefined;
}

/** The service prefix of an action, lower-cased. */
export function serviceOf(action: string): string {
  const colon = action.indexOf(':');
  return (colon < 0 ? action : action.slice(0, colon)).toLowerCase();
}

/** The verdict of the policies of one type attached to one target. */
export function levelVerdict(organization: OrganizationPermissions, target: Target, type: AuthorizationPolicyType, request: StatementRequest): LevelVerdict {
  const policies = organization.attached(target.Id, type);
  return {
    ...evaluatePolicies(policies, request),
    targetId: target.Id,
    targetName: target.Name,
    targetType: target.Type,
    attachedPolicies: policies.map((policy) => ({ Id: policy.id!, Name: policy.name })),
  };
}

/**
 * The request context: the keys the request gives, plus those its facts determine (`aws:PrincipalAccount`,
 * `aws:ResourceAccount`, `aws:PrincipalOrgID` and `aws:ResourceOrgID` for accounts in the organization,
 * `aws:PrincipalType`). Keys the request gives explicitly win. `unknown` keys stay unknown.
 */
export function requestContext(organization: OrganizationPermissions, request: AuthorizationRequest, unknown?: ReadonlySet<string>): ConditionContext {
  const graph = organization.graph;
  const resourceAccount = request.resourceAccount ?? request.principalAccount;
  const derived: Record<string, ContextValue> = { 'aws:PrincipalAccount': request.principalAccount, 'aws:ResourceAccount': resourceAccount };
  if (graph.OrganizationId && organization.isAccount(request.principalAccount)) derived['aws:PrincipalOrgID'] = graph.OrganizationId;
  if (graph.OrganizationId && organization.isAccount(resourceAccount)) derived['aws:ResourceOrgID'] = graph.OrganizationId;
  if (request.principalType) derived['aws:PrincipalType'] = request.principalType;
  const context: ConditionContext = conditionContext({ ...derived, ...request.context }, request.contextComplete === true);
  const absentPrefixes = request.absentKeyPrefixes?.map((prefix) => prefix.toLowerCase());
  return { ...context, ...(unknown?.size ? { unknown } : {}), ...(absentPrefixes?.length ? { absentPrefixes } : {}) };
}

/** Compiles and evaluates identity policies or a boundary as one set. */
export function identityVerdict(policies: readonly { Name: string; Document: unknown }[], request: StatementRequest): PolicySetVerdict {
  return evaluatePolicies(policies.map((policy) => compilePolicy(policy.Name, policy.Document)), request);
}

/** A chain verdict from its folded state. */
function chainVerdict(type: AuthorizationPolicyType, accountId: string, exemption: ChainExemption | undefined, levels: LevelVerdict[], state: ChainState): ChainVerdict {
  const decision = decisionOf(state.allow, state.deny);
  return {
    policyType: type, accountId, ...(exemption ? { exemption } : {}), allow: state.allow, deny: state.deny, decision, levels,
    dependsOn: decision === 'depends' ? state.dependsOn : [],
  };
}

/** Evaluates one chain (SCPs of the principal's account, or RCPs of the resource's account), level by level. */
function evaluateChain(organization: OrganizationPermissions, type: AuthorizationPolicyType, accountId: string, request: AuthorizationRequest, statementRequest: StatementRequest): { verdict: ChainVerdict; state: ChainState } {
  const exemption = chainExemption(organization, type, accountId, request);
  if (exemption) return { verdict: chainVerdict(type, accountId, exemption, [], notApplicable), state: notApplicable };
  const path = organization.path(accountId);
  const levels = path.map((target) => levelVerdict(organization, target, type, statementRequest));
  let state = notApplicable;
  levels.forEach((level, index) => {
    state = extendChain(state, level, type, path[index]);
  });
  return { verdict: chainVerdict(type, accountId, undefined, levels, state), state };
}

/** The explained decision for one request. */
export function evaluateRequest(organization: OrganizationPermissions, request: AuthorizationRequest): Decision {
  const statementRequest: StatementRequest = {
    action: request.action,
    ...(request.resource !== undefined ? { resource: request.resource } : {}),
    context: requestContext(organization, request),
  };
  const scp = evaluateChain(organization, 'SERVICE_CONTROL_POLICY', request.principalAccount, request, statementRequest);
  const rcp = evaluateChain(organization, 'RESOURCE_CONTROL_POLICY', request.resourceAccount ?? request.principalAccount, request, statementRequest);
  const stages = [scp.state, rcp.state];
  // Identity policies do not govern the account root user, which has full access unless SCPs restrict it.
  const governed = request.principalType !== 'Account';
  const identity = governed && request.identityPolicies ? identityVerdict(request.identityPolicies, statementRequest) : undefined;
  const boundary = governed && request.permissionsBoundary ? identityVerdict([request.permissionsBoundary], statementRequest) : undefined;
  if (identity) stages.push(extendChain(notApplicable, identity, 'IDENTITY_POLICIES', undefined));
  if (boundary) stages.push(extendChain(notApplicable, boundary, 'PERMISSIONS_BOUNDARY', undefined));
  // The chains are still evaluated, so that an explanation shows what the policies would have said.
  const free = needsNoPermission(request.action);
  const combined: ReturnType<typeof combineStages> = free ? { decision: 'allowed', dependsOn: [] } : combineStages(stages);
  return {
    request,
    decision: combined.decision,
    ...(free ? { noPermissionRequired: true as const } : {}),
    ...(combined.cause ? { cause: combined.cause } : {}),
    serviceControlPolicies: scp.verdict,
    resourceControlPolicies: rcp.verdict,
    ...(identity ? { identityPolicies: identity } : {}),
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    dependsOn: combined.dependsOn,
  };
}
