/**
 * Resources (IAM User Guide: ARNs, Resource element): ARN structure, partition, region and account
 * formats, and whether an ARN is of a resource type the statement's actions act on (from the
 * Service Authorization Reference's ARN templates).
 */
import { arnParts } from '../aws/arn';
import { catalogService, expandActionPattern } from '../aws/catalog';
import { isPartition, partitionNames } from '../aws/partition';
import { Node, property, statements, stringValues } from './document';
import { checkPolicyVariables } from './conditionRules';
import type { ValidationContext } from './rule';

/** Statements whose actions expand to more than this are not checked against resource types. */
const expansionLimit = 2000;

export async function checkResources(context: ValidationContext): Promise<void> {
  for (const statement of statements(context.document)) {
    // Past the most findings a validation reports, the catalog lookups would be for nothing.
    if (context.findings.full) return;
    // The templates are needed only for specific resources, and expanding the actions costs the most.
    const resources = stringValues(property(statement, 'Resource'));
    const templates = resources.some((node) => node.value !== '*') ? await arnTemplates(property(statement, 'Action')) : undefined;
    for (const node of resources) checkArn(context, node, templates);
    for (const node of stringValues(property(statement, 'NotResource'))) checkArn(context, node, undefined);
  }
}

/** A value with a wildcard or policy variable is not checked against a fixed format. */
function isPattern(text: string): boolean {
  return /[*?]|\$\{/.test(text);
}

function checkArn(context: ValidationContext, node: Node, templates: string[] | undefined): void {
  const { findings } = context;
  const arn = node.value as string;
  if (arn === '*') return;
  checkPolicyVariables(context, node);
  const parts = arnParts(arn);
  if (!parts || parts[0] !== 'arn') {
    findings.add('arnSyntax', node, `\`${arn}\` is not an ARN: write \`arn:partition:service:region:account-id:resource\`, or \`*\`.`, 'Write an ARN such as arn:aws:s3:::amzn-s3-demo-bucket/*.');
    return;
  }
  const [, partition, service, region, account] = parts;
  if (!service || /[*?]/.test(service)) {
    findings.add('arnSyntax', node, `The service part of an ARN cannot be empty or contain wildcards (\`${arn}\`).`, 'Name the service, e.g. arn:aws:s3:::...');
    return;
  }
  if (!isPattern(partition) && !isPartition(partition)) {
    findings.add('arnPartition', node, `\`${partition}\` is not an AWS partition (the AWS SDK's partitions are ${partitionNames.map((name) => `\`${name}\``).join(', ')}): the ARN matches no resource.`, 'Use "aws" for commercial regions.');
  }
  if (region && !isPattern(region) && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) {
    findings.add('arnRegion', node, `\`${region}\` is not a region code such as \`us-east-1\`.`, 'Write the region code, or leave it empty for global resources.');
  }
  if (account && !isPattern(account) && !/^\d{12}$/.test(account) && account !== 'aws') {
    findings.add('arnAccount', node, `\`${account}\` is not an account ID: account IDs are 12 digits, without hyphens.`, 'Write the 12-digit account ID.');
  }
  if (!templates?.length) return;
  const services = new Set(templates.map((template) => arnParts(template)?.[2]));
  if (!services.has(service)) {
    findings.add('arnServiceMismatch', node, `The statement's actions act on no \`${service}\` resources: their resource types are ${[...services].map((name) => `\`${name}\``).join(', ')} ARNs.`, 'Use an ARN of a resource type the actions act on.');
  } else if (!isPattern(parts[5]) && !templates.some((template) => arnMatchesTemplate(arn, template))) {
    findings.add('arnResourceType', node, `\`${arn}\` matches none of the resource types of the statement's actions.`, 'Compare the ARN with the templates that completion offers.');
  }
}

/** The ARN templates of every resource type the actions act on; `undefined` when that cannot be known. */
async function arnTemplates(actionNode: Node | undefined): Promise<string[] | undefined> {
  const patterns = stringValues(actionNode).map((node) => node.value as string);
  if (!patterns.length || patterns.some((pattern) => pattern === '*' || !pattern.includes(':') || /[*?]/.test(pattern.split(':')[0]))) return undefined;
  const templates = new Set<string>();
  let count = 0;
  for (const pattern of patterns) {
    const actions = await expandActionPattern(pattern);
    // An action that is not in the catalog leaves its resource types unknown.
    if (!actions.length) return undefined;
    count += actions.length;
    if (count > expansionLimit) return undefined;
    for (const action of actions) {
      const service = await catalogService(action.service);
      for (const type of action.resourceTypes) {
        const template = service?.resourceTypes.find((candidate) => candidate.name === type.name)?.arn;
        if (template) templates.add(template);
      }
    }
  }
  return [...templates];
}

const templateLiterals = new Map<string, string[]>();

/**
 * Whether an ARN (wildcards taken as characters) fits a template such as `arn:${Partition}:s3:::${BucketName}`:
 * each variable stands for any run of characters. The literals between them are found in order, leftmost
 * first, which decides a match in one pass; a regular expression of `.*`s would backtrack over a long ARN.
 */
export function arnMatchesTemplate(arn: string, template: string): boolean {
  let literals = templateLiterals.get(template);
  if (!literals) {
    literals = template.split(/\$\{[^}]*\}/);
    templateLiterals.set(template, literals);
  }
  const first = literals[0];
  const last = literals[literals.length - 1];
  if (literals.length === 1) return arn === first;
  if (arn.length < first.length + last.length || !arn.startsWith(first) || !arn.endsWith(last)) return false;
  const end = arn.length - last.length;
  let at = first.length;
  for (const literal of literals.slice(1, -1)) {
    const found = arn.indexOf(literal, at);
    if (found < 0 || found + literal.length > end) return false;
    at = found + literal.length;
  }
  return true;
}
