/** The elements of the IAM policy grammar, with the one-line documentation that hover shows for each. */

export interface PolicyElement {
  name: string;
  documentation: string;
}

const elements: PolicyElement[] = [
  { name: 'Version', documentation: 'The policy language version. Use `2012-10-17`; service control and resource control policies require it.' },
  { name: 'Id', documentation: 'An optional identifier for the policy. Not allowed in IAM identity policies.' },
  { name: 'Statement', documentation: 'The main element of a policy: one statement object or an array of them.' },
  { name: 'Sid', documentation: 'An optional statement identifier, unique within the policy.' },
  { name: 'Effect', documentation: 'Whether the statement allows or denies access: `Allow` or `Deny`.' },
  { name: 'Principal', documentation: 'The principal that is allowed or denied access (resource-based policies). Not allowed in SCPs.' },
  { name: 'NotPrincipal', documentation: 'Every principal except the ones listed. Not supported in SCPs or RCPs.' },
  { name: 'Action', documentation: 'The actions the statement applies to, as `service:Action`, with `*` and `?` wildcards.' },
  { name: 'NotAction', documentation: 'Every action except the ones listed.' },
  { name: 'Resource', documentation: 'The resources the statement applies to, as ARNs, with `*` and `?` wildcards.' },
  { name: 'NotResource', documentation: 'Every resource except the ones listed.' },
  { name: 'Condition', documentation: 'Conditions under which the statement is in effect: operator → condition key → values.' },
];

const byName = new Map(elements.map((element) => [element.name, element]));

/** The grammar element of that name, if it is one. */
export function policyElement(name: string): PolicyElement | undefined {
  return byName.get(name);
}
