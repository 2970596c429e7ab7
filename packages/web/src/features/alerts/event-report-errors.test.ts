/**
 * The event report's refusals read as sentences in the page's language (issue 12): every code the server gives
 * (event-reports.service.ts, EventReportIssue) has a Chinese and an English text, placed on its field.
 */
import { describe, expect, it } from 'vitest';
import type { EventReportIssue } from '../../../../server/src/features/alerts/event-reports.service.ts';
import { ApiError } from '../../api/client.ts';
import { formFieldErrors } from '../../app/errors.ts';
import { createI18n } from '../../app/i18n/i18n.ts';

// every code of EventReportIssue: the Record makes the compiler list them all
const CODES: Record<EventReportIssue['code'], true> = {
  event_place_outside: true,
  event_in_future: true,
  event_too_old: true,
  event_deaths_exceed: true,
  event_unknown_disease: true,
};

describe('event report refusals', () => {
  it('have a Chinese and an English sentence for every code, on their field', () => {
    const zh = createI18n('zh-CN').t;
    const en = createI18n('en').t;
    for (const code of Object.keys(CODES)) {
      const error = new ApiError(400, 'validation_failed', 'The request is not valid', [
        { path: 'deaths', code, message: 'english reason' },
      ]);
      const zhText = formFieldErrors(zh, error, ['deaths']).fields[0]!.errors[0]!;
      const enText = formFieldErrors(en, error, ['deaths']).fields[0]!.errors[0]!;
      expect(zhText, code).toMatch(/[\u4e00-\u9fff]/);
      expect(zhText, code).not.toContain('english reason');
      expect(enText, code).not.toMatch(/[\u4e00-\u9fff]/);
      expect(enText, code).not.toContain('english reason');
    }
    const tooOld = new ApiError(400, 'validation_failed', 'x', [{ path: 'occurredAt', code: 'event_too_old', message: 'x' }]);
    expect(formFieldErrors(zh, tooOld, ['occurredAt']).fields).toEqual([
      { name: ['occurredAt'], errors: ['只能报告近 90 天内发生的事件'] },
    ]);
  });
});
