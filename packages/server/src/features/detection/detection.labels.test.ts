/**
 * Issue 12, item 6: every method and parameter code a user can meet has a Chinese and an English label and a
 * one-line explanation in the shared catalogue (@outbreak/surveillance labels), and p-values have one format.
 */
import { METHOD_LABELS, PARAMETER_LABELS, formatPValue, methodLabel, parameterSummary } from '@outbreak/surveillance';
import { describe, expect, it } from 'vitest';
import { listMethodInfos } from './detection.methods.ts';

describe('the label catalogue of methods and parameters', () => {
  it('names every method the server offers and every parameter they take, in both languages', () => {
    for (const info of listMethodInfos()) {
      const method = METHOD_LABELS[info.id];
      expect(method, info.id).toBeDefined();
      for (const text of [method!.zh, method!.en, method!.explainZh, method!.explainEn]) expect(text.length, info.id).toBeGreaterThan(1);
      for (const name of Object.keys(info.defaults)) {
        const parameter = PARAMETER_LABELS[name];
        expect(parameter, `${info.id}.${name}`).toBeDefined();
        for (const text of [parameter!.zh, parameter!.en, parameter!.explainZh, parameter!.explainEn])
          expect(text.length, name).toBeGreaterThan(1);
      }
    }
  });

  it('resolves the catalogue shorthands and writes parameters in words', () => {
    expect(methodLabel('cidars_mpm', 'zh-CN')).toBe('移动百分位数法');
    expect(methodLabel('earsC_C3', 'en')).toBe('EARS C3');
    expect(methodLabel('unknown_method', 'en')).toBe('unknown_method');
    expect(parameterSummary({ p: 0.8, years: 3, minCount: 3 }, 'zh-CN')).toBe('百分位数 P80 · 往年数 3 · 最少病例数 3');
    expect(parameterSummary({ p: 0.8, years: 3 }, 'en')).toBe('Percentile P80 · Previous years 3');
  });

  it('formats p-values one way: P < 0.001 below it (never "P = 0"), else three decimals', () => {
    expect(formatPValue(0)).toBe('P < 0.001');
    expect(formatPValue(0.0004)).toBe('P < 0.001');
    expect(formatPValue(0.001)).toBe('P = 0.001');
    expect(formatPValue(0.0123)).toBe('P = 0.012');
    expect(formatPValue(0.25)).toBe('P = 0.25');
    expect(formatPValue(null)).toBe('P = –');
  });
});
