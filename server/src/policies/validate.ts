/**
 * Validation of a parsed policy document: runs the rules that apply to its kind and returns the
 * findings in document order. Catalog-backed rules read services lazily, so validation is async.
 */
import { checkActions } from './actionRules';
import { checkConditions } from './conditionRules';
import { Findings, PolicyDiagnostic, rules } from './diagnostics';
import type { PolicyDocument } from './document';
import { checkGrammar } from './grammarRules';
import { checkJson } from './jsonRules';
import { policyKindInfo } from './kinds';
import { checkManagement } from './managementRules';
import { checkResources } from './resourceRules';
import type { ValidationContext, ValidationOptions } from './rule';
import { checkSecurity } from './securityRules';
import { checkSize } from './sizeRules';

/** The findings whose severity `unknownNameSeverity` sets. */
const unknownNameCodes: ReadonlySet<number> = new Set([rules.unknownAction.code, rules.arnPartition.code]);

/** Validates a document; a document that is not a policy (no kind) has no findings. */
export async function validatePolicy(document: PolicyDocument, options: ValidationOptions = {}): Promise<PolicyDiagnostic[]> {
  if (!document.kind) return [];
  const context: ValidationContext = { document, kind: document.kind, findings: new Findings(), options };
  checkJson(context);
  checkSize(context);
  if (policyKindInfo(document.kind).language === 'iam') {
    checkGrammar(context);
    await checkActions(context);
    await checkConditions(context);
    await checkResources(context);
    checkSecurity(context);
  } else {
    checkManagement(context);
  }
  const findings = context.findings.sorted();
  const severity = options.unknownNameSeverity;
  return severity ? findings.map((finding) => (unknownNameCodes.has(finding.code) ? { ...finding, severity } : finding)) : findings;
}
