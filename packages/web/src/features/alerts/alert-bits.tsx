/**
 * Small pieces shared by the alert pages: the live deadline countdown, the status and warning-level tags, and
 * the localised subject (disease or feed) and summary of an alert.
 */
import { Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/dates.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import {
  type Alert,
  type AlertClass,
  type AlertStatus,
  CLASS_COLOURS,
  LEVEL_COLOURS,
  STATUS_COLOURS,
  type WarningLevel,
  durationParts,
} from './alerts-api.ts';

/** The current time, updated every `intervalMs` while mounted (one timer per component). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Whether the verification deadline still runs in this status. */
export const deadlineRuns = (status: AlertStatus) => status === 'new' || status === 'verifying';

/**
 * Time left to verify, counting down every second; red once overdue, orange within the last hour. After
 * verification the deadline no longer matters and the cell shows a dash.
 */
export function DeadlineCountdown({ dueAt, status }: { dueAt: string | null; status: AlertStatus }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  if (!dueAt || !deadlineRuns(status)) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = new Date(dueAt).getTime() - now;
  const p = durationParts(left);
  const time =
    p.d > 0
      ? t('alerts.countdown.dh', { d: p.d, h: p.h })
      : p.h > 0
        ? t('alerts.countdown.hm', { h: p.h, m: p.m })
        : t('alerts.countdown.ms', { m: p.m, s: p.s });
  const overdue = left < 0;
  return (
    <Typography.Text
      data-testid="deadline"
      data-overdue={overdue ? 'true' : 'false'}
      style={{
        color: overdue ? '#cf1322' : left < 3_600_000 ? '#d46b08' : undefined,
        fontVariantNumeric: 'tabular-nums',
        fontWeight: overdue ? 600 : undefined,
      }}
      title={formatDateTime(dueAt)}
    >
      {overdue ? t('alerts.countdown.overdue', { time }) : t('alerts.countdown.remaining', { time })}
    </Typography.Text>
  );
}

export function StatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="alert-status" data-status={status}>
      {t(`alerts.statuses.${status}`)}
    </Tag>
  );
}

/** The alert's class (甲类 / 乙类 / 丙类及其他 / 症状监测) with what it means on hover. */
export function ClassTag({ alertClass }: { alertClass: AlertClass }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`alerts.classHelp.${alertClass}`)}>
      <Tag color={CLASS_COLOURS[alertClass]} data-testid="alert-class" data-class={alertClass}>
        {t(`alerts.classes.${alertClass}`)}
      </Tag>
    </Tooltip>
  );
}

export function LevelTag({ level }: { level: WarningLevel | null }) {
  const { t } = useTranslation();
  if (!level) return <Typography.Text type="secondary">{t('alerts.levels.none')}</Typography.Text>;
  return (
    <Tag color={LEVEL_COLOURS[level]} data-testid="alert-level" data-level={level}>
      {t(`alerts.levels.${level}`)}
    </Tag>
  );
}

/** The stored summary line in the UI language (English when the Chinese one was not kept: older alerts). */
export function summaryText(alert: Pick<Alert, 'summary' | 'summaryZh'>, language: string): string {
  return language === 'en' ? alert.summary : alert.summaryZh || alert.summary;
}

/** The disease's name, or "Syndromic feed: …", in the UI language. */
export function subjectName(
  alert: Pick<Alert, 'disease' | 'feedType'> & Partial<Pick<Alert, 'event'>>,
  language: string,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  // a reported event: what it is (and the disease suspected, if any)
  if (alert.event)
    return `${t(`eventReports.types.${alert.event.eventType}`)}${alert.disease ? ` · ${localName(alert.disease, language)}` : ''}`;
  if (alert.disease) return localName(alert.disease, language);
  if (alert.feedType) return t('alerts.feedLabel', { name: localName(alert.feedType, language) });
  return '—';
}
