/**
 * The little of a Smithy/botocore shape that the Query protocol needs to turn flat form parameters into
 * a structured input and a structured output into XML. JSON protocols need none of it.
 */
export type Shape = ScalarShape | ListShape | MapShape | StructureShape;

export interface ScalarShape {
  type: 'string' | 'integer' | 'long' | 'boolean' | 'blob';
}

export interface ListShape {
  type: 'list';
  member: Shape;
  /** Flattened lists repeat the wire name (`AttributeName.1`); others nest (`Names.member.1`). */
  flattened?: boolean;
  /** Element name of a non-flattened list's items (default `member`). */
  memberName?: string;
}

export interface MapShape {
  type: 'map';
  value: Shape;
  flattened?: boolean;
  keyName?: string;
  valueName?: string;
}

export interface StructureShape {
  type: 'structure';
  members: Readonly<Record<string, Member>>;
}

export interface Member {
  shape: Shape;
  /** The name on the wire when it differs from the member name (`Attributes` -> `Attribute`). */
  wireName?: string;
}

export const string: ScalarShape = { type: 'string' };
export const integer: ScalarShape = { type: 'integer' };
export const long: ScalarShape = { type: 'long' };
export const boolean: ScalarShape = { type: 'boolean' };
export const blob: ScalarShape = { type: 'blob' };

export function structure(members: Record<string, Shape | Member>): StructureShape {
  const normalised: Record<string, Member> = {};
  for (const [name, value] of Object.entries(members)) {
    normalised[name] = 'shape' in value ? value : { shape: value };
  }
  return { type: 'structure', members: normalised };
}

export function wire(wireName: string, shape: Shape): Member {
  return { shape, wireName };
}
