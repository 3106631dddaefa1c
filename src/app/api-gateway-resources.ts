import type { HttpIntegration, HttpRouteSpec } from './app-description.ts';
import { functionReference, stableId } from './physical-names.ts';
import type { Handler, ResourceContext } from './resource-context.ts';

/**
 * API Gateway written as plain CloudFormation (REST: RestApi/Resource/Method/Deployment/Stage;
 * HTTP API: Api/Integration/Route/Stage) becomes HTTP routes: Lambda proxy integrations, and
 * "AWS" service integrations that publish to SNS or send to SQS (the payments seed's POST -> SNS).
 */

function origin(c: ResourceContext) {
  return { stack: c.stack, logicalId: c.logicalId };
}

function unhandled(c: ResourceContext, handled: readonly string[]): void {
  c.warnings.unhandledProperties(c.file, `${c.path}.Properties`, c.type, c.props.props, handled);
}

const restApi: Handler = (c) => {
  unhandled(c, [
    'Name',
    'Description',
    'EndpointConfiguration',
    'Tags',
    'BinaryMediaTypes',
    'ApiKeySourceType',
    'MinimumCompressionSize',
    'DisableExecuteApiEndpoint',
  ]);
  const id = stableId(`${c.stack}/${c.logicalId}`, 10);
  const rootResourceId = stableId(`${id}/root`, 10);
  c.apiGateway.restApis.set(id, { name: c.props.optString('Name') ?? c.logicalId, rootResourceId });
  return { ref: id, attributes: { RootResourceId: rootResourceId, RestApiId: id } };
};

const restResource: Handler = (c) => {
  unhandled(c, ['RestApiId', 'ParentId', 'PathPart']);
  const apiId = c.props.string('RestApiId');
  const parentId = c.props.string('ParentId');
  const api = c.apiGateway.restApis.get(apiId);
  const parent = parentId === api?.rootResourceId ? '' : c.apiGateway.resources.get(parentId)?.path;
  if (parent === undefined)
    c.props.fail('ParentId', `${parentId} is neither the API's root resource nor an AWS::ApiGateway::Resource of this template`);
  const id = stableId(`${c.stack}/${c.logicalId}`, 6);
  c.apiGateway.resources.set(id, { apiId, path: `${parent}/${c.props.string('PathPart')}` });
  return { ref: id, attributes: { ResourceId: id } };
};

/** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations` -> function ARN. */
function lambdaFromUri(uri: string): string | undefined {
  if (uri.startsWith('arn:aws:lambda:')) return uri;
  return /\/functions\/(arn:[^/]+)\/invocations/.exec(uri)?.[1];
}

/** An "AWS" integration's target: SNS topic from the TopicArn parameter, SQS queue from the path or QueueUrl. */
function serviceIntegration(
  c: ResourceContext,
  uri: string,
  parameters: Record<string, string>,
  templates: Record<string, string>,
): HttpIntegration | undefined {
  const service = uri.split(':')[4];
  const template = templates['application/json'] ?? Object.values(templates)[0];
  const haystack = decodeURIComponent([...Object.values(parameters), ...Object.values(templates)].join(' '));
  if (service === 'sns') {
    const topicArn = /arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+/.exec(haystack)?.[0];
    return topicArn ? { kind: 'sns', topicArn, ...(template !== undefined ? { messageTemplate: template } : {}) } : undefined;
  }
  if (service === 'sqs') {
    const fromPath = /:sqs:path\/(\d{12})\/([A-Za-z0-9_.-]+)/.exec(uri);
    const fromUrl = /https?:\/\/[^/\s']+\/(\d{12})\/([A-Za-z0-9_.-]+)/.exec(haystack);
    const match = fromPath ?? fromUrl;
    if (!match) return undefined;
    const queueArn = `arn:${c.arn.partition}:sqs:${c.arn.region}:${match[1]}:${match[2]}`;
    return { kind: 'sqs', queueArn, ...(template !== undefined ? { messageTemplate: template } : {}) };
  }
  return undefined;
}

function pushRoute(c: ResourceContext, route: Omit<HttpRouteSpec, 'origin' | 'pathParameters'>): void {
  const pathParameters = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
  c.app.httpRoutes.push({ origin: origin(c), ...route, pathParameters });
}

const restMethod: Handler = (c) => {
  unhandled(c, [
    'RestApiId',
    'ResourceId',
    'HttpMethod',
    'Integration',
    'AuthorizationType',
    'ApiKeyRequired',
    'MethodResponses',
    'RequestParameters',
    'RequestModels',
    'RequestValidatorId',
    'OperationName',
  ]);
  const result = { ref: stableId(`${c.stack}/${c.logicalId}`, 6), attributes: {} };
  const apiId = c.props.string('RestApiId');
  const resourceId = c.props.string('ResourceId');
  const api = c.apiGateway.restApis.get(apiId);
  const routePath = resourceId === api?.rootResourceId ? '/' : c.apiGateway.resources.get(resourceId)?.path;
  if (routePath === undefined)
    return c.props.fail('ResourceId', `${resourceId} is not an AWS::ApiGateway::Resource of this template`);
  const authorization = c.props.optString('AuthorizationType');
  if (authorization !== undefined && authorization !== 'NONE') {
    c.warnings.add(
      'unsupported-property',
      c.file,
      `${c.path}.Properties.AuthorizationType`,
      `authorization ${authorization} is not checked; the route is open`,
    );
  }
  const integration = c.props.optObject('Integration') ?? c.props.fail('Integration', 'is required');
  const type = integration.string('Type');
  const uri = integration.optString('Uri') ?? '';
  let target: HttpIntegration | undefined;
  if (type === 'AWS_PROXY') {
    const functionArn = lambdaFromUri(uri);
    if (functionArn) target = { kind: 'function', functionName: functionReference(functionArn).name, functionArn };
  } else if (type === 'AWS') {
    target = serviceIntegration(c, uri, integration.stringMap('RequestParameters'), integration.stringMap('RequestTemplates'));
  }
  if (!target) {
    c.warnings.add(
      'unsupported-property',
      c.file,
      `${c.path}.Properties.Integration`,
      `integration ${type}${uri ? ` ${uri}` : ''} is not supported (Lambda proxy, SNS and SQS are)`,
    );
    return result;
  }
  pushRoute(c, {
    api: 'rest',
    apiName: api?.name ?? apiId,
    method: c.props.string('HttpMethod').toUpperCase(),
    path: routePath,
    integration: target,
  });
  return result;
};

/** Deployments and stages give the REST API's routes their stage (the `/prod` in the URL). */
function restStage(stageKey: string): Handler {
  return (c) => {
    const apiId = c.props.string('RestApiId');
    const stage = c.props.optString(stageKey);
    const name = c.apiGateway.restApis.get(apiId)?.name;
    if (stage !== undefined && name !== undefined) {
      for (const route of c.app.httpRoutes)
        if (route.api === 'rest' && route.apiName === name && route.stage === undefined) route.stage = stage;
    }
    return { ref: stableId(`${c.stack}/${c.logicalId}`, 6), attributes: {} };
  };
}

const httpApi: Handler = (c) => {
  unhandled(c, [
    'Name',
    'Description',
    'ProtocolType',
    'Tags',
    'CorsConfiguration',
    'DisableExecuteApiEndpoint',
    'Target',
    'RouteKey',
  ]);
  const id = stableId(`${c.stack}/${c.logicalId}`, 10);
  const name = c.props.optString('Name') ?? c.logicalId;
  c.apiGateway.httpApis.set(id, name);
  const protocol = c.props.optString('ProtocolType') ?? 'HTTP';
  if (protocol !== 'HTTP')
    c.warnings.add('unsupported-resource', c.file, c.path, `${protocol} APIs are not supported (HTTP APIs are)`);
  // Quick create: `Target` alone makes a `$default` route to the function.
  const target = c.props.optString('Target');
  if (target !== undefined && protocol === 'HTTP') {
    pushRoute(c, {
      api: 'http',
      apiName: name,
      method: 'ANY',
      path: '$default',
      integration: { kind: 'function', functionName: functionReference(target).name, functionArn: target },
    });
  }
  return { ref: id, attributes: { ApiId: id, ApiEndpoint: `https://${id}.execute-api.${c.arn.region}.amazonaws.com` } };
};

const httpIntegration: Handler = (c) => {
  unhandled(c, [
    'ApiId',
    'IntegrationType',
    'IntegrationUri',
    'PayloadFormatVersion',
    'IntegrationMethod',
    'TimeoutInMillis',
    'Description',
    'CredentialsArn',
  ]);
  const id = stableId(`${c.stack}/${c.logicalId}`, 7);
  const type = c.props.string('IntegrationType');
  const functionArn = type === 'AWS_PROXY' ? lambdaFromUri(c.props.optString('IntegrationUri') ?? '') : undefined;
  c.apiGateway.integrations.set(
    id,
    functionArn ? { kind: 'function', functionName: functionReference(functionArn).name, functionArn } : undefined,
  );
  if (!functionArn)
    c.warnings.add(
      'unsupported-property',
      c.file,
      `${c.path}.Properties.IntegrationType`,
      `integration ${type} is not supported (Lambda proxy is)`,
    );
  return { ref: id, attributes: { IntegrationId: id } };
};

const httpRoute: Handler = (c) => {
  unhandled(c, ['ApiId', 'RouteKey', 'Target', 'AuthorizationType', 'AuthorizerId', 'OperationName']);
  const result = { ref: stableId(`${c.stack}/${c.logicalId}`, 7), attributes: {} };
  const routeKey = c.props.string('RouteKey');
  const integrationId = /^integrations\/(.+)$/.exec(c.props.optString('Target') ?? '')?.[1];
  const integration = integrationId === undefined ? undefined : c.apiGateway.integrations.get(integrationId);
  if (!integration) {
    if (integrationId === undefined || !c.apiGateway.integrations.has(integrationId)) {
      c.warnings.add(
        'unsupported-property',
        c.file,
        `${c.path}.Properties.Target`,
        'the route has no integration of this template (Target: integrations/<id>)',
      );
    }
    return result;
  }
  const [method, routePath] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(/\s+/);
  const apiId = c.props.string('ApiId');
  pushRoute(c, {
    api: 'http',
    apiName: c.apiGateway.httpApis.get(apiId) ?? apiId,
    method: method === '*' ? 'ANY' : method!.toUpperCase(),
    path: routePath ?? '/',
    integration,
  });
  return result;
};

function accepted(length = 6): Handler {
  return (c) => ({ ref: stableId(`${c.stack}/${c.logicalId}`, length), attributes: {} });
}

export const API_GATEWAY_HANDLERS: Record<string, Handler> = {
  'AWS::ApiGateway::RestApi': restApi,
  'AWS::ApiGateway::Resource': restResource,
  'AWS::ApiGateway::Method': restMethod,
  'AWS::ApiGateway::Deployment': restStage('StageName'),
  'AWS::ApiGateway::Stage': restStage('StageName'),
  'AWS::ApiGateway::Model': accepted(),
  'AWS::ApiGateway::RequestValidator': accepted(),
  'AWS::ApiGateway::GatewayResponse': accepted(),
  'AWS::ApiGateway::Account': accepted(),
  'AWS::ApiGatewayV2::Api': httpApi,
  'AWS::ApiGatewayV2::Integration': httpIntegration,
  'AWS::ApiGatewayV2::Route': httpRoute,
  'AWS::ApiGatewayV2::Stage': accepted(),
  'AWS::ApiGatewayV2::Deployment': accepted(),
};
