/**
 * The organization's quotas, with AWS's values as defaults where AWS states them (facts §3). Configurable per
 * engine; a state may also carry approved increases (a seed that needs more accounts raises the quota).
 */
import type { PolicyType } from '@aws-sdk/client-organizations';

export interface Quotas {
  /** Accounts per organization (AWS default 10; invitations count until answered). */
  accountsPerOrganization: number;
  /** OUs per organization. */
  organizationalUnitsPerOrganization: number;
  /** Levels of OUs under the root. */
  organizationalUnitDepth: number;
  /** CreateAccount requests in progress at a time. */
  concurrentAccountCreations: number;
  /** Tags per root, OU, account or policy. */
  tagsPerResource: number;
  /** Policies of each type per organization. */
  policiesPerType: Record<PolicyType, number>;
  /** Policies of each type attached directly to one root, OU or account. */
  attachmentsPerTarget: Record<PolicyType, number>;
  /** Maximum policy document size per type, in characters, whitespace counted. */
  policySize: Record<PolicyType, number>;
  /** Maximum size of the delegation resource policy. */
  resourcePolicySize: number;
}

/** Every policy type of the SDK's `PolicyType`, in the enum's order. */
export const policyTypes = [
  'AISERVICES_OPT_OUT_POLICY', 'BACKUP_POLICY', 'BEDROCK_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2',
  'GUARDDUTY_POLICY', 'INSPECTOR_POLICY', 'NETWORK_SECURITY_DIRECTOR_POLICY', 'RESOURCE_CONTROL_POLICY', 'S3_POLICY',
  'SECURITYHUB_CSPM_POLICY', 'SECURITYHUB_POLICY', 'SERVICE_CONTROL_POLICY', 'TAG_POLICY', 'UPGRADE_ROLLOUT_POLICY',
] as const satisfies readonly PolicyType[];

function perType(value: number, overrides: Partial<Record<PolicyType, number>>): Record<PolicyType, number> {
  return Object.fromEntries(policyTypes.map((type) => [type, overrides[type] ?? value])) as Record<PolicyType, number>;
}

export const defaultQuotas: Quotas = {
  accountsPerOrganization: 10,
  organizationalUnitsPerOrganization: 2000,
  organizationalUnitDepth: 5,
  concurrentAccountCreations: 5,
  tagsPerResource: 50,
  // SCPs: 10,000 per organization on the current quota page; 1,000 for every other type.
  policiesPerType: perType(1000, { SERVICE_CONTROL_POLICY: 10_000 }),
  // SCP and AI opt-out 5, backup and tag 10 (quota page); AWS doesn't state the others, so 10 (RCP 5, like SCPs).
  attachmentsPerTarget: perType(10, { SERVICE_CONTROL_POLICY: 5, RESOURCE_CONTROL_POLICY: 5, AISERVICES_OPT_OUT_POLICY: 5 }),
  // SCP and RCP 5,120, AI opt-out 2,500, the management types 10,000 (quota page; unstated types assumed 10,000).
  policySize: perType(10_000, { SERVICE_CONTROL_POLICY: 5120, RESOURCE_CONTROL_POLICY: 5120, AISERVICES_OPT_OUT_POLICY: 2500 }),
  resourcePolicySize: 40_000,
};

/** A partial configuration of quotas; per-type records may name only some types. */
export type QuotaOptions = Partial<Omit<Quotas, 'policiesPerType' | 'attachmentsPerTarget' | 'policySize'>> & {
  policiesPerType?: Partial<Record<PolicyType, number>>;
  attachmentsPerTarget?: Partial<Record<PolicyType, number>>;
  policySize?: Partial<Record<PolicyType, number>>;
};

/** Defaults overlaid with a partial configuration (per-type records merged type by type). */
export function resolveQuotas(overrides: QuotaOptions = {}): Quotas {
  return {
    ...defaultQuotas,
    ...overrides,
    policiesPerType: { ...defaultQuotas.policiesPerType, ...overrides.policiesPerType },
    attachmentsPerTarget: { ...defaultQuotas.attachmentsPerTarget, ...overrides.attachmentsPerTarget },
    policySize: { ...defaultQuotas.policySize, ...overrides.policySize },
  };
}
