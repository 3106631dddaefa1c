/**
 * Receipt handles name one receive of one message: the message's row sequence and the token of that
 * receive, so a handle from an earlier receive is recognised as stale.
 */
import { randomBytes } from 'node:crypto';

export interface ReceiptHandle {
  seq: number;
  token: string;
}

const HANDLE_PREFIX = 'onward1';

export function newReceiptToken(): string {
  return randomBytes(48).toString('base64');
}

export function encodeReceiptHandle(seq: number, token: string): string {
  return Buffer.from(`${HANDLE_PREFIX}:${seq}:${token}`, 'utf8').toString('base64');
}

export function decodeReceiptHandle(handle: string): ReceiptHandle | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(handle)) return undefined;
  const match = /^onward1:(\d{1,15}):([A-Za-z0-9+/]+=*)$/.exec(Buffer.from(handle, 'base64').toString('utf8'));
  if (!match) return undefined;
  return { seq: Number(match[1]), token: match[2]! };
}
