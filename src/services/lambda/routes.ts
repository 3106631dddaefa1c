/** The REST routes of the Lambda API (botocore's lambda 2015-03-31 model): method + path -> operation. */
import type { RestRoute } from '../../aws/protocols/rest-json.ts';

const FUNCTION = '/2015-03-31/functions/{FunctionName}';
const QUALIFIER = { Qualifier: 'Qualifier' } as const;
const PAGING = { Marker: 'Marker', MaxItems: 'MaxItems' } as const;
const TAGS = '/2017-03-31/tags/{Resource}';
const EVENT_INVOKE_CONFIG = '/2019-09-25/functions/{FunctionName}/event-invoke-config';

export const LAMBDA_ROUTES: readonly RestRoute[] = [
  { method: 'POST', path: '/2015-03-31/functions', operation: 'CreateFunction' },
  {
    method: 'GET',
    path: '/2015-03-31/functions',
    operation: 'ListFunctions',
    query: { MasterRegion: 'MasterRegion', FunctionVersion: 'FunctionVersion', ...PAGING },
  },
  { method: 'GET', path: FUNCTION, operation: 'GetFunction', query: QUALIFIER },
  { method: 'DELETE', path: FUNCTION, operation: 'DeleteFunction', query: QUALIFIER },
  { method: 'GET', path: `${FUNCTION}/configuration`, operation: 'GetFunctionConfiguration', query: QUALIFIER },
  { method: 'PUT', path: `${FUNCTION}/configuration`, operation: 'UpdateFunctionConfiguration' },
  { method: 'PUT', path: `${FUNCTION}/code`, operation: 'UpdateFunctionCode' },
  { method: 'POST', path: `${FUNCTION}/versions`, operation: 'PublishVersion' },
  { method: 'GET', path: `${FUNCTION}/versions`, operation: 'ListVersionsByFunction', query: PAGING },
  { method: 'POST', path: `${FUNCTION}/aliases`, operation: 'CreateAlias' },
  {
    method: 'GET',
    path: `${FUNCTION}/aliases`,
    operation: 'ListAliases',
    query: { FunctionVersion: 'FunctionVersion', ...PAGING },
  },
  { method: 'GET', path: `${FUNCTION}/aliases/{Name}`, operation: 'GetAlias' },
  { method: 'PUT', path: `${FUNCTION}/aliases/{Name}`, operation: 'UpdateAlias' },
  { method: 'DELETE', path: `${FUNCTION}/aliases/{Name}`, operation: 'DeleteAlias' },
  { method: 'PUT', path: '/2017-10-31/functions/{FunctionName}/concurrency', operation: 'PutFunctionConcurrency' },
  { method: 'GET', path: '/2019-09-30/functions/{FunctionName}/concurrency', operation: 'GetFunctionConcurrency' },
  { method: 'DELETE', path: '/2017-10-31/functions/{FunctionName}/concurrency', operation: 'DeleteFunctionConcurrency' },
  { method: 'PUT', path: EVENT_INVOKE_CONFIG, operation: 'PutFunctionEventInvokeConfig', query: QUALIFIER },
  { method: 'POST', path: EVENT_INVOKE_CONFIG, operation: 'UpdateFunctionEventInvokeConfig', query: QUALIFIER },
  { method: 'GET', path: EVENT_INVOKE_CONFIG, operation: 'GetFunctionEventInvokeConfig', query: QUALIFIER },
  { method: 'DELETE', path: EVENT_INVOKE_CONFIG, operation: 'DeleteFunctionEventInvokeConfig', query: QUALIFIER },
  { method: 'GET', path: `${EVENT_INVOKE_CONFIG}/list`, operation: 'ListFunctionEventInvokeConfigs', query: PAGING },
  { method: 'GET', path: '/2016-08-19/account-settings', operation: 'GetAccountSettings' },
  { method: 'POST', path: TAGS, operation: 'TagResource' },
  { method: 'DELETE', path: TAGS, operation: 'UntagResource', queryLists: { tagKeys: 'TagKeys' } },
  { method: 'GET', path: TAGS, operation: 'ListTags' },
  {
    method: 'POST',
    path: `${FUNCTION}/invocations`,
    operation: 'Invoke',
    query: QUALIFIER,
    headers: {
      'x-amz-invocation-type': 'InvocationType',
      'x-amz-log-type': 'LogType',
      'x-amz-client-context': 'ClientContext',
    },
    rawBody: 'Payload',
  },
  { method: 'POST', path: '/2015-03-31/event-source-mappings', operation: 'CreateEventSourceMapping' },
  {
    method: 'GET',
    path: '/2015-03-31/event-source-mappings',
    operation: 'ListEventSourceMappings',
    query: { EventSourceArn: 'EventSourceArn', FunctionName: 'FunctionName', ...PAGING },
  },
  { method: 'GET', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'GetEventSourceMapping' },
  { method: 'PUT', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'UpdateEventSourceMapping' },
  { method: 'DELETE', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'DeleteEventSourceMapping' },
  // Older SDKs send the path with a trailing slash; the router accepts both.
  { method: 'POST', path: '/2014-11-13/functions/{FunctionName}/invoke-async', operation: 'InvokeAsync', rawBody: 'InvokeArgs' },
];
