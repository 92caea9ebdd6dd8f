/**
 * Completion: element names per kind, service prefixes, actions (with access level and description),
 * condition operators and keys, ARN templates for the statement's actions, values of `Effect` and
 * `Version`, management-policy keys and operators, and in an empty document whole examples of its type as snippets.
 * Items carry the edit that inserts them.
 */
import type { PolicyType } from '@aws-sdk/client-organizations';
import { catalogService, expandActionPattern, globalConditionKeys, servicePrefixes } from '../aws/catalog';
import type { TextEdit } from './diagnostics';
import { isPropertyKey, Node, Span, objectProperties, pathInStatement, pathOf, PolicyDocument, property, stringValues } from './document';
import { policyElement } from './elements';
import { policyExamples } from '../aws/policyExamples';
import { policyKindInfo } from './kinds';
import { managementKeys, childControlValues } from './managementRules';
import { conditionOperatorSpellings } from './conditionRules';
import { conditionOperatorDocumentation, managementOperatorDocumentation } from './operators';

export type CompletionKind = 'element' | 'service' | 'action' | 'operator' | 'conditionKey' | 'arn' | 'value' | 'managementKey' | 'example';

export interface PolicyCompletion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  edit: TextEdit;
  /** Ask for completion again once inserted (after a service prefix, its actions). */
  retrigger?: boolean;
  /** The new text is a snippet with tab stops (`${1:eu-central-1}`). */
  snippet?: boolean;
}

const statementElementsByKind = {
  SERVICE_CONTROL_POLICY: ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'],
  RESOURCE_CONTROL_POLICY: ['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'NotResource', 'Condition'],
  IDENTITY_POLICY: ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'],
  RESOURCE_POLICY: ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'],
} as const;

/** Where the caret is: typing a key of an object, or a value at a path. */
type CaretPlace =
  | { at: 'key'; object: Node; replace: Span }
  /** `quote`: the value is inserted bare, so it needs its quotes; inside a string only the content is replaced. */
  | { at: 'value'; path: (string | number)[]; typed: string; replace: Span; quote: boolean };

export async function policyCompletions(document: PolicyDocument, offset: number): Promise<PolicyCompletion[]> {
  if (document.kind && !document.root && !document.declined && !document.text.trim()) return exampleItems(document);
  if (!document.kind || !document.root) return [];
  const place = caretPlace(document, offset);
  if (!place) return [];
  const management = policyKindInfo(document.kind).language === 'management';
  if (place.at === 'key') {
    const objectPath = pathOf(place.object);
    const inStatement = pathInStatement(objectPath);
    if (!management && inStatement?.[0] === 'Condition' && inStatement.length === 2) return conditionKeyItems(document, place.object, place.replace);
    const present = new Set(objectProperties(place.object).map(({ name }) => name));
    const keys = management ? managementKeys(document.kind, objectPath) : iamKeys(document, place.object);
    return keys.filter((key) => !present.has(key)).map((key) => keyItem(key, place.replace, management));
  }
  if (management) {
    if (place.path.includes('@@operators_allowed_for_child_policies')) return childControlValues.map((value) => valueItem(value, 'value', place, managementOperatorDocumentation[value]));
    return [];
  }
  return iamValueItems(document, place);
}

function caretPlace(document: PolicyDocument, offset: number): CaretPlace | undefined {
  const node = findNode(document.root!, offset);
  if (!node) return undefined;
  if (node.type === 'string' && isPropertyKey(node)) return { at: 'key', object: node.parent!.parent!, replace: { offset: node.offset, length: node.length } };
  if (node.type === 'string') {
    const typed = document.text.slice(node.offset + 1, offset);
    const closed = node.length >= 2 && document.text[node.offset + node.length - 1] === '"';
    return { at: 'value', path: pathOf(node), typed, replace: { offset: node.offset + 1, length: node.length - (closed ? 2 : 1) }, quote: false };
  }
  if (node.type === 'object') return { at: 'key', object: node, replace: { offset, length: 0 } };
  if (node.type === 'property' && offset > node.children![0].offset + node.children![0].length) {
    return { at: 'value', path: pathOf(node.children![0]), typed: '', replace: { offset, length: 0 }, quote: true };
  }
  if (node.type === 'array') {
    const index = (node.children ?? []).filter((child) => child.offset + child.length <= offset).length;
    return { at: 'value', path: [...pathOf(node), index], typed: '', replace: { offset, length: 0 }, quote: true };
  }
  return undefined;
}

/** The innermost node whose span holds the offset (both ends included, so a caret after `"` counts). */
function findNode(node: Node, offset: number): Node | undefined {
  if (offset < node.offset || offset > node.offset + node.length) return undefined;
  // A caret just outside a closed string or container belongs to the parent.
  if ((node.type === 'string' || node.type === 'object' || node.type === 'array') && node.length > 1 && (offset === node.offset || offset === node.offset + node.length) && node.parent) return undefined;
  for (const child of node.children ?? []) {
    const found = findNode(child, offset);
    if (found) return found;
  }
  return node;
}

/** The keys an IAM-language object takes: top-level elements, statement elements, or condition operators. */
function iamKeys(document: PolicyDocument, object: Node): string[] {
  const path = pathOf(object);
  if (path.length === 0) return document.kind === 'IDENTITY_POLICY' ? ['Version', 'Statement'] : ['Version', 'Id', 'Statement'];
  const inStatement = pathInStatement(path);
  if (inStatement?.length === 0) return [...statementElementsByKind[document.kind as keyof typeof statementElementsByKind]];
  if (inStatement?.[0] === 'Condition' && inStatement.length === 1) return [...conditionOperatorSpellings];
  if (inStatement?.[0] === 'Principal' || inStatement?.[0] === 'NotPrincipal') return ['AWS', 'Service', 'Federated', 'CanonicalUser'];
  return [];
}

function keyItem(key: string, replace: Span, management: boolean): PolicyCompletion {
  const operator = conditionOperatorDocumentation(key);
  const documentation = policyElement(key)?.documentation ?? operator ?? managementOperatorDocumentation[key];
  return { label: key, kind: management ? 'managementKey' : operator ? 'operator' : 'element', ...(documentation ? { documentation } : {}), edit: keyEdit(key, replace) };
}

/** A key being typed is replaced by the quoted name; a bare caret in an object gets the whole `"Key": `. */
function keyEdit(key: string, replace: Span): TextEdit {
  return { ...replace, newText: replace.length ? JSON.stringify(key) : `${JSON.stringify(key)}: ` };
}

type ValuePlace = Extract<CaretPlace, { at: 'value' }>;

function valueItem(value: string, kind: CompletionKind, place: ValuePlace, documentation?: string, detail?: string): PolicyCompletion {
  const newText = place.quote ? JSON.stringify(value) : JSON.stringify(value).slice(1, -1);
  return { label: value, kind, ...(detail ? { detail } : {}), ...(documentation ? { documentation } : {}), edit: { ...place.replace, newText } };
}

async function iamValueItems(document: PolicyDocument, place: ValuePlace): Promise<PolicyCompletion[]> {
  const { path } = place;
  if (path.length === 1 && path[0] === 'Version') return [valueItem('2012-10-17', 'value', place, 'The current policy language version.')];
  const inStatement = pathInStatement(path);
  const element = inStatement?.[0];
  if (element === 'Effect') return ['Allow', 'Deny'].map((value) => valueItem(value, 'value', place));
  if (element === 'Action' || element === 'NotAction') return actionItems(place);
  if (element === 'Resource' || element === 'NotResource') {
    const statement = statementAt(document, path);
    return statement ? arnItems(statement, place) : [];
  }
  return [];
}

function statementAt(document: PolicyDocument, path: (string | number)[]): Node | undefined {
  const statement = property(document.root, 'Statement');
  return typeof path[1] === 'number' ? statement?.children?.[path[1]] : statement;
}

/** Service prefixes until a colon is typed, then the service's actions. */
async function actionItems(place: ValuePlace): Promise<PolicyCompletion[]> {
  const colon = place.typed.indexOf(':');
  if (colon < 0) {
    return (await servicePrefixes()).map((prefix) => {
      const newText = place.quote ? `"${prefix}:` : `${prefix}:`;
      return { label: prefix, kind: 'service' as const, edit: { ...place.replace, newText }, retrigger: true };
    });
  }
  const service = await catalogService(place.typed.slice(0, colon));
  return (service?.actions ?? []).map((action) => valueItem(`${service!.prefix}:${action.name}`, 'action', place, action.description, action.accessLevel));
}

/** ARN templates of the resource types the statement's actions act on. */
async function arnItems(statement: Node, place: ValuePlace): Promise<PolicyCompletion[]> {
  const seen = new Map<string, PolicyCompletion>();
  for (const node of stringValues(property(statement, 'Action'))) {
    if (node.value === '*') continue;
    for (const action of await expandActionPattern(node.value)) {
      const service = await catalogService(action.service);
      for (const type of action.resourceTypes) {
        const template = service?.resourceTypes.find((candidate) => candidate.name === type.name)?.arn;
        if (template && !seen.has(template)) seen.set(template, valueItem(template, 'arn', place, `The ARN of a ${service!.name} \`${type.name}\`.`, type.name));
      }
    }
  }
  return [...seen.values()];
}

/** Condition keys: the global keys, then the keys of the services the statement's actions belong to. */
async function conditionKeyItems(document: PolicyDocument, operatorObject: Node, replace: Span): Promise<PolicyCompletion[]> {
  const items = globalConditionKeys().map((key) => keyConditionItem(key.key, key.type, key.description, replace));
  const statement = statementAt(document, pathOf(operatorObject));
  const prefixes = new Set(stringValues(property(statement, 'Action')).map((node) => String(node.value).split(':')[0].toLowerCase()));
  for (const prefix of prefixes) {
    for (const key of (await catalogService(prefix))?.conditionKeys ?? []) {
      if (!key.key.toLowerCase().startsWith('aws:')) items.push(keyConditionItem(key.key, key.type, key.description, replace));
    }
  }
  const present = new Set(objectProperties(operatorObject).map(({ name }) => name));
  return items.filter((item) => !present.has(item.label));
}

function keyConditionItem(key: string, type: string, description: string, replace: Span): PolicyCompletion {
  return { label: key, kind: 'conditionKey', detail: type, documentation: description, edit: keyEdit(key, replace) };
}

/** In an empty document, the common shapes of its policy type (AWS's examples) as whole-document snippets. */
function exampleItems(document: PolicyDocument): PolicyCompletion[] {
  const examples = policyExamples[document.kind as PolicyType] ?? [];
  return examples.map((example) => ({
    label: example.label, kind: 'example', detail: `${policyKindInfo(document.kind!).label} example`, documentation: example.detail, snippet: true,
    edit: { offset: 0, length: document.text.length, newText: example.snippet },
  }));
}
