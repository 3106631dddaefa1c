/**
 * Which AWS service, protocol and operation a request is for, decided from what real clients send:
 * `X-Amz-Target` (JSON protocols), the `Action` parameter (Query), REST paths, and the SigV4 scope.
 */
import type { CredentialScope } from './credential-scope.ts';

export type WireProtocol = 'json' | 'query' | 'rest-json' | 'rest-xml';

export interface DetectedRequest {
  /** The signing name of the service (`sqs`, `sns`, `lambda`, `events`, ...). */
  service: string;
  protocol: WireProtocol;
  /** Undefined when the request names no operation this table can tell (a REST path it does not know). */
  operation: string | undefined;
  /** For the JSON protocols: `1.0` or `1.1`. */
  jsonVersion?: string;
}

export interface RequestFacts {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Query-string parameters merged with form-body parameters. */
  params: ReadonlyMap<string, string>;
  scope: CredentialScope | undefined;
}

/** `X-Amz-Target` prefixes of the JSON-protocol services, with their signing names. */
const TARGET_PREFIXES: Readonly<Record<string, string>> = {
  AmazonSQS: 'sqs',
  AWSEvents: 'events',
  Kinesis_20131202: 'kinesis',
  Logs_20140328: 'logs',
  DynamoDBStreams_20120810: 'dynamodb',
  DynamoDB_20120810: 'dynamodb',
  AmazonSSM: 'ssm',
  secretsmanager: 'secretsmanager',
  AWSStepFunctions: 'states',
};

/** Query-protocol API versions, for unsigned requests that carry no scope. */
const QUERY_VERSIONS: Readonly<Record<string, string>> = {
  '2012-11-05': 'sqs',
  '2010-03-31': 'sns',
  '2011-06-15': 'sts',
  '2010-05-15': 'cloudformation',
  '2010-05-08': 'iam',
};

/**
 * Actions only SNS has, for the unsigned, unversioned GETs of the SubscribeURL and UnsubscribeURL that
 * SNS puts in its messages (`/?Action=ConfirmSubscription&TopicArn=...&Token=...`).
 */
const SNS_LINK_ACTIONS = new Set(['ConfirmSubscription', 'Unsubscribe']);

const LAMBDA_PATH = /^\/20\d\d-\d\d-\d\d\/(functions|event-source-mappings|tags|account-settings|layers)/;
/** The SQS queue-URL path shapes: `/<account>/<name>` and LocalStack's `/queue/<region>/<account>/<name>`. */
const QUEUE_PATH = /^\/(?:queue\/[a-z0-9-]+\/)?\d{12}\/[^/]+\/?$/;

function header(facts: RequestFacts, name: string): string | undefined {
  const value = facts.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function detectRequest(facts: RequestFacts): DetectedRequest | undefined {
  const target = header(facts, 'x-amz-target');
  if (target) {
    const dot = target.lastIndexOf('.');
    const prefix = dot > 0 ? target.slice(0, dot) : target;
    const contentType = header(facts, 'content-type') ?? '';
    const jsonVersion = /x-amz-json-1\.0/.test(contentType) ? '1.0' : '1.1';
    const service = TARGET_PREFIXES[prefix] ?? facts.scope?.service ?? prefix;
    return { service, protocol: 'json', operation: dot > 0 ? target.slice(dot + 1) : undefined, jsonVersion };
  }

  const action = facts.params.get('Action');
  if (action) {
    const version = facts.params.get('Version');
    const service =
      facts.scope?.service ??
      (version ? QUERY_VERSIONS[version] : undefined) ??
      (QUEUE_PATH.test(facts.path) ? 'sqs' : undefined) ??
      (SNS_LINK_ACTIONS.has(action) ? 'sns' : undefined);
    if (service) return { service, protocol: 'query', operation: action };
  }

  if (LAMBDA_PATH.test(facts.path)) return { service: 'lambda', protocol: 'rest-json', operation: undefined };

  if (facts.scope) {
    const protocol: WireProtocol = facts.scope.service === 's3' ? 'rest-xml' : 'rest-json';
    return { service: facts.scope.service, protocol, operation: undefined };
  }
  return undefined;
}
