/**
 * The AWS Query protocol of IAM and STS, read and written by the SDK's own model (`@aws-sdk/client-iam` and
 * `@aws-sdk/client-sts` export every operation's schema): form parameters become the operation's input
 * (`Tags.member.1.Key`, lists as `.member.N`, maps as `.entry.N.key`/`.value`), outputs become
 * `<OperationResponse><OperationResult>` XML, and errors IAM's and STS's error documents with the code and
 * HTTP status the model gives each exception (`NoSuchEntityException` → `NoSuchEntity`, 404).
 */
import { operationShapes, type Shape } from './wire';

/** A value the model does not accept (a number that isn't one): the front end's `ValidationError`. */
export class QueryInputError extends Error {}

/** An XML response of the Query protocol. */
export interface QueryResponse {
  statusCode: number;
  body: string;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[character]};`);
}

/** One Query service: its operations' shapes, its XML namespace, and its exceptions' codes and statuses. */
export class QueryService {
  private readonly shapes: Map<string, { input: Shape; output: Shape }>;
  private readonly errors = new Map<string, { code: string; status: number }>();

  constructor(operations: readonly string[], client: object, readonly namespace: string) {
    this.shapes = operationShapes(operations, client);
    for (const [name, schema] of Object.entries(client)) {
      // An error schema is [-3, namespace, name, traits, ...]; Query services name the code and status in awsQueryError.
      const traits = Array.isArray(schema) && schema[0] === -3 ? schema[3] as { awsQueryError?: [string, number]; httpError?: number } : undefined;
      if (traits) this.errors.set(name.slice(0, -1), { code: traits.awsQueryError?.[0] ?? name.slice(0, -1), status: traits.awsQueryError?.[1] ?? traits.httpError ?? 400 });
    }
  }

  has(operation: string): boolean {
    return this.shapes.has(operation);
  }

  /** The operation's input from its form parameters. */
  readInput(operation: string, parameters: URLSearchParams): Record<string, unknown> {
    const params = new Map<string, string>();
    for (const [key, value] of parameters) if (key !== 'Action' && key !== 'Version') params.set(key, value);
    const shape = this.shapes.get(operation)!.input;
    return shape.kind === 'structure' ? readStructure(shape.members, params, '') : {};
  }

  /** The operation's answer. */
  writeOutput(operation: string, output: unknown, requestId: string): QueryResponse {
    const shape = this.shapes.get(operation)!.output;
    const result = shape.kind === 'structure' && shape.members.size
      ? `  <${operation}Result>\n${writeMembers(shape.members, output as Record<string, unknown>, '    ')}  </${operation}Result>\n` : '';
    return {
      statusCode: 200,
      body: `<${operation}Response xmlns="${this.namespace}">\n${result}  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${operation}Response>\n`,
    };
  }

  /** An exception as this service sends it: the model's code and status for a modelled one, else the name given. */
  error(name: string, message: string, requestId: string, statusCode = 400): QueryResponse {
    const modelled = this.errors.get(name);
    return queryError(modelled?.status ?? statusCode, modelled?.code ?? name, message, requestId, this.namespace);
  }
}

/** AWS Query's error document: `Sender` faults for the caller's mistakes, `Receiver` for the service's. */
export function queryError(statusCode: number, code: string, message: string, requestId: string, namespace: string): QueryResponse {
  return {
    statusCode,
    body: `<ErrorResponse xmlns="${namespace}">\n  <Error>\n    <Type>${statusCode >= 500 ? 'Receiver' : 'Sender'}</Type>\n`
      + `    <Code>${escapeXml(code)}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n`
      + `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
  };
}

/** Whether any parameter lies under a prefix. */
function present(params: Map<string, string>, prefix: string): boolean {
  if (params.has(prefix)) return true;
  for (const key of params.keys()) if (key.startsWith(`${prefix}.`)) return true;
  return false;
}

/** The indices N of `<prefix>.N...` parameters, in order. */
function indices(params: Map<string, string>, prefix: string): number[] {
  const found = new Set<number>();
  for (const key of params.keys()) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const index = Number.parseInt(key.slice(prefix.length + 1), 10);
    if (index > 0) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
}

function readValue(shape: Shape, params: Map<string, string>, name: string): unknown {
  switch (shape.kind) {
    case 'structure':
      return present(params, name) ? readStructure(shape.members, params, name) : undefined;
    case 'list':
      // An empty list is sent as the bare name with no value.
      if (params.get(name) === '') return [];
      return present(params, name) ? indices(params, `${name}.member`).map((index) => readValue(shape.member, params, `${name}.member.${index}`)) : undefined;
    case 'map':
      if (!present(params, name)) return undefined;
      return Object.fromEntries(indices(params, `${name}.entry`).map((index) => [
        params.get(`${name}.entry.${index}.key`) ?? '', readValue(shape.member, params, `${name}.entry.${index}.value`),
      ]));
    default: {
      const text = params.get(name);
      if (text === undefined) return undefined;
      if (shape.kind === 'number') {
        const number = Number(text);
        if (text.trim() === '' || !Number.isFinite(number)) throw new QueryInputError(`1 validation error detected: Value '${text}' at '${name}' failed to satisfy constraint: Member must be a number`);
        return number;
      }
      if (shape.kind === 'boolean') {
        if (text !== 'true' && text !== 'false') throw new QueryInputError(`1 validation error detected: Value '${text}' at '${name}' failed to satisfy constraint: Member must be true or false`);
        return text === 'true';
      }
      if (shape.kind === 'timestamp') {
        const date = new Date(text);
        if (Number.isNaN(date.getTime())) throw new QueryInputError(`1 validation error detected: Value '${text}' at '${name}' failed to satisfy constraint: Member must be a timestamp`);
        return date;
      }
      return text;
    }
  }
}

function readStructure(members: Map<string, Shape>, params: Map<string, string>, prefix: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, member] of members) {
    const value = readValue(member, params, prefix ? `${prefix}.${name}` : name);
    if (value !== undefined) input[name] = value;
  }
  return input;
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

function writeValue(shape: Shape, value: unknown, name: string, indent: string): string {
  if (value === undefined || value === null) return '';
  switch (shape.kind) {
    case 'structure':
      return `${indent}<${name}>\n${writeMembers(shape.members, value as Record<string, unknown>, `${indent}  `)}${indent}</${name}>\n`;
    case 'list':
      return `${indent}<${name}>\n${(value as unknown[]).map((item) => writeValue(shape.member, item, 'member', `${indent}  `)).join('')}${indent}</${name}>\n`;
    case 'map':
      return `${indent}<${name}>\n${Object.entries(value as Record<string, unknown>).map(([key, item]) =>
        `${indent}  <entry>\n${indent}    <key>${escapeXml(key)}</key>\n${writeValue(shape.member, item, 'value', `${indent}    `)}${indent}  </entry>\n`).join('')}${indent}</${name}>\n`;
    default:
      return `${indent}<${name}>${scalar(value)}</${name}>\n`;
  }
}

function writeMembers(members: Map<string, Shape>, value: Record<string, unknown>, indent: string): string {
  let xml = '';
  for (const [name, member] of members) xml += writeValue(member, value?.[name], name, indent);
  return xml;
}
