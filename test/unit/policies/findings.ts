/** Shared by the rule tests: validate an inline policy of a given kind and look at the findings. */
import { parsePolicyDocument } from '../../../server/src/policies/document';
import type { PolicyDiagnostic } from '../../../server/src/policies/diagnostics';
import type { PolicyKind } from '../../../server/src/policies/kinds';
import type { ValidationOptions } from '../../../server/src/policies/rule';
import { validatePolicy } from '../../../server/src/policies/validate';

/** The findings for a policy given as text or as a value (serialized with two-space indents). */
export async function findingsOf(policy: string | object, kind: PolicyKind, options: ValidationOptions = {}): Promise<PolicyDiagnostic[]> {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2);
  return validatePolicy(parsePolicyDocument(text, { knownKind: kind }), options);
}

/** Just the codes, sorted. */
export async function codesOf(policy: string | object, kind: PolicyKind): Promise<number[]> {
  return (await findingsOf(policy, kind)).map((finding) => finding.code).sort((a, b) => a - b);
}

/** A statement policy with the given statements and Version 2012-10-17. */
export function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

/** Applies a finding's first fix to the text. */
export function applyFix(text: string, finding: PolicyDiagnostic, index = 0): string {
  const edits = [...finding.fixes[index].edits].sort((a, b) => b.offset - a.offset);
  return edits.reduce((result, edit) => result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length), text);
}
