/**
 * IAM's errors, by the SDK's exception shape names (`NoSuchEntityException`...); the endpoint writes each
 * with the Query error code and HTTP status that `@aws-sdk/client-iam`'s schema gives it (`NoSuchEntity`,
 * 404). Invalid input is the front end's `ValidationError`, as AWS answers a value outside a member's
 * constraints, or `InvalidInput` where IAM itself checks the value.
 */
import { OrganizationsError } from '../errors';
import type { InputErrors } from '../input';

/** An IAM exception; `name` is the SDK's shape name, or `ValidationError`. */
export class IamError extends OrganizationsError {}

export type IamErrorName =
  | 'NoSuchEntityException'
  | 'EntityAlreadyExistsException'
  | 'LimitExceededException'
  | 'MalformedPolicyDocumentException'
  | 'DeleteConflictException'
  | 'UnmodifiableEntityException'
  | 'InvalidInputException'
  | 'PolicyNotAttachableException'
  | 'ValidationError'
  | 'AccessDeniedException'
  | 'ExpiredTokenException';

export function iamError(name: IamErrorName, message: string): IamError {
  return new IamError(name, message, { statusCode: 400 });
}

export function noSuchEntity(message: string): IamError {
  return iamError('NoSuchEntityException', message);
}

/** IAM's sentence for two tags whose keys differ only in case, or not at all. */
export const duplicateTagKeys = 'Duplicate tag keys found. Please note that Tag keys are case insensitive.';

/** A member's path as IAM's front end names it in messages: `roleName`, `tags.1.member.key`. */
function memberPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, (_match, index: string) => `.${Number(index) + 1}.member`)
    .split('.').map((part) => part.charAt(0).toLowerCase() + part.slice(1)).join('.');
}

/**
 * IAM's answers to invalid input: the front end's `ValidationError`, worded as AWS words it ("1 validation error
 * detected: Value 'x' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to
 * 64", as CloudFormation and SDK users quote IAM), and `InvalidInput` for tags, which IAM itself checks
 * ("Duplicate tag keys found. Please note that Tag keys are case insensitive.", as Terraform users quote it).
 */
export const iamInputErrors: InputErrors = {
  invalid: ({ reason, field, value, constraint }) => {
    if (reason === 'DUPLICATE_TAG_KEY') return iamError('InvalidInputException', duplicateTagKeys);
    if (reason === 'INVALID_SYSTEM_TAGS_PARAMETER') return iamError('InvalidInputException', `Tag key ${value} is not valid: keys that begin with aws: are reserved for AWS use.`);
    const shown = value === undefined ? 'null' : `'${value}'`;
    return iamError('ValidationError', `1 validation error detected: Value ${shown} at '${memberPath(field)}' failed to satisfy constraint: ${constraint}`);
  },
  type: (name, expected) => iamError('ValidationError', `1 validation error detected: Value at '${memberPath(name)}' failed to satisfy constraint: Member must be ${expected}`),
};
