/**
 * The embedded AWS Organizations engine: every operation of the AWS Organizations API over a state of
 * collections, run synchronously as the given caller account. Each call runs in one transaction; its changes
 * are committed to the store once, before the call returns; a rejected call changes nothing.
 */
import type * as sdk from '@aws-sdk/client-organizations';
import { accountRootArn } from '../aws/iamArns';
import { Context, defaultTimings, type Timings } from './context';
import { syntheticLedger } from './costLedger';
import { delegationGrant, type Grant } from './delegationPolicy';
import { accessDenied, notInUse, OrganizationsError } from './errors';
import { accountOperations as iamAccountOperations } from './iam/account';
import { refuseRoleSession } from './iam/authorization';
import { IamError, iamInputErrors } from './iam/errors';
import { permissionOperations } from './iam/permissions';
import { policyOperations as iamPolicyOperations } from './iam/policies';
import { principalOperations } from './iam/principals';
import { simulateOperations } from './iam/simulate';
import { Input, organizationsInputErrors, type InputErrors } from './input';
import { migrate, STATE_VERSION } from './migrations';
import { dueTime, settle, timedCollections, type TimedCollection } from './lifecycle';
import type { Access, OperationDefinition } from './operation';
import { accountOperations } from './operations/accounts';
import { handshakeOperations } from './operations/handshakes';
import { organizationOperations } from './operations/organization';
import { policyOperations } from './operations/policies';
import { serviceOperations } from './operations/services';
import { structureOperations } from './operations/structure';
import { resourcePolicyOperations } from './operations/resourcePolicy';
import { tagOperations } from './operations/tags';
import { transferOperations } from './operations/transfers';
import { deniedByServiceControlPolicies } from './serviceControl';
import { resolveQuotas, type QuotaOptions, type Quotas } from './quotas';
import { populateSample, SAMPLE_ACCOUNT_QUOTA, sampleManagementAccount, type SeedName } from './seeds';
import { applyChanges, SINGLE, toCollections, toState, Transaction, type ExportedState, type State, type StsSessionRecord } from './state';
import { stsOperations } from './sts';
import { MemoryStore, type Change, type StateStore } from './store';

/** Every operation name of the SDK: its `<Name>Command` exports. */
export type OperationName = {
  [K in keyof typeof sdk]: K extends `${infer Name}Command` ? (Name extends '' | '$' ? never : Name) : never;
}[keyof typeof sdk];

const definitions: Record<OperationName, OperationDefinition> = {
  ...organizationOperations,
  ...structureOperations,
  ...accountOperations,
  ...handshakeOperations,
  ...policyOperations,
  ...serviceOperations,
  ...tagOperations,
  ...resourcePolicyOperations,
  ...transferOperations,
};

/** The services the engine serves: AWS Organizations, and the IAM and STS of every account. */
export type ServiceName = 'organizations' | 'iam' | 'sts';

const iamDefinitions: Record<string, OperationDefinition> = {
  ...principalOperations,
  ...iamPolicyOperations,
  ...permissionOperations,
  ...iamAccountOperations,
  ...simulateOperations,
};

interface Service {
  definitions: Record<string, OperationDefinition>;
  /** The IAM action prefix of its operations (`iam:CreateRole`), which SCPs name. */
  actionPrefix: string;
  inputErrors: InputErrors;
  /** Operations that only read (they commit nothing and, with replication lag, see the state of the past). */
  reads: RegExp;
}

const services: Record<ServiceName, Service> = {
  organizations: { definitions, actionPrefix: 'organizations', inputErrors: organizationsInputErrors, reads: /^(Describe|List)/ },
  iam: { definitions: iamDefinitions, actionPrefix: 'iam', inputErrors: iamInputErrors, reads: /^(Get|List|Simulate)/ },
  sts: { definitions: stsOperations, actionPrefix: 'sts', inputErrors: iamInputErrors, reads: /^Get/ },
};

/** Operations whose delegated access can be limited to policy types (they call `authorizePolicyType`). */
const policyTypedOperations = new Set<string>([
  'AttachPolicy', 'CreatePolicy', 'DeletePolicy', 'DescribePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType',
  'ListPolicies', 'ListPoliciesForTarget', 'ListTargetsForPolicy', 'UpdatePolicy',
]);

/**
 * One committed change, as listeners hear it: the AWS operation that made it, with what it was asked and
 * answered; or, without `call`, work of an operation that fell due, a reset (`reset`), an import (`importState`)
 * or a write to the cost ledger.
 */
export interface Commit {
  operation: string;
  /** The service whose operation it was (Organizations for work that fell due); absent for a reset, an import or a ledger write. */
  service?: ServiceName;
  /** The call, with the account that made it (the account whose IAM an IAM operation changed). */
  call?: { input: Record<string, unknown>; output: unknown; callerAccountId: string };
}

/** The documented example management account of AWS's Organizations examples. */
export const DEFAULT_MANAGEMENT_ACCOUNT_ID = '111111111111';

export interface EngineOptions {
  /** Where state is committed (default: a MemoryStore). */
  store?: StateStore;
  /** Injectable time (default: the system clock). */
  clock?: () => Date;
  /** The account that creates the organization of the seeds (default 111111111111, AWS's example). */
  managementAccountId?: string;
  quotas?: QuotaOptions;
  /** Reads see the state of this many milliseconds ago (AWS's eventual consistency); 0 = off (default). */
  replicationLagMs?: number;
  /** Delays of the asynchronous operations. */
  timings?: Partial<Timings>;
}

/** What a call knows of its request beside the caller. */
export interface CallOptions {
  /** The service of the operation (default `organizations`). */
  service?: ServiceName;
  /** The partition the request was made in (default `aws`): the ARNs of the answer are in it, as AWS builds them per partition. */
  partition?: string;
  /** The access key ID of the role session whose temporary credentials signed the request: the call acts as that role. */
  roleSession?: string;
}

export class OrganizationsEngine {
  /** Every operation name the engine serves (the SDK's). */
  static readonly operations: readonly string[] = Object.keys(definitions).sort();
  /** Every IAM operation the engine serves. */
  static readonly iamOperations: readonly string[] = Object.keys(iamDefinitions).sort();
  /** Every STS operation the engine serves (GetCallerIdentity is the endpoint's own). */
  static readonly stsOperations: readonly string[] = Object.keys(stsOperations).sort();

  private readonly store: StateStore;
  private readonly clock: () => Date;
  private readonly quotas: Quotas;
  private readonly timings: Timings;
  private readonly lagMs: number;
  readonly managementAccountId: string;
  private state: State;
  /** States before each recent commit, for replication lag: `state` is what was visible until `until`. */
  private history: { until: number; state: State }[] = [];
  /** When each timed collection next has a record falling due. */
  private readonly nextDue = new Map<TimedCollection, number>();
  private readonly listeners = new Set<(commit: Commit) => void>();

  constructor(options: EngineOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.clock = options.clock ?? (() => new Date());
    this.quotas = resolveQuotas(options.quotas);
    this.timings = { ...defaultTimings, ...options.timings };
    this.lagMs = options.replicationLagMs ?? 0;
    this.managementAccountId = options.managementAccountId ?? DEFAULT_MANAGEMENT_ACCOUNT_ID;
    this.state = toState(this.store.load() ?? {});
    const migration = migrate(this.state, this.clock(), this.quotas, this.timings);
    if (migration.length) this.apply(migration, this.clock());
    this.rescanDue();
  }

  /**
   * Runs one operation of a service (Organizations unless the options name another) as `callerAccountId`;
   * throws OrganizationsError (IamError for IAM and STS). IAM operations act on the caller's own IAM.
   */
  call(operation: string, input: Record<string, unknown>, callerAccountId: string, options: CallOptions = {}): unknown {
    const serviceName = options.service ?? 'organizations';
    const service = services[serviceName];
    const definition = Object.hasOwn(service.definitions, operation) ? service.definitions[operation] : undefined;
    if (!definition) {
      throw new OrganizationsError('UnknownOperationException', `The operation ${operation} is not an operation of ${serviceName}.`);
    }
    if (typeof callerAccountId !== 'string' || !/^\d{12}$/.test(callerAccountId)) {
      throw accessDenied('The caller must be a 12-digit AWS account ID.');
    }
    const now = this.clock();
    this.progress(now);
    const read = service.reads.test(operation);
    const tx = new Transaction(read ? this.visibleState(now) : this.state);
    const ctx = new Context(tx, now, callerAccountId, this.quotas, this.timings, options.partition);
    let output: unknown;
    try {
      const reader = new Input(input, '', service.inputErrors);
      if (options.roleSession) this.authorizeRoleSession(ctx, options.roleSession, `${service.actionPrefix}:${operation}`, reader, serviceName);
      if (serviceName === 'organizations') ctx.grant = this.authorize(ctx, operation, definition.access);
      else this.authorizeAccountCall(ctx, `${service.actionPrefix}:${operation}`);
      output = definition.run(ctx, reader);
    } catch (error) {
      if (error instanceof OrganizationsError) throw error;
      if (serviceName !== 'organizations') throw new IamError('ServiceFailureException', `The request processing has failed because of an unknown error: ${(error as Error).message}`, { statusCode: 500 });
      throw new OrganizationsError('ServiceException', `AWS Organizations can't complete your request: ${(error as Error).message}`);
    }
    if (!read) this.commit(tx.changes(), { operation, service: serviceName, call: { input, output, callerAccountId } }, now);
    return output;
  }

  /**
   * Runs `run` in one transaction as `operation`, which is no AWS Organizations operation (the cost ledger's
   * reads and recorded charges); its changes are committed as an operation's are.
   */
  transact<T>(operation: string, run: (tx: Transaction, now: Date) => T): T {
    const now = this.clock();
    this.progress(now);
    const tx = new Transaction(this.state);
    const output = run(tx, now);
    this.commit(tx.changes(), { operation }, now);
    return output;
  }

  /** Replaces the whole state with a seed, committed to the store. */
  reset(seed: SeedName = 'empty'): void {
    let state: State = new Map();
    if (seed === 'sample') {
      // The sample is built by real operations on a scratch engine whose clock ends before now.
      let time = this.clock().getTime() - 3600_000;
      const scratch = new OrganizationsEngine({
        clock: () => new Date(time),
        managementAccountId: this.managementAccountId,
        quotas: { ...this.quotas, accountsPerOrganization: Math.max(this.quotas.accountsPerOrganization, SAMPLE_ACCOUNT_QUOTA) },
        timings: this.timings,
      });
      scratch.state.set('accounts', new Map([[this.managementAccountId, sampleManagementAccount(this.managementAccountId)]]));
      populateSample((operation, input, caller, options) => scratch.call(operation, input, caller, options), (ms) => { time += ms; }, this.managementAccountId);
      state = scratch.state;
      state.set('quotaIncreases', new Map([['accountsPerOrganization', SAMPLE_ACCOUNT_QUOTA]]));
      state.set('costLedger', new Map([[SINGLE, syntheticLedger(this.clock())]]));
    }
    this.replace(state, 'reset');
  }

  /** The whole state as JSON, as of now: clock-driven progress that has fallen due is applied first, as before a call. */
  exportState(): ExportedState {
    this.progress(this.clock());
    return { format: 'aws-organizations-engine', version: 1, collections: structuredClone(toCollections(this.state)) };
  }

  /** Replaces the whole state with an exported one, committed to the store. */
  importState(state: unknown): void {
    const exported = state as Partial<ExportedState> | null;
    if (!exported || typeof exported !== 'object' || exported.format !== 'aws-organizations-engine' || exported.version !== 1
      || !exported.collections || typeof exported.collections !== 'object') {
      throw new OrganizationsError('InvalidInputException', 'The state is not an exported AWS Organizations engine state (version 1).');
    }
    this.replace(toState(structuredClone(exported.collections)), 'importState');
  }

  /**
   * The accounts the engine knows outside the organization (invited by email, removed, or seen as callers),
   * so a user can act as one of them (for example to accept an invitation). Not an AWS operation.
   */
  standaloneAccounts(): { Id: string; Name: string; Email: string }[] {
    return [...(this.state.get('accounts')?.values() ?? [])]
      .map((record) => record as { Id: string; Name: string; Email: string; ParentId?: string })
      .filter((account) => !account.ParentId)
      .map(({ Id, Name, Email }) => ({ Id, Name, Email }));
  }

  /** Calls `listener` after every committed change: the engine's journal. Returns the function that unsubscribes it. */
  onDidChange(listener: (commit: Commit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private replace(state: State, operation: string): void {
    applyChanges(state, migrate(state, this.clock(), this.quotas, this.timings));
    const changes: Change[] = [];
    for (const [collection, records] of this.state) {
      for (const id of records.keys()) if (!state.get(collection)?.has(id)) changes.push({ collection, id, value: null });
    }
    for (const [collection, records] of state) {
      for (const [id, value] of records) changes.push({ collection, id, value });
    }
    this.store.commit(changes);
    this.state = state;
    this.history = [];
    this.rescanDue();
    this.notify({ operation });
  }

  /** The temporary credentials of a role session STS issued (ended ones too, until a new session drops them). */
  session(accessKeyId: string): StsSessionRecord | undefined {
    return this.state.get('stsSessions')?.get(accessKeyId) as StsSessionRecord | undefined;
  }

  /** The engine's time. */
  now(): Date {
    return this.clock();
  }

  /**
   * Refuses a call made with a role session's credentials that the role may not make (its policies, its boundary,
   * the SCPs of its account): AccessDenied (IAM, STS) or AccessDeniedException (Organizations), naming the action.
   */
  private authorizeRoleSession(ctx: Context, accessKeyId: string, action: string, input: Input, service: ServiceName): void {
    const session = ctx.tx.get('stsSessions', accessKeyId);
    const refusal = session ? refuseRoleSession(ctx, session, action, input) : `The security token included in the request is invalid: ${accessKeyId} is no role session.`;
    if (!refusal) return;
    throw service === 'organizations' ? accessDenied(refusal) : new IamError('AccessDenied', refusal, { statusCode: 403 });
  }

  /** Refuses a member account's IAM or STS call that the SCPs on its path deny, as AWS does. */
  private authorizeAccountCall(ctx: Context, action: string): void {
    if (ctx.member(ctx.caller) && deniedByServiceControlPolicies(ctx, ctx.caller, action)) {
      throw new IamError('AccessDenied', `User: ${accountRootArn(ctx.partition, ctx.caller)} is not authorized to perform: ${action} with an explicit deny in a service control policy`, { statusCode: 403 });
    }
  }

  /** Who the caller is for this operation, per the operation's access; returns its delegation grant. */
  private authorize(ctx: Context, operation: string, access: Access): Grant {
    if (ctx.member(ctx.caller) && deniedByServiceControlPolicies(ctx, ctx.caller, `organizations:${operation}`)) {
      throw accessDenied(`You don't have permissions to access this resource: organizations:${operation} is denied by a service control policy.`);
    }
    if (access === 'anyone' || access === 'anyAccount') return 'all';
    const organization = ctx.organization();
    if (!organization || !ctx.member(ctx.caller)) throw notInUse();
    if (organization.MasterAccountId === ctx.caller || access === 'member') return 'all';
    if (access === 'management') throw accessDenied();
    const isDelegatedAdministrator = ctx.tx.values('delegatedAdministrators').some((admin) => admin.AccountId === ctx.caller);
    if (access === 'readers' && isDelegatedAdministrator) return 'all';
    const policy = ctx.tx.get('resourcePolicy', SINGLE);
    const grant = policy ? delegationGrant(policy.Content, ctx.caller, operation) : undefined;
    if (!grant || (grant !== 'all' && !policyTypedOperations.has(operation))) throw accessDenied();
    return grant;
  }

  /** Applies clock-driven progress that has fallen due, as its own committed change. */
  private progress(now: Date): void {
    for (let round = 0; round < 3; round++) {
      const due = new Set(timedCollections.filter((collection) => now.getTime() >= (this.nextDue.get(collection) ?? Infinity)));
      if (!due.size) return;
      const tx = new Transaction(this.state);
      const progressed = settle(new Context(tx, now, this.managementAccountId, this.quotas, this.timings), due);
      const changes = tx.changes();
      if (changes.length) this.apply(changes, now);
      this.rescanDue(due);
      for (const operation of progressed) this.notify({ operation, service: 'organizations' });
    }
  }

  private commit(changes: Change[], commit: Commit, now: Date): void {
    if (!changes.length) return;
    this.apply(changes, now);
    for (const change of changes) {
      const collection = change.collection as TimedCollection;
      if (timedCollections.includes(collection)) {
        const due = dueTime(collection, change.value, this.timings);
        if (due !== undefined) this.nextDue.set(collection, Math.min(this.nextDue.get(collection) ?? Infinity, due));
      }
    }
    this.notify(commit);
  }

  /** Commits to the store, then to memory; with replication lag, keeps the state before the change. */
  private apply(changes: Change[], now: Date): void {
    // A new state records its version with its first commit, so that later versions know what to migrate.
    if (!this.state.get('stateVersion')?.has(SINGLE)) changes = [...changes, { collection: 'stateVersion', id: SINGLE, value: STATE_VERSION }];
    this.store.commit(changes);
    if (this.lagMs > 0) {
      const before = new Map(this.state);
      // Copy-on-write: changed collections are replaced, so `before` keeps the old ones intact.
      for (const collection of new Set(changes.map((change) => change.collection))) {
        this.state.set(collection, new Map(this.state.get(collection)));
      }
      this.history.push({ until: now.getTime(), state: before });
      this.history = this.history.filter((entry) => entry.until > now.getTime() - this.lagMs);
    }
    applyChanges(this.state, changes);
  }

  /** The state a read sees: as it was `replicationLagMs` ago. */
  private visibleState(now: Date): State {
    if (this.lagMs <= 0) return this.state;
    const asOf = now.getTime() - this.lagMs;
    return this.history.find((entry) => entry.until > asOf)?.state ?? this.state;
  }

  private rescanDue(collections: Iterable<TimedCollection> = timedCollections): void {
    for (const collection of collections) {
      let next = Infinity;
      for (const record of this.state.get(collection)?.values() ?? []) {
        const due = dueTime(collection, record, this.timings);
        if (due !== undefined && due < next) next = due;
      }
      this.nextDue.set(collection, next);
    }
  }

  private notify(commit: Commit): void {
    for (const listener of this.listeners) listener(commit);
  }
}
