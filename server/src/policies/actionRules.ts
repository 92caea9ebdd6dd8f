/**
 * Actions against the IAM catalog: the `service:ActionName` form, unknown service prefixes, unknown
 * actions, wildcards that match nothing, and case (AWS compares actions case-insensitively, so a
 * case difference is only a suggestion). Only Service Authorization Reference actions count: API
 * names that are not IAM permissions (`s3:HeadBucket`) are unknown.
 */
import { catalogService, catalogVersion, expandActionPattern, rcpSupportedServices, servicePrefixes } from '../aws/catalog';
import { Node, property, statements, stringValues } from './document';
import { closestNames, replaceString } from './fixes';
import type { ValidationContext } from './rule';

export async function checkActions(context: ValidationContext): Promise<void> {
  for (const statement of statements(context.document)) {
    // Past the most findings a validation reports, the catalog lookups would be for nothing.
    if (context.findings.full) return;
    for (const name of ['Action', 'NotAction']) {
      for (const node of stringValues(property(statement, name))) await checkAction(context, node);
    }
  }
}

/** A span inside a string node's quotes. */
function inside(node: Node, start: number, length: number) {
  return { offset: node.offset + 1 + start, length };
}

async function checkAction(context: ValidationContext, node: Node): Promise<void> {
  const { findings, kind } = context;
  const action = node.value as string;
  if (action === '*') return;
  const colon = action.indexOf(':');
  const servicePart = action.slice(0, colon);
  const namePart = action.slice(colon + 1);
  if (colon <= 0 || !namePart || !/^[A-Za-z0-9*?-]+$/.test(servicePart) || /[^A-Za-z0-9*?-]/.test(namePart)) {
    findings.add('actionSyntax', node, `\`${action}\` is not an action: write \`service-prefix:ActionName\`, e.g. \`s3:GetObject\`.`, 'Write the action as service:ActionName.');
    return;
  }
  const prefixes = await servicePrefixes();
  if (/[*?]/.test(servicePart)) {
    if (!(await expandActionPattern(action)).length) findings.add('wildcardMatchesNothing', node, `\`${action}\` matches no action in the IAM catalog.`, 'Check the spelling of the pattern.');
    return;
  }
  const service = await catalogService(servicePart);
  if (!service) {
    const fixes = closestNames(servicePart, prefixes).map((prefix, index) => replaceString(node, `${prefix}:${namePart}`, `Change to "${prefix}:${namePart}"`, index === 0));
    findings.add('unknownService', inside(node, 0, servicePart.length), `\`${servicePart}\` is not a service prefix in the IAM catalog${fixes.length ? ` (did you mean \`${closestNames(servicePart, prefixes, 1)[0]}\`?)` : ''}.`, 'Use a service prefix from the Service Authorization Reference.', fixes);
    return;
  }
  if (kind === 'RESOURCE_CONTROL_POLICY' && !(await rcpSupportedServices()).includes(service.prefix)) {
    findings.add('rcpUnsupportedService', inside(node, 0, servicePart.length), `RCPs do not apply to ${service.name} (\`${service.prefix}\`): this action is not restricted.`, 'Remove the action, or restrict it with an SCP or a resource-based policy.');
  }
  if (/[*?]/.test(namePart)) {
    if (!(await expandActionPattern(action)).length) {
      findings.add('wildcardMatchesNothing', inside(node, colon + 1, namePart.length), `\`${action}\` matches no ${service.name} action in the IAM catalog.`, 'Check the spelling of the pattern.');
    }
    if (servicePart !== service.prefix) reportCase(context, node, service.prefix, namePart);
    return;
  }
  const known = service.byName.get(namePart.toLowerCase());
  if (!known) {
    const candidates = closestNames(namePart, service.actions.map((candidate) => candidate.name));
    const fixes = candidates.map((candidate, index) => replaceString(node, `${service.prefix}:${candidate}`, `Change to "${service.prefix}:${candidate}"`, index === 0));
    findings.add('unknownAction', inside(node, colon + 1, namePart.length), `\`${namePart}\` is not an action of ${service.name} in the IAM catalog ${await catalogVersion()}${candidates.length ? ` (did you mean \`${candidates[0]}\`?)` : ''}: a statement with it matches nothing, and a Deny protects nothing.`, 'Use an action from the Service Authorization Reference; API names that are not IAM permissions do not work. If AWS added the action after this catalog, lower awsOrganizations.policies.unknownNameSeverity.', fixes);
    return;
  }
  if (servicePart !== service.prefix || namePart !== known.name) reportCase(context, node, service.prefix, known.name);
}

function reportCase(context: ValidationContext, node: Node, prefix: string, name: string): void {
  const canonical = `${prefix}:${name}`;
  context.findings.add('actionCase', node, `Actions are case-insensitive, but AWS writes this one \`${canonical}\`.`, `Write "${canonical}".`, [replaceString(node, canonical, `Change to "${canonical}"`, true)]);
}
