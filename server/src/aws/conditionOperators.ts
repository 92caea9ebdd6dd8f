/**
 * IAM condition operators as the IAM User Guide defines them: every base operator with the type of value it
 * compares and how, and the parts of an operator as written (set qualifier, base operator, `IfExists`).
 */
export type ConditionValueType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** How a base operator compares one request value with one policy value. */
export type ConditionComparison = 'equals' | 'equalsIgnoreCase' | 'like' | 'lessThan' | 'lessThanEquals' | 'greaterThan' | 'greaterThanEquals' | 'ipAddress' | 'arnLike' | 'null';

/** What a base operator (`StringNotLike`) compares and how. */
interface BaseOperator {
  valueType: ConditionValueType;
  comparison: ConditionComparison;
  /** True for the operators that match when the request value matches none of the policy's values. */
  negated: boolean;
}

/** An operator as written, in its parts. */
export interface ConditionOperator extends BaseOperator {
  /** The operator as written, e.g. `ForAnyValue:StringNotEqualsIfExists`. */
  name: string;
  /** The base operator, e.g. `StringNotEquals`. */
  base: string;
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
}

const baseOperators = new Map<string, BaseOperator>();
const define = (name: string, valueType: ConditionValueType, comparison: ConditionComparison, negated = false) =>
  baseOperators.set(name, { valueType, comparison, negated });
define('StringEquals', 'String', 'equals');
define('StringNotEquals', 'String', 'equals', true);
define('StringEqualsIgnoreCase', 'String', 'equalsIgnoreCase');
define('StringNotEqualsIgnoreCase', 'String', 'equalsIgnoreCase', true);
define('StringLike', 'String', 'like');
define('StringNotLike', 'String', 'like', true);
for (const type of ['Numeric', 'Date'] as const) {
  define(`${type}Equals`, type, 'equals');
  define(`${type}NotEquals`, type, 'equals', true);
  define(`${type}LessThan`, type, 'lessThan');
  define(`${type}LessThanEquals`, type, 'lessThanEquals');
  define(`${type}GreaterThan`, type, 'greaterThan');
  define(`${type}GreaterThanEquals`, type, 'greaterThanEquals');
}
define('Bool', 'Bool', 'equals');
define('BinaryEquals', 'Binary', 'equals');
define('IpAddress', 'IpAddress', 'ipAddress');
define('NotIpAddress', 'IpAddress', 'ipAddress', true);
// The ARN operators compare each of the six colon-separated parts, wildcards allowed, ArnEquals included.
define('ArnEquals', 'Arn', 'arnLike');
define('ArnLike', 'Arn', 'arnLike');
define('ArnNotEquals', 'Arn', 'arnLike', true);
define('ArnNotLike', 'Arn', 'arnLike', true);
define('Null', 'Null', 'null');

/** Every base condition operator, as AWS spells it. */
export const conditionOperatorNames: readonly string[] = [...baseOperators.keys()];

/** Splits `ForAllValues:StringLikeIfExists` into its parts; undefined when it is not a condition operator. */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  let rest = name;
  let qualifier: ConditionOperator['qualifier'];
  for (const candidate of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${candidate}:`)) {
      qualifier = candidate;
      rest = rest.slice(candidate.length + 1);
    }
  }
  let base = baseOperators.get(rest);
  let ifExists = false;
  if (!base && rest.endsWith('IfExists')) {
    rest = rest.slice(0, -'IfExists'.length);
    base = baseOperators.get(rest);
    ifExists = true;
    // Any operator except Null can take the IfExists suffix.
    if (rest === 'Null') return undefined;
  }
  if (!base) return undefined;
  return { name, base: rest, ...(qualifier ? { qualifier } : {}), ifExists, ...base };
}
