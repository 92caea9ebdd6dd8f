/**
 * Failures and refusals as the user reads them: AWS's exception, reason and message with what they mean, the
 * rules of AWS a command checks before calling, and why an untrusted workspace refuses a change. No VS Code API,
 * so it is tested in Node.
 */
import { unreadableAnswerErrorName, type OrganizationsErrorData } from '../../server/src/protocol';

/**
 * A rule of AWS that the command checked before calling, worded as AWS words the refusal: the exception
 * name and reason AWS would answer, and why, in words for the user.
 */
export class Refusal extends Error {
  readonly data: OrganizationsErrorData;

  constructor(name: string, message: string, reason?: string) {
    super(`${name}${reason ? ` (${reason})` : ''}: ${message}`);
    this.name = 'Refusal';
    this.data = { name, message, ...(reason ? { reason } : {}) };
  }
}

/** AWS's error, when the server passed it on with the failure. */
function awsError(error: unknown): OrganizationsErrorData | undefined {
  const data = (error as { data?: unknown })?.data;
  return data && typeof data === 'object' && 'name' in data ? (data as OrganizationsErrorData) : undefined;
}

/**
 * The message of a failed request: AWS's exception name and message when the server passed them on; an answer
 * outside AWS's protocol has no exception name, only the server's message for the user.
 */
export function errorMessage(error: unknown): string {
  const data = awsError(error);
  if (data) return data.name === unreadableAnswerErrorName ? data.message : `${data.name}: ${data.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * What some of AWS's refusals mean for the user, by reason or exception name; AWS's own message is
 * always shown first.
 */
const explanations: Record<string, string> = {
  OU_DEPTH_LIMIT_EXCEEDED: 'AWS allows five levels of OUs under a root.',
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: 'Every root, OU and account must keep at least one SCP: attach another one before detaching this one.',
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: 'A root, OU or account can have at most five policies of a type attached directly.',
  OrganizationalUnitNotEmptyException: 'Move or remove its accounts and delete its child OUs first.',
  PolicyInUseException: 'Detach the policy from every root, OU and account first.',
  DuplicateHandshakeException: 'An open invitation for that account already exists: cancel it or wait for the answer.',
  DuplicatePolicyAttachmentException: 'The policy is already attached to that target.',
  ALREADY_IN_AN_ORGANIZATION: 'An account belongs to at most one organization: it must leave its current one first.',
  ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION: 'The account needs a verified phone number and payment method to stand alone.',
  MASTER_ACCOUNT_MISSING_CONTACT_INFO: 'The management account needs contact information first.',
  AccessDeniedException: 'The connected identity lacks the permission, or a service control policy denies it.',
};

/** The one message a failure shows: AWS's exception, reason and message, with what it means when known. */
export function describeFailure(error: unknown): string {
  if (error instanceof Refusal) return error.message;
  const data = awsError(error);
  if (!data || data.name === unreadableAnswerErrorName) return errorMessage(error);
  const explanation = (data.reason && explanations[data.reason]) ?? explanations[data.name];
  return `${data.name}${data.reason ? ` (${data.reason})` : ''}: ${data.message}${explanation ? ` ${explanation}` : ''}`;
}

/**
 * Why a change may not be made (`disabled` says what is disabled), or undefined when it may: an untrusted
 * workspace (`trusted` is VS Code's `workspace.isTrusted`) changes only the embedded organization, since a
 * remote connection may come from its settings.
 */
export function untrustedRefusal(trusted: boolean, connectionKind: string | undefined, disabled = 'changes to a remote organization are disabled'): string | undefined {
  if (trusted || connectionKind === 'embedded') return undefined;
  return `This workspace is not trusted: ${disabled}. Trust the workspace, or connect to the embedded organization.`;
}
