/**
 * One alert: what it is about and why it fired (its signals: observed against threshold and expected, the
 * method and its parameters), the workflow actions valid now, the risk assessment and characterisation, the
 * line list of the cases behind its signals, the history (who, when, why), comments and attachments. When confirmed as an event, a link opens an incident from
 * it (or goes to the incident already opened). Updates live.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert as AntAlert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  List,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { AttachmentsPanel } from '../../app/attachments-panel.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { CaseLineListPanel } from '../cases/case-line-list.tsx';
import { OwnAlertNeighbourComments } from '../neighbours/alert-comments.tsx';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import {
  type AlertDetail,
  type AlertEvent,
  type AlertSignal,
  type WarningLevel,
  useAddComment,
  useAlert,
  useAlertComments,
  useAlertHistory,
} from './alerts-api.ts';
import { AlertActions } from './alert-actions.tsx';
import { ClassTag, DeadlineCountdown, LevelTag, StatusTag, subjectName, summaryText } from './alert-bits.tsx';
import { RiskMatrixButton } from './risk-matrix.tsx';
import { methodExplanation, methodLabel, parameterSummary } from '@outbreak/surveillance/labels';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { ExerciseBanner } from '../../app/exercise-banner.tsx';

const fmt = (value: number | null) => (value === null ? '—' : Number.isInteger(value) ? String(value) : value.toFixed(2));

export function AlertPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const alert = useAlert(id);
  useLiveInvalidate('alerts', [
    ['alerts', 'one', id],
    ['alerts', 'history', id],
    ['alerts', 'comments', id],
    ['attachments', `/api/alerts/${id}/files`],
  ]);

  if (alert.error instanceof ApiError && alert.error.status === 404) return <NotFoundPage backTo="/alerts" />;
  if (alert.error) return <AntAlert type="error" showIcon message={translateError(t, alert.error)} />;
  if (!alert.data) return <Skeleton active />;
  const a = alert.data;

  return (
    <div>
      <ExerciseBanner exerciseId={a.exerciseId} />
      <Space style={{ marginBottom: 16 }}>
        <Link to="/alerts">
          <Button icon={<ArrowLeftOutlined />}>{t('alerts.detail.back')}</Button>
        </Link>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={
              <Space wrap>
                <Typography.Text strong data-testid="alert-code">
                  {a.code}
                </Typography.Text>
                <span>
                  {subjectName(a, i18n.language, t)} · {localName(a.jurisdiction, i18n.language)}
                </span>
                <ClassTag alertClass={a.alertClass} />
                <StatusTag status={a.status} />
                <LevelTag level={a.warningLevel} />
                {a.escalatedAt && <Tag color="error">{t('alerts.escalated')}</Tag>}
              </Space>
            }
          >
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('alerts.detail.summary')} span={2}>
                <SignalSummary alert={a} />
              </Descriptions.Item>
              <Descriptions.Item label={t('alerts.assignee')}>{a.assignee?.displayName ?? t('alerts.unassigned')}</Descriptions.Item>
              <Descriptions.Item label={t('alerts.deadline')}>
                <Space direction="vertical" size={0}>
                  <DeadlineCountdown dueAt={a.verificationDueAt} status={a.status} />
                  {a.verificationDueAt && <Typography.Text type="secondary">{formatDateTime(a.verificationDueAt)}</Typography.Text>}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('alerts.signalCount')}>{a.signalCount}</Descriptions.Item>
              <Descriptions.Item label={t('alerts.detail.created')}>{formatDateTime(a.createdAt)}</Descriptions.Item>
            </Descriptions>
            <IncidentLink alert={a} />
          </Card>

          {a.eventReport && <EventReportCard report={a.eventReport} />}

          <Card title={t('alerts.detail.workflow')} style={{ marginTop: 16 }} extra={<RiskMatrixButton />}>
            <AlertActions alert={a} />
          </Card>

          <Card title={t('alerts.detail.signals')} style={{ marginTop: 16 }}>
            {a.origin === 'event' && a.signals.length === 0 ? (
              <Typography.Text type="secondary">{t('eventReports.noSignals')}</Typography.Text>
            ) : (
              <SignalsTable signals={a.signals} />
            )}
          </Card>

          <Card title={t('alerts.detail.cases')} style={{ marginTop: 16 }} data-testid="alert-cases">
            <CaseLineListPanel path={`/api/alerts/${a.id}/cases`} />
          </Card>

          <Card title={t('alerts.detail.assessment')} style={{ marginTop: 16 }}>
            <AssessmentView alert={a} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('alerts.detail.history')}>
            <History id={a.id} />
          </Card>
          <Card title={t('alerts.detail.comments')} style={{ marginTop: 16 }}>
            <Comments id={a.id} canWrite={a.canComment} />
          </Card>
          <OwnAlertNeighbourComments alertId={a.id} />
          <Card title={t('alerts.detail.files')} style={{ marginTop: 16 }}>
            <AttachmentsPanel basePath={`/api/alerts/${a.id}/files`} canUpload={a.canAct} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** What the reporter told of the event: type, place, time, people, suspected disease, description, source. */
function EventReportCard({ report }: { report: NonNullable<AlertDetail['eventReport']> }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('eventReports.reportCard')} style={{ marginTop: 16 }} data-testid="event-report">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('eventReports.fields.eventType')}>{t(`eventReports.types.${report.eventType}`)}</Descriptions.Item>
        <Descriptions.Item label={t('eventReports.fields.place')}>
          {report.place} · {localName(report.jurisdiction, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('eventReports.fields.occurredAt')}>{formatDateTime(report.occurredAt)}</Descriptions.Item>
        <Descriptions.Item label={t('eventReports.fields.peopleAffected')}>
          {report.deaths > 0
            ? t('eventReports.affectedWithDeaths', { people: report.peopleAffected, deaths: report.deaths })
            : t('eventReports.affected', { people: report.peopleAffected })}
        </Descriptions.Item>
        {report.suspectedDisease && (
          <Descriptions.Item label={t('eventReports.fields.suspectedDiseaseId')}>
            {localName(report.suspectedDisease, i18n.language)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('eventReports.fields.description')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{report.description}</span>
        </Descriptions.Item>
        {report.source && <Descriptions.Item label={t('eventReports.fields.source')}>{report.source}</Descriptions.Item>}
        <Descriptions.Item label={t('eventReports.reportedBy')}>
          {report.reportedBy.displayName} · {formatDateTime(report.createdAt)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The latest signal in words, in the UI language (without signals: the stored summary, in that language). */
function SignalSummary({ alert }: { alert: AlertDetail }) {
  const { t, i18n } = useTranslation();
  const s = alert.signals[0];
  if (!s) return <span data-testid="alert-summary">{summaryText(alert, i18n.language) || '—'}</span>;
  const clusters = alert.signals.filter((x) => x.kind === 'cluster').length;
  return (
    <span data-testid="alert-summary">
      {t('alerts.detail.summaryText', {
        period: s.periodStart === s.periodEnd ? s.periodEnd : `${s.periodStart} – ${s.periodEnd}`,
        observed: fmt(s.observed),
        threshold: fmt(s.threshold),
        expected: fmt(s.expected),
        method: methodLabel(s.method, i18n.language),
      })}
      {clusters > 0 && ` ${t('alerts.detail.clusters', { count: clusters })}`}
    </span>
  );
}

function IncidentLink({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  if (alert.incident) {
    return (
      <Link to={`/incidents/${alert.incident.id}`} data-testid="incident-link">
        <Button style={{ marginTop: 12 }}>{t('alerts.detail.incident', { code: alert.incident.code })}</Button>
      </Link>
    );
  }
  if (alert.status !== 'confirmed') return null;
  return (
    <Link to={`/incidents/new?alertId=${alert.id}`} data-testid="open-incident">
      <Button type="primary" danger style={{ marginTop: 12 }}>
        {t('alerts.detail.openIncident')}
      </Button>
    </Link>
  );
}

function SignalsTable({ signals }: { signals: AlertSignal[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ResponsiveTable<AlertSignal>
      cardTitle={['period', 'open']}
      rowKey="id"
      size="small"
      pagination={signals.length > 10 ? { pageSize: 10 } : false}
      dataSource={signals}
      columns={[
        {
          title: t('alerts.detail.period'),
          key: 'period',
          width: 130,
          render: (_, s) => (s.periodStart === s.periodEnd ? s.periodEnd : `${s.periodStart} – ${s.periodEnd}`),
        },
        {
          title: t('alerts.detail.kind'),
          dataIndex: 'kind',
          width: 90,
          render: (kind: string) => t(`alerts.detail.kinds.${kind}`, { defaultValue: kind }),
        },
        {
          title: t('alerts.detail.observedVs'),
          key: 'values',
          width: 150,
          render: (_, s) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              <Typography.Text strong>{fmt(s.observed)}</Typography.Text> / {fmt(s.threshold)} / {fmt(s.expected)}
            </span>
          ),
        },
        {
          title: t('alerts.detail.method'),
          key: 'method',
          render: (_, s) => (
            <div>
              <div>
                <Tooltip title={methodExplanation(s.method, i18n.language)}>
                  <span data-testid="signal-method" data-method={s.method}>
                    {methodLabel(s.method, i18n.language)}
                  </span>
                </Tooltip>{' '}
                · {t(`alerts.detail.dateBases.${s.dateBasis}`, { defaultValue: s.dateBasis })}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {parameterSummary(s.parameters, i18n.language)}
              </Typography.Text>
            </div>
          ),
        },
        { title: '', key: 'open', width: 80, render: (_, s) => <Link to={`/signals/${s.id}`}>{t('alerts.detail.openSignal')}</Link> },
      ]}
    />
  );
}

function AssessmentView({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  const s = alert.assessment;
  if (!s) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.detail.notAssessed')} />;
  return (
    <Descriptions column={1} size="small" data-testid="assessment">
      <Descriptions.Item label={t('alerts.form.hazard')}>{s.hazard || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('alerts.form.exposure')}>{s.exposure || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('alerts.form.context')}>{s.context || '—'}</Descriptions.Item>
      {s.likelihood !== null && s.consequence !== null && (
        <>
          <Descriptions.Item label={`${t('alerts.form.likelihood')} × ${t('alerts.form.consequence')}`}>
            {s.likelihood} × {s.consequence} = {s.likelihood * s.consequence}
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.detail.matrixLevel')}>
            <LevelTag level={s.matrixLevel} />
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.level')}>
            <LevelTag level={s.warningLevel} />
          </Descriptions.Item>
          {s.overrideReason && <Descriptions.Item label={t('alerts.detail.overrideReason')}>{s.overrideReason}</Descriptions.Item>}
        </>
      )}
    </Descriptions>
  );
}

/** One history line in words. */
function describeEvent(event: AlertEvent, t: (key: string, options?: Record<string, unknown>) => string): string {
  const d = event.data;
  const status = (s: string | null) => (s ? t(`alerts.statuses.${s}`) : '—');
  const level = (l: unknown) => (l ? t(`alerts.levels.${l as WarningLevel}`) : t('alerts.levels.none'));
  switch (event.kind) {
    case 'created':
      return t('alerts.history.created', { count: d.count ?? 1 });
    case 'signals':
      return t('alerts.history.signals', { count: d.count ?? 1 });
    case 'assigned': {
      const parts = [t('alerts.history.assigned', { name: String(d.assigneeName ?? '') })];
      if (typeof d.verificationDueAt === 'string') parts.push(t('alerts.history.deadline', { time: formatDateTime(d.verificationDueAt) }));
      return parts.join('; ');
    }
    case 'status':
      return t('alerts.history.status', { from: status(event.fromStatus), to: status(event.toStatus) });
    case 'assessed':
      return t('alerts.history.assessed');
    case 'characterised':
      return (
        t('alerts.history.characterised', {
          likelihood: d.likelihood,
          consequence: d.consequence,
          score: d.score,
          level: level(d.warningLevel),
        }) + (d.overridden ? t('alerts.history.overridden', { matrix: level(d.matrixLevel) }) : '')
      );
    case 'escalated':
      return t('alerts.history.escalated', { minutes: d.minutesLate ?? 0 });
    case 'attached':
      return t('alerts.history.attached', { name: String(d.filename ?? '') });
    default:
      return t('alerts.history.commented');
  }
}

const EVENT_COLOURS: Record<string, string> = { created: 'blue', escalated: 'red', characterised: 'orange', status: 'green' };

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const history = useAlertHistory(id);
  if (history.error) return <AntAlert type="error" showIcon message={translateError(t, history.error)} />;
  if (!history.data) return <Skeleton active />;
  return (
    <Timeline
      data-testid="alert-history"
      items={history.data.items.map((event) => ({
        color: EVENT_COLOURS[event.kind] ?? 'gray',
        children: (
          <div data-event-kind={event.kind}>
            <Typography.Text>{describeEvent(event, t)}</Typography.Text>
            {event.reason && (
              <div>
                <Typography.Text type="secondary">{event.reason}</Typography.Text>
              </div>
            )}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {event.actor?.displayName ?? t('alerts.history.system')} · {formatDateTime(event.createdAt)}
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}

function Comments({ id, canWrite }: { id: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const comments = useAlertComments(id);
  const add = useAddComment(id);
  const [text, setText] = useState('');
  return (
    <div>
      {comments.error && <AntAlert type="error" showIcon message={translateError(t, comments.error)} />}
      {add.error && <AntAlert type="error" showIcon message={translateError(t, add.error)} style={{ marginBottom: 8 }} />}
      <List
        size="small"
        locale={{ emptyText: t('alerts.detail.noComments') }}
        dataSource={comments.data?.items ?? []}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  <Typography.Text strong>{c.author.displayName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(c.createdAt)}
                  </Typography.Text>
                </Space>
              }
              description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.body}</span>}
            />
          </List.Item>
        )}
      />
      {!canWrite && (
        <Typography.Text type="secondary" data-testid="comments-read-only">
          {t('alerts.detail.commentsReadOnly')}
        </Typography.Text>
      )}
      {canWrite && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('alerts.detail.commentPlaceholder')}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={4000}
            aria-label={t('alerts.detail.comments')}
          />
          <Button
            type="primary"
            loading={add.isPending}
            disabled={!text.trim()}
            onClick={() => add.mutate(text.trim(), { onSuccess: () => setText('') })}
          >
            {t('alerts.detail.addComment')}
          </Button>
        </Space.Compact>
      )}
    </div>
  );
}
