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

export const iamInputErrors: InputErrors = {
  invalid: (reason, message) => iamError(reason === 'INVALID_SYSTEM_TAGS_PARAMETER' || reason === 'DUPLICATE_TAG_KEY' ? 'InvalidInputException' : 'ValidationError',
    `1 validation error detected: ${message}`),
  type: (name, expected) => iamError('ValidationError', `1 validation error detected: The parameter ${name} must be ${expected}.`),
};
