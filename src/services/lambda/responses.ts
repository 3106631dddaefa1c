/** Lambda answers that are not a plain 200: CreateFunction's 201, the deletions' 204. */
import type { RawResponse } from '../service.ts';

export function jsonResponse(statusCode: number, body: Record<string, unknown>): RawResponse {
  return { raw: true, statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export function noContent(): RawResponse {
  return { raw: true, statusCode: 204 };
}
