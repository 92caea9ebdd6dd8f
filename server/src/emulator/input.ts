/**
 * Reading one operation's input as AWS validates it: required fields, lengths, patterns and enums. Each failure
 * is reported as its service reports it: for Organizations an `InvalidInputException` with AWS's reason and that
 * reason's fixed sentence, for IAM and STS the front end's `ValidationError` naming the value, the member and the
 * constraint. Values of the wrong JSON type are invalid input too, never a crash.
 */
import type { InvalidInputExceptionReason, Tag } from '@aws-sdk/client-organizations';
import { rules, type StringRule } from '../aws/inputRules';
import { invalidInput, OrganizationsError } from './errors';

/** A value that breaks a constraint of the API reference. */
export interface Violation {
  /** Organizations' reason for it. */
  reason: InvalidInputExceptionReason;
  /** The member, as the input names it: `RoleName`, `Tags[0].Key`. */
  field: string;
  /** The value given; absent when it is missing. */
  value?: string | number;
  /** The constraint in the words of AWS's front end: `Member must have length less than or equal to 64`. */
  constraint: string;
}

/**
 * How a service reports invalid input: Organizations with `InvalidInputException` and a reason, IAM with its
 * front end's `ValidationError` (iam/errors.ts).
 */
export interface InputErrors {
  invalid(violation: Violation): OrganizationsError;
  type(name: string, expected: string): OrganizationsError;
}

/** A pattern as the API reference and AWS's messages write it, without the anchors. */
function patternText(pattern: RegExp): string {
  return pattern.source.replace(/^\^/, '').replace(/\$$/, '');
}

export const organizationsInputErrors: InputErrors = {
  invalid: ({ reason }) => invalidInput(reason),
  type: (name, expected) => new OrganizationsError('InvalidInputException', `The parameter ${name} must be ${expected}.`),
};

/** One operation's input object, read field by field. */
export class Input {
  readonly raw: Record<string, unknown>;

  constructor(raw: unknown, private readonly prefix = '', private readonly errors: InputErrors = organizationsInputErrors) {
    if (raw === undefined || raw === null) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw errors.type(prefix || 'input', 'an object');
    this.raw = raw as Record<string, unknown>;
  }

  private check(field: string, value: string, rule: StringRule): string {
    if (rule.min !== undefined && value.length < rule.min) {
      throw this.errors.invalid({ reason: 'MIN_LENGTH_EXCEEDED', field, value, constraint: `Member must have length greater than or equal to ${rule.min}` });
    }
    if (rule.max !== undefined && value.length > rule.max) {
      throw this.errors.invalid({ reason: 'MAX_LENGTH_EXCEEDED', field, value, constraint: `Member must have length less than or equal to ${rule.max}` });
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      throw this.errors.invalid({ reason: rule.patternReason ?? 'INVALID_PATTERN', field, value, constraint: `Member must satisfy regular expression pattern: ${patternText(rule.pattern)}` });
    }
    return value;
  }

  /** A required member that is missing. */
  private missing(name: string): OrganizationsError {
    return this.errors.invalid({ reason: 'INPUT_REQUIRED', field: this.label(name), constraint: 'Member must not be null' });
  }

  private nested(value: unknown, label: string): Input {
    return new Input(value, label, this.errors);
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
    if (value === undefined) throw this.missing(name);
    return value;
  }

  /** An optional string field. */
  optionalString(name: string, rule: StringRule = {}): string | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.errors.type(this.label(name), 'a string');
    return this.check(this.label(name), value, rule);
  }

  /** A required enum field; `reason` is what AWS answers for a value outside the enum. */
  enum<T extends string>(name: string, values: readonly T[], reason: InvalidInputExceptionReason = 'INVALID_ENUM'): T {
    const value = this.optionalEnum(name, values, reason);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optionalEnum<T extends string>(name: string, values: readonly T[], reason: InvalidInputExceptionReason = 'INVALID_ENUM'): T | undefined {
    const value = this.optionalString(name);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw this.errors.invalid({ reason, field: this.label(name), value, constraint: `Member must satisfy enum value set: [${values.join(', ')}]` });
    }
    return value as T;
  }

  /** An optional integer within [min, max]. */
  optionalInteger(name: string, min: number, max: number): number | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.errors.type(this.label(name), 'an integer');
    if (value < min) throw this.errors.invalid({ reason: 'MIN_VALUE_EXCEEDED', field: this.label(name), value, constraint: `Member must have value greater than or equal to ${min}` });
    if (value > max) throw this.errors.invalid({ reason: 'MAX_VALUE_EXCEEDED', field: this.label(name), value, constraint: `Member must have value less than or equal to ${max}` });
    return value;
  }

  /** An optional boolean. */
  optionalBoolean(name: string): boolean | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.errors.type(this.label(name), 'a boolean');
    return value;
  }

  /** An optional timestamp: a Date, epoch seconds, or an ISO 8601 string. */
  optionalTimestamp(name: string): Date | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    const date = value instanceof Date ? value
      : typeof value === 'number' ? new Date(value * 1000)
      : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw this.errors.type(this.label(name), 'a timestamp');
    return date;
  }

  /** An optional nested object. */
  optionalObject(name: string): Input | undefined {
    const value = this.field(name);
    return value === undefined ? undefined : this.nested(value, this.label(name));
  }

  object(name: string): Input {
    const value = this.optionalObject(name);
    if (!value) throw this.missing(name);
    return value;
  }

  /** An optional list of strings, each checked against `rule`. */
  optionalStringList(name: string, rule: StringRule = {}): string[] | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.errors.type(this.label(name), 'a list');
    return value.map((item, index) => {
      if (typeof item !== 'string') throw this.errors.type(`${this.label(name)}[${index}]`, 'a string');
      return this.check(`${this.label(name)}[${index}]`, item, rule);
    });
  }

  stringList(name: string, rule: StringRule = {}): string[] {
    const value = this.optionalStringList(name, rule);
    if (!value) throw this.missing(name);
    return value;
  }

  /** An optional `Tags` list; duplicate keys are `DUPLICATE_TAG_KEY`. */
  optionalTags(name = 'Tags'): Tag[] | undefined {
    const value = this.field(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.errors.type(this.label(name), 'a list');
    const seen = new Set<string>();
    return value.map((item, index) => {
      const tag = this.nested(item, `${this.label(name)}[${index}]`);
      const Key = tag.string('Key', rules.tagKey);
      const Value = tag.string('Value', rules.tagValue);
      if (Key.toLowerCase().startsWith('aws:')) {
        throw this.errors.invalid({ reason: 'INVALID_SYSTEM_TAGS_PARAMETER', field: `${this.label(name)}[${index}].Key`, value: Key, constraint: 'Member must not begin with aws:' });
      }
      if (seen.has(Key)) throw this.errors.invalid({ reason: 'DUPLICATE_TAG_KEY', field: `${this.label(name)}[${index}].Key`, value: Key, constraint: 'Member must be unique' });
      seen.add(Key);
      return { Key, Value };
    });
  }

  tags(name = 'Tags'): Tag[] {
    const value = this.optionalTags(name);
    if (!value) throw this.missing(name);
    return value;
  }
}
