/**
 * One exercise: the control console (clock, start/pause/resume/stop/close, the MSEL on a timeline with each
 * inject's state and "fire now"), what it created in the platform, the scorecard (times from the platform's
 * records against the targets), the evaluators' P/S/M/U ratings, the after-action PDF and review, and the plan.
 */
import { ArrowLeftOutlined, CaretRightOutlined, EditOutlined, FilePdfOutlined, PauseOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  List,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { typedApi } from '../../app/api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { ExerciseForm } from './exercise-form.tsx';
import {
  clockNow,
  type Exercise,
  type ExerciseInject,
  formatClock,
  RATINGS,
  type Scorecard,
  STATUS_COLOURS,
  useExercise,
  useScorecard,
} from './exercises-api.ts';

const SCORE_COLOURS: Record<string, string> = {
  met: 'green',
  late: 'orange',
  missed: 'red',
  pending: 'blue',
  not_fired: 'default',
  not_timed: 'default',
};

export function ExercisePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const exercise = useExercise(id);
  const scorecard = useScorecard(id);
  useLiveInvalidate('exercises', [['exercises']]);
  useLiveInvalidate('alerts', [['exercises']]);
  useLiveInvalidate('incidents', [['exercises']]);
  const [editing, setEditing] = useState(false);
  if (exercise.isPending) return <PageSpinner />;
  if (exercise.error instanceof ApiError && exercise.error.status === 404) return <NotFoundPage backTo="/exercises" />;
  if (exercise.error || !exercise.data) return <Alert type="error" showIcon message={translateError(t, exercise.error)} />;
  const e = exercise.data;
  return (
    <div data-testid="exercise-page">
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/exercises">
          <Button icon={<ArrowLeftOutlined />}>{t('exercises.title')}</Button>
        </Link>
      </Space>
      <div
        role="status"
        style={{
          background: '#fff1b8',
          border: '2px dashed #d48806',
          color: '#873800',
          padding: '6px 12px',
          marginBottom: 12,
          fontWeight: 600,
        }}
      >
        {t('exercises.banner.label')} · {t('exercises.banner.text')}
      </div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {e.title}
          </Typography.Title>
          <Tag>{t(`exercises.type.${e.type}`)}</Tag>
          <Tag color={STATUS_COLOURS[e.status]} data-testid="exercise-status">
            {t(`exercises.status.${e.status}`)}
          </Tag>
        </Space>
        {e.canManage && e.status !== 'closed' && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('exercises.edit')}
          </Button>
        )}
      </Space>
      <Console exercise={e} receivedAt={exercise.dataUpdatedAt} />
      <Tabs
        style={{ marginTop: 12 }}
        items={[
          { key: 'msel', label: t('exercises.msel.title'), children: <Msel exercise={e} /> },
          { key: 'score', label: t('exercises.score.title'), children: <ScorecardView exercise={e} card={scorecard.data} /> },
          { key: 'ratings', label: t('exercises.ratings.title'), children: <Ratings exercise={e} card={scorecard.data} /> },
          { key: 'plan', label: t('exercises.plan'), children: <Plan exercise={e} /> },
        ]}
      />
      {editing && (
        <ExerciseForm
          exercise={e}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void exercise.refetch();
          }}
        />
      )}
    </div>
  );
}

function Console({ exercise: e, receivedAt }: { exercise: Exercise; receivedAt: number }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (e.status !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [e.status]);
  // the clock's due injects fire on the server (every minute); refetch to see them
  useEffect(() => {
    if (e.status !== 'running') return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: ['exercises'] }), 20_000);
    return () => clearInterval(timer);
  }, [e.status, queryClient]);

  async function control(action: 'start' | 'pause' | 'resume' | 'stop' | 'close') {
    setBusy(true);
    try {
      await typedApi.post(`/api/exercises/{id}/${action}`, { path: { id: e.id } });
      await queryClient.invalidateQueries({ queryKey: ['exercises'] });
    } catch (error) {
      message.error(translateError(t, error));
    } finally {
      setBusy(false);
    }
  }
  const name = (x: { name: string; nameEn: string }) => (en && x.nameEn ? x.nameEn : x.name);
  return (
    <Card title={t('exercises.console.title')} size="small">
      <Row gutter={16} align="middle">
        <Col xs={24} md={8}>
          <Statistic
            title={t('exercises.fields.clock')}
            value={`T+${formatClock(clockNow(e, receivedAt, now))}`}
            valueStyle={{ fontVariantNumeric: 'tabular-nums', fontSize: 36 }}
            data-testid="exercise-clock"
          />
        </Col>
        <Col xs={24} md={16}>
          {e.canManage && (
            <Space wrap>
              {e.status === 'planned' && (
                <Button
                  type="primary"
                  icon={<CaretRightOutlined />}
                  loading={busy}
                  onClick={() => control('start')}
                  data-testid="exercise-start"
                >
                  {t('exercises.console.start')}
                </Button>
              )}
              {e.status === 'running' && (
                <Button icon={<PauseOutlined />} loading={busy} onClick={() => control('pause')}>
                  {t('exercises.console.pause')}
                </Button>
              )}
              {e.status === 'paused' && (
                <Button type="primary" icon={<CaretRightOutlined />} loading={busy} onClick={() => control('resume')}>
                  {t('exercises.console.resume')}
                </Button>
              )}
              {(e.status === 'running' || e.status === 'paused') && (
                <Popconfirm title={t('exercises.console.stopConfirm')} onConfirm={() => control('stop')}>
                  <Button danger icon={<StopOutlined />} loading={busy} data-testid="exercise-stop">
                    {t('exercises.console.stop')}
                  </Button>
                </Popconfirm>
              )}
              {e.status === 'stopped' && (
                <Popconfirm title={t('exercises.console.closeConfirm')} onConfirm={() => control('close')}>
                  <Button loading={busy} data-testid="exercise-close">
                    {t('exercises.console.close')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
          <div style={{ marginTop: 8 }}>
            <Typography.Text strong>{t('exercises.console.records')}：</Typography.Text>
            <Typography.Text>
              {t('exercises.console.recordCounts', { cases: e.records.cases, feeds: e.records.feedCounts })}
            </Typography.Text>
          </div>
          <Space wrap style={{ marginTop: 4 }} data-testid="exercise-records">
            {e.records.alerts.map((a) => (
              <Link key={a.id} to={`/alerts/${a.id}`}>
                <Tag color="gold">
                  {t('exercises.console.alerts')} {a.code} · {a.status}
                </Tag>
              </Link>
            ))}
            {e.records.incidents.map((i) => (
              <Link key={i.id} to={`/incidents/${i.id}`}>
                <Tag color="gold">
                  {t('exercises.console.incidents')} {i.code}
                  {i.responseLevel ? ` · ${i.responseLevel}` : ''}
                </Tag>
              </Link>
            ))}
          </Space>
          <div>
            <Typography.Text type="secondary">{name(e.jurisdiction)}</Typography.Text>
          </div>
        </Col>
      </Row>
    </Card>
  );
}

function resultText(t: (k: string, o?: Record<string, unknown>) => string, i: ExerciseInject): string {
  type Figures = { usable: number; daysOfCover: number | null };
  const r = (i.result ?? {}) as {
    cases?: number;
    feedCounts?: number;
    notified?: number;
    detection?: { alertsCreated?: number };
    linkedIncidents?: string[];
    stock?: { real: Figures; exercise: Figures };
  };
  const parts: string[] = [];
  if (r.cases !== undefined) parts.push(t('exercises.msel.resultCases', { n: r.cases }));
  if (r.linkedIncidents?.length) parts.push(t('exercises.msel.resultLinked', { n: r.linkedIncidents.length }));
  if (r.stock)
    parts.push(
      t('exercises.msel.resultStock', {
        usable: r.stock.exercise.usable,
        days: r.stock.exercise.daysOfCover ?? '—',
        realUsable: r.stock.real.usable,
        realDays: r.stock.real.daysOfCover ?? '—',
      }),
    );
  if (r.feedCounts !== undefined) parts.push(t('exercises.msel.resultFeed', { n: r.feedCounts }));
  if (r.notified !== undefined) parts.push(t('exercises.msel.resultNotified', { n: r.notified }));
  if (r.detection?.alertsCreated !== undefined) parts.push(t('exercises.msel.resultAlerts', { n: r.detection.alertsCreated }));
  return parts.join(' · ');
}

function Msel({ exercise: e }: { exercise: Exercise }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [firing, setFiring] = useState<string | null>(null);
  async function fire(injectId: string) {
    setFiring(injectId);
    try {
      await typedApi.post('/api/exercises/{id}/injects/{injectId}/fire', { path: { id: e.id, injectId } });
      await queryClient.invalidateQueries({ queryKey: ['exercises'] });
    } catch (error) {
      message.error(translateError(t, error));
    } finally {
      setFiring(null);
    }
  }
  if (e.injects.length === 0) return <Typography.Text type="secondary">{t('exercises.msel.none')}</Typography.Text>;
  return (
    <Timeline
      data-testid="msel-timeline"
      items={e.injects.map((i) => ({
        color: i.firedAt ? 'green' : i.due ? 'red' : 'gray',
        children: (
          <div data-testid="msel-inject">
            <Space wrap>
              <Typography.Text strong>T+{i.offsetMinutes}′</Typography.Text>
              <Tag>{t(`exercises.kind.${i.kind}`)}</Tag>
              <Typography.Text>{i.title}</Typography.Text>
              {i.expectedAction !== 'none' && (
                <Tag color="purple">
                  {t(`exercises.action.${i.expectedAction}`)}
                  {i.targetMinutes ? ` ≤ ${i.targetMinutes}′` : ''}
                </Tag>
              )}
              {i.firedAt ? (
                <Tag color="green">
                  {t('exercises.msel.fired')} {formatDateTime(i.firedAt, { seconds: true })}
                </Tag>
              ) : (
                <Tag color={i.due ? 'red' : 'default'}>{i.due ? t('exercises.msel.due') : t('exercises.msel.waiting')}</Tag>
              )}
              {!i.firedAt && e.canManage && e.status === 'running' && (
                <Button size="small" loading={firing === i.id} onClick={() => fire(i.id)}>
                  {t('exercises.msel.fireNow')}
                </Button>
              )}
            </Space>
            {i.firedAt && <div style={{ color: '#666' }}>{resultText(t, i)}</div>}
          </div>
        ),
      }))}
    />
  );
}

function ScorecardView({ exercise: e, card }: { exercise: Exercise; card: Scorecard | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [drafting, setDrafting] = useState(false);
  if (!card) return <PageSpinner />;
  async function draftReview() {
    setDrafting(true);
    try {
      const r = await typedApi.post('/api/exercises/{id}/review', { path: { id: e.id } });
      message.success(t('exercises.score.reviewCreated', { code: r.code }));
      await queryClient.invalidateQueries({ queryKey: ['exercises'] });
    } catch (error) {
      message.error(translateError(t, error));
    } finally {
      setDrafting(false);
    }
  }
  return (
    <div data-testid="exercise-scorecard">
      <Typography.Paragraph data-testid="score-summary">{t('exercises.score.summary', card.summary)}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="injectId"
        pagination={false}
        scroll={{ x: 700 }}
        dataSource={card.actions.filter((a) => a.status !== 'not_timed')}
        columns={[
          { title: t('exercises.msel.injectTitle'), render: (_, a) => `T+${a.offsetMinutes}′ ${a.injectTitle}` },
          { title: t('exercises.msel.expectedAction'), render: (_, a) => t(`exercises.action.${a.expectedAction}`) },
          { title: t('exercises.score.firedAt'), render: (_, a) => (a.firedAt ? formatDateTime(a.firedAt, { seconds: true }) : '—') },
          { title: t('exercises.score.doneAt'), render: (_, a) => (a.doneAt ? formatDateTime(a.doneAt, { seconds: true }) : '—') },
          { title: t('exercises.score.minutes'), align: 'right', render: (_, a) => a.minutes ?? '—' },
          { title: t('exercises.score.target'), align: 'right', render: (_, a) => a.targetMinutes ?? '—' },
          {
            title: t('exercises.score.outcome'),
            render: (_, a) => (
              <Tag color={SCORE_COLOURS[a.status]} data-testid={`score-${a.expectedAction}`}>
                {t(`exercises.score.status.${a.status}`)}
              </Tag>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <a href={`/api/exercises/${e.id}/report.pdf`} download>
          <Button icon={<FilePdfOutlined />}>{t('exercises.score.pdf')}</Button>
        </a>
        {e.reviewId ? (
          <Link to={`/assessment/reviews/${e.reviewId}`}>
            <Button>{t('exercises.score.openReview')}</Button>
          </Link>
        ) : (
          e.canManage &&
          (e.status === 'stopped' || e.status === 'closed') && (
            <Button type="primary" loading={drafting} onClick={draftReview}>
              {t('exercises.score.review')}
            </Button>
          )
        )}
      </Space>
    </div>
  );
}

function Ratings({ exercise: e, card }: { exercise: Exercise; card: Scorecard | undefined }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  if (!card) return <PageSpinner />;
  return (
    <List
      data-testid="exercise-ratings"
      dataSource={card.criticalTasks}
      locale={{ emptyText: t('exercises.ratings.none') }}
      renderItem={(task) => (
        <List.Item>
          <div style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{en && task.titleEn ? task.titleEn : task.title}</Typography.Text>
              <Tag color={task.consensus === 'P' ? 'green' : task.consensus === 'S' ? 'blue' : task.consensus ? 'red' : 'default'}>
                {t('exercises.ratings.consensus')}: {task.consensus ? t(`exercises.rating.${task.consensus}`) : '—'}
              </Tag>
            </Space>
            {task.ratings.map((r) => (
              <div key={r.evaluator.id} style={{ color: '#555' }}>
                {r.evaluator.displayName}: {r.rating} {r.notes && `— ${r.notes}`}
              </div>
            ))}
            {e.canRate && <RateForm exerciseId={e.id} taskKey={task.key} />}
          </div>
        </List.Item>
      )}
    />
  );
}

function RateForm({ exerciseId, taskKey }: { exerciseId: string; taskKey: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ rating: (typeof RATINGS)[number]; notes?: string }>();
  const [saving, setSaving] = useState(false);
  async function save(v: { rating: (typeof RATINGS)[number]; notes?: string }) {
    setSaving(true);
    try {
      await typedApi.put('/api/exercises/{id}/ratings/{taskKey}', {
        path: { id: exerciseId, taskKey },
        body: { rating: v.rating, notes: v.notes ?? '' },
      });
      message.success(t('exercises.ratings.saved'));
      await queryClient.invalidateQueries({ queryKey: ['exercises'] });
    } catch (error) {
      message.error(translateError(t, error));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Form form={form} layout="inline" onFinish={save} style={{ marginTop: 8, rowGap: 8 }} aria-label={t('exercises.ratings.mine')}>
      <Form.Item name="rating" rules={[{ required: true }]}>
        <Select
          style={{ width: 220 }}
          placeholder={t('exercises.ratings.mine')}
          options={RATINGS.map((r) => ({ value: r, label: t(`exercises.rating.${r}`) }))}
        />
      </Form.Item>
      <Form.Item name="notes">
        <Input placeholder={t('exercises.ratings.notes')} maxLength={4000} style={{ width: 280 }} />
      </Form.Item>
      <Button htmlType="submit" loading={saving}>
        {t('exercises.ratings.rate')}
      </Button>
    </Form>
  );
}

function Plan({ exercise: e }: { exercise: Exercise }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const name = (x: { name: string; nameEn: string }) => (en && x.nameEn ? x.nameEn : x.name);
  return (
    <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
      <Descriptions.Item label={t('exercises.fields.scheduledDate')}>{e.scheduledDate}</Descriptions.Item>
      <Descriptions.Item label={t('exercises.fields.area')}>{name(e.jurisdiction)}</Descriptions.Item>
      <Descriptions.Item label={t('exercises.fields.objectives')} span={2}>
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {e.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ol>
      </Descriptions.Item>
      <Descriptions.Item label={t('exercises.fields.scenario')} span={2}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{e.scenario || '—'}</Typography.Paragraph>
      </Descriptions.Item>
      <Descriptions.Item label={t('exercises.fields.agencies')}>{e.participantAgencies.map(name).join('、') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('exercises.fields.townships')}>{e.participantTownships.map(name).join('、') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('exercises.fields.evaluators')}>
        {e.evaluators.map((p) => p.displayName).join('、') || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('exercises.fields.testChannel')}>{e.testChannel?.name ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}
