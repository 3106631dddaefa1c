import { parseDocument, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { AppLoadError } from './app-load-error.ts';

/**
 * CloudFormation short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) become their long form
 * (`{Ref: X}`, `{"Fn::GetAtt": ["A", "B"]}`), for templates and serverless.yml alike.
 */
const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'ToJsonString',
  'Length',
];

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function tagsFor(name: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => longForm(name, value) } as ScalarTag,
    {
      tag,
      collection: 'seq',
      resolve: (seq: YAMLSeq) => longForm(name, seq.toJSON()),
    } as unknown as CollectionTag,
    {
      tag,
      collection: 'map',
      resolve: (map: YAMLMap) => longForm(name, map.toJSON()),
    } as unknown as CollectionTag,
  ];
}

const CUSTOM_TAGS = ['Ref', 'Condition', ...FUNCTIONS].flatMap(tagsFor);

/** Parses YAML (or JSON, a subset) with the CloudFormation tags; errors carry file, line and column. */
export function parseCfnYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { customTags: CUSTOM_TAGS, merge: true, uniqueKeys: false, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new AppLoadError(file, pos ? `line ${pos.line}, column ${pos.col}` : '', error.message.split('\n')[0] ?? error.message);
  }
  return doc.toJS({ maxAliasCount: -1 });
}
