/** What `onward up` passes to every loader; nothing here is read from the process environment. */
export interface LoadOptions {
  accountId?: string;
  region?: string;
  /** serverless `--stage`. */
  stage?: string;
  /** `--param k=v`: serverless `${param:k}`, CloudFormation Parameters overrides. */
  params?: Record<string, string>;
  /** serverless `${env:X}`; the caller decides what environment the app sees. */
  env?: Record<string, string | undefined>;
  /** Origin queue URLs are built on (Onward's SQS builds them on the request origin). */
  endpoint?: string;
  /** CloudFormation/SAM stack name (`sam deploy --stack-name`); default: the app folder's name. */
  stackName?: string;
}

export interface ResolvedOptions {
  accountId: string;
  region: string;
  stage?: string;
  params: Record<string, string>;
  env: Record<string, string | undefined>;
  endpoint: string;
  stackName?: string;
}

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ENDPOINT = 'http://localhost:4566';

export function resolveOptions(options: LoadOptions = {}): ResolvedOptions {
  return {
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    region: options.region ?? DEFAULT_REGION,
    stage: options.stage,
    params: options.params ?? {},
    env: options.env ?? {},
    endpoint: (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    ...(options.stackName !== undefined ? { stackName: options.stackName } : {}),
  };
}
