import type { AppDescription } from './app-description.ts';
import type { ApiGatewayState } from './api-gateway-state.ts';
import type { ResolvedOptions } from './load-options.ts';
import { generatedName, type ArnContext } from './physical-names.ts';
import type { PropertyReader } from './template-values.ts';
import type { Warnings } from './unsupported.ts';

/** What a resource exposes to Ref and Fn::GetAtt once created. */
export interface ResourceResult {
  ref: unknown;
  attributes: Record<string, unknown>;
}

/** CDK maps `Code.S3Bucket/S3Key` to a local asset folder; other formats leave S3 code unavailable. */
export type S3CodeResolver = (s3Key: string, metadata: Record<string, unknown>) => string | undefined;

export interface ResourceContext {
  file: string;
  baseDir: string;
  stack: string;
  logicalId: string;
  type: string;
  path: string;
  props: PropertyReader;
  metadata: Record<string, unknown>;
  arn: ArnContext;
  options: ResolvedOptions;
  warnings: Warnings;
  app: AppDescription;
  s3Code?: S3CodeResolver;
  /** API Gateway resources, methods and integrations seen so far in this template. */
  apiGateway: ApiGatewayState;
}

export type Handler = (c: ResourceContext) => ResourceResult;

export function origin(c: ResourceContext) {
  return { stack: c.stack, logicalId: c.logicalId };
}

export function unhandled(c: ResourceContext, handled: readonly string[]): void {
  c.warnings.unhandledProperties(c.file, `${c.path}.Properties`, c.type, c.props.props, handled);
}

export function physicalName(c: ResourceContext, key: string, maxLength: number, suffix = ''): string {
  return c.props.optString(key) ?? generatedName(c.stack, c.logicalId, maxLength, suffix);
}
