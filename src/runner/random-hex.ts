/**
 * Random hex for ids made per invocation (trace headers): drawn from a pool refilled 4 KB at a time,
 * since one crypto call per invocation showed in profiles of warm invokes.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `bytes` random bytes as 2 × `bytes` lower-case hex characters (bytes ≤ 4096). */
export function randomHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
