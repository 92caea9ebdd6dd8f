/**
 * The engine's state: collections of plain JSON records (the stored shapes) and the transaction one
 * operation runs in. A transaction reads through its own pending writes and yields the `Change`s to commit,
 * so a rejected operation changes nothing and an accepted one is committed once.
 */
import type {
  AccountJoinedMethod,
  AccountState,
  ActionType,
  CreateAccountFailureReason,
  CreateAccountState,
  HandshakeParty,
  HandshakeResource,
  HandshakeState,
  IAMUserAccessToBilling,
  OrganizationFeatureSet,
  PolicyType,
  PolicyTypeSummary,
  Tag,
} from '@aws-sdk/client-organizations';
import type { Change, Collections } from './store';

/** The organization (one per engine); timestamps are ISO 8601 strings in every record. */
export interface OrganizationRecord {
  Id: string;
  FeatureSet: OrganizationFeatureSet;
  MasterAccountId: string;
  CreatedTimestamp: string;
  /** The ENABLE_ALL_FEATURES parent handshake while the organization migrates to all features. */
  AllFeaturesHandshakeId?: string;
}

export interface RootRecord {
  Id: string;
  Name: string;
  PolicyTypes: PolicyTypeSummary[];
}

export interface OrganizationalUnitRecord {
  Id: string;
  Name: string;
  ParentId: string;
}

/** Every account the engine knows, in the organization (with `ParentId`) or standalone (without). */
export interface AccountRecord {
  Id: string;
  Name: string;
  Email: string;
  State: AccountState;
  ParentId?: string;
  JoinedMethod?: AccountJoinedMethod;
  JoinedTimestamp?: string;
  /** When a requested closure turns the account SUSPENDED, then CLOSED. */
  ClosureRequestedTimestamp?: string;
}

export interface PolicyRecord {
  Id: string;
  Name: string;
  Description: string;
  Type: PolicyType;
  Content: string;
  /** When the policy was created or last updated (AWS managed policies: never). */
  LastUpdatedTimestamp?: string;
}

export interface HandshakeRecord {
  Id: string;
  Action: ActionType;
  State: HandshakeState;
  Parties: HandshakeParty[];
  Resources: HandshakeResource[];
  RequestedTimestamp: string;
  ExpirationTimestamp: string;
  /** When the handshake reached a final state; it is listed for 30 days after. */
  FinishedTimestamp?: string;
  /** The account that may accept or decline it. */
  RecipientAccountId: string;
  /** The account that sent it (and may cancel it). */
  SenderAccountId: string;
  /** For APPROVE_ALL_FEATURES and ENABLE_ALL_FEATURES children: the parent handshake. */
  ParentHandshakeId?: string;
  /** For INVITE: the tags the account gets when it joins. */
  Tags?: Tag[];
}

export interface CreateAccountStatusRecord {
  Id: string;
  AccountName: string;
  Email: string;
  State: CreateAccountState;
  RequestedTimestamp: string;
  /** When the request completes (the clock-driven delay). */
  DueTimestamp: string;
  CompletedTimestamp?: string;
  AccountId: string;
  FailureReason?: CreateAccountFailureReason;
  RoleName: string;
  IamUserAccessToBilling: IAMUserAccessToBilling;
  Tags: Tag[];
}

export interface ServiceAccessRecord {
  ServicePrincipal: string;
  DateEnabled: string;
}

export interface DelegatedAdministratorRecord {
  AccountId: string;
  ServicePrincipal: string;
  DelegationEnabledDate: string;
}

/** A policy attached to an IAM user, group or role by ARN. */
export interface AttachedPolicyRecord {
  PolicyName: string;
  PolicyArn: string;
}

/** What IAM users, groups and roles share: names, IDs, paths, inline and attached policies. */
export interface IamPrincipalRecord {
  AccountId: string;
  /** `AIDA...`, `AGPA...` or `AROA...`. */
  Id: string;
  Name: string;
  Path: string;
  CreateDate: string;
  /** Inline policy name → document (as sent, URL-decoded), in the order they were put. */
  InlinePolicies: Record<string, string>;
  AttachedPolicies: AttachedPolicyRecord[];
}

export interface IamRoleRecord extends IamPrincipalRecord {
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundary?: string;
  Tags: Tag[];
  /** For a service-linked role: the service principal that owns it (and alone may change or delete it). */
  ServicePrincipal?: string;
  /** When a role session of it last called the endpoint. */
  LastUsedDate?: string;
}

export interface IamUserRecord extends IamPrincipalRecord {
  PermissionsBoundary?: string;
  Tags: Tag[];
}

export interface IamGroupRecord extends IamPrincipalRecord {
  /** Member user names, in the order they were added. */
  Users: string[];
}

export interface IamPolicyVersionRecord {
  VersionId: string;
  Document: string;
  CreateDate: string;
}

/** A customer managed policy of one account. */
export interface IamPolicyRecord {
  AccountId: string;
  Id: string;
  Name: string;
  Path: string;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  /** At most five versions, oldest first. */
  Versions: IamPolicyVersionRecord[];
  /** The number the next version takes (`v<n>`): version IDs are never reused. */
  NextVersion: number;
  Tags: Tag[];
}

/** The temporary credentials of a role session that STS AssumeRole issued. */
export interface StsSessionRecord {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  AccountId: string;
  RoleName: string;
  RoleId: string;
  RoleSessionName: string;
  /** The account that assumed the role. */
  SourceAccountId: string;
  Expiration: string;
}

/** A DeleteServiceLinkedRole request, for GetServiceLinkedRoleDeletionStatus. */
export interface DeletionTaskRecord {
  AccountId: string;
  DeletionTaskId: string;
  Status: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS' | 'NOT_STARTED';
  Reason?: string;
  RoleArn: string;
}

export interface ResourcePolicyRecord {
  Id: string;
  Content: string;
}

/** Per-kind ID counters and the salt that scrambles them into IDs (see ids.ts). */
/** The ledger's settings: the first month of synthetic usage, and when the seed that asked for it ran. */
export interface CostLedgerRecord {
  /** `YYYY-MM`: accounts that were members when the seed ran have synthetic usage from this month on. */
  SyntheticUsageSince: string;
  /** Accounts that join after this time have synthetic usage from the month they joined. */
  SeededTimestamp: string;
}

/** A charge recorded on an account for a month and service (the charges of one key add up). */
export interface ChargeRecord {
  AccountId: string;
  /** `YYYY-MM`. */
  Month: string;
  /** The service as Cost Explorer's SERVICE dimension names it. */
  Service: string;
  Cents: number;
}

export interface SequenceRecord {
  salt: number;
  counters: Record<string, number>;
}

/** The exported state's format. */
export interface ExportedState {
  format: 'aws-organizations-engine';
  version: 1;
  collections: Collections;
}

/** Collection names and the record type each holds. */
export interface Records {
  organization: OrganizationRecord;
  roots: RootRecord;
  organizationalUnits: OrganizationalUnitRecord;
  accounts: AccountRecord;
  policies: PolicyRecord;
  /** Target ID → attached policy IDs in attachment order. */
  attachments: string[];
  /** Resource ID → tags. */
  tags: Tag[];
  handshakes: HandshakeRecord;
  createAccountStatuses: CreateAccountStatusRecord;
  serviceAccess: ServiceAccessRecord;
  delegatedAdministrators: DelegatedAdministratorRecord;
  /** `<account>/<lower-case name>` → an IAM role (IAM's names are unique without regard to case). */
  iamRoles: IamRoleRecord;
  iamUsers: IamUserRecord;
  iamGroups: IamGroupRecord;
  iamPolicies: IamPolicyRecord;
  /** Access key ID → a role session's credentials. */
  stsSessions: StsSessionRecord;
  /** `<account>/<task ID>` → a service-linked role deletion. */
  iamDeletionTasks: DeletionTaskRecord;
  /** The state's data version (migrations.ts). */
  stateVersion: number;
  resourcePolicy: ResourcePolicyRecord;
  sequence: SequenceRecord;
  /** 'accountsPerOrganization' etc. → an approved quota increase. */
  quotaIncreases: number;
  /** The cost ledger's settings (costLedger.ts), when a seed gave the organization synthetic usage. */
  costLedger: CostLedgerRecord;
  /** `<account>/<YYYY-MM>/<service>` → a recorded charge (costLedger.ts). */
  charges: ChargeRecord;
}
export type CollectionName = keyof Records;

/** The key of the organization's single-record collections. */
export const SINGLE = 'organization';

/**
 * The live state: collection name → record ID → record. Maps, not objects: V8 enumerates objects keyed by
 * 12-digit account IDs two orders of magnitude slower than Maps, which matters at 10,000 accounts.
 */
export type State = Map<string, Map<string, unknown>>;

export function toState(collections: Collections): State {
  return new Map(Object.entries(collections).map(([name, records]) => [name, new Map(Object.entries(records))]));
}

export function toCollections(state: State): Collections {
  return Object.fromEntries([...state].map(([name, records]) => [name, Object.fromEntries(records)]));
}

/** A committed collection's records as an array in the Map's order, with each record's position, patched as it changes. */
interface CommittedView {
  values: unknown[];
  positions: Map<string, number>;
}
const committedViews = new WeakMap<Map<string, unknown>, CommittedView>();

/** Each committed collection's recent changes, numbered, so facts derived from it can catch up instead of rescanning. */
interface Journal {
  generation: number;
  entries: { generation: number; id: string; value: unknown }[];
}
const journals = new WeakMap<Map<string, unknown>, Journal>();
const JOURNAL_LENGTH = 1000;

/** How many changes a committed collection has had (0 before the first). */
export function generationOf(records: Map<string, unknown>): number {
  return journals.get(records)?.generation ?? 0;
}

/** The changes of a committed collection after `generation`, or undefined when they are no longer all known. */
export function changesSince(records: Map<string, unknown>, generation: number): readonly { id: string; value: unknown }[] | undefined {
  const journal = journals.get(records);
  if (!journal) return generation === 0 ? [] : undefined;
  if (generation === journal.generation) return [];
  const first = journal.entries[0];
  if (!first || first.generation > generation + 1) return undefined;
  return journal.entries.filter((entry) => entry.generation > generation);
}

/** A record's position in its committed collection's order. */
export function positionOf(records: Map<string, unknown>, id: string): number | undefined {
  return committedView(records).positions.get(id);
}

function committedView(records: Map<string, unknown>): CommittedView {
  let view = committedViews.get(records);
  if (!view) {
    const values = [...records.values()];
    view = { values, positions: new Map([...records.keys()].map((id, index) => [id, index])) };
    committedViews.set(records, view);
  }
  return view;
}

/** One operation's view of the state, with its pending writes. */
export class Transaction {
  private readonly pending = new Map<string, Map<string, unknown>>();

  constructor(private readonly state: State) {}

  get<C extends CollectionName>(collection: C, id: string): Records[C] | undefined {
    const writes = this.pending.get(collection);
    if (writes?.has(id)) return (writes.get(id) ?? undefined) as Records[C] | undefined;
    return this.state.get(collection)?.get(id) as Records[C] | undefined;
  }

  put<C extends CollectionName>(collection: C, id: string, value: Records[C]): void {
    this.writes(collection).set(id, value);
  }

  delete(collection: CollectionName, id: string): void {
    this.writes(collection).set(id, null);
  }

  /** Every record of a collection, committed order first, then records this transaction added. */
  values<C extends CollectionName>(collection: C): readonly Records[C][] {
    const committed = this.committed(collection);
    // Reads of a large collection (10,000 accounts) share one array, patched as the collection changes.
    if (committed) return committedView(committed).values as readonly Records[C][];
    return this.entries(collection).map(([, value]) => value);
  }

  /** The committed records of a collection when this transaction hasn't written to it (else undefined). */
  committed(collection: CollectionName): Map<string, unknown> | undefined {
    return this.pending.has(collection) ? undefined : this.state.get(collection);
  }

  /** The committed records of a collection, whatever this transaction wrote to it. */
  base(collection: CollectionName): Map<string, unknown> | undefined {
    return this.state.get(collection);
  }

  /** This transaction's writes to a collection (`null`: deleted). */
  written(collection: CollectionName): ReadonlyMap<string, unknown> | undefined {
    return this.pending.get(collection);
  }

  /** Every ID of a collection (as `values`). */
  ids(collection: CollectionName): string[] {
    return this.entries(collection).map(([id]) => id);
  }

  changes(): Change[] {
    const result: Change[] = [];
    for (const [collection, writes] of this.pending) {
      for (const [id, value] of writes) result.push({ collection, id, value });
    }
    return result;
  }

  private entries<C extends CollectionName>(collection: C): [string, Records[C]][] {
    const committed = this.state.get(collection) ?? new Map<string, unknown>();
    const writes = this.pending.get(collection);
    const result: [string, Records[C]][] = [];
    for (const [id, value] of committed) {
      const current = writes?.has(id) ? writes.get(id) : value;
      if (current !== null && current !== undefined) result.push([id, current as Records[C]]);
    }
    if (writes) {
      for (const [id, value] of writes) if (!committed.has(id) && value !== null) result.push([id, value as Records[C]]);
    }
    return result;
  }

  private writes(collection: string): Map<string, unknown> {
    let writes = this.pending.get(collection);
    if (!writes) this.pending.set(collection, (writes = new Map()));
    return writes;
  }
}

/** Applies committed changes to the live state in place (records are replaced, never mutated). */
export function applyChanges(state: State, changes: Change[]): void {
  for (const { collection, id, value } of changes) {
    let records = state.get(collection);
    if (!records) state.set(collection, (records = new Map()));
    const view = committedViews.get(records);
    if (value === null) {
      records.delete(id);
      committedViews.delete(records);
    } else {
      records.set(id, value);
      const position = view?.positions.get(id);
      if (view && position !== undefined) view.values[position] = value;
      else if (view) view.positions.set(id, view.values.push(value) - 1);
    }
    const journal = journals.get(records) ?? { generation: 0, entries: [] };
    journal.generation++;
    journal.entries.push({ generation: journal.generation, id, value });
    if (journal.entries.length > JOURNAL_LENGTH) journal.entries.splice(0, journal.entries.length - JOURNAL_LENGTH);
    journals.set(records, journal);
  }
}
