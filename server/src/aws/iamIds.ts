/**
 * IAM's unique IDs: a four-letter prefix that names the kind of entity (AIDA a user, AROA a role, AGPA a
 * group, ANPA a managed policy, AKIA and ASIA access keys) and a random part in base 32 (IAM User Guide,
 * "IAM identifiers", unique ID prefixes).
 */

/** The prefixes of IAM's unique IDs and access key IDs. */
export const iamIdPrefixes = {
  user: 'AIDA',
  role: 'AROA',
  group: 'AGPA',
  policy: 'ANPA',
  accessKey: 'AKIA',
  temporaryAccessKey: 'ASIA',
} as const;

export type IamIdKind = keyof typeof iamIdPrefixes;

/** The alphabet of the random part (RFC 4648 base 32, as AWS's IDs use). */
export const IAM_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Characters after the prefix: 17 for unique IDs (21 in all), 16 for access key IDs (20 in all). */
export function iamIdLength(kind: IamIdKind): number {
  return kind === 'accessKey' || kind === 'temporaryAccessKey' ? 16 : 17;
}

/** The kind of an IAM unique ID or access key ID, by its prefix. */
export function iamIdKind(id: string): IamIdKind | undefined {
  return (Object.keys(iamIdPrefixes) as IamIdKind[]).find((kind) => id.startsWith(iamIdPrefixes[kind]));
}
