/**
 * What each operator means, as hover and completion explain it: IAM condition operators (IAM User
 * Guide, condition operators and multivalued keys) and management-policy inheritance operators
 * (Organizations User Guide, inheritance for management policy types).
 */
import { ConditionOperator, parseConditionOperator } from '../aws/conditionOperators';

const baseMeanings: Record<string, string> = {
  StringEquals: 'Exact, case-sensitive string match.',
  StringNotEquals: 'Negated exact, case-sensitive string match.',
  StringEqualsIgnoreCase: 'Exact string match, ignoring case.',
  StringNotEqualsIgnoreCase: 'Negated exact string match, ignoring case.',
  StringLike: 'Case-sensitive match with `*` (any characters) and `?` (one character) anywhere in the value.',
  StringNotLike: 'Negated case-sensitive match with `*` and `?` wildcards.',
  NumericEquals: 'The number equals the value.',
  NumericNotEquals: 'The number does not equal the value.',
  NumericLessThan: 'The number is less than the value.',
  NumericLessThanEquals: 'The number is less than or equal to the value.',
  NumericGreaterThan: 'The number is greater than the value.',
  NumericGreaterThanEquals: 'The number is greater than or equal to the value.',
  DateEquals: 'The date equals the value (ISO 8601 or epoch seconds; no wildcards).',
  DateNotEquals: 'The date does not equal the value.',
  DateLessThan: 'The date is before the value.',
  DateLessThanEquals: 'The date is at or before the value.',
  DateGreaterThan: 'The date is after the value.',
  DateGreaterThanEquals: 'The date is at or after the value.',
  Bool: 'The key is `true` or `false` as given.',
  BinaryEquals: 'Byte-for-byte match of a base-64 encoded value.',
  IpAddress: 'The IP address is in the CIDR block (IPv4 or IPv6).',
  NotIpAddress: 'The IP address is in none of the CIDR blocks.',
  ArnEquals: 'ARN match: each of the six colon-separated parts is compared separately, with `*` and `?` wildcards.',
  ArnLike: 'ARN match: each of the six colon-separated parts is compared separately, with `*` and `?` wildcards.',
  ArnNotEquals: 'Negated ARN match, part by part, with wildcards.',
  ArnNotLike: 'Negated ARN match, part by part, with wildcards.',
  Null: '`true`: the key is absent from the request; `false`: it is present (its value is not null).',
};

/** The meaning of a condition operator as written (`ForAnyValue:StringLikeIfExists`), or undefined. */
export function conditionOperatorDocumentation(name: string): string | undefined {
  const operator = parseConditionOperator(name);
  if (!operator) return undefined;
  return [baseMeanings[operator.base], ...operatorNotes(operator)].join('\n\n');
}

function operatorNotes(operator: ConditionOperator): string[] {
  const notes: string[] = [];
  if (operator.ifExists) notes.push('`IfExists`: when the request has no such key, the condition is true.');
  else if (operator.negated) notes.push('A negated operator is true when the request has no such key.');
  if (operator.qualifier === 'ForAllValues') notes.push('`ForAllValues:` every value of the multivalued key must match one of the policy\'s values; true when the key is absent or empty.');
  if (operator.qualifier === 'ForAnyValue') notes.push('`ForAnyValue:` at least one value of the multivalued key must match; false when the key is absent or empty.');
  notes.push('Several keys under one operator must all match (AND); several values for one key are alternatives (OR).');
  return notes;
}

/** The inheritance operators of management policies and what each does. */
export const managementOperatorDocumentation: Record<string, string> = {
  '@@assign': 'Sets the value, replacing what is inherited (for an array, the whole array). Works on any setting.',
  '@@append': 'Adds values to the inherited array. Only for settings that hold several values.',
  '@@remove': 'Removes values from the inherited array. Only for settings that hold several values.',
  '@@operators_allowed_for_child_policies': 'Which operators policies attached below may use on this setting: `["@@all"]` (the default), a subset of `@@assign`, `@@append`, `@@remove`, or `["@@none"]` to lock the value.',
  '@@all': 'Child policies may use every operator.',
  '@@none': 'Child policies may not change the value.',
};
