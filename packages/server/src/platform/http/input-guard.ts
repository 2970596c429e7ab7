/**
 * Refuses, before any route runs, input that no field of any route may hold and that the database would only
 * refuse with a 500 half-way through a write (issue 11, item 14):
 * - a NUL character (PostgreSQL text cannot store U+0000: error 22021/22P05) or a lone UTF-16 surrogate
 *   (not encodable as UTF-8) in any JSON string, object key or query parameter;
 * - a value written as an ISO 8601 date (`YYYY-MM-DD`, optionally with a time) that is no real calendar day
 *   (2026-02-30) or lies outside 1900–2199 (year 0000 does not exist in PostgreSQL; 0001-01-01 overflows the
 *   services' day arithmetic). The range covers every birth date and planning horizon the platform keeps.
 * Each refusal is a 400 naming the field, like a zod failure. Route schemas still validate everything else.
 *
 * @example
 * app.use('/api/*', inputGuard());
 */
import type { MiddlewareHandler } from 'hono';
import { type FieldIssue, validationFailed } from '../errors.ts';

/** Earliest and latest calendar year accepted in a date. */
export const DATE_YEAR_MIN = 1900;
export const DATE_YEAR_MAX = 2199;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (value: string) => !LONE_SURROGATE.test(value);
/** Depth beyond which a body is refused rather than walked (no route has bodies nested anywhere near it). */
const MAX_DEPTH = 64;

/** What is wrong with a string value, or null when nothing is. */
export function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (!wellFormed(value)) return 'must be well-formed text (a lone UTF-16 surrogate)';
  const date = ISO_DATE.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    // the range first: Date.UTC reads years 0–99 as 1900–1999
    if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX) return `must be a date between ${DATE_YEAR_MIN} and ${DATE_YEAR_MAX}`;
    const real = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || month > 12 || real.getUTCFullYear() !== year || real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day) {
      return 'must be a real calendar date';
    }
    const [hour, minute, second] = [Number(date[4] ?? 0), Number(date[5] ?? 0), Number(date[6] ?? 0)];
    if (hour > 23 || minute > 59 || second > 59) return 'must be a real time of day';
  }
  return null;
}

/** Every problem in a parsed JSON value, with dotted paths. */
export function jsonProblems(value: unknown, path = '', depth = 0, issues: FieldIssue[] = []): FieldIssue[] {
  if (issues.length >= 20) return issues;
  if (depth > MAX_DEPTH) {
    issues.push({ path, message: 'is nested too deeply' });
    return issues;
  }
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    if (problem) issues.push({ path, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => jsonProblems(item, path ? `${path}.${i}` : String(i), depth + 1, issues));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = key.includes('\u0000') || !wellFormed(key);
      const at = path ? `${path}.${key.replace(/\u0000/g, '\\u0000')}` : key.replace(/\u0000/g, '\\u0000');
      if (keyProblem) issues.push({ path: at, message: 'is not a valid field name' });
      else jsonProblems(item, at, depth + 1, issues);
    }
  }
  return issues;
}

/** The middleware: checks query parameters, and JSON bodies (left to the route's own parser when malformed). */
export function inputGuard(): MiddlewareHandler {
  return async (c, next) => {
    const issues: FieldIssue[] = [];
    if (c.req.path.includes('\u0000')) issues.push({ path: 'path', message: 'must not contain a NUL character' });
    for (const [name, values] of Object.entries(c.req.queries())) {
      const nameProblem = name.includes('\u0000') || !wellFormed(name);
      for (const value of values) {
        const problem = nameProblem ? 'is not a valid parameter name' : stringProblem(value);
        if (problem) issues.push({ path: `query.${name.replace(/\u0000/g, '\\u0000')}`, message: problem });
      }
    }
    const type = c.req.header('content-type') ?? '';
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && /^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
      // text() is cached by Hono: the route's validator reads the same body again without a second stream read
      const text = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (body !== undefined) issues.push(...jsonProblems(body));
    }
    if (issues.length > 0) throw validationFailed(issues);
    await next();
  };
}
