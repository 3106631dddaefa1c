import { describe, expect, it } from 'vitest';
import { md5Hex, md5OfMessageAttributes } from './md5.ts';

// AWS-recorded digests (LocalStack's AWS-validated snapshots).
describe('SQS MD5s', () => {
  it.each([
    [{ Foo: { DataType: 'String', StringValue: 'Bar' } }, 'ae7155c6026991b6d54b11589678bf9c'],
    [{ MyAttribute: { DataType: 'String', StringValue: 'foobar' } }, 'adb59cd4678ea5a855436b949cd07ab6'],
    [{ k: { DataType: 'String', StringValue: 'x' } }, 'a45daa70926828a2f0a1db3418e6feb4'],
    [{ timestamp: { DataType: 'Number', StringValue: '1493147359900' } }, '235c5c510d26fb653d073faed50ae77c'],
    [
      {
        Author: { DataType: 'String', StringValue: 'John Grisham' },
        Title: { DataType: 'String', StringValue: 'The Whistler' },
        WeeksOn: { DataType: 'Number', StringValue: '6' },
      },
      'd25a6aea97eb8f585bfa92d314504a92',
    ],
    [
      {
        attr1: {
          DataType: 'Binary',
          BinaryValue: Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1').toString(
            'base64',
          ),
        },
      },
      '8cbe4db156db8a94db8b801b7addb984',
    ],
    [
      {
        AWSTraceHeader: {
          DataType: 'String',
          StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
        },
      },
      '5ae4d5d7636402d80f4eb6d213245a88',
    ],
  ])('digests %j as AWS does', (attributes, expected) => {
    expect(md5OfMessageAttributes(attributes)).toBe(expected);
  });

  it('sorts names by byte order whatever order they come in', () => {
    const a = md5OfMessageAttributes({
      b: { DataType: 'String', StringValue: '1' },
      a: { DataType: 'String', StringValue: '2' },
    });
    const b = md5OfMessageAttributes({
      a: { DataType: 'String', StringValue: '2' },
      b: { DataType: 'String', StringValue: '1' },
    });
    expect(a).toBe(b);
  });

  it('digests the body as UTF-8', () => {
    expect(md5Hex('message')).toBe('78e731027d8fd50ed642340b7c9a63b3');
  });
});
