import { describe, expect, it } from 'vitest';
import { ServiceError } from '../service-error.ts';
import { decodeQueryInput, encodeXmlMembers, queryErrorBody } from './query.ts';
import { integer, string, structure, wire, type MapShape } from './shape.ts';

const attributes: MapShape = { type: 'map', value: string, flattened: true, keyName: 'Name', valueName: 'Value' };
const nestedMap: MapShape = { type: 'map', value: string };

describe('Query protocol', () => {
  it('decodes flattened maps and lists, nested structures and numbers', () => {
    const shape = structure({
      QueueName: string,
      Attributes: wire('Attribute', attributes),
      Names: wire('AttributeName', { type: 'list', member: string, flattened: true }),
      Members: { type: 'list', member: string },
      Entries: wire('Entry', { type: 'list', member: structure({ Id: string, Delay: integer }), flattened: true }),
      Map: nestedMap,
      Count: integer,
    });
    const params = new Map([
      ['QueueName', 'q'],
      ['Attribute.1.Name', 'A'],
      ['Attribute.1.Value', '1'],
      ['Attribute.2.Name', 'B'],
      ['Attribute.2.Value', ''],
      ['AttributeName.1', 'All'],
      ['Members.member.1', 'x'],
      ['Members.member.2', 'y'],
      ['Entry.1.Id', 'e1'],
      ['Entry.1.Delay', '5'],
      ['Entry.2.Id', 'e2'],
      ['Map.entry.1.key', 'k'],
      ['Map.entry.1.value', 'v'],
      ['Count', 'ten'],
    ]);
    expect(decodeQueryInput(params, shape)).toEqual({
      QueueName: 'q',
      Attributes: { A: '1', B: '' },
      Names: ['All'],
      Members: ['x', 'y'],
      Entries: [{ Id: 'e1', Delay: 5 }, { Id: 'e2' }],
      Map: { k: 'v' },
      Count: 'ten',
    });
  });

  it('encodes flattened members in shape order and escapes text as AWS does', () => {
    const shape = structure({
      Urls: wire('QueueUrl', { type: 'list', member: string, flattened: true }),
      Attributes: wire('Attribute', attributes),
    });
    expect(encodeXmlMembers({ Attributes: { Policy: '{"a":"<b>"}\r' }, Urls: ['u1', 'u2'] }, shape)).toBe(
      '<QueueUrl>u1</QueueUrl><QueueUrl>u2</QueueUrl><Attribute><Name>Policy</Name><Value>{&quot;a&quot;:&quot;&lt;b&gt;&quot;}&#xD;</Value></Attribute>',
    );
  });

  it('renders errors with Type, Code, Message and Detail', () => {
    const error = new ServiceError({
      code: 'QueueDoesNotExist',
      message: 'json text',
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
      queryMessage: 'query text',
    });
    expect(queryErrorBody(error, 'http://ns/', 'rid')).toBe(
      '<?xml version="1.0"?><ErrorResponse xmlns="http://ns/"><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>query text</Message><Detail/></Error><RequestId>rid</RequestId></ErrorResponse>',
    );
  });
});
