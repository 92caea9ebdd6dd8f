/**
 * STS `GetCallerIdentity` in the AWS Query protocol (form-encoded POST, XML answer), so that the AWS CLI,
 * SDKs and Terraform's provider can identify themselves against the endpoint. The caller holds its
 * account's root credentials: AWS answers those with the account's root ARN and the account ID as UserId.
 */
import type { Caller } from './identity';

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An XML response of the Query protocol. */
export interface QueryResponse {
  statusCode: number;
  body: string;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[character]};`);
}

/** AWS Query's error document: `Sender` faults for the caller's mistakes. */
export function queryError(statusCode: number, code: string, message: string, requestId: string): QueryResponse {
  return {
    statusCode,
    body: `<ErrorResponse xmlns="${namespace}">\n  <Error>\n    <Type>${statusCode >= 500 ? 'Receiver' : 'Sender'}</Type>\n`
      + `    <Code>${escapeXml(code)}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n`
      + `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
  };
}

/** Answers one STS Query request (its form parameters) for the caller. */
export function answerSts(parameters: URLSearchParams, caller: Caller, requestId: string): QueryResponse {
  const action = parameters.get('Action');
  if (action !== 'GetCallerIdentity') {
    return queryError(400, 'InvalidAction', `Could not find operation ${action ?? ''} for version ${parameters.get('Version') ?? ''}`, requestId);
  }
  const account = caller.accountId;
  return {
    statusCode: 200,
    body: `<GetCallerIdentityResponse xmlns="${namespace}">\n  <GetCallerIdentityResult>\n`
      + `    <Arn>arn:${caller.partition}:iam::${account}:root</Arn>\n    <UserId>${account}</UserId>\n    <Account>${account}</Account>\n`
      + `  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n`
      + `</GetCallerIdentityResponse>\n`,
  };
}
