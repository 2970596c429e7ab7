/**
 * Loads r-reference.json (R 4.2.2 values written by generate.R) and evaluates
 * each case with this package, so tests can compare the two.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as stats from '../../src/index.ts';

export type Json = number | string | boolean | number[];
export interface ReferenceCase {
  fn: string;
  raw: Json[];
  expected: number;
}

/** JSON numbers, or the strings R wrote for non-finite values. */
export function num(v: Json): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Number.POSITIVE_INFINITY;
  if (v === '-Inf') return Number.NEGATIVE_INFINITY;
  if (v === 'NaN' || v === 'NA') return Number.NaN;
  throw new Error(`not a number: ${String(v)}`);
}

export function loadReference(): ReferenceCase[] {
  const path = fileURLToPath(new URL('./r-reference.json', import.meta.url));
  const data = JSON.parse(readFileSync(path, 'utf8')) as { cases: Json[][] };
  return data.cases.map((c) => ({ fn: c[0] as unknown as string, raw: c.slice(1, -1), expected: num(c[c.length - 1]) }));
}

/** Evaluate one reference case with @outbreak/stats. */
export function evaluate(c: ReferenceCase): number {
  const a = c.raw;
  const n = (i: number) => num(a[i]);
  const b = (i: number) => a[i] as boolean;
  const tail = (i: number) => ({ lowerTail: b(i), logP: b(i + 1) });
  switch (c.fn) {
    case 'lgamma':
      return stats.lgamma(n(0));
    case 'gamma':
      return stats.gammaFn(n(0));
    case 'digamma':
      return stats.digamma(n(0));
    case 'trigamma':
      return stats.trigamma(n(0));
    case 'lbeta':
      return stats.lbeta(n(0), n(1));
    case 'lchoose':
      return stats.lchoose(n(0), n(1));
    case 'log1pmx':
      return stats.log1pmx(n(0));
    case 'pnorm':
      return stats.pnorm(n(0), n(1), n(2), tail(3));
    case 'qnorm':
      return stats.qnorm(n(0), n(1), n(2), tail(3));
    case 'dnorm':
      return stats.dnorm(n(0), n(1), n(2), { log: b(3) });
    case 'dpois':
      return stats.dpois(n(0), n(1), { log: b(2) });
    case 'ppois':
      return stats.ppois(n(0), n(1), tail(2));
    case 'qpois':
      return stats.qpois(n(0), n(1), tail(2));
    case 'dnbinom_mu':
      return stats.dnbinom(n(0), n(1), n(2), { log: b(3) });
    case 'pnbinom_mu':
      return stats.pnbinom(n(0), n(1), { mu: n(2) }, tail(3));
    case 'qnbinom_mu':
      return stats.qnbinom(n(0), n(1), n(2), tail(3));
    case 'dnbinom_prob':
      return stats.dnbinom(n(0), n(1), { prob: n(2) }, { log: b(3) });
    case 'pnbinom_prob':
      return stats.pnbinom(n(0), n(1), { prob: n(2) }, tail(3));
    case 'qnbinom_prob':
      return stats.qnbinom(n(0), n(1), { prob: n(2) }, tail(3));
    case 'dgamma':
      return stats.dgamma(n(0), n(1), n(2), { log: b(3) });
    case 'pgamma':
      return stats.pgamma(n(0), n(1), { rate: n(2) }, tail(3));
    case 'qgamma':
      return stats.qgamma(n(0), n(1), { scale: 1 / n(2) }, tail(3));
    case 'pchisq':
      return stats.pchisq(n(0), n(1), tail(2));
    case 'qchisq':
      return stats.qchisq(n(0), n(1), tail(2));
    case 'dbinom':
      return stats.dbinom(n(0), n(1), n(2), { log: b(3) });
    case 'pbinom':
      return stats.pbinom(n(0), n(1), n(2), tail(3));
    case 'qbinom':
      return stats.qbinom(n(0), n(1), n(2), tail(3));
    case 'dt':
      return stats.dt(n(0), n(1), { log: b(2) });
    case 'pt':
      return stats.pt(n(0), n(1), tail(2));
    case 'qt':
      return stats.qt(n(0), n(1), tail(2));
    case 'dbeta':
      return stats.dbeta(n(0), n(1), n(2), { log: b(3) });
    case 'pbeta':
      return stats.pbeta(n(0), n(1), n(2), tail(3));
    case 'qbeta':
      return stats.qbeta(n(0), n(1), n(2), tail(3));
    case 'quantile7':
      return stats.quantileType7(a[0] as number[], n(1));
    case 'mean':
      return stats.mean(a[0] as number[]);
    case 'median':
      return stats.median(a[0] as number[]);
    case 'var':
      return stats.sampleVariance(a[0] as number[]);
    default:
      throw new Error(`unknown reference function ${c.fn}`);
  }
}

/** |ours − R| relative to |R| (absolute below 1e-300); 0 when both are the same non-finite value. */
export function relativeError(got: number, expected: number): number {
  if (Number.isNaN(expected)) return Number.isNaN(got) ? 0 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(expected)) return got === expected ? 0 : Number.POSITIVE_INFINITY;
  if (got === expected) return 0;
  return Math.abs(got - expected) / Math.max(Math.abs(expected), 1e-300);
}
