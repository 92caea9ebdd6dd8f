/**
 * Which side of a handshake the connection is on: AWS lets only the recipient accept or decline a handshake and only
 * its sender cancel it, so menus and pickers offer each answer to its side only. No VS Code API.
 */
import type { Handshake } from '@aws-sdk/client-organizations';

export type HandshakeDirection = 'received' | 'sent';

/** Received when the connection acts as the invited account, sent (by the organization) otherwise. */
export function handshakeDirection(handshake: Handshake, callerAccountId: string | undefined): HandshakeDirection {
  const invited = handshake.Parties?.find((party) => party.Type === 'ACCOUNT')?.Id;
  return callerAccountId !== undefined && invited === callerAccountId ? 'received' : 'sent';
}
