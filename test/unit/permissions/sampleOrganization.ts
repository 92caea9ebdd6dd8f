/** A small organization for the evaluator's tests, shaped after the examples of AWS's SCP and RCP pages. */
import { AuthorizationPolicyType, OrganizationGraph, PolicyAttachment, PolicyNode } from '../../../server/src/permissions/model';
import { OrganizationPermissions } from '../../../server/src/permissions/organization';

/** The AWS managed SCP attached everywhere when SCPs are enabled. */
export const fullAWSAccess: PolicyNode = {
  Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true,
  Content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** The five services of the RCP launch, enough for these tests. */
export const rcpServices = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager']);

export const ids = {
  root: 'r-ab12',
  workloads: 'ou-ab12-workload',
  prod: 'ou-ab12-prodprod',
  sandbox: 'ou-ab12-sandboxx',
  prodAccount: '111111111111',
  devAccount: '222222222222',
  sandboxAccount: '333333333333',
  management: '999999999999',
  external: '444455556666',
};

/** A policy of a type with the given statements. */
export function policy(Id: string, Name: string, Type: AuthorizationPolicyType, ...Statement: object[]): PolicyNode {
  return { Id, Name, Type, Content: { Version: '2012-10-17', Statement } };
}

/**
 * Root → Workloads → Prod → prod-app; Workloads → dev-app; Root → Sandbox → sandbox; Root → management.
 * FullAWSAccess is attached everywhere unless `withoutFullAccess` names the target.
 */
export function sampleGraph(extra: { policies?: PolicyNode[]; attachments?: PolicyAttachment[]; withoutFullAccess?: string[]; rcps?: boolean } = {}): OrganizationGraph {
  const targets = [ids.root, ids.workloads, ids.prod, ids.sandbox, ids.prodAccount, ids.devAccount, ids.sandboxAccount, ids.management];
  return {
    OrganizationId: 'o-exampleorgid',
    RootId: ids.root,
    ManagementAccountId: ids.management,
    EnabledPolicyTypes: extra.rcps === false ? ['SERVICE_CONTROL_POLICY'] : ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    OrganizationalUnits: [
      { Id: ids.workloads, Name: 'Workloads', ParentId: ids.root },
      { Id: ids.prod, Name: 'Prod', ParentId: ids.workloads },
      { Id: ids.sandbox, Name: 'Sandbox', ParentId: ids.root },
    ],
    Accounts: [
      { Id: ids.prodAccount, Name: 'prod-app', ParentId: ids.prod },
      { Id: ids.devAccount, Name: 'dev-app', ParentId: ids.workloads },
      { Id: ids.sandboxAccount, Name: 'sandbox', ParentId: ids.sandbox },
      { Id: ids.management, Name: 'management', ParentId: ids.root },
    ],
    Policies: [fullAWSAccess, ...(extra.policies ?? [])],
    Attachments: [
      ...targets.filter((target) => !extra.withoutFullAccess?.includes(target)).map((TargetId) => ({ PolicyId: fullAWSAccess.Id, TargetId })),
      ...(extra.attachments ?? []),
    ],
  };
}

export function sampleOrganization(extra: Parameters<typeof sampleGraph>[0] = {}): OrganizationPermissions {
  return new OrganizationPermissions(sampleGraph(extra), { rcpSupportedServices: rcpServices });
}
