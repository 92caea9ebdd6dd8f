/**
 * Security warnings: statements that are valid but dangerous. `Allow` with `NotAction` or `NotResource`
 * in identity policies, `iam:PassRole` on every resource, public resource-based policies, an SCP that
 * denies everything with no exception, and an SCP that would lock administrators out of member accounts.
 */
import { matchesWildcard } from '../aws/wildcard';
import { Node, objectProperties, property, statements, stringValues } from './document';
import type { ValidationContext } from './rule';

/** Whether a statement's `Action` (or everything but its `NotAction`) covers an action. */
function covers(statement: Node, action: string): boolean {
  const matches = (name: string) => stringValues(property(statement, name)).some((node) => matchesWildcard(node.value, action, { caseInsensitive: true }));
  return property(statement, 'Action') ? matches('Action') : property(statement, 'NotAction') !== undefined && !matches('NotAction');
}

function onEveryResource(statement: Node): boolean {
  return stringValues(property(statement, 'Resource')).some((node) => node.value === '*');
}

function keyOf(statement: Node, name: string): Node {
  return property(statement, name)?.parent?.children?.[0] ?? statement;
}

export function checkSecurity(context: ValidationContext): void {
  const { findings, kind } = context;
  for (const statement of statements(context.document)) {
    const effect = property(statement, 'Effect')?.value;
    const conditioned = objectProperties(property(statement, 'Condition')).length > 0;
    if (effect === 'Allow' && (kind === 'IDENTITY_POLICY' || kind === 'RESOURCE_POLICY')) {
      if (property(statement, 'NotAction')) findings.add('allowNotAction', keyOf(statement, 'NotAction'), '`Allow` with `NotAction` allows every action except those listed, including actions of services added later.', 'List the allowed actions in Action instead.');
      if (property(statement, 'NotResource')) findings.add('allowNotResource', keyOf(statement, 'NotResource'), '`Allow` with `NotResource` allows every resource except those listed, including resources created later.', 'List the allowed resources in Resource instead.');
      if (covers(statement, 'iam:PassRole') && onEveryResource(statement)) {
        findings.add('passRoleOnAnyResource', keyOf(statement, 'Resource'), 'This statement allows `iam:PassRole` on every role: a principal could pass a more privileged role to a service and escalate its privileges.', 'Limit Resource to the roles that may be passed, and add an iam:PassedToService condition.');
      }
    }
    if (effect === 'Allow' && kind === 'RESOURCE_POLICY' && !conditioned && isPublic(property(statement, 'Principal'))) {
      findings.add('publicPrincipal', keyOf(statement, 'Principal'), 'This statement allows anyone (`"*"`), in any account, with no condition.', 'Name the principals, or add a condition such as aws:PrincipalOrgID.');
    }
    if (effect === 'Deny' && kind === 'SERVICE_CONTROL_POLICY' && !conditioned && onEveryResource(statement)) {
      if (stringValues(property(statement, 'Action')).some((node) => node.value === '*')) {
        findings.add('denyEverything', keyOf(statement, 'Action'), 'This SCP denies every action on every resource, with no condition: nothing in the accounts it is attached to can run, administrators included.', 'Add a Condition that exempts an administrator role (aws:PrincipalArn), or narrow the actions.');
      } else if (covers(statement, 'sts:AssumeRole')) {
        findings.add('lockOut', keyOf(statement, property(statement, 'Action') ? 'Action' : 'NotAction'), 'This SCP denies `sts:AssumeRole` with no condition: administrators could no longer assume roles such as `OrganizationAccountAccessRole` in member accounts.', 'Add a Condition that exempts the administrator roles (ArnNotLike aws:PrincipalArn).');
      }
    }
  }
}

function isPublic(principal: Node | undefined): boolean {
  if (principal?.type === 'string') return principal.value === '*';
  return stringValues(property(principal, 'AWS')).some((node) => node.value === '*');
}
