/**
 * Condition blocks (IAM User Guide: condition operators, multivalued keys, policy variables): unknown
 * operators, `IfExists` and `ForAllValues:`/`ForAnyValue:` rules, unknown global or service keys, value
 * types per operator, and the policy variables in condition values and resources.
 */
import { isIP } from 'node:net';
import { arnParts } from '../aws/arn';
import { ConditionOperator, conditionOperatorNames, parseConditionOperator } from '../aws/conditionOperators';
import { catalogConditionKey, globalConditionKeys } from '../aws/catalog';
import { Node, objectProperties, property, statements } from './document';
import { closestNames, replaceString } from './fixes';
import { currentVersion } from './grammarRules';
import type { ValidationContext } from './rule';

/** Every operator name a user may write without a set qualifier: the base names and their `IfExists` forms. */
export const conditionOperatorSpellings: readonly string[] = conditionOperatorNames.flatMap((name) => (name === 'Null' ? [name] : [name, `${name}IfExists`]));

/** The operator value types a condition key type can be compared with (String operators work on ARNs too). */
const operatorTypesForKeyType: Record<string, ConditionOperator['valueType'][]> = {
  String: ['String'],
  ARN: ['Arn', 'String'],
  Bool: ['Bool'],
  Date: ['Date'],
  Numeric: ['Numeric'],
  IPAddress: ['IpAddress'],
};

export async function checkConditions(context: ValidationContext): Promise<void> {
  for (const statement of statements(context.document)) {
    // Past the most findings a validation reports, the catalog lookups would be for nothing.
    if (context.findings.full) return;
    const condition = property(statement, 'Condition');
    for (const { name, key, value } of objectProperties(condition)) await checkOperator(context, name, key, value);
  }
}

async function checkOperator(context: ValidationContext, name: string, key: Node, block: Node | undefined): Promise<void> {
  const { findings } = context;
  const operator = parseConditionOperator(name);
  if (!operator) {
    const qualifier = /^(ForAllValues|ForAnyValue):/.exec(name)?.[0] ?? '';
    const base = name.slice(qualifier.length);
    if (base === 'NullIfExists') {
      findings.add('ifExistsOnNull', key, '`Null` cannot take the `IfExists` suffix: it already tests whether the key exists.', 'Use "Null".', [replaceString(key, `${qualifier}Null`, 'Change to "Null"', true)]);
    } else {
      const candidates = closestNames(base, conditionOperatorSpellings);
      const fixes = candidates.map((candidate, index) => replaceString(key, qualifier + candidate, `Change to "${qualifier}${candidate}"`, index === 0));
      findings.add('unknownOperator', key, `\`${name}\` is not a condition operator${candidates.length ? ` (did you mean \`${qualifier}${candidates[0]}\`?)` : ''}.`, 'Use an operator such as StringEquals, ArnLike, Bool, NumericLessThan, IpAddress or Null.', fixes);
    }
    return;
  }
  if (block?.type !== 'object') {
    if (block) findings.add('conditionShape', block, `The \`${name}\` operator takes an object: condition key → value or values.`, `Write "${name}": { "aws:PrincipalOrgID": "o-exampleorgid" }.`);
    return;
  }
  for (const entry of objectProperties(block)) await checkKey(context, operator, key, entry.key, entry.value);
}

async function checkKey(context: ValidationContext, operator: ConditionOperator, operatorKey: Node, key: Node, value: Node | undefined): Promise<void> {
  const { findings } = context;
  const values = value?.type === 'array' ? value.children ?? [] : value ? [value] : [];
  for (const item of values) {
    if (!['string', 'number', 'boolean'].includes(item.type)) findings.add('conditionShape', item, 'A condition value is a string, a number or a boolean, or an array of them.', 'Write the value as a string.');
  }
  const scalars = values.filter((item) => ['string', 'number', 'boolean'].includes(item.type));
  for (const item of scalars) checkValue(context, operator, operatorKey, item);

  const name = key.value as string;
  const known = await catalogConditionKey(name);
  if (!known) {
    const candidates = closestNames(name, globalConditionKeys().map((candidate) => candidate.key).filter((candidate) => !candidate.includes('/')));
    const fixes = candidates.map((candidate, index) => replaceString(key, candidate, `Change to "${candidate}"`, index === 0));
    findings.add('unknownConditionKey', key, `\`${name}\` is not a global condition key or a condition key of its service in the IAM catalog${candidates.length ? ` (did you mean \`${candidates[0]}\`?)` : ''}.`, 'Use a key from the IAM User Guide or the Service Authorization Reference.', fixes);
    return;
  }
  if (operator.base === 'Null') return;
  const multivalued = known.type.startsWith('ArrayOf');
  if (multivalued && !operator.qualifier) {
    findings.add('missingQualifierOnMultivaluedKey', operatorKey, `\`${known.key}\` is multivalued: use \`ForAnyValue:${operator.name}\` or \`ForAllValues:${operator.name}\` to say how its values are compared.`, `Prefix the operator with ForAnyValue: or ForAllValues:.`, [
      replaceString(operatorKey, `ForAnyValue:${operator.name}`, `Change to "ForAnyValue:${operator.name}"`),
      replaceString(operatorKey, `ForAllValues:${operator.name}`, `Change to "ForAllValues:${operator.name}"`),
    ]);
  } else if (!multivalued && operator.qualifier) {
    const plain = operator.name.slice(operator.qualifier.length + 1);
    findings.add('qualifierOnSingleValuedKey', operatorKey, `\`${known.key}\` is single-valued: \`${operator.qualifier}:\` is meant for multivalued keys${operator.qualifier === 'ForAllValues' ? ' and is true when the key is absent' : ''}.`, `Use "${plain}".`, [replaceString(operatorKey, plain, `Change to "${plain}"`, true)]);
  }
  const keyType = known.type.replace(/^ArrayOf/, '');
  const allowed = operatorTypesForKeyType[keyType];
  if (allowed && !allowed.includes(operator.valueType)) {
    findings.add('operatorKeyTypeMismatch', operatorKey, `\`${operator.base}\` compares ${operator.valueType} values, but \`${known.key}\` is of type ${known.type}.`, `Use a ${allowed[0]} operator.`);
  }
}

function checkValue(context: ValidationContext, operator: ConditionOperator, operatorKey: Node, item: Node): void {
  const text = String(item.value);
  if (item.type === 'string') checkPolicyVariables(context, item);
  if (text.includes('${')) return;
  // Published examples carry placeholders such as `<my-corporate-cidr>`, to be replaced before use.
  if (/^<[^<>]+>$/.test(text)) {
    context.findings.add('placeholder', item, `\`${text}\` looks like a placeholder from a template: replace it with a real value.`, `Write a ${operator.valueType} value.`);
    return;
  }
  const problem = valueProblem(operator, text);
  if (problem) context.findings.add('conditionValueType', item, problem, `Write a ${operator.valueType} value.`);
  const exact = operator.base === 'StringEquals' || operator.base === 'StringNotEquals';
  if (exact && /[*?]/.test(text)) {
    const like = operator.name.replace(operator.base, operator.base === 'StringEquals' ? 'StringLike' : 'StringNotLike');
    context.findings.add('wildcardInExactOperator', item, `\`${operator.base}\` compares exactly: \`*\` and \`?\` are literal characters here.`, `Use "${like}" to match with wildcards.`, [replaceString(operatorKey, like, `Change the operator to "${like}"`, true)]);
  }
}

/** Why a value does not fit the operator's type, or undefined. */
function valueProblem(operator: ConditionOperator, text: string): string | undefined {
  switch (operator.valueType) {
    case 'Numeric':
      return /^-?\d+(\.\d+)?$/.test(text) ? undefined : `\`${operator.base}\` needs a number; \`${text}\` is not one.`;
    case 'Date':
      return /^\d+$/.test(text) || (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) ? undefined : `\`${operator.base}\` needs an ISO 8601 date (\`2026-01-31T00:00:00Z\`) or epoch seconds; \`${text}\` is neither.`;
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(text) ? undefined : `\`${operator.base}\` needs \`true\` or \`false\`; \`${text}\` is neither.`;
    case 'IpAddress': {
      const [address, bits, extra] = text.split('/');
      const family = isIP(address);
      const valid = family !== 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
      return valid ? undefined : `\`${operator.base}\` needs an IPv4 or IPv6 address or CIDR block (\`203.0.113.0/24\`); \`${text}\` is not one.`;
    }
    case 'Arn':
      return text === '*' || arnParts(text)?.[0] === 'arn' ? undefined : `\`${operator.base}\` needs an ARN (\`arn:partition:service:region:account:resource\`); \`${text}\` is not one.`;
    default:
      return undefined;
  }
}

/** Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) in a string: syntax, key and version. */
export function checkPolicyVariables(context: ValidationContext, node: Node): void {
  const text = node.value as string;
  if (!text.includes('${')) return;
  const variables = [...text.matchAll(/\$\{([^{}]*)\}/g)].map((match) => match[1]);
  if (text.split('${').length - 1 !== variables.length || variables.some((inner) => !inner.trim() || inner.trim() !== inner)) {
    context.findings.add('policyVariableSyntax', node, 'Malformed policy variable: write `${key}` without spaces, or `${key, \'default\'}`.', 'Close the variable with } and check its key.');
    return;
  }
  const placeholder = variables.find((inner) => !['*', '?', '$'].includes(inner) && !/^[A-Za-z0-9-]+:[^\s,']+(\s*,\s*'[^']*')?$/.test(inner));
  if (placeholder !== undefined) {
    context.findings.add('policyVariableUnknown', node, `\`\${${placeholder}}\` is not a policy variable (a condition key such as \`\${aws:PrincipalAccount}\`): AWS matches it as it stands. Is it a placeholder to replace?`, 'Replace the placeholder with its value, or use a condition key.');
    return;
  }
  const version = property(context.document.root, 'Version');
  if (version?.value !== currentVersion) {
    context.findings.add('policyVariableVersion', node, 'Policy variables need `"Version": "2012-10-17"`: with any other version `${...}` is taken literally.', 'Set "Version": "2012-10-17".');
  }
}
