/**
 * What-if for the policy being written: an SCP or RCP document evaluated as it is now (unsaved edits included),
 * in place of the deployed policy it stands for, or, for a document that is not a policy of the organization, as if
 * attached to a root, OU or account the user picked. Every answer carries the version it evaluated, so that it can
 * say so.
 */
import type { AuthorizationPolicyType, PolicyNode } from './model';
import type { OrganizationPermissions } from './organization';

/** The id the document takes as a policy of its own (AWS's policy ids are `p-` and lower-case letters and digits). */
export const documentPolicyId = 'p-thisdocument';

/** Which version of the organization an answer evaluated. */
export type EvaluatedVersion =
  /** The deployed SCPs and RCPs (the document is not an SCP or RCP). */
  | { kind: 'deployed' }
  /** The deployed policy the document stands for: the document has the same content, or does not parse. */
  | { kind: 'deployedPolicy'; policy: PolicyNode; unparsable: boolean }
  /** The document's content in place of the deployed policy it stands for. */
  | { kind: 'replacing'; policy: PolicyNode; content: unknown }
  /** The document as a policy of its own, attached to a target. */
  | { kind: 'previewed'; policy: PolicyNode; targetId: string }
  /** The deployed policies: the document is not a policy of the organization and is not previewed anywhere (or does not parse). */
  | { kind: 'notPreviewed'; type: AuthorizationPolicyType; unparsable: boolean };

/** An organization to evaluate, and which version of it that is. */
export interface WhatIf {
  organization: OrganizationPermissions;
  version: EvaluatedVersion;
}

/** An SCP or RCP document as the editor has it now. */
export interface PolicyDraft {
  type: AuthorizationPolicyType;
  /** The name it goes by: the deployed policy's, or the file's (`guardrail` for `guardrail.scp.json`). */
  name: string;
  /** The parsed JSON; undefined when the text does not parse. */
  content: unknown;
}

/**
 * The organization with the draft in it: in place of `deployed` (the policy the document stands for), or attached to
 * `previewTarget` when it stands for none; the organization as it is when neither applies or the draft does not parse.
 */
export function whatIf(organization: OrganizationPermissions, draft: PolicyDraft, deployed: PolicyNode | undefined, previewTarget: string | undefined): WhatIf {
  const parses = draft.content !== undefined;
  if (deployed) {
    if (!parses || JSON.stringify(draft.content) === JSON.stringify(deployed.Content)) return { organization, version: { kind: 'deployedPolicy', policy: deployed, unparsable: !parses } };
    return { organization: organization.withPolicyContent(deployed.Id, draft.content), version: { kind: 'replacing', policy: deployed, content: draft.content } };
  }
  if (!parses || previewTarget === undefined || !organization.target(previewTarget)) {
    return { organization, version: { kind: 'notPreviewed', type: draft.type, unparsable: !parses } };
  }
  const policy: PolicyNode = { Id: documentPolicyId, Name: draft.name, Type: draft.type, Content: draft.content };
  return { organization: organization.withPolicyAttached(policy, previewTarget), version: { kind: 'previewed', policy, targetId: previewTarget } };
}
