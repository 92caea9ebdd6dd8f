/**
 * Hover documentation: an action's description, access level, resource types and condition keys; a
 * wildcard's expansion (count and a capped list); a condition key's type and description; what an
 * operator means; the grammar elements. Returns the hovered span and Markdown.
 */
import { CatalogAction, catalogAction, catalogConditionKey, catalogService, catalogVersion, expandActionPattern } from '../aws/catalog';
import { isPropertyKey, Node, nodeAt, pathInStatement, pathOf, PolicyDocument } from './document';
import { policyElement } from './elements';
import { policyKindInfo } from './kinds';
import { conditionOperatorDocumentation, managementOperatorDocumentation } from './operators';
import { arnMatchesTemplate } from './resourceRules';

export interface PolicyHover {
  offset: number;
  length: number;
  markdown: string;
}

/** How many actions a wildcard hover lists before "and N more". */
export const expansionListLimit = 25;

export async function policyHover(document: PolicyDocument, offset: number): Promise<PolicyHover | undefined> {
  const node = nodeAt(document, offset);
  if (!node || node.type !== 'string' || !document.kind) return undefined;
  const markdown = await hoverText(document, node);
  return markdown ? { offset: node.offset, length: node.length, markdown } : undefined;
}

async function hoverText(document: PolicyDocument, node: Node): Promise<string | undefined> {
  const value = node.value as string;
  const path = pathOf(node);
  if (policyKindInfo(document.kind!).language === 'management') {
    return managementOperatorDocumentation[value] ? `**${value}**\n\n${managementOperatorDocumentation[value]}` : undefined;
  }
  const inStatement = pathInStatement(path);
  const key = isPropertyKey(node);
  if (key && (path.length === 1 || inStatement?.length === 1)) {
    const element = policyElement(value);
    return element && `**${element.name}**\n\n${element.documentation}`;
  }
  if (!inStatement) return undefined;
  const [element] = inStatement;
  if (!key && (element === 'Action' || element === 'NotAction')) return actionHover(value);
  if (element === 'Condition' && key && inStatement.length === 2) {
    const documentation = conditionOperatorDocumentation(value);
    return documentation && `**${value}** (condition operator)\n\n${documentation}`;
  }
  if (element === 'Condition' && key && inStatement.length === 3) return conditionKeyHover(value);
  if (!key && (element === 'Resource' || element === 'NotResource')) return resourceHover(value);
  return undefined;
}

async function actionHover(pattern: string): Promise<string | undefined> {
  const version = await catalogVersion();
  if (pattern === '*') return `**\`*\`**: every action of every service.\n\n_IAM catalog ${version}_`;
  if (!/[*?]/.test(pattern)) {
    const [service, name] = pattern.split(':');
    const action = name ? await catalogAction(service, name) : undefined;
    if (!action) return undefined;
    const serviceName = (await catalogService(service))?.name;
    const lines = [`**${action.service}:${action.name}** · ${action.accessLevel}`, '', action.description, ''];
    const types = action.resourceTypes.map((type) => `\`${type.name}\`${type.required ? '*' : ''}`);
    lines.push(`Resource types: ${types.length ? types.join(', ') : '`*` only (the action does not act on a specific resource)'}`);
    if (action.conditionKeys.length) lines.push('', `Condition keys: ${action.conditionKeys.map((conditionKey) => `\`${conditionKey}\``).join(', ')}`);
    if (action.dependentActions.length) lines.push('', `Dependent actions: ${action.dependentActions.map((dependent) => `\`${dependent}\``).join(', ')}`);
    lines.push('', `_${serviceName} · IAM catalog ${version}_`);
    return lines.join('\n');
  }
  const matches = await expandActionPattern(pattern);
  const listed = matches.slice(0, expansionListLimit).map((action) => `- \`${action.service}:${action.name}\` · ${action.accessLevel}`);
  if (matches.length > expansionListLimit) listed.push(`- … and ${matches.length - expansionListLimit} more`);
  return [`**${pattern}** matches ${matches.length} action${matches.length === 1 ? '' : 's'}${accessSummary(matches)}`, '', ...listed, '', `_IAM catalog ${version}_`].join('\n');
}

/** "(Read 12, Write 30)": the access levels of a set of actions. */
function accessSummary(actions: CatalogAction[]): string {
  if (!actions.length) return '';
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(action.accessLevel, (counts.get(action.accessLevel) ?? 0) + 1);
  return ` (${[...counts].map(([level, count]) => `${level} ${count}`).join(', ')})`;
}

async function conditionKeyHover(name: string): Promise<string | undefined> {
  const known = await catalogConditionKey(name);
  if (!known) return undefined;
  const scope = known.key.toLowerCase().startsWith('aws:') ? 'global condition key' : 'service condition key';
  return `**${known.key}** (${scope}) · ${known.type}\n\n${known.description}\n\n_IAM catalog ${await catalogVersion()}_`;
}

/** An ARN: the resource types of its service whose ARN templates it matches. */
async function resourceHover(arn: string): Promise<string | undefined> {
  if (arn === '*') return '**`*`**: every resource the statement\'s actions act on.';
  const service = arn.split(':')[2];
  const catalog = service ? await catalogService(service) : undefined;
  if (!catalog) return undefined;
  const lines = catalog.resourceTypes.filter((type) => arnMatchesTemplate(arn, type.arn)).map((type) => `- \`${type.name}\`: \`${type.arn}\``);
  return [`**${catalog.name}** ${lines.length ? `resource type${lines.length === 1 ? '' : 's'} of this ARN:` : 'resource: this ARN matches none of its resource types.'}`, '', ...lines].join('\n');
}
