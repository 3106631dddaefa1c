import { describe, expect, it } from 'vitest';
import { formatWarnings, Warnings } from './unsupported.ts';

describe('unsupported warnings', () => {
  it('collects each warning once and lists unhandled properties', () => {
    const warnings = new Warnings();
    warnings.add('unsupported-resource', 't.yaml', 'Resources.B', 'resource type AWS::S3::Bucket is not supported');
    warnings.add('unsupported-resource', 't.yaml', 'Resources.B', 'resource type AWS::S3::Bucket is not supported');
    warnings.unhandledProperties('t.yaml', 'Resources.Q.Properties', 'AWS::SQS::Queue', { QueueName: 'q', Shiny: 1 }, [
      'QueueName',
    ]);
    warnings.unhandledProperties('serverless.yml', '', 'serverless.yml', { service: 's', extra: 1 }, ['service']);
    expect(warnings.list.map((w) => w.path)).toEqual(['Resources.B', 'Resources.Q.Properties.Shiny', 'extra']);
  });

  it('formats nothing when everything is supported', () => {
    expect(formatWarnings([])).toBe('');
  });
});
