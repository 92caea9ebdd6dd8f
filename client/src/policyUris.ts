/**
 * The URIs of the organization's policies as documents: a policy's editable document
 * (`aws-organizations:/<POLICY_TYPE>/<name>.json`, the protocol's scheme and path) and the read-only view of
 * its deployed content that comparisons show on the left.
 */
import * as vscode from 'vscode';
import type { Policy, PolicySummary } from '@aws-sdk/client-organizations';
import { policyDocumentPath, policyDocumentScheme } from '../../server/src/protocol';

/** The document URI of a policy. */
export function policyUri(policy: Pick<PolicySummary, 'Type' | 'Name'>): vscode.Uri {
  return vscode.Uri.from({ scheme: policyDocumentScheme, path: policyDocumentPath(policy) });
}

/** The scheme of read-only views of a policy as deployed, the left side of comparisons. */
export const deployedScheme = 'aws-organizations-deployed';

/** A read-only URI of a policy's deployed content, by ID (so that it names the same policy after a rename). */
export function deployedUri(policy: Policy | PolicySummary): vscode.Uri {
  const summary = 'PolicySummary' in policy ? policy.PolicySummary : (policy as PolicySummary);
  return vscode.Uri.from({ scheme: deployedScheme, path: `/${summary?.Type}/${summary?.Name ?? summary?.Id}.json`, query: summary?.Id ?? '' });
}
