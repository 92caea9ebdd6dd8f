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
import { ConditionContext } from './conditions';
import { needsNoPermission } from '../aws/noPermissionActions';
import {
  accountExemption, ChainState, combineStages, extendChain, notApplicable, requestContext, requestExemption, serviceOf,
} from './evaluate';
import { AuthorizationPolicyType, AuthorizationRequest, DecisionKind, DenyCause, Dependency, PolicySetVerdict, StatementOutcome } from './model';
import { OrganizationPermissions } from './organization';
import { CompiledPolicy, compilePolicy, evaluatePolicies, policyOutcomes, policySetVerdict, StatementRequest, statementActionPatterns } from './policyDocument';
import { testWildcard, WildcardPattern } from '../aws/wildcard';

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

/** Summarizes the actions over every account of the organization. Recent answers are remembered until the next change. */
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
    const answer = organization.remember(key, () => summarizeClass(organization, request, actions[0], identity, boundary));
    summaries.push({ actions, ...answer });
  }
  return { accounts: organization.graph.Accounts.length, classes: summaries };
}

/**
 * A function giving each action its class: which of the organization's (and the given policies') action
 * patterns match it, and whether RCPs govern its service. Evaluation depends on the action only through
 * these, so actions with the same signature get the same answer everywhere.
 */
export function actionSignatures(organization: OrganizationPermissions, extra: readonly WildcardPattern[]): (action: string) => string {
  const attached = organization.remember('action patterns', () => indexPatterns(organization.attachedPolicies().flatMap((policy) => policy.statements.flatMap(statementActionPatterns)), 0));
  const indexes = [attached, indexPatterns(extra, attached.size)];
  return (action) => {
    const service = serviceOf(action);
    const matched: number[] = [];
    for (const index of indexes) {
      for (const [pattern, id] of [...(index.byService.get(service) ?? []), ...index.anyService]) if (testWildcard(pattern, action)) matched.push(id);
    }
    // An action that needs no permission is answered apart from the actions its patterns share.
    const rcp = needsNoPermission(action) ? 'no-permission' : organization.options.rcpSupportedServices.has(service) ? 'rcp' : 'no-rcp';
    return `${rcp} ${matched.sort((a, b) => a - b).join(',')}`;
  };
}

/** Distinct action patterns, numbered from `first`, found by service: a literal service prefix limits a pattern to that service. */
interface PatternIndex {
  size: number;
  byService: Map<string, [WildcardPattern, number][]>;
  anyService: [WildcardPattern, number][];
}

function indexPatterns(patterns: readonly WildcardPattern[], first: number): PatternIndex {
  const numbered = new Map<WildcardPattern, number>();
  for (const pattern of patterns) if (!numbered.has(pattern)) numbered.set(pattern, first + numbered.size);
  const index: PatternIndex = { size: first + numbered.size, byService: new Map(), anyService: [] };
  for (const entry of numbered) {
    const colon = entry[0].prefix.indexOf(':');
    if (colon < 0) index.anyService.push(entry);
    else {
      const service = entry[0].prefix.slice(0, colon);
      const list = index.byService.get(service);
      if (list) list.push(entry);
      else index.byService.set(service, [entry]);
    }
  }
  return index;
}

/** A level's verdict, and whether it hinges on a key that varies per account. */
interface SharedLevel {
  verdict: PolicySetVerdict;
  varies: boolean;
}

/** The answer for every account, for one representative action. */
function summarizeClass(organization: OrganizationPermissions, request: SummaryRequest, action: string, identity: CompiledPolicy[], boundary: CompiledPolicy[]): ClassAnswer {
  const evaluation = new ClassEvaluation(organization, request, action, identity, boundary);
  const decisions = new Map<string, DecisionKind>();
  const allowed: string[] = [];
  // Accounts below one denying level share its cause object; groups are merged by meaning at the end.
  const denied = new Map<DenyCause, string[]>();
  const depends = new Map<readonly Dependency[], string[]>();
  // An action that needs no permission is allowed everywhere, whatever the policies say.
  const free = needsNoPermission(action);
  for (const account of organization.graph.Accounts) {
    const result: CombinedStages = free ? { decision: 'allowed', dependsOn: [] } : evaluation.decide(account.Id);
    decisions.set(account.Id, result.decision);
    if (result.decision === 'allowed') allowed.push(account.Id);
    else if (result.cause) addTo(denied, result.cause, account.Id);
    else addTo(depends, result.dependsOn, account.Id);
  }
  const bySize = (a: { accounts: string[] }, b: { accounts: string[] }) => b.accounts.length - a.accounts.length;
  return {
    allowed,
    denied: mergeGroups(denied, causeKey).map(([cause, accounts]) => ({ cause, accounts })).sort(bySize),
    depends: mergeGroups(depends, (dependsOn) => dependsOn.map(dependencyKey).join(' & ')).map(([dependsOn, accounts]) => ({ dependsOn, accounts })).sort(bySize),
    decisions,
  };
}

/**
 * One action evaluated for every account, sharing all it can: each policy is evaluated once, each distinct set of
 * attached policies once, and the chain down to each target once for everything below it. An account whose
 * answer hinges on a key that varies per account is finished with its own values.
 */
class ClassEvaluation {
  private readonly varying: ReadonlySet<string>;
  /** The request with any account standing for all of them: the keys that differ between them are left unknown. */
  private readonly shared: StatementRequest;
  private readonly exempt: Record<AuthorizationPolicyType, ReturnType<typeof requestExemption>>;
  private readonly policies = new Map<CompiledPolicy, { outcomes: StatementOutcome[]; varies: boolean }>();
  private readonly levels: Record<AuthorizationPolicyType, SharedLevel[]> = { SERVICE_CONTROL_POLICY: [], RESOURCE_CONTROL_POLICY: [] };
  private readonly paths: Record<AuthorizationPolicyType, ChainState[]> = { SERVICE_CONTROL_POLICY: [], RESOURCE_CONTROL_POLICY: [] };
  private readonly sharedIdentity: ChainState[];
  private readonly identityVaries: boolean;
  /** Accounts that share both chains' states (the same OU, no level of their own) share the result. */
  private readonly combined = new Map<ChainState, Map<ChainState, CombinedStages>>();

  constructor(
    private readonly organization: OrganizationPermissions,
    private readonly request: SummaryRequest,
    action: string,
    private readonly identity: CompiledPolicy[],
    private readonly boundary: CompiledPolicy[],
  ) {
    this.varying = varyingKeys(request);
    const anyAccount = organization.graph.Accounts[0]?.Id ?? '';
    this.shared = {
      action,
      ...(request.resource !== undefined ? { resource: request.resource } : {}),
      context: requestContext(organization, {
        ...request, action, principalAccount: request.principalAccount ?? anyAccount, resourceAccount: request.resourceAccount ?? anyAccount,
      }, this.varying),
    };
    this.exempt = {
      SERVICE_CONTROL_POLICY: requestExemption(organization, 'SERVICE_CONTROL_POLICY', { action, ...(request.serviceLinkedRole ? { serviceLinkedRole: true } : {}) }),
      RESOURCE_CONTROL_POLICY: requestExemption(organization, 'RESOURCE_CONTROL_POLICY', { action }),
    };
    this.sharedIdentity = this.identityStages(this.shared);
    this.identityVaries = this.sharedIdentity.some((stage) => stage.varies);
  }

  /** One account's decision: its SCP and RCP chains and the identity stages, combined. */
  decide(accountId: string): CombinedStages {
    const principalAccount = this.request.principalAccount ?? accountId;
    const resourceAccount = this.request.resourceAccount ?? accountId;
    let own: StatementRequest | undefined;
    // The request with this account's own values for the varying keys, built only when needed.
    const exact = () => (own ??= { ...this.shared, context: this.accountContext(principalAccount, resourceAccount) });
    const scp = this.chain('SERVICE_CONTROL_POLICY', principalAccount, exact);
    const rcp = this.chain('RESOURCE_CONTROL_POLICY', resourceAccount, exact);
    if (this.identityVaries) return combineStages([scp, rcp, ...this.identityStages(exact())]);
    let byRcp = this.combined.get(scp);
    if (!byRcp) this.combined.set(scp, (byRcp = new Map()));
    let result = byRcp.get(rcp);
    if (!result) byRcp.set(rcp, (result = combineStages([scp, rcp, ...this.sharedIdentity])));
    return result;
  }

  private hingesOnVarying(dependsOn: readonly Dependency[]): boolean {
    return dependsOn.some((dependency) => dependency.missingKeys.some((key) => this.varying.has(key.toLowerCase())));
  }

  private variesIn(verdict: PolicySetVerdict): boolean {
    return verdict.statements.some((statement) => statement.applies === 'unknown' && this.hingesOnVarying(statement.dependsOn));
  }

  /** A policy's outcomes for the shared request, evaluated once. */
  private policy(policy: CompiledPolicy): { outcomes: StatementOutcome[]; varies: boolean } {
    let found = this.policies.get(policy);
    if (!found) {
      const outcomes = policyOutcomes(policy, this.shared);
      this.policies.set(policy, (found = { outcomes, varies: outcomes.some((outcome) => outcome.applies === 'unknown' && this.hingesOnVarying(outcome.dependsOn)) }));
    }
    return found;
  }

  /** The verdict of the policies attached at a position, evaluated once per distinct set of them. */
  private level(position: number, type: AuthorizationPolicyType): SharedLevel {
    const set = this.organization.attachmentSet(position, type);
    let level = this.levels[type][set];
    if (!level) {
      const attached = this.organization.attachedAt(position, type);
      const verdict = policySetVerdict(attached.flatMap((policy) => this.policy(policy).outcomes));
      this.levels[type][set] = level = { verdict, varies: attached.some((policy) => this.policy(policy).varies) };
    }
    return level;
  }

  /** A level evaluated again with one account's own values, for the policies that hinge on them. */
  private exactLevel(position: number, type: AuthorizationPolicyType, exact: StatementRequest): PolicySetVerdict {
    return policySetVerdict(this.organization.attachedAt(position, type).flatMap((policy) => (this.policy(policy).varies ? policyOutcomes(policy, exact) : this.policy(policy).outcomes)));
  }

  /** The chain down to a target, shared by everything below it. */
  private path(position: number, type: AuthorizationPolicyType): ChainState {
    let state = this.paths[type][position];
    if (!state) {
      const parent = this.organization.parentPosition(position);
      const level = this.level(position, type);
      state = extendChain(parent < 0 ? notApplicable : this.path(parent, type), level.verdict, type, this.organization.targetAt(position), level.varies);
      this.paths[type][position] = state;
    }
    return state;
  }

  /** An account's chain: the shared one, or, if that hinges on varying keys, refolded with the account's own values. */
  private chain(type: AuthorizationPolicyType, accountId: string, exact: () => StatementRequest): ChainState {
    if (this.exempt[type] || accountExemption(this.organization, accountId)) return notApplicable;
    const position = this.organization.position(accountId)!;
    const state = this.path(position, type);
    if (!state.varies) return state;
    const positions: number[] = [];
    for (let up = position; up >= 0; up = this.organization.parentPosition(up)) positions.unshift(up);
    let exactState = notApplicable;
    for (const level of positions) {
      const { verdict, varies } = this.level(level, type);
      exactState = extendChain(exactState, varies ? this.exactLevel(level, type, exact()) : verdict, type, this.organization.targetAt(level));
    }
    return exactState;
  }

  /**
   * The shared context with one account's values for the varying keys: what `requestContext` gives for
   * that account's request, since every other key is the same for all accounts.
   */
  private accountContext(principalAccount: string, resourceAccount: string): ConditionContext {
    const values = new Map(this.shared.context.values);
    if (this.varying.has('aws:principalaccount')) values.set('aws:principalaccount', [principalAccount]);
    if (this.varying.has('aws:resourceaccount')) values.set('aws:resourceaccount', [resourceAccount]);
    return { values, complete: this.shared.context.complete };
  }

  /** The identity policies' and the permissions boundary's stages; none for the account root user, which they do not govern. */
  private identityStages(statementRequest: StatementRequest): ChainState[] {
    if (this.request.principalType === 'Account') return [];
    const stages: ChainState[] = [];
    const add = (policies: CompiledPolicy[], stage: 'IDENTITY_POLICIES' | 'PERMISSIONS_BOUNDARY') => {
      const verdict = evaluatePolicies(policies, statementRequest);
      stages.push(extendChain(notApplicable, verdict, stage, undefined, this.variesIn(verdict)));
    };
    if (this.request.identityPolicies) add(this.identity, 'IDENTITY_POLICIES');
    if (this.request.permissionsBoundary) add(this.boundary, 'PERMISSIONS_BOUNDARY');
    return stages;
  }
}

/** What `combineStages` answers for one account. */
type CombinedStages = ReturnType<typeof combineStages>;

/**
 * The keys that take each account's own value, unless the request fixes them. (`aws:PrincipalOrgID` and
 * `aws:ResourceOrgID` are the organization's for every account in it.)
 */
function varyingKeys(request: SummaryRequest): ReadonlySet<string> {
  const keys: string[] = [];
  if (request.principalAccount === undefined) keys.push('aws:principalaccount');
  if (request.resourceAccount === undefined) keys.push('aws:resourceaccount');
  const given = new Set(Object.keys(request.context ?? {}).map((key) => key.toLowerCase()));
  return new Set(keys.filter((key) => !given.has(key)));
}

function addTo<K>(groups: Map<K, string[]>, key: K, accountId: string): void {
  const accounts = groups.get(key);
  if (accounts) accounts.push(accountId);
  else groups.set(key, [accountId]);
}

/** Merges groups whose keys mean the same (equal causes found through different paths). */
function mergeGroups<K>(groups: Map<K, string[]>, meaning: (key: K) => string): [K, string[]][] {
  const merged = new Map<string, [K, string[]]>();
  for (const [key, accounts] of groups) {
    const text = meaning(key);
    const found = merged.get(text);
    if (found) found[1].push(...accounts);
    else merged.set(text, [key, accounts]);
  }
  return [...merged.values()];
}

/** Groups denials by stage, level and the statements that deny. */
export function causeKey(cause: DenyCause): string {
  const statements = cause.statements.map((statement) => `${statement.policyId ?? statement.policyName}#${statement.index}`).join(',');
  return `${cause.stage} ${cause.kind} ${cause.target?.Id ?? ''} ${statements}`;
}

/** Groups dependencies by statement and clause. */
export function dependencyKey(dependency: Dependency): string {
  const { statement } = dependency;
  return `${statement.policyId ?? statement.policyName}#${statement.index} ${dependency.element} ${dependency.operator ?? ''} ${dependency.key ?? ''} ${dependency.values.join(',')}`;
}
