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

/**
 * AWS's fixed sentence for each InvalidInputException reason, which the wire carries whatever field or value was
 * wrong, because scripts match on it. The sentences are AWS's documentation of the reasons (the
 * InvalidInputException of the API reference, as the SDK ships it), except where a real answer reads otherwise:
 * INVALID_PATTERN answers "does not match" where the reference writes "doesn't match" (botocore tracebacks of
 * ListChildren and TagResource against AWS quote "You provided a value that does not match the required
 * pattern."). AWS documents no sentence for the resource policy reasons; theirs follow the reference's wording.
 */
const invalidInputMessages: Record<InvalidInputExceptionReason, string> = {
  CALLER_REQUIRED_FIELD_MISSING: 'At least one of the required field is missing: Caller Account Id, Management Account Id or Organization Id.',
  DUPLICATE_TAG_KEY: 'Tag keys must be unique among the tags attached to the same entity.',
  END_DATE_NOT_END_OF_MONTH: 'You provided an invalid end date. The end date must be the end of the last day of the month (23.59.59.999).',
  END_DATE_TOO_EARLY: 'You provided an invalid end date. The end date is too early.',
  END_DATE_TOO_LATE: 'You provided an invalid end date. The end date is too late.',
  IMMUTABLE_POLICY: "You specified a policy that is managed by Amazon Web Services and can't be modified.",
  INPUT_REQUIRED: 'You must include a value for all required parameters.',
  INVALID_EMAIL_ADDRESS_TARGET: 'You specified an invalid email address for the invited account owner.',
  INVALID_END_DATE: "The selected withdrawal date doesn't meet the minimum notice period required by your partner agreement.",
  INVALID_ENUM: 'You specified an invalid value.',
  INVALID_ENUM_POLICY_TYPE: 'You specified an invalid policy type string.',
  INVALID_FULL_NAME_TARGET: 'You specified a full name that contains invalid characters.',
  INVALID_LIST_MEMBER: 'You provided a list to a parameter that contains at least one invalid value.',
  INVALID_NEXT_TOKEN: 'Get the value for the NextToken parameter from the response to a previous call of the operation.',
  INVALID_PARTY_TYPE_TARGET: 'You specified the wrong type of entity (account, organization, or email) as a party.',
  INVALID_PATTERN: 'You provided a value that does not match the required pattern.',
  INVALID_PATTERN_TARGET_ID: "You specified a policy target ID that doesn't match the required pattern.",
  INVALID_PRINCIPAL: 'You specified an invalid principal element in the policy.',
  INVALID_RESOURCE_POLICY_JSON: 'You specified a resource policy that is not valid JSON.',
  INVALID_ROLE_NAME: "You provided a role name that isn't valid. A role name can't begin with the reserved prefix AWSServiceRoleFor.",
  INVALID_START_DATE: "The start date doesn't meet the minimum requirements.",
  INVALID_SYNTAX_ORGANIZATION_ARN: 'You specified an invalid Amazon Resource Name (ARN) for the organization.',
  INVALID_SYNTAX_POLICY_ID: 'You specified an invalid policy ID.',
  INVALID_SYSTEM_TAGS_PARAMETER: "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for Amazon Web Services use.",
  MAX_LIMIT_EXCEEDED_FILTER: 'You can specify only one filter parameter for the operation.',
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
  MOVING_ACCOUNT_BETWEEN_DIFFERENT_ROOTS: 'You can move an account only between entities in the same root.',
  NON_DETACHABLE_POLICY: "You can't detach this Amazon Web Services Managed Policy.",
  START_DATE_NOT_BEGINNING_OF_DAY: 'You provided an invalid start date. The start date must be the beginning of the day (00:00:00.000).',
  START_DATE_NOT_BEGINNING_OF_MONTH: 'You provided an invalid start date. The start date must be the first day of the month.',
  START_DATE_TOO_EARLY: 'You provided an invalid start date. The start date is too early.',
  START_DATE_TOO_LATE: 'You provided an invalid start date. The start date is too late.',
  TARGET_NOT_SUPPORTED: "You can't perform the specified operation on that target entity.",
  UNRECOGNIZED_SERVICE_PRINCIPAL: "You specified a service principal that isn't recognized.",
  UNSUPPORTED_ACTION_IN_RESOURCE_POLICY: 'You specified an action that is not supported in a resource policy.',
  UNSUPPORTED_ACTION_IN_RESPONSIBILITY_TRANSFER: 'You provided a value that is not supported by this operation.',
  UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY: 'You specified a policy type that is not supported in a resource policy.',
  UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY: 'You specified a resource that is not supported in a resource policy.',
};

/** `InvalidInputException` with one of AWS's reasons and that reason's fixed sentence. */
export function invalidInput(reason: InvalidInputExceptionReason): OrganizationsError {
  return new OrganizationsError('InvalidInputException', invalidInputMessages[reason], { reason });
}

/**
 * AWS's fixed sentence for each not-found exception: the API reference's text, except AccountNotFoundException,
 * whose real answer is shorter (an AWS CLI transcript of MoveAccount: "You specified an account that doesn't exist.").
 * CreateAccountStatusNotFoundException keeps the reference's "an create account request": scripts match on it.
 */
const notFoundMessages = {
  AccountNotFoundException: "You specified an account that doesn't exist.",
  ChildNotFoundException: "We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified.",
  CreateAccountStatusNotFoundException: "We can't find an create account request with the CreateAccountRequestId that you specified.",
  DestinationParentNotFoundException: "We can't find the destination container (a root or OU) with the ParentId that you specified.",
  EffectivePolicyNotFoundException: 'If you ran this action on the management account, this policy type is not enabled. If you ran the action on a member account, '
    + "the account doesn't have an effective policy of this type. Contact the administrator of your organization about attaching a policy of this type to the account.",
  HandshakeNotFoundException: "We can't find a handshake with the HandshakeId that you specified.",
  OrganizationalUnitNotFoundException: "We can't find an OU with the OrganizationalUnitId that you specified.",
  ParentNotFoundException: "We can't find a root or OU with the ParentId that you specified.",
  PolicyNotFoundException: "We can't find a policy with the PolicyId that you specified.",
  ResourcePolicyNotFoundException: "We can't find a resource policy request with the parameter that you specified.",
  ResponsibilityTransferNotFoundException: "We can't find a transfer that you specified.",
  RootNotFoundException: "We can't find a root with the RootId that you specified.",
  SourceParentNotFoundException: "We can't find a source root or OU with the ParentId that you specified.",
  TargetNotFoundException: "We can't find a root, OU, account, or policy with the TargetId that you specified.",
} as const;

export type NotFoundException = keyof typeof notFoundMessages;

/** A missing entity: AWS's exception and its fixed sentence. */
export function notFound(name: NotFoundException): OrganizationsError {
  return new OrganizationsError(name, notFoundMessages[name]);
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
