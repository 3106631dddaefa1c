import type { HttpIntegration } from './app-description.ts';

/** What API Gateway resources of one template have said so far: methods need their resource's path. */
export interface ApiGatewayState {
  /** REST API id -> its name and root resource id. */
  restApis: Map<string, { name: string; rootResourceId: string }>;
  /** REST API resource id -> full path. */
  resources: Map<string, { apiId: string; path: string }>;
  /** HTTP API id -> name. */
  httpApis: Map<string, string>;
  /** HTTP API integration id -> what it calls (undefined when unsupported). */
  integrations: Map<string, HttpIntegration | undefined>;
}

export function newApiGatewayState(): ApiGatewayState {
  return { restApis: new Map(), resources: new Map(), httpApis: new Map(), integrations: new Map() };
}
