/**
 * Reading one operation's input as AWS validates it: required fields, lengths, patterns and enums, each
 * failure an `InvalidInputException` with AWS's reason and that reason's fixed sentence. Values of the wrong JSON type are invalid input too,
 * never a crash.
 */
import type { InvalidInputExceptionReason, Tag } from '@aws-sdk/client-organizations';
import { rules, type StringRule } from '../aws/inputRules';
import { invalidInput, OrganizationsError } from './errors';

function typeError(name: string, expected: string): OrganizationsError {
  return new OrganizationsError('InvalidInputException', `The parameter ${name} must be ${expected}.`);
}

function checkString(value: string, rule: StringRule): string {
  if (rule.min !== undefined && value.length < rule.min) {
    throw invalidInput('MIN_LENGTH_EXCEEDED');
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw invalidInput('MAX_LENGTH_EXCEEDED');
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw invalidInput(rule.patternReason ?? 'INVALID_PATTERN');
  }
  return value;
}

/** One operation's input object, read field by field. */
export class Input {
  readonly raw: Record<string, unknown>;

  constructor(raw: unknown, private readonly prefix = '') {
    if (raw === undefined || raw === null) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw typeError(prefix || 'input', 'an object');
    this.raw = raw as Record<string, unknown>;
  }

  private field(name: string): unknown {
    const value = this.raw[name];
    return value === null ? undefined : value;
  }

  private label(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  has(name: string): boolean {
    return this.field(name) !== undefined;
  }

  /** A required string field. */
  string(name: string, rule: StringRule = {}): string {
    const value = this.optionalString(name, rule);
    if (value === undefined) throw invalidInput('INPUT_REQUIRED');
    return value;
  }

  /** An optional string field. */
  optionalString(name: string, rule: StringRule = {}): string | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw typeError(this.label(name), 'a string');
    return checkString(value, rule);
  }

  /** A required enum field; `reason` is what AWS answers for a value outside the enum. */
  enum<T extends string>(name: string, values: readonly T[], reason: InvalidInputExceptionReason = 'INVALID_ENUM'): T {
    const value = this.optionalEnum(name, values, reason);
    if (value === undefined) throw invalidInput('INPUT_REQUIRED');
    return value;
  }

  optionalEnum<T extends string>(name: string, values: readonly T[], reason: InvalidInputExceptionReason = 'INVALID_ENUM'): T | undefined {
    const value = this.optionalString(name);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw invalidInput(reason);
    }
    return value as T;
  }

  /** An optional integer within [min, max]. */
  optionalInteger(name: string, min: number, max: number): number | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(this.label(name), 'an integer');
    if (value < min) throw invalidInput('MIN_VALUE_EXCEEDED');
    if (value > max) throw invalidInput('MAX_VALUE_EXCEEDED');
    return value;
  }

  /** An optional timestamp: a Date, epoch seconds, or an ISO 8601 string. */
  optionalTimestamp(name: string): Date | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    const date = value instanceof Date ? value
      : typeof value === 'number' ? new Date(value * 1000)
      : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw typeError(this.label(name), 'a timestamp');
    return date;
  }

  /** An optional nested object. */
  optionalObject(name: string): Input | undefined {
    const value = this.field(name);
    return value === undefined ? undefined : new Input(value, this.label(name));
  }

  object(name: string): Input {
    const value = this.optionalObject(name);
    if (!value) throw invalidInput('INPUT_REQUIRED');
    return value;
  }

  /** An optional list of strings, each checked against `rule`. */
  optionalStringList(name: string, rule: StringRule = {}): string[] | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw typeError(this.label(name), 'a list');
    return value.map((item, index) => {
      if (typeof item !== 'string') throw typeError(`${this.label(name)}[${index}]`, 'a string');
      return checkString(item, rule);
    });
  }

  stringList(name: string, rule: StringRule = {}): string[] {
    const value = this.optionalStringList(name, rule);
    if (!value) throw invalidInput('INPUT_REQUIRED');
    return value;
  }

  /** An optional `Tags` list; duplicate keys are `DUPLICATE_TAG_KEY`. */
  optionalTags(name = 'Tags'): Tag[] | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw typeError(this.label(name), 'a list');
    const seen = new Set<string>();
    return value.map((item, index) => {
      const tag = new Input(item, `${this.label(name)}[${index}]`);
      const Key = tag.string('Key', rules.tagKey);
      const Value = tag.string('Value', rules.tagValue);
      if (Key.toLowerCase().startsWith('aws:')) {
        throw invalidInput('INVALID_SYSTEM_TAGS_PARAMETER');
      }
      if (seen.has(Key)) throw invalidInput('DUPLICATE_TAG_KEY');
      seen.add(Key);
      return { Key, Value };
    });
  }

  tags(name = 'Tags'): Tag[] {
    const value = this.optionalTags(name);
    if (!value) throw invalidInput('INPUT_REQUIRED');
    return value;
  }
}
