/**
 * AWS JSON 1.1 bodies of Organizations, read and written by the SDK's own model: each operation's input
 * and output schema as `@aws-sdk/client-organizations` exports it. A body that is not JSON, or a member of
 * the wrong JSON type, is a `SerializationException`, as AWS's front end answers before the service sees it.
 */
import * as Organizations from '@aws-sdk/client-organizations';
import { NormalizedSchema } from '@smithy/core/schema';

/** A request body AWS's front end cannot deserialize into the operation's input. */
export class SerializationError extends Error {}

/** The SDK's schema of each operation by name, for the operations the engine serves. */
export function operationSchemas(operations: readonly string[]): Map<string, NormalizedSchema> {
  const exported = Organizations as unknown as Record<string, unknown>;
  const schemas = new Map<string, NormalizedSchema>();
  for (const operation of operations) {
    const schema = exported[`${operation}$`];
    // An operation schema is the static tuple [9, namespace, name, traits, input, output].
    if (Array.isArray(schema) && schema[0] === 9) schemas.set(operation, NormalizedSchema.of(schema[4]));
  }
  return schemas;
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

/** Checks one value against its schema and converts timestamps (epoch seconds) to Dates. */
function readValue(schema: NormalizedSchema, value: unknown, path: string): unknown {
  if (value === null) return undefined;
  const mismatch = (expected: string) =>
    new SerializationError(`Can not deserialize ${path}: expected ${expected}, found ${jsonKind(value)}.`);
  if (schema.isStructSchema()) {
    if (!isObject(value)) throw mismatch('a structure');
    return readStructure(schema, value, path);
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) throw mismatch('a list');
    const member = schema.getValueSchema();
    return value.map((item, index) => readValue(member, item, `${path}[${index}]`));
  }
  if (schema.isMapSchema()) {
    if (!isObject(value)) throw mismatch('a map');
    const member = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, readValue(member, item, `${path}.${key}`)]));
  }
  if (schema.isTimestampSchema()) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch('a timestamp in epoch seconds');
    return new Date(value * 1000);
  }
  if (schema.isStringSchema()) {
    if (typeof value !== 'string') throw mismatch('a string');
    return value;
  }
  if (schema.isNumericSchema()) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch('a number');
    return value;
  }
  if (schema.isBooleanSchema()) {
    if (typeof value !== 'boolean') throw mismatch('a boolean');
    return value;
  }
  return value;
}

/** The members the model knows, checked; members it does not know are ignored, as AWS ignores them. */
function readStructure(schema: NormalizedSchema, value: Record<string, unknown>, path: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, member] of schema.structIterator()) {
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
export function readInput(schema: NormalizedSchema, body: Uint8Array): Record<string, unknown> {
  const text = bodyText(body);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SerializationError('Unable to parse the request body as JSON.');
  }
  if (!isObject(parsed)) throw new SerializationError(`Can not deserialize the request: expected a structure, found ${jsonKind(parsed)}.`);
  return schema.isStructSchema() ? readStructure(schema, parsed, '') : {};
}

/** Writes an output shape as AWS JSON 1.1: timestamps become epoch seconds, absent members are left out. */
export function writeOutput(output: unknown): string {
  return JSON.stringify(output ?? {}, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : value;
  });
}
