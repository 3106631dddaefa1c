import { describe, expect, it } from 'vitest';
import { parseCredentialScope, accountIdForAccessKey } from './credential-scope.ts';
import { detectRequest, type RequestFacts } from './detect.ts';

function facts(partial: Partial<RequestFacts>): RequestFacts {
  return { method: 'POST', path: '/', headers: {}, params: new Map(), scope: undefined, ...partial };
}

describe('request detection', () => {
  it('reads the SigV4 scope without verifying it', () => {
    expect(
      parseCredentialScope(
        'AWS4-HMAC-SHA256 Credential=AKID/20261122/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=x',
      ),
    ).toEqual({ accessKeyId: 'AKID', region: 'eu-west-1', service: 'sqs' });
    expect(parseCredentialScope(undefined, 'AKID/20261122/us-east-1/s3/aws4_request')?.service).toBe('s3');
    expect(parseCredentialScope('Bearer x')).toBeUndefined();
    expect(accountIdForAccessKey('123456789012', '000000000000')).toBe('123456789012');
    expect(accountIdForAccessKey('test', '000000000000')).toBe('000000000000');
  });

  it('tells JSON protocols by X-Amz-Target', () => {
    expect(
      detectRequest(
        facts({ headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' } }),
      ),
    ).toEqual({
      service: 'sqs',
      protocol: 'json',
      operation: 'SendMessage',
      jsonVersion: '1.0',
    });
    expect(detectRequest(facts({ headers: { 'x-amz-target': 'AWSEvents.PutEvents' } }))).toMatchObject({
      service: 'events',
      jsonVersion: '1.1',
    });
  });

  it('tells Query requests by Action, with the service from scope, Version or queue path', () => {
    const action = new Map([
      ['Action', 'Publish'],
      ['Version', '2010-03-31'],
    ]);
    expect(detectRequest(facts({ params: action }))).toEqual({ service: 'sns', protocol: 'query', operation: 'Publish' });
    expect(detectRequest(facts({ path: '/000000000000/q', params: new Map([['Action', 'SendMessage']]) }))?.service).toBe('sqs');
    expect(
      detectRequest(
        facts({ params: new Map([['Action', 'GetCallerIdentity']]), scope: { accessKeyId: 'a', region: 'r', service: 'sts' } }),
      )?.service,
    ).toBe('sts');
  });

  it('tells SQS from SNS by Query Version, and SNS by the unversioned links in its messages', () => {
    const query = (params: Record<string, string>) =>
      detectRequest(facts({ method: 'GET', params: new Map(Object.entries(params)) }));
    expect(query({ Action: 'ListQueues', Version: '2012-11-05' })?.service).toBe('sqs');
    expect(query({ Action: 'ListTopics', Version: '2010-03-31' })?.service).toBe('sns');
    const topicArn = 'arn:aws:sns:us-east-1:000000000000:t';
    expect(query({ Action: 'ConfirmSubscription', TopicArn: topicArn, Token: 'x' })).toEqual({
      service: 'sns',
      protocol: 'query',
      operation: 'ConfirmSubscription',
    });
    expect(query({ Action: 'Unsubscribe', SubscriptionArn: `${topicArn}:x` })?.service).toBe('sns');
    expect(query({ Action: 'ListTopics' })).toBeUndefined();
  });

  it('tells Lambda by its REST paths and gives up on anything else unsigned', () => {
    expect(detectRequest(facts({ path: '/2015-03-31/functions/f/invocations' }))).toEqual({
      service: 'lambda',
      protocol: 'rest-json',
      operation: undefined,
    });
    expect(detectRequest(facts({ path: '/favicon.ico', method: 'GET' }))).toBeUndefined();
  });
});
