/**
 * GLM tests against R 4.2.2 (`stats::glm`, `MASS::glm.nb`, `MASS::theta.ml`); every literal below
 * was printed by R with `options(digits = 17)` from the call quoted beside it.
 */
import { describe, expect, it } from 'vitest';
import { GlmWorkspace, glmFit, glmNbFit, thetaMl } from './glm.ts';

const y = [2, 3, 6, 7, 8, 9, 10, 12, 15, 4, 0, 1];
const X = y.map((_, i) => [1, i + 1]);

/** relative difference, or absolute near zero */
function expectClose(actual: number, expected: number, rel = 1e-10): void {
  const diff = Math.abs(actual - expected);
  expect(diff <= 1e-12 || diff <= rel * Math.abs(expected), `${actual} vs R ${expected}`).toBe(true);
}

function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], rel = 1e-10): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i]!, expected[i]!, rel);
}

describe('glmFit quasipoisson (R: glm(y ~ x, family = quasipoisson))', () => {
  const fit = glmFit({ X, y, family: 'quasipoisson' });

  it('reproduces coefficients, iterations, deviance and dispersion', () => {
    expectAllClose(fit.coefficients, [1.8553550869893971, 0.00054491026051337358], 1e-9);
    expect(fit.iter).toBe(5);
    expect(fit.converged).toBe(true);
    expectClose(fit.deviance, 42.679864254476222);
    expectClose(fit.dispersion, 3.657468562242697);
    expect(fit.dfResidual).toBe(10);
  });

  it('reproduces summary.glm: t tests with df.residual and the unscaled covariance', () => {
    const table = fit.coefficientTable();
    expectClose(table[0]!.stdError, 0.46501956948274642);
    expectClose(table[0]!.statistic, 3.9898430275808771661);
    expectClose(table[0]!.pValue, 0.0025599476348340043, 1e-9);
    expectClose(table[1]!.stdError, 0.063133788868884044);
    expectClose(table[1]!.pValue, 0.993283271637869003, 1e-9);
    expectAllClose(fit.covUnscaled, [0.0591237344414307781, -0.0070908231588067989, -0.0070908231588067989, 0.0010897907197585746]);
  });

  it('reproduces predict.glm(type = "response", se.fit = TRUE) and hatvalues', () => {
    const p = fit.predict([1, 13], { type: 'response', seFit: true });
    expectClose(p.fit, 6.4394228747344622);
    expectClose(p.seFit, 2.9897242010228706);
    expectAllClose(
      fit.hatValues(),
      [
        0.294481815822766169, 0.22479654213266162, 0.168993033909919099, 0.127094397375815849, 0.099123764344417956, 0.085104292246193022,
        0.085059164151640984, 0.09901158879494508, 0.126984800597642278, 0.169002059692313078, 0.225086651946291405, 0.295261888985393905,
      ],
    );
  });

  it('gives the same answer with the QR of R (dqrdc2) and with the Cholesky steps', () => {
    const ws = new GlmWorkspace(16, 2);
    ws.setDimensions(y.length, 2);
    for (let i = 0; i < y.length; i++) {
      ws.x[i] = 1;
      ws.x[ws.ld + i] = i + 1;
      ws.y[i] = y[i]!;
    }
    ws.method = 'qr';
    ws.fit('quasipoisson');
    const qr = [ws.coef[0]!, ws.coef[1]!, ws.deviance, ws.dispersion(), ws.linkVarianceUnscaled([1, 13])];
    ws.method = 'chol';
    ws.fit('quasipoisson');
    const chol = [ws.coef[0]!, ws.coef[1]!, ws.deviance, ws.dispersion(), ws.linkVarianceUnscaled([1, 13])];
    expectAllClose(chol, qr, 1e-12);
  });
});

describe('glmFit poisson with offset and prior weights', () => {
  // R: glm(y ~ x + offset(off), family = poisson, weights = w)
  const offset = [10, 12, 11, 13, 15, 14, 16, 18, 17, 19, 20, 21].map(Math.log);
  const weights = [1, 1, 2, 1, 0.5, 1, 1, 1, 1, 1, 1, 3];
  const fit = glmFit({ X, y, family: 'poisson', offset, weights });

  it('reproduces coefficients, deviance and z tests', () => {
    expectAllClose(fit.coefficients, [-0.26590924404935279, -0.108488770232395], 1e-9);
    expect(fit.iter).toBe(5);
    expectClose(fit.deviance, 51.986945653554244);
    expect(fit.dispersion).toBe(1);
    const table = fit.coefficientTable();
    expectClose(table[0]!.stdError, 0.220221089317705732);
    expectClose(table[1]!.statistic, -3.6842239817013747, 1e-9);
    expectClose(table[1]!.pValue, 0.0002294004578635141, 1e-8);
  });

  it('reproduces predict.glm(type = "link", se.fit = TRUE) with the new offset', () => {
    const p = fit.predict([1, 13], { offset: Math.log(22), seFit: true });
    expectClose(p.fit, 1.414779196287828);
    expectClose(p.seFit, 0.22241295988121718);
  });
});

describe('glmFit edge cases as R', () => {
  it('marks an aliased column NA (NaN) and predicts from the others (rank-deficient design)', () => {
    // R: glm(y ~ x + x2, family = poisson), x2 = 2x
    const fit = glmFit({ X: y.map((_, i) => [1, i + 1, 2 * (i + 1)]), y, family: 'poisson' });
    expect(fit.rank).toBe(2);
    expect(fit.dfResidual).toBe(10);
    expectClose(fit.coefficients[0]!, 1.8553550869893971, 1e-9);
    expectClose(fit.coefficients[1]!, 0.00054491026051337358, 1e-7);
    expect(Number.isNaN(fit.coefficients[2]!)).toBe(true);
    expectClose(fit.deviance, 42.679864254476222);
    const p = fit.predict([1, 13, 26], { seFit: true });
    expectClose(p.fit, 1.8624389203760709);
    expectClose(p.seFit, 0.24276936370072127);
  });

  it("solves by R's pivoting QR on request, with the same results", () => {
    const fit = glmFit({ X, y, family: 'quasipoisson', method: 'qr' });
    expectAllClose(fit.coefficients, [1.8553550869893971, 0.00054491026051337358], 1e-9);
    expectClose(fit.dispersion, 3.657468562242697);
    expectClose(fit.predict([1, 13], { type: 'response', seFit: true }).seFit, 2.9897242010228706);
  });

  it('reports non-convergence with the coefficients of the last step (maxit = 2)', () => {
    const fit = glmFit({ X, y, family: 'poisson', maxit: 2 });
    expect(fit.converged).toBe(false);
    expect(fit.iter).toBe(2);
    expectAllClose(fit.coefficients, [1.78027315616990056, 0.02305269197069577]);
  });

  it('drops zero prior weights from df.residual, dispersion and hat values', () => {
    // R: glm(y ~ x, family = quasipoisson, weights = c(1,1,1,0,1,...))
    const weights = y.map((_, i) => (i === 3 ? 0 : 1));
    const fit = glmFit({ X, y, family: 'quasipoisson', weights });
    expectAllClose(fit.coefficients, [1.8343213620092213567, 0.0024144316338684372], 1e-9);
    expect(fit.dfResidual).toBe(9);
    expectClose(fit.dispersion, 4.0786945196937845);
    expectClose(fit.coefficientTable()[1]!.pValue, 0.97271231990839879, 1e-9);
    const h = fit.hatValues();
    expect(h[3]).toBe(0);
    expectClose(h[0]!, 0.330025677797002259);
    expectClose(h[11]!, 0.296789581291277915);
  });

  it('follows R down to the boundary for an all-zero response (22 iterations)', () => {
    const fit = glmFit({ X: [[1], [1], [1], [1], [1], [1]], y: [0, 0, 0, 0, 0, 0], family: 'quasipoisson' });
    expect(fit.iter).toBe(22);
    expect(fit.converged).toBe(true);
    expectClose(fit.coefficients[0]!, -24.302585092994072, 1e-9);
    expectClose(fit.deviance, 3.3473617114426228e-10, 1e-6);
  });

  it('rejects negative counts and mismatched shapes', () => {
    expect(() => glmFit({ X: [[1], [1]], y: [1, -1], family: 'poisson' })).toThrow(/negative/);
    expect(() => glmFit({ X: [[1], [1]], y: [1, 2, 3], family: 'poisson' })).toThrow(/rows/);
  });

  it('gives identical results when a workspace is reused for another problem', () => {
    const ws = new GlmWorkspace(4, 1);
    const load = (rows: number[][], counts: number[]): void => {
      ws.setDimensions(counts.length, rows[0]!.length);
      rows.forEach((row, i) => row.forEach((v, j) => (ws.x[j * ws.ld + i] = v)));
      counts.forEach((v, i) => (ws.y[i] = v));
      ws.useOffset = false;
      ws.usePrior = false;
    };
    load([[1], [1], [1]], [1, 5, 9]);
    ws.fit('poisson');
    load(X, y);
    ws.fit('quasipoisson');
    expectAllClose([ws.coef[0]!, ws.coef[1]!], [1.8553550869893971, 0.00054491026051337358], 1e-9);
  });
});

describe('negative binomial (MASS)', () => {
  const yy = [0, 3, 1, 7, 2, 9, 0, 12, 25, 4, 0, 1, 5, 8, 2];
  const XX = yy.map((_, i) => [1, i + 1]);

  it('reproduces glm.nb(yy ~ xx): coefficients, theta, SE, 2 log-likelihood, prediction', () => {
    const nb = glmNbFit({ X: XX, y: yy });
    expectAllClose(nb.coefficients, [1.218205378684068974, 0.053335028720208656], 1e-8);
    expectClose(nb.theta, 0.8019007603174062, 1e-8);
    expectClose(nb.seTheta, 0.35760580201006381, 1e-8);
    expectClose(nb.twoLogLik, -81.871127086320527);
    expect(nb.iter).toBe(1);
    expect(nb.dispersion).toBe(1);
    const p = nb.predict([1, 16], { type: 'response', seFit: true });
    expectClose(p.fit, 7.9372418289831526, 1e-8);
    expectClose(p.seFit, 5.1208385664852578, 1e-8);
  });

  it('reproduces glm.nb with prior weights', () => {
    // R: MASS::glm.nb(y ~ x, weights = c(1, 2, 1, ..., 1))
    const nb = glmNbFit({ X, y, weights: y.map((_, i) => (i === 1 ? 2 : 1)) });
    expectAllClose(nb.coefficients, [1.675497701197476541, 0.022668043938789531], 1e-8);
    expectClose(nb.theta, 2.2453533605000389, 1e-8);
    expectClose(nb.twoLogLik, -73.111512532284934, 1e-10);
  });

  it('reproduces glm.nb with a count beyond the tabulated recurrences (log Γ directly)', () => {
    // R: y <- c(0,3,1,7,2,9,0,12,250,4,0,1,5,8,2); MASS::glm.nb(y ~ seq_along(y))
    const yBig = [0, 3, 1, 7, 2, 9, 0, 12, 250, 4, 0, 1, 5, 8, 2];
    const nb = glmNbFit({ X: yBig.map((_, i) => [1, i + 1]), y: yBig });
    expectAllClose(nb.coefficients, [0.97122985574845766, 0.2399253500276575], 1e-9);
    expectClose(nb.theta, 0.291283851658658277, 1e-9);
    expectClose(nb.seTheta, 0.099685831311204148, 1e-9);
    expectClose(nb.twoLogLik, -100.741009204110326891);
  });

  it('reproduces theta.ml with non-integer and large responses (ψ directly) and with weights', () => {
    // R: y <- c(0, 3, 1, 7, 2.5, 12, 5000, 4, 0, 9); mu <- c(1.5, 2, 2.2, 5, 3, 8, 3000, 6, 1, 7)
    const yMixed = [0, 3, 1, 7, 2.5, 12, 5000, 4, 0, 9];
    const mu = [1.5, 2, 2.2, 5, 3, 8, 3000, 6, 1, 7];
    const t = thetaMl(yMixed, mu); // R: theta.ml(y, mu)
    expectClose(t.theta, 7.385003617927401);
    expectClose(t.se, 5.5930978586157432);
    // R: w <- c(1, 2, 1, 1, 0.5, 1, 1, 3, 1, 1); theta.ml(y, mu, sum(w), w)
    const tw = thetaMl(yMixed, mu, { weights: [1, 2, 1, 1, 0.5, 1, 1, 3, 1, 1] });
    expectClose(tw.theta, 8.270030279843402);
    expectClose(tw.se, 5.7429834609133801);
  });

  it('reproduces theta.ml(yy, fitted(nb))', () => {
    const nb = glmNbFit({ X: XX, y: yy });
    const t = thetaMl(yy, nb.fitted);
    expectClose(t.theta, 0.80190076348673955, 1e-9);
    expectClose(t.se, 0.35760580507796114, 1e-9);
    expect(t.warning).toBeNull();
  });
});
