import { describe, expect, it } from 'vitest';
import { reviewKeyFigures } from './reviews.key-figures.ts';

describe('the key figures of a review snapshot (pure)', () => {
  it('sums the groups and agencies, keeps medians in hours, and reads stock-out days and tracing', () => {
    const figures = reviewKeyFigures({
      sevenOneSeven: {},
      indicators: {
        reportingTimeliness: [
          { deadlineHours: 2, reports: 4, onTime: 3, late: 1 },
          { deadlineHours: 24, reports: 10, onTime: 9, late: 1 },
        ],
        alertVerification: { withDeadline: 5, withinDeadline: 4, medianHours: 6.25 },
        confirmationToActivation: { incidents: 1, complete: 0, medianHours: null },
        taskOnTime: [
          { agencyId: 'a', judged: 3, onTime: 2 },
          { agencyId: 'b', judged: 1, onTime: 1 },
        ],
        stockOut: { stockOutDays: 7, observedDays: 60 },
        contactTracing: { tracedWithin24h: 11, judged24h: 12, followUp: { seenDays: 80, dueDays: 84 } },
      },
    });
    expect(figures).toEqual([
      { key: 'reportsOnTime', count: 12, of: 14, hours: null },
      { key: 'alertsVerifiedInTime', count: 4, of: 5, hours: null },
      { key: 'alertVerificationMedianHours', count: null, of: null, hours: 6.25 },
      { key: 'confirmationToActivationMedianHours', count: null, of: null, hours: null },
      { key: 'tasksOnTime', count: 3, of: 4, hours: null },
      { key: 'stockOutDays', count: 7, of: 60, hours: null },
      { key: 'contactsTracedWithin24h', count: 11, of: 12, hours: null },
      { key: 'contactDaysFollowedUp', count: 80, of: 84, hours: null },
    ]);
  });

  it('an older snapshot without the later parts, and none at all, give what there is', () => {
    expect(
      reviewKeyFigures({ indicators: { alertVerification: { withDeadline: 2, withinDeadline: 2, medianHours: 3 } } }).map((f) => f.key),
    ).toEqual(['alertsVerifiedInTime', 'alertVerificationMedianHours']);
    expect(reviewKeyFigures(null)).toEqual([]);
    expect(reviewKeyFigures({ sevenOneSeven: {} })).toEqual([]);
  });
});
