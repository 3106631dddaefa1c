/** MaxResults/NextToken paging over a sorted list: the token is the position of the next item. */
import { constraintViolations, ValidationException } from './errors.ts';

export function page<T>(items: T[], input: Record<string, unknown>): { items: T[]; nextToken?: string } {
  let limit = 100;
  if (input.MaxResults !== undefined && input.MaxResults !== null) {
    limit = Number(input.MaxResults);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw constraintViolations([
        {
          member: 'maxResults',
          value: input.MaxResults,
          constraint:
            limit < 1 ? 'Member must have value greater than or equal to 1' : 'Member must have value less than or equal to 100',
        },
      ]);
    }
  }
  let start = 0;
  if (typeof input.NextToken === 'string' && input.NextToken !== '') {
    const decoded = /^\d+$/.exec(Buffer.from(input.NextToken, 'base64url').toString());
    if (!decoded) throw ValidationException('Invalid NextToken.');
    start = Number(decoded[0]);
  }
  const end = start + limit;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}
