import { describe, expect, it } from 'vitest';
import { ServiceError } from '../service-error.ts';
import { decodeRestJsonInput, RestRouter, restJsonErrorBody } from './rest-json.ts';

const router = new RestRouter([
  { method: 'GET', path: '/2015-03-31/functions/', operation: 'ListFunctions', query: { MaxItems: 'MaxItems' } },
  {
    method: 'POST',
    path: '/2015-03-31/functions/{FunctionName}/invocations',
    operation: 'Invoke',
    headers: { 'x-amz-invocation-type': 'InvocationType' },
    query: { Qualifier: 'Qualifier' },
    rawBody: 'Payload',
  },
  { method: 'GET', path: '/2017-10-31/tags/{Resource+}', operation: 'ListTags' },
  { method: 'DELETE', path: '/2017-03-31/tags/{Resource}', operation: 'UntagResource', queryLists: { tagKeys: 'TagKeys' } },
]);

describe('REST-JSON', () => {
  it('matches routes by method and path template, decoding parameters', () => {
    expect(router.match('POST', '/2015-03-31/functions/my%3Afn/invocations')).toMatchObject({
      route: { operation: 'Invoke' },
      params: { FunctionName: 'my:fn' },
    });
    expect(router.match('GET', '/2017-10-31/tags/arn:aws:lambda:us-east-1:1:function:f/x')?.params).toEqual({
      Resource: 'arn:aws:lambda:us-east-1:1:function:f/x',
    });
    expect(router.match('GET', '/2015-03-31/functions')?.route.operation).toBe('ListFunctions');
    expect(router.match('DELETE', '/2015-03-31/functions/')).toBeUndefined();
  });

  it('builds the input from path, query, headers and body', () => {
    const match = router.match('POST', '/2015-03-31/functions/f/invocations')!;
    const input = decodeRestJsonInput(
      match.route,
      match.params,
      new URLSearchParams('Qualifier=live&ignored=1'),
      { 'x-amz-invocation-type': 'Event' },
      Buffer.from('{"a":1}'),
    );
    expect(input).toEqual({ FunctionName: 'f', Qualifier: 'live', InvocationType: 'Event', Payload: Buffer.from('{"a":1}') });
  });

  it('collects a repeated query parameter into a list member', () => {
    const match = router.match('DELETE', '/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af')!;
    const input = decodeRestJsonInput(match.route, match.params, new URLSearchParams('tagKeys=a&tagKeys=b'), {}, Buffer.alloc(0));
    expect(input).toEqual({ Resource: 'arn:aws:lambda:us-east-1:000000000000:function:f', TagKeys: ['a', 'b'] });
  });

  it('refuses a body that is not JSON where members are expected', () => {
    const match = router.match('GET', '/2015-03-31/functions/')!;
    expect(() => decodeRestJsonInput(match.route, {}, new URLSearchParams(), {}, Buffer.from('{'))).toThrow(ServiceError);
  });

  it('renders errors as Lambda does', () => {
    expect(
      restJsonErrorBody(new ServiceError({ code: 'ResourceNotFoundException', message: 'Function not found', statusCode: 404 })),
    ).toBe('{"Type":"User","message":"Function not found"}');
  });
});
