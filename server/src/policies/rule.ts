/** What every validation rule receives: the parsed document, its kind, the findings to add to, and the options. */
import type { Findings } from './diagnostics';
import type { PolicyDocument } from './document';
import type { PolicyKind } from './kinds';
import type { Severity } from './diagnostics';

export interface ValidationOptions {
  /** Size quotas per kind that replace the documented ones (quotas change; facts §3). */
  sizeLimits?: Partial<Record<PolicyKind, number>>;
  /**
   * The severity of an action the IAM catalog does not know in a service it knows, and of a partition that is not
   * AWS's (ERROR by default, as IAM Access Analyzer reports them): lower it while the catalog lags a brand-new action.
   */
  unknownNameSeverity?: Severity;
}

/** What every rule receives. */
export interface ValidationContext {
  document: PolicyDocument;
  kind: PolicyKind;
  findings: Findings;
  options: ValidationOptions;
}
