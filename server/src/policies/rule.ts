/** What every validation rule receives: the parsed document, its kind, the findings to add to, and the options. */
import type { Findings } from './diagnostics';
import type { PolicyDocument } from './document';
import type { PolicyKind } from './kinds';

export interface ValidationOptions {
  /** Size quotas per kind that replace the documented ones (quotas change; facts §3). */
  sizeLimits?: Partial<Record<PolicyKind, number>>;
}

/** What every rule receives. */
export interface ValidationContext {
  document: PolicyDocument;
  kind: PolicyKind;
  findings: Findings;
  options: ValidationOptions;
}
