/** The package entry point (`@outbreak/stats`, as other packages import it) exposes the documented API. */
import { describe, expect, it } from 'vitest';
import * as stats from '@outbreak/stats';

describe('@outbreak/stats entry point', () => {
  it('exports the functions listed in the README', () => {
    const names = [
      'lgamma', 'logFactorial', 'gammaFn', 'lgamma1p', 'lbeta', 'lchoose', 'digamma', 'trigamma', 'stirlerr', 'bd0', 'ebd0',
      'dpoisRaw', 'dbinomRaw', 'log1pmx', 'log1mexp', 'logspaceAdd', 'logspaceSub', 'roundHalfEven', 'sinpi',
      'gammaP', 'gammaQ', 'pgammaRaw', 'betaI', 'pbetaRaw', 'lastIncompleteBetaError', 'pnormStd', 'dnormStd',
      'dnorm', 'pnorm', 'qnorm', 'dpois', 'ppois', 'qpois', 'dnbinom', 'pnbinom', 'qnbinom', 'dgamma', 'pgamma', 'qgamma',
      'dchisq', 'pchisq', 'qchisq', 'dbeta', 'pbeta', 'qbeta', 'dbinom', 'pbinom', 'qbinom', 'dt', 'pt', 'qt',
      'quantileType7', 'quantileSorted', 'median', 'mean', 'sampleVariance', 'sampleSd',
      'createRng', 'rngFromState', 'glmFit', 'glmNbFit',
    ];
    const missing = names.filter((n) => typeof (stats as Record<string, unknown>)[n] !== 'function');
    expect(missing).toEqual([]);
    expect(stats.qnbinom(0.95, 2.5, 12)).toBe(28); // R: qnbinom(0.95, 2.5, mu = 12)
  });
});
