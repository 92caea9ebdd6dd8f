/**
 * Management policies (tag, backup, AI services opt-out, and the other types that use the inheritance
 * operators): the `@@assign`/`@@append`/`@@remove`/`@@operators_allowed_for_child_policies` operators and
 * where each is allowed, tag policy rules, AI opt-out values, and the documented backup plan structure.
 * Sources: the Organizations User Guide pages on management-policy inheritance and each type's syntax.
 */
import { enforcedForPattern, isTagValuePattern } from '../aws/tagPolicies';
import { Node, objectProperties, stringValues } from './document';
import { closestNames, replaceNode, replaceString } from './fixes';
import { PolicyKind, policyKindInfo } from './kinds';
import type { ValidationContext } from './rule';

export const valueOperators = ['@@assign', '@@append', '@@remove'];
export const childControlOperator = '@@operators_allowed_for_child_policies';
export const childControlValues = ['@@all', '@@none', ...valueOperators];

/** A setting's shape: whether it holds many values (then `@@append`/`@@remove` apply) and what checks its values. */
interface Setting {
  multivalued: boolean;
  check?: (context: ValidationContext, value: Node, policyKey: string) => void;
}

/**
 * The documented keys of each level: a key to a nested level, a setting, or `open` for a level whose
 * keys AWS does not fix (only the operators are checked there); `*` stands for any name.
 */
interface Level {
  [key: string]: Level | Setting | 'open';
}

const isSetting = (entry: Level | Setting | 'open'): entry is Setting => typeof entry === 'object' && typeof (entry as Setting).multivalued === 'boolean';

const undocumented: Setting = { multivalued: true };

const tagEntry: Level = {
  tag_key: { multivalued: false, check: checkTagKey },
  tag_value: { multivalued: true, check: checkTagValue },
  enforced_for: { multivalued: true, check: checkEnforcedFor },
  report_required_tag_for: { multivalued: true, check: checkEnforcedFor },
};

const optOutEntry: Level = { opt_out_policy: { multivalued: false, check: checkOptOut } };

/** The top-level structure of the types whose syntax AWS documents in full; others get the operator rules only. */
const schemas: Partial<Record<PolicyKind, Level>> = {
  TAG_POLICY: { tags: { '*': tagEntry } },
  AISERVICES_OPT_OUT_POLICY: { services: { '*': optOutEntry } },
  BACKUP_POLICY: {
    plans: {
      '*': {
        regions: { multivalued: true },
        // Rules, selections and settings hold nested settings whose keys are the user's own names.
        rules: 'open',
        selections: 'open',
        advanced_backup_settings: 'open',
        backup_plan_tags: 'open',
      },
    },
  },
};

export function checkManagement(context: ValidationContext): void {
  const root = context.document.root;
  if (!root) return;
  if (root.type !== 'object') {
    context.findings.add('notAnObject', root, 'A management policy is a JSON object.', 'Write the policy as { "<top-level key>": { ... } }.');
    return;
  }
  walk(context, root, schemas[context.kind], undefined);
}

/** Walks an object level; `level` is undefined where the structure is not documented (only operators are checked). */
function walk(context: ValidationContext, node: Node, level: Level | undefined, policyKey: string | undefined): void {
  for (const { name, key, value } of objectProperties(node)) {
    if (name.startsWith('@@')) {
      // Where AWS does not document the structure, a value operator may stand at any level.
      checkOperatorKey(context, name, key, value, level ? undefined : undocumented);
      continue;
    }
    const entry = level ? level[name] ?? level['*'] : undefined;
    if (level && !entry) {
      const known = Object.keys(level).filter((candidate) => candidate !== '*');
      const fixes = closestNames(name, known, 1).map((candidate) => replaceString(key, candidate, `Change to "${candidate}"`, true));
      context.findings.add('unknownManagementKey', key, `\`${name}\` is not a key of a ${policyKindInfo(context.kind).label.toLowerCase()} here; expected ${known.map((candidate) => `\`${candidate}\``).join(', ')}.`, `Use one of ${known.join(', ')}.`, fixes);
      continue;
    }
    if (!value) continue;
    const nextKey = level && level[name] === undefined && level['*'] ? name : policyKey;
    if (entry && isSetting(entry)) checkSetting(context, name, value, entry, nextKey ?? name);
    else if (value.type === 'object') walk(context, value, entry === 'open' ? undefined : entry, nextKey);
    else checkBareValue(context, name, value);
  }
}

/** A setting: an object of operators (`{ "@@assign": ... }`). */
function checkSetting(context: ValidationContext, name: string, value: Node, setting: Setting, policyKey: string): void {
  if (value.type !== 'object') {
    checkBareValue(context, name, value);
    return;
  }
  for (const operator of objectProperties(value)) {
    if (!operator.name.startsWith('@@')) {
      context.findings.add('unknownOperatorKey', operator.key, `\`${name}\` is set with an operator: \`@@assign\`${setting.multivalued ? ', `@@append` or `@@remove`' : ''}.`, 'Write { "@@assign": ... }.');
      continue;
    }
    checkOperatorKey(context, operator.name, operator.key, operator.value, setting);
    if (operator.value && valueOperators.includes(operator.name)) setting.check?.(context, operator.value, policyKey);
  }
}

/** A value where a setting object was expected: wrap it in `@@assign`. */
function checkBareValue(context: ValidationContext, name: string, value: Node): void {
  const text = context.document.text.substr(value.offset, value.length);
  context.findings.add('settingWithoutOperator', value, `\`${name}\` must be set with an inheritance operator such as \`@@assign\`.`, `Write "${name}": { "@@assign": ${text} }.`, [replaceNode(value, `{ "@@assign": ${text} }`, 'Wrap in { "@@assign": ... }', true)]);
}

function checkOperatorKey(context: ValidationContext, name: string, key: Node, value: Node | undefined, setting: Setting | undefined): void {
  const { findings } = context;
  if (name === childControlOperator) {
    checkChildControl(context, value);
    return;
  }
  if (!valueOperators.includes(name)) {
    const candidates = closestNames(name, [...valueOperators, childControlOperator], 1);
    findings.add('unknownOperatorKey', key, `\`${name}\` is not an inheritance operator: use \`@@assign\`, \`@@append\`, \`@@remove\` or \`${childControlOperator}\`.`, 'Use one of the documented operators.', candidates.map((candidate) => replaceString(key, candidate, `Change to "${candidate}"`, true)));
    return;
  }
  if (!setting) {
    findings.add('operatorNotAllowedHere', key, `\`${name}\` sets a value: it belongs inside a setting, not at this level.`, 'Move the operator into the setting it changes.');
    return;
  }
  if (name !== '@@assign' && !setting.multivalued) {
    findings.add('operatorNotAllowedHere', key, `\`${name}\` applies only to settings that hold several values; this one holds one value: use \`@@assign\`.`, 'Use "@@assign".', [replaceString(key, '@@assign', 'Change to "@@assign"', true)]);
  } else if (setting.multivalued && setting !== undocumented && value && value.type !== 'array') {
    findings.add('operatorValueType', value, `This setting holds several values: \`${name}\` takes an array of them.`, 'Write the values as an array.', [wrapInArray(context, value)]);
  }
}

function checkChildControl(context: ValidationContext, value: Node | undefined): void {
  if (!value) return;
  if (value.type !== 'array') {
    context.findings.add('childOperators', value, `\`${childControlOperator}\` takes an array, e.g. \`["@@none"]\`.`, 'Write the operators as an array.', [wrapInArray(context, value)]);
    return;
  }
  const items = stringValues(value);
  for (const item of items) {
    if (!childControlValues.includes(item.value)) context.findings.add('childOperators', item, `\`${item.value}\` is not allowed here: use \`@@all\`, \`@@none\`, or any of \`@@assign\`, \`@@append\`, \`@@remove\`.`, 'Use @@all, @@none, @@assign, @@append or @@remove.');
  }
  const exclusive = items.find((item) => item.value === '@@all' || item.value === '@@none');
  if (exclusive && items.length > 1) context.findings.add('childOperators', value, `\`${exclusive.value}\` stands alone: it cannot be combined with other operators.`, `Write ["${exclusive.value}"] alone.`);
}

/** `tag_key`: the tag key's capitalization, which must equal the policy key ignoring case. */
function checkTagKey(context: ValidationContext, value: Node, policyKey: string): void {
  if (value.type !== 'string') {
    context.findings.add('operatorValueType', value, '`tag_key` takes one string: the tag key with the capitalization to enforce.', 'Write the tag key as a string.');
  } else if (value.value.toLowerCase() !== policyKey.toLowerCase()) {
    context.findings.add('tagKeyMismatch', value, `\`tag_key\` must be the policy key \`${policyKey}\` (case may differ, to set the capitalization).`, `Use "${policyKey}" with the capitalization you want.`, [replaceString(value, policyKey, `Change to "${policyKey}"`, true)]);
  }
}

/** `tag_value`: the allowed values, each with at most one `*`. */
function checkTagValue(context: ValidationContext, value: Node): void {
  for (const item of stringValues(value)) {
    if (!isTagValuePattern(item.value)) context.findings.add('tagValueWildcards', item, 'A tag value may contain at most one `*` wildcard.', 'Keep one * in the value (e.g. *@example.com).');
  }
}

/** `enforced_for` and `report_required_tag_for`: `service:resourceType`, `service:*` or `service:ALL_SUPPORTED`. */
function checkEnforcedFor(context: ValidationContext, value: Node): void {
  for (const item of stringValues(value)) {
    if (!enforcedForPattern.test(item.value)) {
      context.findings.add('enforcedForForm', item, `\`${item.value}\` is not \`service:resourceType\`, \`service:*\` or \`service:ALL_SUPPORTED\`; there is no wildcard for all services.`, 'Write e.g. "ec2:instance" or "ec2:ALL_SUPPORTED".');
    }
  }
}

/** `opt_out_policy`: `optOut` or `optIn`, case-sensitive (another case makes the policy not work). */
function checkOptOut(context: ValidationContext, value: Node): void {
  if (value.type === 'string' && (value.value === 'optOut' || value.value === 'optIn')) return;
  const fixed = typeof value.value === 'string' ? ['optOut', 'optIn'].find((candidate) => candidate.toLowerCase() === value.value.toLowerCase()) : undefined;
  context.findings.add('optOutValue', value, '`opt_out_policy` must be `"optOut"` or `"optIn"`, exactly so: the values are case-sensitive.', 'Use "optOut" or "optIn".', fixed ? [replaceString(value, fixed, `Change to "${fixed}"`, true)] : []);
}

function wrapInArray(context: ValidationContext, value: Node) {
  return replaceNode(value, `[${context.document.text.substr(value.offset, value.length)}]`, 'Wrap in an array', true);
}

/** The setting of a management policy's key path, for hover and completion. */
export function managementKeys(kind: PolicyKind, path: (string | number)[]): string[] {
  let level = schemas[kind];
  for (const part of path) {
    const entry: Level | Setting | 'open' | undefined = level?.[String(part)] ?? level?.['*'];
    if (!entry || entry === 'open') return [];
    if (isSetting(entry)) return [...(entry.multivalued ? valueOperators : ['@@assign']), childControlOperator];
    level = entry;
  }
  // Any level below the top may restrict what child policies change.
  return [...(level ? Object.keys(level).filter((key) => key !== '*') : []), ...(path.length ? [childControlOperator] : [])];
}
