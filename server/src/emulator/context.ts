/**
 * What every operation works with: the transaction, the caller, the clock, the quotas, and the lookups,
 * ARNs and SDK-shaped views of the organization's entities. Operations read and write only through it.
 */
import type {
  Account,
  AccountJoinedMethod,
  AccountStatus,
  CreateAccountStatus,
  Handshake,
  Organization,
  OrganizationalUnit,
  PolicySummary,
  PolicyType,
  Root,
} from '@aws-sdk/client-organizations';
import type { Grant } from './delegationPolicy';
import { accessDenied, constraintViolation, notFound, notInUse, type NotFoundException } from './errors';
import { nextIdPart, type IdKind } from './ids';
import { defaultPolicyFor, managedPolicy, type ManagedPolicy } from './managedPolicies';
import type { Quotas } from './quotas';
import {
  SINGLE,
  type AccountRecord,
  type CreateAccountStatusRecord,
  type HandshakeRecord,
  type OrganizationalUnitRecord,
  type OrganizationRecord,
  type PolicyRecord,
  type RootRecord,
  changesSince,
  generationOf,
  positionOf,
  type Transaction,
} from './state';

/** The clock-driven delays of the asynchronous operations. */
export interface Timings {
  /** From CreateAccount to SUCCEEDED. */
  accountCreationMs: number;
  /** From CloseAccount (PENDING_CLOSURE) to SUSPENDED. */
  accountClosureMs: number;
}

export const defaultTimings: Timings = { accountCreationMs: 3000, accountClosureMs: 5000 };

/** Suspended accounts become CLOSED (permanently) after 90 days. */
export const POST_CLOSURE_PERIOD_MS = 90 * 24 * 3600 * 1000;

export type TargetKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

/**
 * The organization's members in the accounts' order, and grouped by parent: derived from the committed
 * accounts once, then patched from the collection's journal as accounts change, so operations on a
 * 10,000-account organization don't rescan it.
 */
interface MemberDirectory {
  generation: number;
  members: AccountRecord[];
  /** Account ID → index in `members`. */
  positions: Map<string, number>;
  byParent: Map<string, AccountRecord[]>;
  /** Members permanently closed (they no longer count toward the account quota). */
  closed: number;
}
const directories = new WeakMap<Map<string, unknown>, MemberDirectory>();

function buildDirectory(accounts: Iterable<AccountRecord>, generation: number): MemberDirectory {
  const directory: MemberDirectory = { generation, members: [], positions: new Map(), byParent: new Map(), closed: 0 };
  for (const account of accounts) {
    if (!account.ParentId) continue;
    if (account.State === 'CLOSED') directory.closed++;
    directory.positions.set(account.Id, directory.members.push(account) - 1);
    const siblings = directory.byParent.get(account.ParentId);
    if (siblings) siblings.push(account);
    else directory.byParent.set(account.ParentId, [account]);
  }
  return directory;
}

/** Applies account changes to a directory; false when a change needs a rebuild (rare: removals, joins out of order). */
function patchDirectory(directory: MemberDirectory, changes: readonly { id: string; value: unknown }[], accounts: Map<string, unknown>): boolean {
  const order = (id: string) => positionOf(accounts, id) ?? -1;
  for (const { id, value } of changes) {
    if (value === null) return false;
    const account = value as AccountRecord;
    const index = directory.positions.get(id);
    const previous = index === undefined ? undefined : directory.members[index];
    if (!account.ParentId) {
      if (previous) return false;
      continue;
    }
    directory.closed += (account.State === 'CLOSED' ? 1 : 0) - (previous?.State === 'CLOSED' ? 1 : 0);
    if (previous) {
      directory.members[index!] = account;
      const oldSiblings = directory.byParent.get(previous.ParentId!)!;
      oldSiblings.splice(oldSiblings.indexOf(previous), 1);
    } else {
      const last = directory.members.at(-1);
      if (last && order(id) < order(last.Id)) return false;
      directory.positions.set(id, directory.members.push(account) - 1);
    }
    let siblings = directory.byParent.get(account.ParentId);
    if (!siblings) directory.byParent.set(account.ParentId, (siblings = []));
    // Keep each group in the accounts' order.
    let at = siblings.length;
    while (at > 0 && order(siblings[at - 1].Id) > order(id)) at--;
    siblings.splice(at, 0, account);
  }
  return true;
}

export class Context {
  /** What the caller may do by the delegation policy (set by the engine); `all` for the management account. */
  grant: Grant = 'all';

  constructor(
    readonly tx: Transaction,
    readonly now: Date,
    readonly caller: string,
    readonly quotas: Quotas,
    readonly timings: Timings,
    /** The partition of the request (the partition of the Region it was signed for): every ARN is built in it. */
    readonly partition = 'aws',
  ) {}

  get nowIso(): string {
    return this.now.toISOString();
  }

  /** Refuses a delegated caller whose grant doesn't cover this policy type. */
  authorizePolicyType(type: PolicyType): void {
    if (this.grant !== 'all' && !this.grant.has(type)) throw accessDenied();
  }

  // ---- organization and quotas ----

  organization(): OrganizationRecord | undefined {
    return this.tx.get('organization', SINGLE);
  }

  /** The organization, or `AWSOrganizationsNotInUseException` when there is none. */
  requireOrganization(): OrganizationRecord {
    const organization = this.organization();
    if (!organization) throw notInUse();
    return organization;
  }

  /** Refuses an operation that needs all features in a consolidated-billing organization. */
  requireAllFeatures(): void {
    if (this.requireOrganization().FeatureSet !== 'ALL') {
      throw constraintViolation('ORGANIZATION_NOT_IN_ALL_FEATURES_MODE', 'This operation requires an organization with all features enabled.');
    }
  }

  root(): RootRecord {
    const [root] = this.tx.values('roots');
    if (!root) throw notInUse();
    return root;
  }

  /** A quota with the state's approved increase applied. */
  quota(name: 'accountsPerOrganization' | 'organizationalUnitsPerOrganization'): number {
    return Math.max(this.quotas[name], this.tx.get('quotaIncreases', name) ?? 0);
  }

  isManagementAccount(accountId: string): boolean {
    return this.organization()?.MasterAccountId === accountId;
  }

  // ---- IDs ----

  newId(kind: Exclude<IdKind, 'account' | 'organizationalUnit' | 'iam'>): string {
    const prefix = { organization: 'o-', root: 'r-', policy: 'p-', handshake: 'h-', createAccountRequest: 'car-', resourcePolicy: 'rp-' }[kind];
    return prefix + nextIdPart(this.tx, kind);
  }

  newOrganizationalUnitId(): string {
    return `ou-${this.root().Id.slice(2)}-${nextIdPart(this.tx, 'organizationalUnit')}`;
  }

  /** A 12-digit account ID no known account has. */
  newAccountId(): string {
    for (;;) {
      const id = nextIdPart(this.tx, 'account');
      if (!this.tx.get('accounts', id)) return id;
    }
  }

  // ---- accounts ----

  account(id: string): AccountRecord | undefined {
    return this.tx.get('accounts', id);
  }

  /** The account if it belongs to the organization. */
  member(id: string): AccountRecord | undefined {
    const account = this.account(id);
    return account?.ParentId ? account : undefined;
  }

  requireMember(id: string): AccountRecord {
    const account = this.member(id);
    if (!account) throw notFound('AccountNotFoundException');
    return account;
  }

  /** The member directory of the committed accounts, or a fresh one when this transaction changed accounts. */
  private directory(): MemberDirectory {
    const committed = this.tx.committed('accounts');
    if (!committed) return buildDirectory(this.tx.values('accounts'), 0);
    const generation = generationOf(committed);
    let directory = directories.get(committed);
    if (directory && directory.generation !== generation) {
      const changes = changesSince(committed, directory.generation);
      if (changes && patchDirectory(directory, changes, committed)) directory.generation = generation;
      else directory = undefined;
    }
    if (!directory) {
      directory = buildDirectory(this.tx.values('accounts'), generation);
      directories.set(committed, directory);
    }
    return directory;
  }

  members(): readonly AccountRecord[] {
    return this.directory().members;
  }

  /** Members not permanently closed: those that count toward the account quota. */
  countedMembers(): number {
    const directory = this.directory();
    return directory.members.length - directory.closed;
  }

  /** The member accounts directly under a root or OU. */
  membersOf(parentId: string): readonly AccountRecord[] {
    return this.directory().byParent.get(parentId) ?? [];
  }

  /** Whether any account in the world has this email (compared without case). */
  isEmailTaken(email: string): boolean {
    const wanted = email.toLowerCase();
    // Comparing lengths first spares lowercasing nearly every one of 10,000 emails.
    return this.tx.values('accounts').some((account) => account.Email.length === wanted.length && account.Email.toLowerCase() === wanted);
  }

  /** The account with this ID, registered as a standalone account in the world if the engine hasn't seen it. */
  standaloneAccount(id: string, details: { Name?: string; Email?: string } = {}): AccountRecord {
    const known = this.account(id);
    if (known) return known;
    const account: AccountRecord = { Id: id, Name: details.Name ?? `Account ${id}`, Email: details.Email ?? `account-${id}@example.com`, State: 'ACTIVE' };
    this.tx.put('accounts', id, account);
    return account;
  }

  // ---- structure ----

  organizationalUnit(id: string): OrganizationalUnitRecord | undefined {
    return this.tx.get('organizationalUnits', id);
  }

  requireOrganizationalUnit(id: string): OrganizationalUnitRecord {
    const ou = this.organizationalUnit(id);
    if (!ou) throw notFound('OrganizationalUnitNotFoundException');
    return ou;
  }

  /** Whether a root or OU with this ID exists. */
  isParent(id: string): boolean {
    return id.startsWith('r-') ? this.tx.get('roots', id) !== undefined : this.organizationalUnit(id) !== undefined;
  }

  /** A root or OU, or the named not-found exception (ParentNotFoundException, DestinationParentNotFoundException ...). */
  requireParent(id: string, exception: NotFoundException = 'ParentNotFoundException'): string {
    if (!this.isParent(id)) throw notFound(exception);
    return id;
  }

  targetKind(id: string): TargetKind {
    return id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
  }

  /** Whether a root, OU or member account with this ID exists. */
  isTarget(id: string): boolean {
    return this.targetKind(id) === 'ACCOUNT' ? this.member(id) !== undefined : this.isParent(id);
  }

  requireTarget(id: string): string {
    if (!this.isTarget(id)) throw notFound('TargetNotFoundException');
    return id;
  }

  /** The parent of an OU or member account. */
  parentOf(id: string): string | undefined {
    return id.startsWith('ou-') ? this.organizationalUnit(id)?.ParentId : this.member(id)?.ParentId;
  }

  /** The root and OUs above an entity, root first. */
  ancestors(id: string): string[] {
    const chain: string[] = [];
    for (let parent = this.parentOf(id); parent; parent = this.parentOf(parent)) chain.unshift(parent);
    return chain;
  }

  /** The entity path AWS reports: `o-.../r-.../ou-.../<id>/`. */
  path(id: string): string {
    return `${this.requireOrganization().Id}/${[...this.ancestors(id), id].join('/')}/`;
  }

  /** Levels of OUs from the root down to and including this parent (0 for the root). */
  depth(parentId: string): number {
    return parentId.startsWith('r-') ? 0 : this.ancestors(parentId).length;
  }

  // ---- ARNs ----

  private arnPrefix(): string {
    const organization = this.requireOrganization();
    return `arn:${this.partition}:organizations::${organization.MasterAccountId}`;
  }

  organizationArn(): string {
    return `${this.arnPrefix()}:organization/${this.requireOrganization().Id}`;
  }

  arn(id: string): string {
    const org = this.requireOrganization().Id;
    if (id.startsWith('r-')) return `${this.arnPrefix()}:root/${org}/${id}`;
    if (id.startsWith('ou-')) return `${this.arnPrefix()}:ou/${org}/${id}`;
    if (id.startsWith('p-')) {
      const policy = this.policy(id);
      const type = (policy?.Type ?? 'SERVICE_CONTROL_POLICY').toLowerCase();
      return managedPolicy(id) ? `arn:${this.partition}:organizations::aws:policy/${type}/${id}` : `${this.arnPrefix()}:policy/${org}/${type}/${id}`;
    }
    if (id.startsWith('h-')) {
      const action = (this.tx.get('handshakes', id)?.Action ?? 'INVITE').toLowerCase();
      return `${this.arnPrefix()}:handshake/${org}/${action}/${id}`;
    }
    if (id.startsWith('rp-')) return `${this.arnPrefix()}:resourcepolicy/${org}/${id}`;
    return `${this.arnPrefix()}:account/${org}/${id}`;
  }

  // ---- policies ----

  policy(id: string): PolicyRecord | ManagedPolicy | undefined {
    return managedPolicy(id) ?? this.tx.get('policies', id);
  }

  requirePolicy(id: string): PolicyRecord | ManagedPolicy {
    const policy = this.policy(id);
    if (!policy) throw notFound('PolicyNotFoundException');
    return policy;
  }

  isPolicyTypeEnabled(type: PolicyType): boolean {
    return this.root().PolicyTypes.some((summary) => summary.Type === type && summary.Status === 'ENABLED');
  }

  /** Policy IDs attached directly to a target, in attachment order. */
  attachments(targetId: string): string[] {
    return this.tx.get('attachments', targetId) ?? [];
  }

  setAttachments(targetId: string, policyIds: string[]): void {
    if (policyIds.length) this.tx.put('attachments', targetId, policyIds);
    else if (this.tx.get('attachments', targetId)) this.tx.delete('attachments', targetId);
  }

  /** Attaches the default policy of every enabled type that has one to a new root, OU or account. */
  attachDefaultPolicies(targetId: string): void {
    const defaults = this.root().PolicyTypes.filter((summary) => summary.Status === 'ENABLED')
      .map((summary) => defaultPolicyFor(summary.Type!)?.Id)
      .filter((id): id is string => id !== undefined);
    this.setAttachments(targetId, [...this.attachments(targetId), ...defaults.filter((id) => !this.attachments(targetId).includes(id))]);
  }

  // ---- membership ----

  /** Makes an account a member: parent, joined method and time, default policies (iam/membership.ts adds its roles). */
  join(account: AccountRecord, parentId: string, method: AccountJoinedMethod): AccountRecord {
    const joined: AccountRecord = { ...account, ParentId: parentId, JoinedMethod: method, JoinedTimestamp: this.nowIso };
    this.tx.put('accounts', account.Id, joined);
    this.attachDefaultPolicies(account.Id);
    return joined;
  }

  /** Makes a member standalone again: no parent, no attachments. */
  leave(account: AccountRecord): void {
    const { ParentId: _parent, JoinedMethod: _method, JoinedTimestamp: _joined, ...standalone } = account;
    this.tx.put('accounts', account.Id, standalone);
    this.setAttachments(account.Id, []);
  }

  // ---- views in the SDK's shapes ----

  organizationView(): Organization {
    const organization = this.requireOrganization();
    const management = this.account(organization.MasterAccountId);
    return {
      Id: organization.Id,
      Arn: this.organizationArn(),
      FeatureSet: organization.FeatureSet,
      MasterAccountArn: this.arn(organization.MasterAccountId),
      MasterAccountId: organization.MasterAccountId,
      MasterAccountEmail: management?.Email,
      // Deprecated by AWS; it mirrors the root's policy types, as AWS's own examples show.
      AvailablePolicyTypes: this.root().PolicyTypes.map((summary) => ({ ...summary })),
    };
  }

  rootView(root: RootRecord): Root {
    return { Id: root.Id, Arn: this.arn(root.Id), Name: root.Name, PolicyTypes: root.PolicyTypes.map((summary) => ({ ...summary })) };
  }

  organizationalUnitView(ou: OrganizationalUnitRecord): OrganizationalUnit {
    return { Id: ou.Id, Arn: this.arn(ou.Id), Name: ou.Name, Path: this.path(ou.Id) };
  }

  accountView(account: AccountRecord): Account {
    const status: AccountStatus = account.State === 'PENDING_CLOSURE' ? 'PENDING_CLOSURE'
      : account.State === 'SUSPENDED' || account.State === 'CLOSED' ? 'SUSPENDED' : 'ACTIVE';
    return {
      Id: account.Id,
      Arn: this.arn(account.Id),
      Email: account.Email,
      Name: account.Name,
      Status: status,
      State: account.State,
      Paths: [this.path(account.Id)],
      JoinedMethod: account.JoinedMethod,
      JoinedTimestamp: account.JoinedTimestamp ? new Date(account.JoinedTimestamp) : undefined,
    };
  }

  policySummary(policy: PolicyRecord): PolicySummary {
    return {
      Id: policy.Id,
      Arn: this.arn(policy.Id),
      Name: policy.Name,
      Description: policy.Description,
      Type: policy.Type,
      AwsManaged: managedPolicy(policy.Id) !== undefined,
    };
  }

  handshakeView(handshake: HandshakeRecord): Handshake {
    return {
      Id: handshake.Id,
      Arn: this.arn(handshake.Id),
      Parties: handshake.Parties.map((party) => ({ ...party })),
      State: handshake.State,
      RequestedTimestamp: new Date(handshake.RequestedTimestamp),
      ExpirationTimestamp: new Date(handshake.ExpirationTimestamp),
      Action: handshake.Action,
      Resources: structuredClone(handshake.Resources),
    };
  }

  createAccountStatusView(status: CreateAccountStatusRecord): CreateAccountStatus {
    return {
      Id: status.Id,
      AccountName: status.AccountName,
      State: status.State,
      RequestedTimestamp: new Date(status.RequestedTimestamp),
      CompletedTimestamp: status.CompletedTimestamp ? new Date(status.CompletedTimestamp) : undefined,
      AccountId: status.State === 'SUCCEEDED' ? status.AccountId : undefined,
      FailureReason: status.FailureReason,
    };
  }
}
