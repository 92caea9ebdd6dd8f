/**
 * AWS JSON 1.1 bodies of Organizations, read and written by the SDK's own model: each operation's input
 * and output schema as `@aws-sdk/client-organizations` exports it. A body that is not JSON, or a member of
 * the wrong JSON type, is a `SerializationException`, as AWS's front end answers before the service sees it.
 */
import * as Organizations from '@aws-sdk/client-organizations';
import { NormalizedSchema } from '@smithy/core/schema';

/** A request body AWS's front end cannot deserialize into the operation's input. */
export class SerializationError extends Error {}

/**
 * What the wire needs of a modeled shape, compiled once from the SDK's schema: reading a body then walks
 * plain objects instead of asking the schema about every value.
 */
export type Shape =
  | { kind: 'structure'; members: Map<string, Shape> }
  | { kind: 'list' | 'map'; member: Shape }
  | { kind: 'string' | 'number' | 'boolean' | 'timestamp' | 'any' };

/** Organizations' inputs nest a few levels at most; a deeper schema would be recursive, read without checks below. */
const maxShapeDepth = 16;

function compile(schema: NormalizedSchema, depth = 0): Shape {
  if (depth > maxShapeDepth) return { kind: 'any' };
  if (schema.isStructSchema()) {
    const members = new Map<string, Shape>();
    for (const [name, member] of schema.structIterator()) members.set(name, compile(member, depth + 1));
    return { kind: 'structure', members };
  }
  if (schema.isListSchema()) return { kind: 'list', member: compile(schema.getValueSchema(), depth + 1) };
  if (schema.isMapSchema()) return { kind: 'map', member: compile(schema.getValueSchema(), depth + 1) };
  if (schema.isTimestampSchema()) return { kind: 'timestamp' };
  if (schema.isStringSchema()) return { kind: 'string' };
  if (schema.isNumericSchema()) return { kind: 'number' };
  if (schema.isBooleanSchema()) return { kind: 'boolean' };
  return { kind: 'any' };
}

/** The input shape of each operation served, from the operation schemas an SDK client package exports (Organizations by default). */
export function operationSchemas(operations: readonly string[], client: object = Organizations): Map<string, Shape> {
  return new Map([...operationShapes(operations, client)].map(([operation, shapes]) => [operation, shapes.input]));
}

/** The input and output shapes of each operation served, from an SDK client package's operation schemas. */
export function operationShapes(operations: readonly string[], client: object): Map<string, { input: Shape; output: Shape }> {
  const exported = client as Record<string, unknown>;
  const shapes = new Map<string, { input: Shape; output: Shape }>();
  for (const operation of operations) {
    const schema = exported[`${operation}$`];
    // An operation schema is the static tuple [9, namespace, name, traits, input, output].
    if (Array.isArray(schema) && schema[0] === 9) {
      shapes.set(operation, { input: compile(NormalizedSchema.of(schema[4])), output: compile(NormalizedSchema.of(schema[5])) });
    }
  }
  return shapes;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    default: return 'a structure';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one value against its shape and converts timestamps (epoch seconds) to Dates. */
function readValue(shape: Shape, value: unknown, path: string): unknown {
  if (value === null) return undefined;
  const mismatch = (expected: string) =>
    new SerializationError(`Can not deserialize ${path}: expected ${expected}, found ${jsonKind(value)}.`);
  switch (shape.kind) {
    case 'structure':
      if (!isObject(value)) throw mismatch('a structure');
      return readStructure(shape.members, value, path);
    case 'list':
      if (!Array.isArray(value)) throw mismatch('a list');
      return value.map((item, index) => readValue(shape.member, item, `${path}[${index}]`));
    case 'map':
      if (!isObject(value)) throw mismatch('a map');
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, readValue(shape.member, item, `${path}.${key}`)]));
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch('a timestamp in epoch seconds');
      return new Date(value * 1000);
    case 'string':
      if (typeof value !== 'string') throw mismatch('a string');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch('a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch('a boolean');
      return value;
    default:
      return value;
  }
}

/** The members the model knows, checked; members it does not know are ignored, as AWS ignores them. */
function readStructure(members: Map<string, Shape>, value: Record<string, unknown>, path: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, member] of members) {
    if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
    const read = readValue(member, value[name], path ? `${path}.${name}` : name);
    if (read !== undefined) input[name] = read;
  }
  return input;
}

/** A request body as text (UTF-8). */
export function bodyText(body: Uint8Array): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

/** Parses a request body into the operation's input: `{}` or nothing for operations without input. */
export function readInput(shape: Shape, body: Uint8Array): Record<string, unknown> {
  const text = bodyText(body);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SerializationError('Unable to parse the request body as JSON.');
  }
  if (!isObject(parsed)) throw new SerializationError(`Can not deserialize the request: expected a structure, found ${jsonKind(parsed)}.`);
  return shape.kind === 'structure' ? readStructure(shape.members, parsed, '') : {};
}

/** A copy of an output with every Date as epoch seconds (AWS JSON 1.1's timestamps). */
function epochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(epochSeconds);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = epochSeconds((value as Record<string, unknown>)[key]);
  return copy;
}

/** Writes an output shape as AWS JSON 1.1: timestamps become epoch seconds, absent members are left out. */
export function writeOutput(output: unknown): string {
  return JSON.stringify(epochSeconds(output ?? {}));
}
