/** The errors the embedded organization answers with: AWS's exception shapes, reasons and HTTP statuses. */
import type {
  ConstraintViolationExceptionReason,
  HandshakeConstraintViolationExceptionReason,
  InvalidInputExceptionReason,
} from '@aws-sdk/client-organizations';

/** An AWS Organizations exception: `name` is AWS's shape name, `reason` its Reason enum value where it has one. */
export class OrganizationsError extends Error {
  readonly reason?: string;
  readonly statusCode: number;

  constructor(name: string, message: string, options: { reason?: string; statusCode?: number } = {}) {
    super(message);
    this.name = name;
    this.reason = options.reason;
    this.statusCode = options.statusCode ?? (name === 'ServiceException' ? 500 : 400);
  }
}

/** `InvalidInputException` with one of AWS's reasons. */
export function invalidInput(reason: InvalidInputExceptionReason, message: string): OrganizationsError {
  return new OrganizationsError('InvalidInputException', message, { reason });
}

/** `ConstraintViolationException` with one of AWS's reasons. */
export function constraintViolation(reason: ConstraintViolationExceptionReason, message: string): OrganizationsError {
  return new OrganizationsError('ConstraintViolationException', message, { reason });
}

/** `HandshakeConstraintViolationException` with one of AWS's reasons. */
export function handshakeConstraintViolation(
  reason: HandshakeConstraintViolationExceptionReason,
  message: string,
): OrganizationsError {
  return new OrganizationsError('HandshakeConstraintViolationException', message, { reason });
}

/** `AccessDeniedException`, as AWS answers a caller without the permission. */
export function accessDenied(message = "You don't have permissions to access this resource."): OrganizationsError {
  return new OrganizationsError('AccessDeniedException', message);
}

/** `AWSOrganizationsNotInUseException`: the caller's account isn't a member of an organization. */
export function notInUse(): OrganizationsError {
  return new OrganizationsError(
    'AWSOrganizationsNotInUseException',
    "Your account is not a member of an organization.",
  );
}
