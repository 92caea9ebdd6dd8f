/**
 * Input checked before calling AWS, as AWS would check it: a value under one of the API reference's field rules,
 * and tags typed as `key=value, ...`. Each problem is worded for the user. No VS Code API, so it is tested in Node.
 */
import type { Tag } from '@aws-sdk/client-organizations';
import { inputRules, type StringRule } from '../../../server/src/protocol';
import { Refusal } from '../failures';

/** What is wrong with a value under one of AWS's field rules, in words for the user; undefined when nothing is. */
export function problem(rule: keyof typeof inputRules, what: string, value: string): string | undefined {
  const { min, max, pattern } = inputRules[rule] as StringRule;
  if (min !== undefined && value.length < min) return min === 1 ? `Enter ${what.charAt(0).toLowerCase()}${what.slice(1)}.` : `${what} has at least ${min} characters.`;
  if (max !== undefined && value.length > max) return `${what} has at most ${max} characters (this one has ${value.length}).`;
  if (pattern && !pattern.test(value)) {
    if (rule === 'accountId') return 'An account ID is exactly 12 digits.';
    if (rule === 'email') return 'Enter an email address, like name@example.com.';
    return `${what} has characters AWS does not accept here.`;
  }
  return undefined;
}

/** Checks a value given without prompts, as the prompt would: a refusal says what is wrong. */
export function check(rule: keyof typeof inputRules, what: string, value: string | undefined): string {
  const found = problem(rule, what, value ?? '');
  if (found) throw new Refusal('InvalidInputException', found);
  return value!;
}

/** AWS's quota of tags per resource. */
export const MAX_TAGS = 50;

/** `team=payments, env=prod` as AWS's tags; a key without `=` gets an empty value. */
export function parseTags(text: string): Tag[] {
  return text.split(',').map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const equals = pair.indexOf('=');
    return equals < 0 ? { Key: pair, Value: '' } : { Key: pair.slice(0, equals).trim(), Value: pair.slice(equals + 1).trim() };
  });
}

/** What is wrong with tags typed as `key=value, ...`, or undefined (also for none). */
export function tagsProblem(text: string): string | undefined {
  const tags = parseTags(text);
  if (tags.length > MAX_TAGS) return `A resource has at most ${MAX_TAGS} tags.`;
  for (const tag of tags) {
    const found = problem('tagKey', 'A tag key', tag.Key ?? '') ?? problem('tagValue', `The value of ${tag.Key}`, tag.Value ?? '');
    if (found) return found;
  }
  return undefined;
}
