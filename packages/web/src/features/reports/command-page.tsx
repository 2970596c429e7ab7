/**
 * The command dashboard of an incident (/incidents/:id/command): response level and timeline, the day's case
 * figures and curve, the area on the map with cases by township, task progress by agency (done / open / overdue,
 * refreshed live whenever a task changes anywhere: useLiveInvalidate('tasks', …)), the overdue list, and facility
 * capacity against what the facilities reported (their latest daily reports). Figures come from one call,
 * GET /api/incidents/:id/command-summary; the timeline from the incidents feature.
 */
import { Alert, Button, Card, Col, Empty, List, Progress, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { type HTMLAttributes, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { inLanguage } from '../../app/bilingual-text.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { ApiError } from '../../api/client.ts';
import { EChart } from '../charts/echart.tsx';
import { useEventText } from '../incidents/incident-event-text.ts';
import { useIncident, usePeople, useTimeline } from '../incidents/incidents-api.ts';
import { LevelTag } from '../incidents/level-tag.tsx';
import { localName, useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import { RtLine } from './report-figures.tsx';
import { type CommandSummary, caseBreaks, useCommandSummary } from './reports-api.ts';

/** Alerts still being handled (server: OPEN_ALERT_STATUSES); the source alert, confirmed by then, is not counted. */
const OPEN_ALERT_STATUSES: readonly string[] = ['new', 'verifying', 'monitoring', 'risk_assessment', 'characterised'];

echarts.use([BarChart]);

const DONE = '#52c41a';
const OPEN = '#1677ff';
const OVERDUE = '#ff4d4f';

export function CommandPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const summary = useCommandSummary(id);
  const timeline = useTimeline(id);
  const incident = useIncident(id);
  const people = usePeople(id);
  const peopleById = useMemo(() => new Map((people.data ?? []).map((p) => [p.id, p])), [people.data]);
  // the same sentences as the incident page's timeline, in the page's language only (a bilingual log entry too)
  const eventText = useEventText(peopleById, incident.data);
  const townships = useTownshipGeojson();
  // Any task, report or incident change refetches the figures; the server filters events by scope.
  useLiveInvalidate('tasks', [['reports', 'command-summary', id]]);
  useLiveInvalidate('reports', [['reports', 'command-summary', id]]);
  useLiveInvalidate('incidents', [
    ['reports', 'command-summary', id],
    ['incidents', 'timeline', id],
  ]);
  const en = i18n.language === 'en';

  const s = summary.data;
  const curve = useMemo(() => (s ? curveOption(s, t) : null), [s, t]);
  const progress = useMemo(() => (s ? progressOption(s, t, en) : null), [s, t, en]);
  // The area's townships shaded by their cases in the incident period (reported since it started); the townships
  // outside the area have no value (lightest class) and the area keeps its outline.
  const shading = useMemo(
    () =>
      s
        ? {
            values: Object.fromEntries(
              s.cases.townships.filter((r) => r.jurisdictionId !== null).map((r) => [r.jurisdictionId!, r.cumulative]),
            ),
            breaks: caseBreaks(s.cases.townships.map((r) => r.cumulative)),
            legend: t('reports.command.mapLegend', { from: s.cases.cumulativeFrom }),
          }
        : undefined,
    [s, t],
  );

  if (summary.error instanceof ApiError && summary.error.status === 404) return <NotFoundPage />;
  if (summary.error) return <Alert type="error" showIcon message={translateError(t, summary.error)} />;
  if (!s) return <Spin />;
  const tt = s.tasks.totals;

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('reports.command.title', { code: s.incident.code, title: s.incident.title })}
          </Typography.Title>
          <Space wrap>
            <LevelTag level={s.incident.responseLevel} />
            <Tag>{s.incident.status === 'open' ? t('reports.command.statusOpen') : t('reports.command.closed')}</Tag>
            <Typography.Text type="secondary">
              {t('reports.command.since', { date: s.incident.startedOn })} · {localName(s.area, i18n.language)}
              {s.disease && ` · ${localName(s.disease, i18n.language)}`}
            </Typography.Text>
          </Space>
        </Space>
        <Space wrap>
          <Link to={`/incidents/${s.incident.id}`}>
            <Button>{t('reports.command.incident')}</Button>
          </Link>
          <Link to={`/incidents/${s.incident.id}/tasks`}>
            <Button>{t('reports.command.taskBoard')}</Button>
          </Link>
          <Link to={`/meetings?incidentId=${s.incident.id}`}>
            <Button>{t('reports.command.meetings')}</Button>
          </Link>
          {hasRight(me.data, RIGHTS.reportsRead) && (
            <Link to={`/reports?incidentId=${s.incident.id}`}>
              <Button>{t('reports.command.reports')}</Button>
            </Link>
          )}
          {s.latestReport && hasRight(me.data, RIGHTS.reportsRead) && (
            <Link to={`/reports/${s.latestReport.id}`}>
              <Button>{t('reports.command.latestReport', { date: s.latestReport.reportDate })}</Button>
            </Link>
          )}
        </Space>
      </Space>

      <Row gutter={[12, 12]}>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('reports.command.newToday')} value={s.cases.totals.newReported} />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small" data-testid="cases-cumulative">
            <Statistic title={t('reports.command.cumulative')} value={s.cases.totals.cumulative} />
            <Link to={`/incidents/${s.incident.id}`} style={{ fontSize: 12 }}>
              {t('reports.command.lineList', { date: s.cases.cumulativeFrom })}
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic
              title={t('reports.command.week')}
              value={s.trend.last7}
              suffix={<span style={{ fontSize: 12 }}>{t('reports.command.previousWeek', { n: s.trend.previous7 })}</span>}
            />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic
              title={t('reports.command.openAlerts')}
              value={s.alerts.filter((a) => OPEN_ALERT_STATUSES.includes(a.status)).length}
            />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small" data-testid="tasks-done">
            <Statistic title={t('reports.command.tasksDone')} value={tt.done} suffix={`/ ${tt.total}`} />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small" data-testid="tasks-overdue">
            <Statistic
              title={t('reports.command.tasksOverdue')}
              value={tt.overdue}
              valueStyle={tt.overdue > 0 ? { color: OVERDUE } : undefined}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph style={{ marginTop: 8 }}>
        <RtLine figures={s} />
      </Typography.Paragraph>

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('reports.command.curve')}>
            {curve && <EChart option={curve} height={260} label={t('reports.command.curve')} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            data-testid="command-timeline"
            title={t('reports.command.timeline')}
            styles={{ body: { maxHeight: 292, overflow: 'auto' } }}
          >
            {timeline.data && timeline.data.length > 0 ? (
              <List
                size="small"
                dataSource={[...timeline.data].reverse().slice(0, 20)}
                renderItem={(e) => (
                  <List.Item>
                    <Typography.Text type="secondary">{formatDateTime(e.occurredAt)}</Typography.Text>&nbsp;{eventText(e)}
                    {e.kind.startsWith('level_') && e.text ? ` — ${inLanguage(e.text, i18n.language)}` : ''}
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.command.progress')}>
            {s.tasks.byAssignee.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.command.noTasks')} />
            ) : (
              <>
                {progress && (
                  <EChart
                    option={progress}
                    height={Math.max(160, 34 * s.tasks.byAssignee.length + 60)}
                    label={t('reports.command.progress')}
                  />
                )}
                <Table
                  size="small"
                  pagination={false}
                  rowKey="assigneeId"
                  dataSource={s.tasks.byAssignee}
                  onRow={(a) => ({ 'data-testid': `progress-${a.assigneeId}` }) as HTMLAttributes<HTMLElement>}
                  columns={[
                    { title: t('reports.figures.assignee'), render: (_, a) => localName(a, i18n.language) },
                    {
                      title: t('reports.figures.done'),
                      dataIndex: 'done',
                      align: 'right',
                      onCell: () => ({ 'data-col': 'done' }) as HTMLAttributes<HTMLElement>,
                    },
                    {
                      title: t('reports.figures.open'),
                      dataIndex: 'open',
                      align: 'right',
                      onCell: () => ({ 'data-col': 'open' }) as HTMLAttributes<HTMLElement>,
                    },
                    {
                      title: t('reports.figures.overdue'),
                      dataIndex: 'overdue',
                      align: 'right',
                      onCell: () => ({ 'data-col': 'overdue' }) as HTMLAttributes<HTMLElement>,
                      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
                    },
                    { title: t('reports.figures.total'), dataIndex: 'total', align: 'right' },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.command.map')}>
            {townships.data ? (
              <LazyDistrictMap townships={townships.data} highlightId={s.area.id} shading={shading} showLabels height={260} />
            ) : (
              <Spin />
            )}
            <Table
              size="small"
              style={{ marginTop: 8 }}
              pagination={false}
              rowKey={(r) => r.jurisdictionId ?? 'district'}
              dataSource={s.cases.townships}
              columns={[
                {
                  title: t('reports.figures.township'),
                  render: (_, r) => localName(r, i18n.language) || t('reports.figures.districtLevel'),
                },
                { title: t('reports.figures.newReported'), dataIndex: 'newReported', align: 'right' },
                { title: t('reports.figures.cumulative'), dataIndex: 'cumulative', align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.command.overdue')}>
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={s.tasks.overdue}
              locale={{ emptyText: t('reports.command.noOverdue') }}
              columns={[
                {
                  title: t('reports.figures.code'),
                  dataIndex: 'code',
                  render: (code: string, o) => <Link to={`/tasks/${o.id}`}>{code}</Link>,
                },
                { title: t('reports.figures.task'), dataIndex: 'title', render: (title: string) => inLanguage(title, i18n.language) },
                { title: t('reports.figures.assignee'), render: (_, o) => (en && o.assigneeNameEn ? o.assigneeNameEn : o.assigneeName) },
                {
                  title: t('reports.figures.due'),
                  dataIndex: 'dueAt',
                  render: (d: string) => <Typography.Text type="danger">{formatDateTime(d)}</Typography.Text>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.command.capacity')}>
            <CapacityUse summary={s} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** What the facilities reported (each one's latest daily report): occupied against capacity, and who has not reported today. */
function CapacityUse({ summary }: { summary: CommandSummary }) {
  const { t, i18n } = useTranslation();
  const o = summary.facilities.occupancy;
  const rows = (['beds', 'icuBeds', 'isolationRooms'] as const).filter((k) => o.totals.registered[k] > 0);
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.figures.noFacilities')} />;
  const name = (x: { name: string; nameEn: string }) => (i18n.language.startsWith('en') ? x.nameEn || x.name : x.name);
  return (
    <div data-testid="command-occupancy">
      {rows.map((k) => {
        const pct = o.totals.rates[k];
        return (
          <div key={k} style={{ marginBottom: 8 }}>
            <Typography.Text>
              {t(`reports.figures.capacity.${k}`)}:{' '}
              {o.totals.capacity[k] > 0
                ? `${o.totals.occupied[k]} / ${o.totals.capacity[k]}（${pct ?? 0}%）`
                : t('reports.command.capacityOnly', { n: o.totals.registered[k] })}
            </Typography.Text>
            {o.totals.capacity[k] > 0 && (
              <Progress
                percent={Math.min(100, pct ?? 0)}
                status={pct !== null && pct >= 90 ? 'exception' : 'normal'}
                size="small"
                showInfo={false}
              />
            )}
          </div>
        );
      })}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
        {t('reports.command.reportedToday', { n: o.totals.reportedOnDate, of: o.totals.facilities })}
        {o.notReported.length > 0 &&
          ` ${t('reports.command.notReported', { names: o.notReported.map(name).join(i18n.language.startsWith('en') ? ', ' : '、') })}`}{' '}
        <Link to="/occupancy">{t('reports.command.occupancyLink')}</Link>
      </Typography.Paragraph>
    </div>
  );
}

type T = (key: string, options?: Record<string, unknown>) => string;

function curveOption(s: CommandSummary, t: T): echarts.EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('reports.command.byReport'), t('reports.command.byOnset')] },
    grid: { left: 36, right: 12, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: s.trend.daily.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('reports.command.byReport'), type: 'bar', data: s.trend.daily.map((d) => d.reported), itemStyle: { color: '#cf1322' } },
      { name: t('reports.command.byOnset'), type: 'bar', data: s.trend.daily.map((d) => d.onset), itemStyle: { color: '#faad14' } },
    ],
  };
}

function progressOption(s: CommandSummary, t: T, en: boolean): echarts.EChartsCoreOption {
  const rows = [...s.tasks.byAssignee].reverse();
  const name = (a: (typeof rows)[number]) => (en && a.nameEn ? a.nameEn : a.name);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('reports.figures.done'), t('reports.command.openNotOverdue'), t('reports.figures.overdue')] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map(name), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      { name: t('reports.figures.done'), type: 'bar', stack: 'n', data: rows.map((a) => a.done), itemStyle: { color: DONE } },
      {
        name: t('reports.command.openNotOverdue'),
        type: 'bar',
        stack: 'n',
        data: rows.map((a) => a.open - a.overdue),
        itemStyle: { color: OPEN },
      },
      { name: t('reports.figures.overdue'), type: 'bar', stack: 'n', data: rows.map((a) => a.overdue), itemStyle: { color: OVERDUE } },
    ],
  };
}
