import { randomBytes, randomUUID } from 'node:crypto';
import type { HttpRouteSpec } from '../app/app-description.ts';
import { stableId } from '../app/physical-names.ts';

/**
 * The ids API Gateway shows: an API's id is 10 lower-case alphanumerics, stable for an app's API name
 * so URLs, logs and events stay the same across `onward up` runs; request ids are new per request.
 */
export function apiIdOf(route: Pick<HttpRouteSpec, 'api' | 'apiName'>): string {
  return stableId(`${route.api}/${route.apiName}`, 10);
}

/** A REST resource's id (6 characters, as `requestContext.resourceId`). */
export function resourceIdOf(apiId: string, resourcePath: string): string {
  return stableId(`${apiId}${resourcePath}`, 6);
}

/** `JKJaXmPLvHcESHA=`: the short form of HTTP API request ids and REST extended request ids. */
export function shortRequestId(): string {
  return `${randomBytes(10).toString('base64').slice(0, 14).replace(/[+/]/g, 'A')}=`;
}

export function restRequestId(): string {
  return randomUUID();
}

/** X-Ray's `Root=1-<epoch seconds hex>-<24 hex>`. */
export function traceIdAt(nowMs: number): string {
  return `Root=1-${Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}
