/**
 * The OpenAPI description of report figures and of the command summary (reports.schema.ts) must say what the
 * server produces, since the web is typed from it. tsc (`npm run typecheck`) checks the types; the test checks a
 * real command summary against the schema at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ReportFigures } from './reports.figures.ts';
import { CommandSummarySchema, type CommandSummaryDescribed, type FiguresDescribed } from './reports.schema.ts';
import type { CommandSummary } from './reports.service.ts';

describe('report schemas describe what the server produces', () => {
  it('figures and command summary types fit their schemas', () => {
    expectTypeOf<ReportFigures>().toExtend<FiguresDescribed>();
    expectTypeOf<CommandSummary>().toExtend<CommandSummaryDescribed>();
    expect(CommandSummarySchema.safeParse({}).success).toBe(false);
  });
});
