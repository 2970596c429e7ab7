/**
 * The one error class of `@outbreak/surveillance`: thrown when a series cannot be evaluated with
 * the given control (too short for the range, counts that are negative or not numbers, a parameter
 * out of its domain). Callers that run many series (the CLI, detection jobs) catch it per series
 * and report `message` next to that series while the others still run; any other exception is a bug.
 *
 * `field` names the offending input (`observed`, `range`, `alpha` …) so that a caller can point at it.
 *
 * @example
 * ```ts
 * throw new DetectionInputError('range', 'range [3, 10] needs 7 weeks of history before 3');
 * ```
 */
export class DetectionInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DetectionInputError';
  }
}
