/**
 * The AWS services that work with Organizations: their service principals, a one-line description (for the
 * command picker), and whether (and how many) delegated administrators they support. From the Organizations
 * user guide's list of integrated services (facts §5.6); services not listed here are
 * `UNRECOGNIZED_SERVICE_PRINCIPAL`.
 */
import type { PolicyType } from '@aws-sdk/client-organizations';

export interface IntegratedService {
  servicePrincipal: string;
  name: string;
  description: string;
  /** Delegated administrators the service allows; 0 when it supports none. */
  maxDelegatedAdministrators: number;
}

function service(servicePrincipal: string, name: string, description: string, maxDelegatedAdministrators: number): IntegratedService {
  return { servicePrincipal, name, description, maxDelegatedAdministrators };
}

/**
 * AWS Billing and Cost Management, as its page of the Organizations user guide names its principal; its delegated
 * administrator sees every account's costs, as the management account does.
 */
export const billingServicePrincipal = 'billing-cost-management.amazonaws.com';

export const integratedServices: readonly IntegratedService[] = [
  service('access-analyzer.amazonaws.com', 'IAM Access Analyzer', 'Analyzes resource access across the organization as the zone of trust.', 1),
  service('account.amazonaws.com', 'AWS Account Management', 'Manages alternate contacts and Regions of member accounts centrally.', 1),
  service('auditmanager.amazonaws.com', 'AWS Audit Manager', 'Collects audit evidence from every account of the organization.', 1),
  service('aws-artifact-account-sync.amazonaws.com', 'AWS Artifact', 'Accepts agreements on behalf of every account of the organization.', 0),
  service(billingServicePrincipal, 'AWS Billing and Cost Management', 'Shows the organization\'s costs and split cost allocation data to a delegated administrator.', 1),
  service('backup.amazonaws.com', 'AWS Backup', 'Manages and monitors backups across the organization with backup policies.', 1),
  service('cloudtrail.amazonaws.com', 'AWS CloudTrail', 'Creates an organization trail that logs events of every account.', 3),
  service('compute-optimizer.amazonaws.com', 'AWS Compute Optimizer', 'Recommends resource sizes across the accounts of the organization.', 1),
  service('config.amazonaws.com', 'AWS Config', 'Aggregates configuration and compliance data across the organization.', 1),
  service('config-multiaccountsetup.amazonaws.com', 'AWS Config rules', 'Deploys Config rules and conformance packs to member accounts.', 1),
  service('controltower.amazonaws.com', 'AWS Control Tower', 'Sets up and governs a multi-account landing zone.', 0),
  service('detective.amazonaws.com', 'Amazon Detective', 'Investigates security findings across the organization\'s accounts.', 1),
  service('devops-guru.amazonaws.com', 'Amazon DevOps Guru', 'Detects operational issues across the organization\'s accounts.', 1),
  service('ds.amazonaws.com', 'AWS Directory Service', 'Shares directories with accounts of the organization.', 1),
  service('fms.amazonaws.com', 'AWS Firewall Manager', 'Manages firewall rules and protections across the organization.', 1),
  service('guardduty.amazonaws.com', 'Amazon GuardDuty', 'Monitors threats in every account of the organization.', 1),
  service('health.amazonaws.com', 'AWS Health', 'Aggregates Health events of every account of the organization.', 5),
  service('inspector2.amazonaws.com', 'Amazon Inspector', 'Scans workloads for vulnerabilities across the organization.', 1),
  service('ipam.amazonaws.com', 'Amazon VPC IP Address Manager', 'Plans and monitors IP addresses across the organization.', 1),
  service('license-manager.amazonaws.com', 'AWS License Manager', 'Manages software licenses across the organization\'s accounts.', 1),
  service('license-manager.member-account.amazonaws.com', 'AWS License Manager (member accounts)', 'Lets License Manager act in member accounts.', 0),
  service('license-management.marketplace.amazonaws.com', 'AWS Marketplace license management', 'Distributes Marketplace licenses to member accounts.', 0),
  service('macie.amazonaws.com', 'Amazon Macie', 'Discovers sensitive data in S3 across the organization.', 1),
  service('member.org.stacksets.cloudformation.amazonaws.com', 'AWS CloudFormation StackSets (delegated administration)', 'Lets delegated administrators deploy StackSets to the organization.', 5),
  service('networkmanager.amazonaws.com', 'AWS Network Manager', 'Monitors global networks across the organization\'s accounts.', 1),
  service('ram.amazonaws.com', 'AWS Resource Access Manager', 'Shares resources with the organization without invitations.', 0),
  service('reporting.trustedadvisor.amazonaws.com', 'AWS Trusted Advisor', 'Reports Trusted Advisor checks for every account of the organization.', 1),
  service('securityhub.amazonaws.com', 'AWS Security Hub', 'Aggregates security findings and manages Security Hub policies.', 1),
  service('servicecatalog.amazonaws.com', 'AWS Service Catalog', 'Shares portfolios with the organization and its OUs.', 1),
  service('servicequotas.amazonaws.com', 'Service Quotas', 'Requests quota increases automatically for new accounts.', 0),
  service('ssm.amazonaws.com', 'AWS Systems Manager', 'Manages nodes and operations across the organization\'s accounts.', 1),
  service('sso.amazonaws.com', 'AWS IAM Identity Center', 'Gives workforce users single sign-on to the organization\'s accounts.', 1),
  service('stacksets.cloudformation.amazonaws.com', 'AWS CloudFormation StackSets', 'Deploys stacks to the organization\'s accounts with service-managed permissions.', 0),
  service('storage-lens.s3.amazonaws.com', 'Amazon S3 Storage Lens', 'Aggregates S3 storage metrics across the organization.', 1),
  service('tagpolicies.tag.amazonaws.com', 'Tag policies', 'Reports tag compliance across the organization.', 0),
  service('wellarchitected.amazonaws.com', 'AWS Well-Architected Tool', 'Shares workloads and lenses with the organization.', 1),
];

export function integratedService(servicePrincipal: string): IntegratedService | undefined {
  return integratedServices.find((candidate) => candidate.servicePrincipal === servicePrincipal);
}

/** Policy types that need trusted access for their service first (`SERVICE_ACCESS_NOT_ENABLED`). */
const policyTypeServices: Partial<Record<PolicyType, string>> = {
  SECURITYHUB_POLICY: 'securityhub.amazonaws.com',
};

export function serviceForPolicyType(type: PolicyType): string | undefined {
  return policyTypeServices[type];
}

/** The policy types that keep a service's trusted access from being disabled. */
export function policyTypesForService(servicePrincipal: string): PolicyType[] {
  return (Object.entries(policyTypeServices) as [PolicyType, string][]).filter(([, principal]) => principal === servicePrincipal).map(([type]) => type);
}
