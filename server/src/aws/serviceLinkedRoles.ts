/**
 * The service-linked roles AWS services create, by service principal: the role's name, the principal that
 * assumes it (its path is `/aws-service-role/<that principal>/`) and the AWS managed policy that gives it its
 * permissions. These are the roles Organizations' trusted access creates in every member account, Organizations'
 * own role, and a few common ones an account creates with `iam:CreateServiceLinkedRole`.
 *
 * Sources: each service's page of the Organizations User Guide ("Service-linked roles created when you enable
 * integration", services-that-can-integrate-<service>), and where a role is trusted by another principal than
 * the one trusted access names, the service's own guide: Service Catalog's AWSServiceRoleForServiceCatalogOrgsDataSync
 * trusts orgsdatasync.servicecatalog.amazonaws.com (Service Catalog Administrator Guide, "Using service-linked
 * roles"), Artifact's AWSServiceRoleForArtifact trusts artifact.amazonaws.com (Artifact User Guide), Systems
 * Manager's AWSServiceRoleForAmazonSSM_AccountDiscovery trusts accountdiscovery.ssm.amazonaws.com (Systems Manager
 * User Guide, "Using roles to collect AWS account information for OpsCenter and Explorer"), and the Well-Architected
 * Tool's AWSServiceRoleForWellArchitected uses AWSWellArchitectedOrganizationsServiceRolePolicy. The policy names are
 * checked against the AWS managed policy data by the unit tests.
 */

export interface ServiceLinkedRole {
  /** The service principal the role belongs to (trusted access and `AWSServiceName` name it). */
  servicePrincipal: string;
  roleName: string;
  /** The principal in the role's trust policy, when it is not `servicePrincipal`. */
  trustedPrincipal?: string;
  /** The name of the AWS managed policy attached to it (its ARN comes from the managed policy data). */
  policyName: string;
  description: string;
}

function role(servicePrincipal: string, roleName: string, policyName: string, description: string, trustedPrincipal?: string): ServiceLinkedRole {
  return { servicePrincipal, roleName, policyName, description, ...(trustedPrincipal ? { trustedPrincipal } : {}) };
}

/** Organizations' own service principal. */
export const ORGANIZATIONS_SERVICE_PRINCIPAL = 'organizations.amazonaws.com';

export const serviceLinkedRoles: readonly ServiceLinkedRole[] = [
  role(ORGANIZATIONS_SERVICE_PRINCIPAL, 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy', 'Service-linked role used by AWS Organizations to enable integration of other AWS services with Organizations.'),
  role('access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer', 'AccessAnalyzerServiceRolePolicy', 'Allows IAM Access Analyzer to analyze resource metadata.'),
  role('auditmanager.amazonaws.com', 'AWSServiceRoleForAuditManager', 'AWSAuditManagerServiceRolePolicy', 'Allows AWS Audit Manager to collect evidence.'),
  role('aws-artifact-account-sync.amazonaws.com', 'AWSServiceRoleForArtifact', 'AWSArtifactServiceRolePolicy', 'Allows AWS Artifact to read the organization.', 'artifact.amazonaws.com'),
  role('backup.amazonaws.com', 'AWSServiceRoleForBackup', 'AWSBackupServiceLinkedRolePolicyForBackup', 'Allows AWS Backup to manage backups.'),
  role('cloudtrail.amazonaws.com', 'AWSServiceRoleForCloudTrail', 'CloudTrailServiceRolePolicy', 'Allows CloudTrail to log events of the organization trail.'),
  role('compute-optimizer.amazonaws.com', 'AWSServiceRoleForComputeOptimizer', 'ComputeOptimizerServiceRolePolicy', 'Allows Compute Optimizer to read resource metadata.'),
  role('config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy', 'Allows AWS Config to record resource configurations.'),
  role('config-multiaccountsetup.amazonaws.com', 'AWSServiceRoleForConfigMultiAccountSetup', 'AWSConfigMultiAccountSetupPolicy', 'Allows AWS Config to deploy rules and conformance packs across the organization.'),
  role('detective.amazonaws.com', 'AWSServiceRoleForDetective', 'AmazonDetectiveServiceLinkedRolePolicy', 'Allows Amazon Detective to read the organization.'),
  role('devops-guru.amazonaws.com', 'AWSServiceRoleForDevOpsGuru', 'AmazonDevOpsGuruServiceRolePolicy', 'Allows Amazon DevOps Guru to analyze operational data.'),
  role('ds.amazonaws.com', 'AWSServiceRoleForDirectoryService', 'AWSDirectoryServiceServiceRolePolicy', 'Allows AWS Directory Service to share directories.'),
  role('fms.amazonaws.com', 'AWSServiceRoleForFMS', 'FMSServiceRolePolicy', 'Allows AWS Firewall Manager to manage protections.'),
  role('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy', 'Allows Amazon GuardDuty to monitor the account.'),
  role('health.amazonaws.com', 'AWSServiceRoleForHealth_Organizations', 'Health_OrganizationsServiceRolePolicy', 'Allows AWS Health to aggregate events of the organization.'),
  role('inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2', 'AmazonInspector2ServiceRolePolicy', 'Allows Amazon Inspector to scan resources.'),
  role('ipam.amazonaws.com', 'AWSServiceRoleForIPAM', 'AWSIPAMServiceRolePolicy', 'Allows IPAM to monitor IP addresses.'),
  role('license-manager.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerRole', 'AWSLicenseManagerServiceRolePolicy', 'Allows License Manager to manage licenses.'),
  role('license-manager.member-account.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerMemberAccountRole', 'AWSLicenseManagerMemberAccountRolePolicy', 'Allows License Manager to act in a member account.'),
  role('license-management.marketplace.amazonaws.com', 'AWSServiceRoleForMarketplaceLicenseManagement', 'AWSMarketplaceLicenseManagementServiceRolePolicy', 'Allows AWS Marketplace to distribute licenses.'),
  role('macie.amazonaws.com', 'AWSServiceRoleForAmazonMacie', 'AmazonMacieServiceRolePolicy', 'Allows Amazon Macie to discover sensitive data.'),
  role('networkmanager.amazonaws.com', 'AWSServiceRoleForNetworkManager', 'AWSNetworkManagerServiceRolePolicy', 'Allows Network Manager to read network resources.'),
  role('ram.amazonaws.com', 'AWSServiceRoleForResourceAccessManager', 'AWSResourceAccessManagerServiceRolePolicy', 'Allows AWS RAM to read the organization.'),
  role('reporting.trustedadvisor.amazonaws.com', 'AWSServiceRoleForTrustedAdvisorReporting', 'AWSTrustedAdvisorReportingServiceRolePolicy', 'Allows Trusted Advisor to report across the organization.'),
  role('securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy', 'Allows Security Hub to aggregate findings.'),
  role('servicecatalog.amazonaws.com', 'AWSServiceRoleForServiceCatalogOrgsDataSync', 'AWSServiceCatalogOrgsDataSyncServiceRolePolicy', 'Allows Service Catalog to sync the organization.', 'orgsdatasync.servicecatalog.amazonaws.com'),
  role('servicequotas.amazonaws.com', 'AWSServiceRoleForServiceQuotas', 'ServiceQuotasServiceRolePolicy', 'Allows Service Quotas to request increases.'),
  role('ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM_AccountDiscovery', 'AWSSystemsManagerAccountDiscoveryServicePolicy', 'Allows Systems Manager to discover the organization\'s accounts.', 'accountdiscovery.ssm.amazonaws.com'),
  role('sso.amazonaws.com', 'AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy', 'Allows IAM Identity Center to manage roles for permission sets.'),
  role('stacksets.cloudformation.amazonaws.com', 'AWSServiceRoleForCloudFormationStackSetsOrgMember', 'CloudFormationStackSetsOrgMemberServiceRolePolicy', 'Allows CloudFormation StackSets to deploy to the account.', 'member.org.stacksets.cloudformation.amazonaws.com'),
  role('storage-lens.s3.amazonaws.com', 'AWSServiceRoleForS3StorageLens', 'S3StorageLensServiceRolePolicy', 'Allows S3 Storage Lens to collect metrics.'),
  role('wellarchitected.amazonaws.com', 'AWSServiceRoleForWellArchitected', 'AWSWellArchitectedOrganizationsServiceRolePolicy', 'Allows the Well-Architected Tool to read the organization.'),
  // Services outside trusted access whose roles accounts commonly create themselves.
  role('autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy', 'Allows EC2 Auto Scaling to manage instances.'),
  role('ecs.amazonaws.com', 'AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy', 'Allows Amazon ECS to manage the cluster.'),
  role('elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy', 'Allows Elastic Load Balancing to manage load balancers.'),
  role('rds.amazonaws.com', 'AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy', 'Allows Amazon RDS to manage database resources.'),
  role('spot.amazonaws.com', 'AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy', 'Allows EC2 Spot to launch and manage Spot Instances.'),
];

const byPrincipal = new Map(serviceLinkedRoles.map((entry) => [entry.servicePrincipal, entry]));

/** The service-linked role of a service principal, if the service has one. */
export function serviceLinkedRoleOf(servicePrincipal: string): ServiceLinkedRole | undefined {
  return byPrincipal.get(servicePrincipal);
}

/** The path of a service-linked role: `/aws-service-role/<principal>/`. */
export function serviceLinkedRolePath(entry: ServiceLinkedRole): string {
  return `/aws-service-role/${entry.trustedPrincipal ?? entry.servicePrincipal}/`;
}

/** The trust policy of a service-linked role, as IAM shows it. */
export function serviceLinkedRoleTrustPolicy(entry: ServiceLinkedRole): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: entry.trustedPrincipal ?? entry.servicePrincipal }, Action: 'sts:AssumeRole' }],
  });
}
