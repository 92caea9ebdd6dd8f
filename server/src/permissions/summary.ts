/**
 * The organization-wide answer for an action or a set of actions (an expanded wildcard): in how many
 * accounts it is allowed, and where it is denied, grouped by the level and policy that deny.
 *
 * It is computed once per path prefix, not once per account: the verdict of the chain down to each OU is
 * kept and extended by each account's own level. Keys whose value differs from one account to the next
 * (`aws:PrincipalAccount`...) are left unknown in that shared computation; accounts whose answer hinges
 * on them are finished with their own values. Actions are grouped into classes that every statement
 * treats alike, so a wildcard costs one evaluation per class, not per action.
 */
import { concreteActions } from './actionCatalog';
import {
  chainExemption, ChainState, combineStages, extendChain, levelVerdict, notApplicable, requestContext, serviceOf,
} from './evaluate';
import { AuthorizationPolicyType, AuthorizationRequest, DecisionKind, DenyCause, Dependency, LevelVerdict, PolicySetVerdict } from './model';
import { OrganizationPermissions, Target } from './organization';
import { CompiledPolicy, compilePolicy, evaluatePolicies, StatementRequest, statementActionPatterns } from './policyDocument';
import { testWildcard, WildcardPattern } from './wildcard';

/**
 * The question asked of every account A: the request with `principalAccount` and `resourceAccount`
 * defaulting to A (each account acting on its own resources). Fix either to ask about one side only,
 * e.g. a principal from outside the organization against every account's RCPs.
 */
export interface SummaryRequest extends Omit<AuthorizationRequest, 'action' | 'principalAccount'> {
  /** Concrete actions (a wildcard expanded with the IAM catalog). */
  actions: readonly string[];
  principalAccount?: string;
}

/** Accounts denied for the same reason. */
export interface DenialGroup {
  cause: DenyCause;
  accounts: readonly string[];
}

/** Accounts whose answer depends on the same things. */
export interface DependsGroup {
  dependsOn: readonly Dependency[];
  accounts: readonly string[];
}

/** The answer for a class of actions that every statement treats alike. */
export interface ActionClassSummary {
  actions: readonly string[];
  allowed: readonly string[];
  denied: readonly DenialGroup[];
  depends: readonly DependsGroup[];
  decisions: ReadonlyMap<string, DecisionKind>;
}

export interface OrganizationSummary {
  accounts: number;
  classes: readonly ActionClassSummary[];
}

type ClassAnswer = Omit<ActionClassSummary, 'actions'>;

/** Summarizes an Action entry (`s3:GetObject`, `s3:Get*`) over every account, wildcards expanded with the IAM catalog. */
export async function summarizeActionEntry(organization: OrganizationPermissions, entry: string, request: Omit<SummaryRequest, 'actions'> = {}): Promise<OrganizationSummary> {
  return summarizeActions(organization, { ...request, actions: await concreteActions(entry) });
}

/** Summarizes the actions over every account of the organization. Answers are memoized until the next change. */
export function summarizeActions(organization: OrganizationPermissions, request: SummaryRequest): OrganizationSummary {
  const identity = request.identityPolicies?.map((policy) => compilePolicy(policy.Name, policy.Document)) ?? [];
  const boundary = request.permissionsBoundary ? [compilePolicy(request.permissionsBoundary.Name, request.permissionsBoundary.Document)] : [];
  const signatures = actionSignatures(organization, [...identity, ...boundary].flatMap((policy) => policy.statements.flatMap(statementActionPatterns)));
  const classes = new Map<string, string[]>();
  for (const action of request.actions) {
    const signature = signatures(action);
    const members = classes.get(signature);
    if (members) members.push(action);
    else classes.set(signature, [action]);
  }
  const { actions: _actions, ...question } = request;
  const questionKey = JSON.stringify(question);
  const summaries: ActionClassSummary[] = [];
  for (const [signature, actions] of classes) {
    const key = `summary ${questionKey} ${signature}`;
    let answer = organization.memo.get(key) as ClassAnswer | undefined;
    if (!answer) {
      answer = summarizeClass(organization, request, actions[0], identity, boundary);
      organization.memo.set(key, answer);
    }
    summaries.push({ actions, ...answer });
  }
  return { accounts: organization.graph.Accounts.length, classes: summaries };
}

/**
 * A function giving each action its class: which of the organization's (and the given policies') action
 * patterns match it, and whether RCPs govern its service. Evaluation depends on the action only through
 * these, so actions with the same signature get the same answer everywhere.
 */
function actionSignatures(organization: OrganizationPermissions, extra: readonly WildcardPattern[]): (action: string) => string {
  const patterns = new Map<WildcardPattern, number>();
  for (const pattern of [...organization.attachedPolicies().flatMap((policy) => policy.statements.flatMap(statementActionPatterns)), ...extra]) {
    if (!patterns.has(pattern)) patterns.set(pattern, patterns.size);
  }
  // Patterns whose service prefix is literal can only match actions of that service.
  const byService = new Map<string, [WildcardPattern, number][]>();
  const anyService: [WildcardPattern, number][] = [];
  for (const entry of patterns) {
    const colon = entry[0].prefix.indexOf(':');
    if (colon < 0) anyService.push(entry);
    else {
      const service = entry[0].prefix.slice(0, colon);
      const list = byService.get(service);
      if (list) list.push(entry);
      else byService.set(service, [entry]);
    }
  }
  return (action) => {
    const service = serviceOf(action);
    const matched = [...(byService.get(service) ?? []), ...anyService].filter(([pattern]) => testWildcard(pattern, action)).map(([, id]) => id);
    const rcp = organization.options.rcpSupportedServices.has(service) ? 'rcp' : 'no-rcp';
    return `${rcp} ${matched.sort((a, b) => a - b).join(',')}`;
  };
}

/** A level's verdict, and whether it hinges on a key that varies per account. */
interface SharedLevel {
  verdict: LevelVerdict;
  varies: boolean;
}

/** The answer for every account, for one representative action. */
function summarizeClass(organization: OrganizationPermissions, request: SummaryRequest, action: string, identity: CompiledPolicy[], boundary: CompiledPolicy[]): ClassAnswer {
  const varying = varyingKeys(request);
  const shared: StatementRequest = {
    action,
    ...(request.resource !== undefined ? { resource: request.resource } : {}),
    context: requestContext(organization, { ...request, action, principalAccount: request.principalAccount ?? '' }, varying),
  };
  const hingesOnVarying = (dependsOn: readonly Dependency[]) => dependsOn.some((dependency) => dependency.missingKeys.some((key) => varying.has(key.toLowerCase())));
  const variesIn = (verdict: PolicySetVerdict) => verdict.statements.some((statement) => statement.applies === 'unknown' && hingesOnVarying(statement.dependsOn));

  const levels = new Map<string, SharedLevel>();
  const sharedLevel = (target: Target, type: AuthorizationPolicyType): SharedLevel => {
    const key = `${type} ${target.Id}`;
    let level = levels.get(key);
    if (!level) {
      const verdict = levelVerdict(organization, target, type, shared);
      levels.set(key, (level = { verdict, varies: variesIn(verdict) }));
    }
    return level;
  };
  // The chain down to each target, shared by everything below it.
  const paths = new Map<string, ChainState>();
  const pathState = (targetId: string, type: AuthorizationPolicyType): ChainState => {
    const key = `${type} ${targetId}`;
    let state = paths.get(key);
    if (!state) {
      const target = organization.target(targetId)!;
      const parent = target.ParentId === undefined ? notApplicable : pathState(target.ParentId, type);
      const level = sharedLevel(target, type);
      paths.set(key, (state = extendChain(parent, level.verdict, type, target, level.varies)));
    }
    return state;
  };
  const sharedIdentity = identityStages(shared);

  const decisions = new Map<string, DecisionKind>();
  const allowed: string[] = [];
  const denied = new Map<string, { cause: DenyCause; accounts: string[] }>();
  const depends = new Map<string, { dependsOn: readonly Dependency[]; accounts: string[] }>();
  for (const account of organization.graph.Accounts) {
    const asked = { ...request, action, principalAccount: request.principalAccount ?? account.Id, resourceAccount: request.resourceAccount ?? account.Id };
    let own: StatementRequest | undefined;
    // The request with this account's own values for the varying keys, built only when needed.
    const exact = () => (own ??= { ...shared, context: requestContext(organization, asked) });
    const chain = (type: AuthorizationPolicyType, accountId: string): ChainState => {
      if (chainExemption(organization, type, accountId, asked)) return notApplicable;
      const state = pathState(accountId, type);
      if (!state.varies) return state;
      let exactState = notApplicable;
      for (const target of organization.path(accountId)) {
        const level = sharedLevel(target, type);
        exactState = extendChain(exactState, level.varies ? levelVerdict(organization, target, type, exact()) : level.verdict, type, target);
      }
      return exactState;
    };
    const identityStagesOf = sharedIdentity.some((stage) => stage.varies) ? identityStages(exact()) : sharedIdentity;
    const result = combineStages([chain('SERVICE_CONTROL_POLICY', asked.principalAccount), chain('RESOURCE_CONTROL_POLICY', asked.resourceAccount), ...identityStagesOf]);
    decisions.set(account.Id, result.decision);
    if (result.decision === 'allowed') allowed.push(account.Id);
    else if (result.cause) addTo(denied, causeKey(result.cause), () => ({ cause: result.cause!, accounts: [] }), account.Id);
    else addTo(depends, result.dependsOn.map(dependencyKey).join(' & '), () => ({ dependsOn: result.dependsOn, accounts: [] }), account.Id);
  }
  const bySize = (a: { accounts: string[] }, b: { accounts: string[] }) => b.accounts.length - a.accounts.length;
  return { allowed, denied: [...denied.values()].sort(bySize), depends: [...depends.values()].sort(bySize), decisions };

  function identityStages(statementRequest: StatementRequest): ChainState[] {
    // Identity policies do not govern the account root user.
    if (request.principalType === 'Account') return [];
    const stages: ChainState[] = [];
    const add = (policies: CompiledPolicy[], stage: 'IDENTITY_POLICIES' | 'PERMISSIONS_BOUNDARY') => {
      const verdict = evaluatePolicies(policies, statementRequest);
      stages.push(extendChain(notApplicable, verdict, stage, undefined, variesIn(verdict)));
    };
    if (request.identityPolicies) add(identity, 'IDENTITY_POLICIES');
    if (request.permissionsBoundary) add(boundary, 'PERMISSIONS_BOUNDARY');
    return stages;
  }
}

/** The keys that take each account's own value, unless the request fixes them. */
function varyingKeys(request: SummaryRequest): ReadonlySet<string> {
  const keys: string[] = [];
  if (request.principalAccount === undefined) keys.push('aws:principalaccount', 'aws:principalorgid');
  if (request.resourceAccount === undefined) keys.push('aws:resourceaccount', 'aws:resourceorgid');
  const given = new Set(Object.keys(request.context ?? {}).map((key) => key.toLowerCase()));
  return new Set(keys.filter((key) => !given.has(key)));
}

function addTo<T extends { accounts: string[] }>(groups: Map<string, T>, key: string, create: () => T, accountId: string): void {
  let group = groups.get(key);
  if (!group) groups.set(key, (group = create()));
  group.accounts.push(accountId);
}

/** Groups denials by stage, level and the statements that deny. */
function causeKey(cause: DenyCause): string {
  const statements = cause.statements.map((statement) => `${statement.policyId ?? statement.policyName}#${statement.index}`).join(',');
  return `${cause.stage} ${cause.kind} ${cause.target?.Id ?? ''} ${statements}`;
}

function dependencyKey(dependency: Dependency): string {
  const { statement } = dependency;
  return `${statement.policyId ?? statement.policyName}#${statement.index} ${dependency.element} ${dependency.operator ?? ''} ${dependency.key ?? ''} ${dependency.values.join(',')}`;
}
