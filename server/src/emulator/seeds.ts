/**
 * Ready-made organizations. `sample` is a realistic organization built by running real operations (so every
 * invariant holds): Security, Infrastructure, Workloads (Prod, Dev), Sandbox and Suspended OUs, a few dozen
 * accounts, guardrail SCPs, a tag and a backup policy, two trusted services, a delegated administrator, one
 * open invitation, and IAM principals in every account (seedPrincipals.ts). `generateOrganization` builds
 * large organizations directly (10,000 accounts in well under a
 * second) with the same invariants, for benchmarks.
 */
import { syntheticLedger } from './costLedger';
import { newSalt, scrambled, type IdKind } from './ids';
import { STATE_VERSION } from './migrations';
import { generatedRoles, populateAccountPrincipals, type ServiceCall } from './seedPrincipals';
import { SINGLE, type ExportedState, type Records } from './state';
import type { Collections } from './store';

export type SeedName = 'empty' | 'sample';

/** Runs one operation of a service as a caller (the engine's `call`). */
export type Call = ServiceCall;

/** Guardrail SCPs of the sample, after AWS's published examples. */
const sampleServiceControlPolicies = [
  {
    Name: 'DenyLeaveOrganization',
    Description: 'Prevents member accounts from leaving the organization',
    Content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] },
  },
  {
    Name: 'DenyRootUser',
    Description: 'Denies every action to the root user of member accounts',
    Content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }] },
  },
  {
    Name: 'RegionRestriction',
    Description: 'Denies actions outside the approved Regions, except global services',
    Content: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DenyAllOutsideApprovedRegions',
        Effect: 'Deny',
        NotAction: ['a4b:*', 'budgets:*', 'ce:*', 'cloudfront:*', 'globalaccelerator:*', 'iam:*', 'organizations:*', 'route53:*', 'sts:*', 'support:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      }],
    },
  },
  {
    Name: 'ProtectSecurityServices',
    Description: 'Prevents disabling CloudTrail, GuardDuty and AWS Config',
    Content: {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Deny',
        Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'guardduty:DeleteDetector', 'guardduty:DisassociateFromMasterAccount', 'config:DeleteConfigurationRecorder', 'config:StopConfigurationRecorder'],
        Resource: '*',
      }],
    },
  },
  {
    Name: 'DenyAllActions',
    Description: 'Denies everything: for suspended accounts',
    Content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
  },
];

const sampleTagPolicy = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['100', '200', '300'] },
      enforced_for: { '@@assign': ['secretsmanager:*', 'ec2:instance'] },
    },
  },
};

const sampleBackupPolicy = {
  plans: {
    daily_backups: {
      regions: { '@@assign': ['us-east-1', 'eu-west-1'] },
      rules: {
        daily: {
          schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' },
          start_backup_window_minutes: { '@@assign': '60' },
          target_backup_vault_name: { '@@assign': 'Default' },
          lifecycle: { delete_after_days: { '@@assign': '35' } },
        },
      },
      selections: {
        tags: {
          backup_tagged: {
            iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/AWSBackupDefaultServiceRole' },
            tag_key: { '@@assign': 'backup' },
            tag_value: { '@@assign': ['daily'] },
          },
        },
      },
    },
  },
};

/** The sample's OUs (parent name, or undefined for the root) and accounts per OU. */
const sampleLayout: { name: string; parent?: string; accounts: string[] }[] = [
  { name: 'Security', accounts: ['Security Tooling', 'Log Archive', 'Audit'] },
  { name: 'Infrastructure', accounts: ['Network Hub', 'Shared Services', 'Identity', 'DNS', 'CI/CD'] },
  { name: 'Workloads', accounts: [] },
  { name: 'Prod', parent: 'Workloads', accounts: ['Payments Prod', 'Orders Prod', 'Catalog Prod', 'Search Prod', 'Analytics Prod', 'Web Prod'] },
  { name: 'Dev', parent: 'Workloads', accounts: ['Payments Dev', 'Orders Dev', 'Catalog Dev', 'Search Dev', 'Analytics Dev', 'Web Dev'] },
  { name: 'Sandbox', accounts: ['Sandbox Alice', 'Sandbox Bob', 'Sandbox Carol', 'Sandbox Dave', 'Sandbox Erin'] },
  { name: 'Suspended', accounts: ['Legacy Reporting'] },
];

/** Accounts the sample invites (they join as INVITED), by OU, and the account invited but not yet answered. */
const sampleInvited = [
  { ou: 'Workloads', name: 'Acquired Startup', email: 'aws-acquired-startup@example.com', id: '444455556666' },
  { ou: 'Sandbox', name: 'Research Lab', email: 'aws-research-lab@example.com', id: '777788889999' },
];
const sampleOpenInvitation = { email: 'aws-partner-team@example.com' };

function emailFor(name: string): string {
  return `aws-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`;
}

/**
 * Builds the sample by calling real operations; `advance` moves the clock (CreateAccount and CloseAccount
 * complete by the clock).
 */
export function populateSample(call: Call, advance: (ms: number) => void, management: string): void {
  const output = <T>(operation: string, input: Record<string, unknown> = {}, caller = management): T => call(operation, input, caller) as T;
  output('CreateOrganization', { FeatureSet: 'ALL' });
  const rootId = output<{ Roots: { Id: string }[] }>('ListRoots').Roots[0].Id;
  // A new organization has no policy type enabled, as on AWS: the sample turns SCPs on as its first step.
  output('EnablePolicyType', { RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' });
  const ouIds = new Map<string, string>();
  for (const ou of sampleLayout) {
    const parentId = ou.parent ? ouIds.get(ou.parent)! : rootId;
    const created = output<{ OrganizationalUnit: { Id: string } }>('CreateOrganizationalUnit', { ParentId: parentId, Name: ou.name });
    ouIds.set(ou.name, created.OrganizationalUnit.Id);
  }
  // Create accounts five at a time (AWS's concurrency limit), letting the clock complete each batch.
  const pending = sampleLayout.flatMap((ou) => ou.accounts.map((name) => ({ ou: ou.name, name })));
  const accountIds = new Map<string, string>();
  while (pending.length) {
    const batch = pending.splice(0, 5).map((account) => ({
      ...account,
      requestId: output<{ CreateAccountStatus: { Id: string } }>('CreateAccount', {
        Email: emailFor(account.name),
        AccountName: account.name,
        Tags: [{ Key: 'team', Value: account.ou.toLowerCase() }],
      }).CreateAccountStatus.Id,
    }));
    advance(60_000);
    for (const account of batch) {
      const status = output<{ CreateAccountStatus: { AccountId: string } }>('DescribeCreateAccountStatus', { CreateAccountRequestId: account.requestId });
      accountIds.set(account.name, status.CreateAccountStatus.AccountId);
      output('MoveAccount', { AccountId: status.CreateAccountStatus.AccountId, SourceParentId: rootId, DestinationParentId: ouIds.get(account.ou) });
    }
  }
  for (const invited of sampleInvited) {
    const handshake = output<{ Handshake: { Id: string } }>('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: invited.id }, Notes: `Welcome, ${invited.name}` });
    output('AcceptHandshake', { HandshakeId: handshake.Handshake.Id }, invited.id);
    output('MoveAccount', { AccountId: invited.id, SourceParentId: rootId, DestinationParentId: ouIds.get(invited.ou) });
  }
  output('InviteAccountToOrganization', { Target: { Type: 'EMAIL', Id: sampleOpenInvitation.email }, Notes: 'Please join our organization.' });
  // Principals first: once the SCPs are attached, the Suspended OU's DenyAllActions would refuse them.
  for (const accountId of [management, ...accountIds.values(), ...sampleInvited.map((invited) => invited.id)]) {
    populateAccountPrincipals(call, accountId, management, accountIds.get('CI/CD')!);
  }

  const scpIds = new Map<string, string>();
  for (const policy of sampleServiceControlPolicies) {
    const created = output<{ Policy: { PolicySummary: { Id: string } } }>('CreatePolicy', { ...policy, Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(policy.Content, null, 2) });
    scpIds.set(policy.Name, created.Policy.PolicySummary.Id);
  }
  const attach = (policy: string, target: string): void => { output('AttachPolicy', { PolicyId: policy, TargetId: target }); };
  attach(scpIds.get('DenyLeaveOrganization')!, rootId);
  attach(scpIds.get('DenyRootUser')!, rootId);
  attach(scpIds.get('ProtectSecurityServices')!, rootId);
  attach(scpIds.get('RegionRestriction')!, ouIds.get('Workloads')!);
  attach(scpIds.get('RegionRestriction')!, ouIds.get('Sandbox')!);
  attach(scpIds.get('DenyAllActions')!, ouIds.get('Suspended')!);
  output('DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: ouIds.get('Suspended') });

  for (const [type, policy, name, description, target] of [
    ['TAG_POLICY', sampleTagPolicy, 'CostCenterTags', 'Requires the CostCenter tag with approved values', rootId],
    ['BACKUP_POLICY', sampleBackupPolicy, 'DailyBackups', 'Backs up resources tagged backup=daily every day', ouIds.get('Workloads')!],
  ] as const) {
    output('EnablePolicyType', { RootId: rootId, PolicyType: type });
    const created = output<{ Policy: { PolicySummary: { Id: string } } }>('CreatePolicy', { Name: name, Description: description, Type: type, Content: JSON.stringify(policy, null, 2) });
    attach(created.Policy.PolicySummary.Id, target);
  }

  output('EnableAWSServiceAccess', { ServicePrincipal: 'sso.amazonaws.com' });
  output('EnableAWSServiceAccess', { ServicePrincipal: 'cloudtrail.amazonaws.com' });
  output('RegisterDelegatedAdministrator', { AccountId: accountIds.get('Security Tooling'), ServicePrincipal: 'cloudtrail.amazonaws.com' });
  output('TagResource', { ResourceId: ouIds.get('Workloads'), Tags: [{ Key: 'owner', Value: 'platform-team' }] });
  output('CloseAccount', { AccountId: accountIds.get('Legacy Reporting') });
  advance(60_000);
}

/** The seeds' management account, as the world knows it before it creates the organization. */
export function sampleManagementAccount(id: string): Records['accounts'] {
  return { Id: id, Name: 'Management', Email: 'aws-management@example.com', State: 'ACTIVE' };
}

/** The account quota the sample needs (an approved increase over AWS's default of 10). */
export const SAMPLE_ACCOUNT_QUOTA = 50;

export interface GeneratorOptions {
  /** Member accounts, the management account included. */
  accounts: number;
  ous: number;
  /** Customer-managed SCPs, attached round-robin to OUs. */
  policies: number;
  /** OU levels under the root (1..5). */
  depth: number;
  managementAccountId?: string;
  /** The approved account quota (default: the number of accounts, at least AWS's 10). */
  accountQuota?: number;
  /** IAM roles per account (AWSServiceRoleForOrganizations and OrganizationAccountAccessRole first); default 0. */
  rolesPerAccount?: number;
  now?: Date;
}

/**
 * A large organization built directly as state: all features, SCPs enabled, FullAWSAccess on every root, OU
 * and account, OUs spread over `depth` levels, accounts spread over OUs, and quota increases where needed.
 */
export function generateOrganization(options: GeneratorOptions): ExportedState {
  const management = options.managementAccountId ?? '111111111111';
  const now = (options.now ?? new Date()).toISOString();
  const salt = newSalt();
  const counters: Record<string, number> = {};
  const next = (kind: IdKind): string => scrambled(kind, (counters[kind] = (counters[kind] ?? 0) + 1) - 1, salt);
  const c = {
    organization: {}, roots: {}, organizationalUnits: {}, accounts: {}, policies: {}, attachments: {}, sequence: {}, quotaIncreases: {}, iamRoles: {},
    costLedger: { [SINGLE]: syntheticLedger(options.now ?? new Date()) }, stateVersion: { [SINGLE]: STATE_VERSION },
  } as { [K in keyof Records]?: Record<string, Records[K]> };
  const organizationId = `o-${next('organization')}`;
  const rootId = `r-${next('root')}`;
  c.organization!.organization = { Id: organizationId, FeatureSet: 'ALL', MasterAccountId: management, CreatedTimestamp: now };
  c.roots![rootId] = { Id: rootId, Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] };
  c.attachments![rootId] = ['p-FullAWSAccess'];

  // OUs: the first `depth` form a chain (so the depth is reached), the rest spread level by level.
  const depth = Math.max(1, Math.min(5, options.depth));
  const levels: string[][] = [[rootId]];
  for (let index = 0; index < options.ous; index++) {
    const level = index < depth ? index + 1 : 1 + (index % depth);
    const parents = levels[level - 1];
    const parentId = parents[index % parents.length];
    const id = `ou-${rootId.slice(2)}-${next('organizationalUnit')}`;
    c.organizationalUnits![id] = { Id: id, Name: `OU ${index + 1}`, ParentId: parentId };
    c.attachments![id] = ['p-FullAWSAccess'];
    (levels[level] ??= []).push(id);
  }
  const parents = [rootId, ...Object.keys(c.organizationalUnits!)];

  c.accounts![management] = { ...sampleManagementAccount(management), ParentId: rootId, JoinedMethod: 'CREATED', JoinedTimestamp: now };
  c.attachments![management] = ['p-FullAWSAccess'];
  for (let index = 1; index < options.accounts; index++) {
    let id = next('account');
    while (id === management) id = next('account');
    c.accounts![id] = {
      Id: id, Name: `Account ${index}`, Email: `aws-account-${index}@example.com`, State: 'ACTIVE',
      ParentId: parents[index % parents.length], JoinedMethod: 'CREATED', JoinedTimestamp: now,
    };
    c.attachments![id] = ['p-FullAWSAccess'];
  }

  const ouIds = Object.keys(c.organizationalUnits!);
  for (let index = 0; index < options.policies; index++) {
    const id = `p-${next('policy')}`;
    c.policies![id] = {
      Id: id, Name: `Guardrail ${index + 1}`, Description: `Generated guardrail ${index + 1}`, Type: 'SERVICE_CONTROL_POLICY', LastUpdatedTimestamp: now,
      Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: `service${index}:*`, Resource: '*' }] }),
    };
    // At most four customer SCPs beside FullAWSAccess per target (the limit is five).
    const target = ouIds.length ? ouIds[index % ouIds.length] : rootId;
    if (c.attachments![target].length < 5) c.attachments![target] = [...c.attachments![target], id];
  }
  if (options.rolesPerAccount) {
    for (const accountId of Object.keys(c.accounts!)) {
      Object.assign(c.iamRoles!, generatedRoles(accountId, management, options.rolesPerAccount, now, () => next('iam')));
    }
  }
  c.sequence!.sequence = { salt, counters };
  c.quotaIncreases!.accountsPerOrganization = Math.max(options.accountQuota ?? options.accounts, 10);
  c.quotaIncreases!.organizationalUnitsPerOrganization = options.ous;
  return { format: 'aws-organizations-engine', version: 1, collections: c as Collections };
}
