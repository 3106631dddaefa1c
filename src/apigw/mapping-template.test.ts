import { describe, expect, it } from 'vitest';
import { jsonPath, renderTemplate, TemplateError, urlEncode, type TemplateInput } from './mapping-template.ts';

const input: TemplateInput = {
  body: '{"topic":"arn:aws:sns:us-east-1:000000000000:t","message":"hi there","order":{"id":7,"lines":[{"sku":"a b"}]}}',
  pathParameters: { id: '42' },
  query: { q: 'search' },
  headers: { 'Content-Type': 'application/json', 'X-Tenant': 'acme' },
  context: { requestId: 'req-1', stage: 'dev', identity: { sourceIp: '10.0.0.1' } },
  stageVariables: {},
};

describe('mapping templates', () => {
  it("render serverless-apigateway-service-proxy's default SNS template", () => {
    const out = renderTemplate(
      "Action=Publish&Message=$util.urlEncode($input.body)&TopicArn=$util.urlEncode('arn:aws:sns:us-east-1:1:t')",
      {
        ...input,
        body: '{"a":"x y"}',
      },
    );
    expect(out).toBe('Action=Publish&Message=%7B%22a%22%3A%22x+y%22%7D&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At');
  });

  it('run #set lines without leaving blank lines, and read the body with $input.json and $input.path', () => {
    const template = [
      "#set($topic = $input.json('$.topic'))",
      "#set($message = $input.path('$.message'))",
      'Action=Publish&Message=$util.urlEncode($message)&TopicArn=$util.urlEncode($topic)',
    ].join('\n');
    expect(renderTemplate(template, input)).toBe(
      'Action=Publish&Message=hi+there&TopicArn=%22arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At%22',
    );
  });

  it('read nested values, request parameters and $context', () => {
    expect(renderTemplate("$input.path('$.order.lines[0].sku')|$input.path('$.order').id", input)).toBe('a b|7');
    expect(renderTemplate("$input.params('id') $input.params('q') $input.params('x-tenant')", input)).toBe('42 search acme');
    expect(renderTemplate('$input.params().header.get("X-Tenant")', input)).toBe('acme');
    expect(renderTemplate('${context.requestId}/$context.stage/$context.identity.sourceIp', input)).toBe('req-1/dev/10.0.0.1');
  });

  it('print unknown references as written, or nothing when quiet', () => {
    expect(renderTemplate('[$nothing][$!nothing][$!{nothing}]', input)).toBe('[$nothing][][]');
  });

  it('interpolate double-quoted strings and not single-quoted ones', () => {
    expect(renderTemplate("#set($a = \"id-$input.params('id')\")#set($b = 'id-$x')$a $b", input)).toBe('id-42 id-$x');
  });

  it('drop comments', () => {
    expect(renderTemplate('## a comment\na#* block\ncomment *#b', input)).toBe('ab');
  });

  it('refuse control directives rather than misrender them', () => {
    expect(() => renderTemplate('#if($input.body == "")empty#end', input)).toThrow(TemplateError);
    expect(() => renderTemplate('#foreach($x in $list)$x#end', input)).toThrow(/#foreach/);
  });

  it('escape for JavaScript and encode base64 as $util does', () => {
    expect(renderTemplate('$util.escapeJavaScript($input.body)', { ...input, body: `it's "x"\n` })).toBe(`it\\'s \\"x\\"\\n`);
    expect(renderTemplate('$util.base64Encode("hi")', input)).toBe('aGk=');
  });
});

describe('urlEncode', () => {
  it("is Java's form encoding", () => {
    expect(urlEncode("a b*c~d!e'(f)")).toBe('a+b*c%7Ed%21e%27%28f%29');
  });
});

describe('jsonPath', () => {
  it('reads members, quoted members and indexes', () => {
    const doc = { a: { 'b c': [10, 20] } };
    expect(jsonPath(doc, '$')).toBe(doc);
    expect(jsonPath(doc, "$.a['b c'][1]")).toBe(20);
    expect(jsonPath(doc, '$.missing.deeper')).toBeUndefined();
  });
});
