/**
 * What validation reports: offsets, a stable numeric code, a severity, a message, a one-line fix hint
 * and the quick fixes that repair it. Codes are grouped by range (json 1xx, grammar 2xx, actions 3xx,
 * conditions 4xx, resources 5xx, size 6xx, management 7xx, security 8xx, the validator's own limits
 * 9xx) and never change meaning. One validation reports at most `maxFindings`, and says so when it stops.
 */
import type { Node, Span } from './document';

/** The four finding types of IAM Access Analyzer's policy validation. */
export type Severity = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** A replacement of a stretch of the text. */
export interface TextEdit extends Span {
  newText: string;
}

/** A quick fix: edits applied together. */
export interface PolicyFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply when the user asks for "the" fix. */
  preferred?: boolean;
}

export interface PolicyDiagnostic extends Span {
  code: number;
  severity: Severity;
  message: string;
  /** One line saying how to fix it. */
  hint: string;
  fixes: PolicyFix[];
}

/** Every rule, by name: its stable code and severity. */
export const rules = {
  // JSON (1xx): AWS parses policies as strict JSON.
  jsonSyntax: { code: 101, severity: 'ERROR' },
  comment: { code: 102, severity: 'ERROR' },
  trailingComma: { code: 103, severity: 'ERROR' },
  duplicateKey: { code: 104, severity: 'ERROR' },
  notAnObject: { code: 105, severity: 'ERROR' },
  // Grammar (2xx).
  unknownElement: { code: 201, severity: 'ERROR' },
  elementNotAllowed: { code: 202, severity: 'ERROR' },
  versionMissing: { code: 203, severity: 'ERROR' },
  versionMissingIam: { code: 204, severity: 'WARNING' },
  versionInvalid: { code: 205, severity: 'ERROR' },
  statementMissing: { code: 206, severity: 'ERROR' },
  wrongType: { code: 207, severity: 'ERROR' },
  effectInvalid: { code: 208, severity: 'ERROR' },
  elementMissing: { code: 209, severity: 'ERROR' },
  elementsExclusive: { code: 210, severity: 'ERROR' },
  sidDuplicate: { code: 211, severity: 'ERROR' },
  sidCharacters: { code: 212, severity: 'ERROR' },
  rcpAllow: { code: 213, severity: 'ERROR' },
  rcpPrincipal: { code: 214, severity: 'ERROR' },
  principalKey: { code: 215, severity: 'ERROR' },
  emptyValue: { code: 216, severity: 'ERROR' },
  placeholder: { code: 217, severity: 'WARNING' },
  // Actions (3xx).
  actionSyntax: { code: 301, severity: 'ERROR' },
  unknownService: { code: 302, severity: 'WARNING' },
  // IAM Access Analyzer reports an unknown action as an error: a Deny on a misspelled action protects nothing.
  unknownAction: { code: 303, severity: 'ERROR' },
  wildcardMatchesNothing: { code: 304, severity: 'WARNING' },
  actionCase: { code: 305, severity: 'SUGGESTION' },
  rcpUnsupportedService: { code: 306, severity: 'WARNING' },
  // Conditions (4xx).
  unknownOperator: { code: 401, severity: 'ERROR' },
  ifExistsOnNull: { code: 402, severity: 'ERROR' },
  qualifierOnSingleValuedKey: { code: 403, severity: 'WARNING' },
  missingQualifierOnMultivaluedKey: { code: 404, severity: 'WARNING' },
  unknownConditionKey: { code: 405, severity: 'WARNING' },
  conditionValueType: { code: 406, severity: 'ERROR' },
  operatorKeyTypeMismatch: { code: 407, severity: 'WARNING' },
  policyVariableSyntax: { code: 408, severity: 'ERROR' },
  policyVariableVersion: { code: 409, severity: 'WARNING' },
  conditionShape: { code: 410, severity: 'ERROR' },
  wildcardInExactOperator: { code: 411, severity: 'WARNING' },
  policyVariableUnknown: { code: 412, severity: 'WARNING' },
  // Resources (5xx).
  arnSyntax: { code: 501, severity: 'ERROR' },
  arnPartition: { code: 502, severity: 'ERROR' },
  arnRegion: { code: 503, severity: 'WARNING' },
  arnAccount: { code: 504, severity: 'WARNING' },
  arnServiceMismatch: { code: 505, severity: 'WARNING' },
  arnResourceType: { code: 506, severity: 'WARNING' },
  // Size (6xx).
  sizeExceeded: { code: 601, severity: 'ERROR' },
  documentTooLarge: { code: 602, severity: 'ERROR' },
  // Management policies (7xx).
  unknownManagementKey: { code: 701, severity: 'ERROR' },
  unknownOperatorKey: { code: 702, severity: 'ERROR' },
  operatorNotAllowedHere: { code: 703, severity: 'ERROR' },
  childOperators: { code: 704, severity: 'ERROR' },
  tagValueWildcards: { code: 705, severity: 'ERROR' },
  enforcedForForm: { code: 706, severity: 'ERROR' },
  optOutValue: { code: 707, severity: 'ERROR' },
  backupPlanShape: { code: 708, severity: 'ERROR' },
  settingWithoutOperator: { code: 709, severity: 'ERROR' },
  tagKeyMismatch: { code: 710, severity: 'ERROR' },
  operatorValueType: { code: 711, severity: 'ERROR' },
  // Security (8xx).
  allowNotAction: { code: 801, severity: 'SECURITY_WARNING' },
  allowNotResource: { code: 802, severity: 'SECURITY_WARNING' },
  passRoleOnAnyResource: { code: 803, severity: 'SECURITY_WARNING' },
  denyEverything: { code: 804, severity: 'SECURITY_WARNING' },
  lockOut: { code: 805, severity: 'SECURITY_WARNING' },
  publicPrincipal: { code: 806, severity: 'SECURITY_WARNING' },
  // The validator's own limits (9xx): what was not validated, and why.
  nestingTooDeep: { code: 901, severity: 'WARNING' },
  findingsOmitted: { code: 902, severity: 'WARNING' },
} as const satisfies Record<string, { code: number; severity: Severity }>;

export type RuleName = keyof typeof rules;

/** The most findings one validation reports: a file of random bytes would otherwise have one per character. */
export const maxFindings = 1_000;

/** Collects the findings of one validation, up to `maxFindings`. */
export class Findings {
  readonly list: PolicyDiagnostic[] = [];

  /** Whether the list holds `maxFindings`: further findings are dropped, so rules may stop looking. */
  get full(): boolean {
    return this.list.length >= maxFindings;
  }

  /** Reports a finding at a span (a node is a span); fixes that cost work to build may come as a function, called only for findings kept. */
  add(rule: RuleName, at: Span | Node, message: string, hint: string, fixes: PolicyFix[] | (() => PolicyFix[]) = []): void {
    if (this.full) return;
    const { code, severity } = rules[rule];
    this.list.push({ offset: at.offset, length: at.length, code, severity, message, hint, fixes: typeof fixes === 'function' ? fixes() : fixes });
  }

  /** The findings in document order, after a note at the start of the document if the list is full. */
  sorted(): PolicyDiagnostic[] {
    const sorted = [...this.list].sort((a, b) => a.offset - b.offset || a.code - b.code);
    if (this.full) {
      sorted.unshift({
        offset: 0, length: 0, ...rules.findingsOmitted, fixes: [],
        message: `Validation stopped after ${maxFindings.toLocaleString('en-US')} problems: there may be more.`,
        hint: 'Fix the problems shown (JSON syntax errors first) to see the rest.',
      });
    }
    return sorted;
  }
}
