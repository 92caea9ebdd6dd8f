/**
 * The common shapes of a new policy, after the examples of AWS's Organizations user guide (example SCPs and RCPs,
 * tag and backup policy syntax) and the service control policy examples of aws-samples: the Create Policy wizard
 * starts from them, and the language server offers them as snippets in an empty policy file. Placeholders to
 * change are snippet tab stops (`${1:eu-central-1}`), a literal `$` is escaped; `policyExampleContent` gives the plain JSON.
 */
import type { PolicyType } from '@aws-sdk/client-organizations';

export interface PolicyExample {
  /** A short title, as a picker item and a completion label. */
  label: string;
  /** What it does and what to change, one or two sentences. */
  detail: string;
  /** The document as a snippet: JSON with `${n:placeholder}` tab stops. */
  snippet: string;
}

const scpExamples: PolicyExample[] = [
  {
    label: 'Allow-list of services',
    detail: 'Allows only the services listed. An allow list works only where FullAWSAccess is detached: SCPs allow what every level allows.',
    snippet: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowListedServices",
      "Effect": "Allow",
      "Action": [
        "\${1:ec2}:*",
        "\${2:s3}:*",
        "cloudwatch:*",
        "logs:*"
      ],
      "Resource": "*"
    }
  ]
}`,
  },
  {
    label: 'Deny leaving the organization',
    detail: 'Member accounts cannot leave the organization (organizations:LeaveOrganization).',
    snippet: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyLeavingTheOrganization",
      "Effect": "Deny",
      "Action": "organizations:LeaveOrganization",
      "Resource": "*"
    }
  ]
}`,
  },
  {
    label: 'Region restriction',
    detail: 'Denies requests outside the Regions listed, except for global services, whose requests go to us-east-1.',
    snippet: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyOutsideAllowedRegions",
      "Effect": "Deny",
      "NotAction": [
        "a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*", "aws-portal:*", "budgets:*", "ce:*", "chime:*",
        "cloudfront:*", "config:*", "cur:*", "directconnect:*", "ec2:DescribeRegions", "ec2:DescribeTransitGateways",
        "ec2:DescribeVpnGateways", "fms:*", "globalaccelerator:*", "health:*", "iam:*", "importexport:*", "kms:*",
        "mobileanalytics:*", "networkmanager:*", "organizations:*", "pricing:*", "route53:*", "route53domains:*",
        "route53-recovery-cluster:*", "route53-recovery-control-config:*", "route53-recovery-readiness:*",
        "s3:GetAccountPublic*", "s3:ListAllMyBuckets", "s3:ListMultiRegionAccessPoints", "s3:PutAccountPublic*", "shield:*",
        "sts:*", "support:*", "trustedadvisor:*", "waf-regional:*", "waf:*", "wafv2:*", "wellarchitected:*"
      ],
      "Resource": "*",
      "Condition": {
        "StringNotEquals": {
          "aws:RequestedRegion": ["\${1:eu-central-1}", "\${2:eu-west-1}"]
        }
      }
    }
  ]
}`,
  },
  {
    label: 'Protect security services',
    detail: 'Nobody but the security role can stop CloudTrail, GuardDuty, AWS Config or Security Hub.',
    snippet: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ProtectSecurityServices",
      "Effect": "Deny",
      "Action": [
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "guardduty:DeleteDetector",
        "guardduty:DisassociateFromMasterAccount",
        "config:StopConfigurationRecorder",
        "config:DeleteConfigurationRecorder",
        "securityhub:DisableSecurityHub"
      ],
      "Resource": "*",
      "Condition": {
        "ArnNotLike": {
          "aws:PrincipalArn": "arn:aws:iam::*:role/\${1:SecurityAdmin}"
        }
      }
    }
  ]
}`,
  },
  {
    label: 'Deny the root user',
    detail: 'The root user of member accounts can do nothing (a root session assumed by the management account excepted).',
    snippet: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyRootUser",
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "ArnLike": {
          "aws:PrincipalArn": "arn:aws:iam::*:root"
        },
        "Null": {
          "aws:AssumedRoot": "true"
        }
      }
    }
  ]
}`,
  },
];

const rcpExamples: PolicyExample[] = [
  {
    label: 'Enforce secure transport',
    detail: 'Denies requests to the resources of the services listed that are not sent over TLS.',
    snippet: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnforceSecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
      "Resource": "*",
      "Condition": {
        "BoolIfExists": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}`,
  },
  {
    label: 'Data perimeter: only my organization',
    detail: 'Principals outside the organization cannot reach its resources; AWS services acting for it still can.',
    snippet: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnforceOrgIdentities",
      "Effect": "Deny",
      "Principal": "*",
      "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"],
      "Resource": "*",
      "Condition": {
        "StringNotEqualsIfExists": {
          "aws:PrincipalOrgID": "\${1:o-exampleorgid}"
        },
        "BoolIfExists": {
          "aws:PrincipalIsAWSService": "false"
        }
      }
    }
  ]
}`,
  },
];

const tagExamples: PolicyExample[] = [
  {
    label: 'Standard tag key and values',
    detail: 'One capitalization of a tag key and the values it may take, enforced on the resource types listed.',
    snippet: `{
  "tags": {
    "\${1:costcenter}": {
      "tag_key": {
        "@@assign": "\${2:CostCenter}"
      },
      "tag_value": {
        "@@assign": ["\${3:100}", "\${4:200}"]
      },
      "enforced_for": {
        "@@assign": ["ec2:instance", "s3:bucket"]
      }
    }
  }
}`,
  },
];

const backupExamples: PolicyExample[] = [
  {
    label: 'Daily backups',
    detail: 'Backs up the resources tagged for it every day at 05:00 UTC into the default vault, kept 35 days.',
    snippet: `{
  "plans": {
    "\${1:DailyBackups}": {
      "regions": {
        "@@assign": ["\${2:us-east-1}"]
      },
      "rules": {
        "Daily": {
          "schedule_expression": { "@@assign": "cron(0 5 ? * * *)" },
          "start_backup_window_minutes": { "@@assign": "60" },
          "target_backup_vault_name": { "@@assign": "Default" },
          "lifecycle": {
            "delete_after_days": { "@@assign": "35" }
          }
        }
      },
      "selections": {
        "tags": {
          "BackupTagged": {
            "iam_role_arn": { "@@assign": "arn:aws:iam::\\$account:role/service-role/AWSBackupDefaultServiceRole" },
            "tag_key": { "@@assign": "backup" },
            "tag_value": { "@@assign": ["daily"] }
          }
        }
      }
    }
  }
}`,
  },
];

/** The examples of each policy type that has some. */
export const policyExamples: Partial<Record<PolicyType, readonly PolicyExample[]>> = {
  SERVICE_CONTROL_POLICY: scpExamples,
  RESOURCE_CONTROL_POLICY: rcpExamples,
  TAG_POLICY: tagExamples,
  BACKUP_POLICY: backupExamples,
};

/** The example as plain JSON: each tab stop replaced by its placeholder, an escaped `\\$` (backup's `$account`) by `$`. */
export function policyExampleContent(example: PolicyExample): string {
  return example.snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\\$/g, '$');
}
