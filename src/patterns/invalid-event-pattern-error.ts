/**
 * A pattern AWS would refuse. `reason` is AWS's text; each caller wraps it in its own message, e.g.
 * EventBridge `Event pattern is not valid. Reason: <reason>`, SNS `Invalid parameter: FilterPolicy: <reason>`.
 */
export class InvalidEventPatternError extends Error {
  override name = 'InvalidEventPatternError';
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}
