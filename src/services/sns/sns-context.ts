/** What SNS's operations share: the store, the clock, the other services, and input readers with SNS's errors. */
import type { Clock } from '../../clock/clock.ts';
import type { SnsStore } from '../../store/sns-store.ts';
import type { InputErrors } from '../input.ts';
import type { RequestContext } from '../service.ts';
import type { InternalTargets } from '../targets/internal-targets.ts';
import { invalidParameter, ValidationError } from './errors.ts';

export interface SnsContext {
  store: SnsStore;
  clock: Clock;
  targets: InternalTargets;
  /** Onward's own origin, for URLs in messages published without a client request (destinations). */
  endpointUrl: () => string;
  /** Wakes the HTTP delivery worker once the current turn committed. */
  kickDeliveries: () => void;
  log: (line: string) => void;
}

export const snsInputErrors: InputErrors = {
  missing: (parameter) => ValidationError(parameter),
  invalid: (parameter) => invalidParameter(parameter),
};

/** The origin URLs in messages point at: the client's, or Onward's own for internal publishes. */
export function originOf(context: SnsContext, request: Pick<RequestContext, 'origin'> | undefined): string {
  return request?.origin || context.endpointUrl();
}

/** Page tokens: the position of the last item returned, opaque to clients. */
export function encodeNextToken(position: number): string {
  return Buffer.from(`onward:${position}`).toString('base64');
}

export function decodeNextToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const match = /^onward:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!match) throw invalidParameter('NextToken');
  return Number(match[1]);
}
