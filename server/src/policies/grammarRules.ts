/**
 * The IAM policy grammar per kind (IAM User Guide, grammar; Organizations SCP and RCP syntax pages):
 * allowed elements, value types, `Version`, `Statement` shape, `Sid`, `Principal`, and the RCP rules.
 * SCPs have full IAM language support since 19 September 2025: conditions, `NotAction`, specific
 * resources and `NotResource` are valid in `Allow` statements too, so none of that is reported.
 */
import { closestNames, insertFirstProperty, removeProperty, replaceString } from './fixes';
import { Node, objectProperties, property, statements } from './document';
import type { PolicyKind } from './kinds';
import type { ValidationContext } from './rule';

const topLevelElements = ['Version', 'Id', 'Statement'];
const statementElements = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const principalTypes = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** Elements the kind does not support, with AWS's reason. */
const forbidden: Partial<Record<PolicyKind, Record<string, string>>> = {
  SERVICE_CONTROL_POLICY: {
    Principal: 'SCPs do not support `Principal`: an SCP applies to every principal of the accounts it is attached to.',
    NotPrincipal: 'SCPs do not support `NotPrincipal`.',
  },
  RESOURCE_CONTROL_POLICY: {
    NotPrincipal: 'RCPs do not support `NotPrincipal`.',
    NotAction: 'RCPs do not support `NotAction`.',
  },
  IDENTITY_POLICY: {
    Id: 'Identity-based policies must not include `Id`.',
    Principal: 'Identity-based policies do not name a `Principal`: they apply to the identity they are attached to.',
    NotPrincipal: 'Identity-based policies do not support `NotPrincipal`.',
  },
};

/** The current policy language version; `2008-10-17` is the legacy one. */
export const currentVersion = '2012-10-17';

export function checkGrammar(context: ValidationContext): void {
  const { document, findings, kind } = context;
  const root = document.root;
  if (!root) return;
  if (root.type !== 'object') {
    findings.add('notAnObject', root, 'A policy is a JSON object.', 'Write the policy as `{ "Version": "2012-10-17", "Statement": [...] }`.');
    return;
  }
  const organizationPolicy = kind === 'SERVICE_CONTROL_POLICY' || kind === 'RESOURCE_CONTROL_POLICY';
  for (const { name, key } of objectProperties(root)) {
    if (!topLevelElements.includes(name)) reportUnknown(context, key, name, topLevelElements);
    else reportForbidden(context, key, name);
  }

  const version = property(root, 'Version');
  if (!version) {
    const versionFix = insertFirstProperty(document.text, root, 'Version', currentVersion, 'Add "Version": "2012-10-17"');
    if (organizationPolicy) findings.add('versionMissing', firstKey(root), `Every ${kind === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} must include a \`Version\` element with the value \`2012-10-17\`.`, 'Add "Version": "2012-10-17".', [versionFix]);
    else findings.add('versionMissingIam', firstKey(root), 'The policy has no `Version`: without `2012-10-17`, policy variables such as `${aws:username}` are taken literally.', 'Add "Version": "2012-10-17".', [versionFix]);
  } else if (version.type !== 'string') {
    findings.add('wrongType', version, '`Version` must be a string.', 'Use "2012-10-17".', [replaceString(version, currentVersion, 'Change to "2012-10-17"', true)]);
  } else if (version.value !== currentVersion && (organizationPolicy || version.value !== '2008-10-17')) {
    const message = organizationPolicy
      ? `${kind === 'SERVICE_CONTROL_POLICY' ? 'SCPs' : 'RCPs'} require \`Version\` \`2012-10-17\`.`
      : `\`${version.value}\` is not a policy language version: use \`2012-10-17\` (or the legacy \`2008-10-17\`).`;
    findings.add('versionInvalid', version, message, 'Use "2012-10-17".', [replaceString(version, currentVersion, 'Change to "2012-10-17"', true)]);
  }

  const statement = property(root, 'Statement');
  if (!statement) {
    findings.add('statementMissing', firstKey(root), 'The policy has no `Statement`.', 'Add "Statement": [ { "Effect": ..., "Action": ..., "Resource": ... } ].');
    return;
  }
  if (statement.type !== 'object' && statement.type !== 'array') {
    findings.add('wrongType', statement, '`Statement` must be one statement object or an array of them.', 'Write "Statement": [ { ... } ].');
    return;
  }
  for (const item of statement.type === 'array' ? statement.children ?? [] : []) {
    if (item.type !== 'object') findings.add('wrongType', item, 'Each statement must be an object.', 'Write the statement as { "Effect": ..., "Action": ..., "Resource": ... }.');
  }
  const sids = new Map<string, Node>();
  for (const item of statements(document)) checkStatement(context, item, sids);
}

function checkStatement(context: ValidationContext, statement: Node, sids: Map<string, Node>): void {
  const { findings, kind } = context;
  for (const { name, key } of objectProperties(statement)) {
    if (!statementElements.includes(name)) reportUnknown(context, key, name, statementElements);
    else reportForbidden(context, key, name);
  }
  const at = statement.children?.[0]?.children?.[0] ?? statement;

  const sid = property(statement, 'Sid');
  if (sid && sid.type !== 'string') findings.add('wrongType', sid, '`Sid` must be a string.', 'Write the Sid as a string of letters and digits.');
  else if (sid) {
    const previous = sids.get(sid.value);
    if (previous) findings.add('sidDuplicate', sid, `The \`Sid\` "${sid.value}" is already used by another statement: each must be unique within the policy.`, 'Rename one of the statements.');
    sids.set(sid.value, sid);
    // Resource-based policies of some services accept more characters; IAM and Organizations take letters and digits.
    if (kind !== 'RESOURCE_POLICY' && !/^[A-Za-z0-9]*$/.test(sid.value)) {
      const cleaned = (sid.value as string).replace(/[^A-Za-z0-9]/g, '');
      findings.add('sidCharacters', sid, '`Sid` may contain only letters (A-Z, a-z) and digits (0-9).', 'Remove spaces, dashes and other characters.', cleaned ? [replaceString(sid, cleaned, `Change to "${cleaned}"`, true)] : []);
    }
  }

  const effect = property(statement, 'Effect');
  if (!effect) findings.add('elementMissing', at, 'The statement has no `Effect`.', 'Add "Effect": "Allow" or "Effect": "Deny".');
  else if (effect.type !== 'string' || (effect.value !== 'Allow' && effect.value !== 'Deny')) {
    const fixed = typeof effect.value === 'string' ? ['Allow', 'Deny'].find((value) => value.toLowerCase() === effect.value.toLowerCase()) : undefined;
    findings.add('effectInvalid', effect, '`Effect` must be `Allow` or `Deny` (case-sensitive).', 'Use "Allow" or "Deny".', fixed ? [replaceString(effect, fixed, `Change to "${fixed}"`, true)] : []);
  } else if (kind === 'RESOURCE_CONTROL_POLICY' && effect.value === 'Allow') {
    findings.add('rcpAllow', effect, 'RCPs support `Allow` only in the AWS managed `RCPFullAWSAccess`: your RCPs can only deny.', 'Use "Effect": "Deny".', [replaceString(effect, 'Deny', 'Change to "Deny"', true)]);
  }

  exactlyOne(context, statement, at, 'Action', 'NotAction');
  exactlyOne(context, statement, at, 'Resource', 'NotResource');
  for (const name of ['Action', 'NotAction', 'Resource', 'NotResource']) checkStrings(context, property(statement, name), name);

  const principal = property(statement, 'Principal');
  const notPrincipal = property(statement, 'NotPrincipal');
  if (principal && notPrincipal) findings.add('elementsExclusive', notPrincipal.parent!.children![0], 'A statement takes `Principal` or `NotPrincipal`, not both.', 'Remove one of them.');
  if (kind === 'RESOURCE_POLICY' && !principal && !notPrincipal) findings.add('elementMissing', at, 'A resource-based policy statement must name a `Principal`.', 'Add "Principal": { "AWS": "arn:aws:iam::111122223333:root" }.');
  for (const node of [principal, notPrincipal]) if (node) checkPrincipal(context, node);
  if (kind === 'RESOURCE_CONTROL_POLICY' && principal && !(principal.type === 'string' && principal.value === '*')) {
    findings.add('rcpPrincipal', principal, 'In RCPs, `Principal` must be `"*"`; narrow the principals with conditions such as `aws:PrincipalOrgID`.', 'Use "Principal": "*" and a Condition.', [{ title: 'Change to "*"', edits: [{ offset: principal.offset, length: principal.length, newText: '"*"' }], preferred: true }]);
  }

  const condition = property(statement, 'Condition');
  if (condition && condition.type !== 'object') findings.add('wrongType', condition, '`Condition` must be an object: operator → condition key → values.', 'Write "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-exampleorgid" } }.');
}

/** Exactly one of a pair (`Action`/`NotAction`, `Resource`/`NotResource`) must be present. */
function exactlyOne(context: ValidationContext, statement: Node, at: Node, name: string, notName: string): void {
  const node = property(statement, name);
  const notNode = property(statement, notName);
  if (node && notNode) context.findings.add('elementsExclusive', notNode.parent!.children![0], `A statement takes \`${name}\` or \`${notName}\`, not both.`, `Remove one of them.`);
  else if (!node && !notNode) context.findings.add('elementMissing', at, `The statement has no \`${name}\` (or \`${notName}\`).`, `Add "${name}": ${name === 'Resource' ? '"*"' : '"service:Action"'}.`);
}

/** `Action`, `Resource` and their `Not` forms: a string or a non-empty array of strings. */
function checkStrings(context: ValidationContext, node: Node | undefined, name: string): void {
  if (!node) return;
  if (node.type === 'array') {
    if (!node.children?.length) context.findings.add('emptyValue', node, `\`${name}\` is empty: it must list at least one value.`, `Add a value or remove \`${name}\`.`);
    for (const item of node.children ?? []) if (item.type !== 'string') context.findings.add('wrongType', item, `Each \`${name}\` value must be a string.`, 'Quote the value.');
  } else if (node.type !== 'string') {
    context.findings.add('wrongType', node, `\`${name}\` must be a string or an array of strings.`, `Write "${name}": [ "..." ].`);
  }
}

function checkPrincipal(context: ValidationContext, node: Node): void {
  if (node.type === 'string') {
    if (node.value !== '*') context.findings.add('wrongType', node, 'A `Principal` string can only be `"*"`; name others in an object such as `{ "AWS": [...] }`.', 'Write { "AWS": "arn:aws:iam::111122223333:root" }.');
    return;
  }
  if (node.type !== 'object') {
    context.findings.add('wrongType', node, '`Principal` must be `"*"` or an object such as `{ "AWS": [...] }`.', 'Write { "AWS": "arn:aws:iam::111122223333:root" }.');
    return;
  }
  for (const { name, key, value } of objectProperties(node)) {
    if (!principalTypes.includes(name)) {
      const fixes = closestNames(name, principalTypes, 1).map((candidate) => replaceString(key, candidate, `Change to "${candidate}"`, true));
      context.findings.add('principalKey', key, `\`${name}\` is not a principal type: use \`AWS\`, \`Service\`, \`Federated\` or \`CanonicalUser\`.`, 'Use one of AWS, Service, Federated, CanonicalUser.', fixes);
    }
    checkStrings(context, value, name);
  }
}

/** An element the grammar does not know: did-you-mean on its name, or remove it. */
function reportUnknown(context: ValidationContext, key: Node, name: string, known: string[]): void {
  const candidates = closestNames(name, known, 2);
  const fixes = () => [
    ...candidates.map((candidate, index) => replaceString(key, candidate, `Change to "${candidate}"`, index === 0)),
    removeProperty(key.parent!, `Remove "${name}"`),
  ];
  context.findings.add('unknownElement', key, `\`${name}\` is not an element of the policy grammar here${candidates.length ? ` (did you mean \`${candidates[0]}\`?)` : ''}.`, `Use one of ${known.join(', ')}.`, fixes);
}

function reportForbidden(context: ValidationContext, key: Node, name: string): void {
  const reason = forbidden[context.kind]?.[name];
  if (reason) context.findings.add('elementNotAllowed', key, reason, `Remove "${name}".`, () => [removeProperty(key.parent!, `Remove "${name}"`)]);
}

/** The first key of an object (where "missing element" findings point), or the object itself. */
function firstKey(node: Node): Node {
  return objectProperties(node)[0]?.key ?? node;
}
