/**
 * Training: readiness per township or agency for a course (who is current, expiring soon, expired, untrained),
 * sessions (plan one), certificates by standing, and the course catalogue.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import type dayjs from 'dayjs';
import { districtWallTime } from '../../app/district-dayjs.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { api, queryClient } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import {
  AUDIENCES,
  type Certificate,
  type Readiness,
  type Session,
  TOPICS,
  createCourse,
  createSession,
  nameIn,
  standingColour,
  titleIn,
  useCertificates,
  useCourses,
  useReadiness,
  useSessions,
} from './training-api.ts';

export function TrainingPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'readiness';
  useLiveInvalidate('training', [['training']]);
  return (
    <div>
      <Typography.Title level={3}>{t('training.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('training.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'readiness', label: t('training.tabs.readiness'), children: <ReadinessTab /> },
          { key: 'sessions', label: t('training.tabs.sessions'), children: <SessionsTab /> },
          { key: 'certificates', label: t('training.tabs.certificates'), children: <CertificatesTab /> },
          { key: 'courses', label: t('training.tabs.courses'), children: <CoursesTab /> },
        ]}
      />
    </div>
  );
}

function ReadinessTab() {
  const { t, i18n } = useTranslation();
  const courses = useCourses();
  const [courseId, setCourseId] = useState<string | undefined>();
  const [by, setBy] = useState<'township' | 'agency'>('township');
  const chosen = courseId ?? courses.data?.items[0]?.id;
  const readiness = useReadiness(chosen, by);
  const r = readiness.data;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 260 }}
          value={chosen}
          onChange={setCourseId}
          options={courses.data?.items.map((c) => ({ value: c.id, label: titleIn(i18n.language, c) }))}
          aria-label={t('training.course')}
          data-testid="readiness-course"
        />
        <Radio.Group
          value={by}
          onChange={(e) => setBy(e.target.value)}
          optionType="button"
          options={[
            { value: 'township', label: t('training.byTownship') },
            { value: 'agency', label: t('training.byAgency') },
          ]}
        />
      </Space>
      {readiness.error && <Alert type="error" showIcon message={translateError(t, readiness.error)} />}
      {r && (
        <>
          <Space wrap size="large" style={{ marginBottom: 12 }} data-testid="readiness-totals">
            <Progress type="circle" size={72} percent={r.totals.readyPercent ?? 0} />
            {(['current', 'expiring', 'expired', 'untrained'] as const).map((s) => (
              <Tag key={s} color={standingColour(s)}>
                {t(`training.standings.${s}`)} {r.totals[s]}
              </Tag>
            ))}
            <Typography.Text type="secondary">{t('training.expiringWithin', { n: r.withinDays })}</Typography.Text>
          </Space>
          <Table<Readiness['groups'][number]>
            size="small"
            rowKey={(g) => `${g.kind}:${g.id ?? ''}`}
            pagination={false}
            scroll={{ x: 560 }}
            dataSource={r.groups}
            data-testid="readiness-groups"
            columns={[
              {
                title: by === 'township' ? t('training.township') : t('training.agency'),
                key: 'name',
                render: (_, g) => nameIn(i18n.language, g),
              },
              { title: t('training.people'), dataIndex: 'people', align: 'right' },
              { title: t('training.standings.current'), dataIndex: 'current', align: 'right' },
              { title: t('training.standings.expiring'), dataIndex: 'expiring', align: 'right' },
              { title: t('training.standings.expired'), dataIndex: 'expired', align: 'right' },
              { title: t('training.standings.untrained'), dataIndex: 'untrained', align: 'right' },
              {
                title: t('training.ready'),
                key: 'ready',
                render: (_, g) => (g.readyPercent === null ? '—' : `${g.readyPercent}%`),
                align: 'right',
              },
            ]}
          />
          <Card size="small" title={t('training.whoIsTrained')} style={{ marginTop: 12 }}>
            <ResponsiveTable<Readiness['people'][number]>
              size="small"
              rowKey={(p) => `${p.kind}:${p.id}`}
              dataSource={r.people}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              data-testid="readiness-people"
              cardTitle={['name']}
              columns={[
                {
                  title: t('training.person'),
                  key: 'name',
                  render: (_, p) => `${p.name}${p.kind === 'volunteer' ? ` · ${t('training.volunteer')}` : ''}`,
                },
                {
                  title: by === 'township' ? t('training.township') : t('training.agency'),
                  key: 'group',
                  render: (_, p) => (i18n.language.startsWith('en') ? p.groupEn : p.group),
                },
                {
                  title: t('training.standing'),
                  key: 'standing',
                  render: (_, p) => (
                    <Tag color={standingColour(p.standing)} data-testid="readiness-standing">
                      {t(`training.standings.${p.standing}`)}
                    </Tag>
                  ),
                },
                {
                  title: t('training.expiresOn'),
                  key: 'expires',
                  render: (_, p) => p.expiresOn ?? (p.certificateCode ? t('training.noExpiry') : '—'),
                },
                { title: t('training.certificate'), dataIndex: 'certificateCode', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}

function SessionsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const sessions = useSessions({});
  const [planning, setPlanning] = useState(false);
  return (
    <div>
      {hasRight(me.data, RIGHTS.trainingManage) && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setPlanning(true)} data-testid="session-new">
          {t('training.planSession')}
        </Button>
      )}
      <ResponsiveTable<Session>
        size="small"
        rowKey="id"
        loading={sessions.isFetching}
        dataSource={sessions.data?.items ?? []}
        data-testid="session-list"
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        cardTitle={['course']}
        columns={[
          {
            title: t('training.course'),
            key: 'course',
            render: (_, s) => <Link to={`/training/sessions/${s.id}`}>{titleIn(i18n.language, s.course)}</Link>,
          },
          { title: t('training.when'), key: 'when', render: (_, s) => formatDateTime(s.startsAt) },
          {
            title: t('training.where'),
            key: 'where',
            render: (_, s) => [nameIn(i18n.language, s.jurisdiction), s.location].filter(Boolean).join(' · '),
          },
          {
            title: t('training.attendance'),
            key: 'att',
            render: (_, s) => t('training.presentOf', { present: s.present, enrolled: s.enrolled }),
          },
          { title: t('training.status'), key: 'status', render: (_, s) => <Tag>{t(`training.sessionStatuses.${s.status}`)}</Tag> },
        ]}
      />
      {planning && <SessionForm onClose={() => setPlanning(false)} />}
    </div>
  );
}

function SessionForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const courses = useCourses();
  const [error, setError] = useState<unknown>(null);
  const places = useQuery({
    queryKey: ['training', 'places'],
    queryFn: async () => (await api.get<{ items: Schemas['Jurisdiction'][] }>('/api/jurisdictions')).items,
  });
  return (
    <Modal open title={t('training.planSession')} onCancel={onClose} footer={null} width={Math.min(600, window.innerWidth)} destroyOnHidden>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Form
        layout="vertical"
        initialValues={{ startsAt: districtWallTime(7, 9), hours: 3 }}
        onFinish={async (v: {
          courseId: string;
          jurisdictionId: string;
          startsAt: dayjs.Dayjs;
          hours: number;
          location?: string;
          trainer?: string;
          capacity?: number;
        }) => {
          setError(null);
          try {
            const created = await createSession({
              courseId: v.courseId,
              jurisdictionId: v.jurisdictionId,
              startsAt: v.startsAt.toISOString(),
              endsAt: v.startsAt.add(v.hours * 60, 'minute').toISOString(),
              location: v.location ?? '',
              trainer: v.trainer ?? '',
              capacity: v.capacity ?? null,
            });
            await queryClient.invalidateQueries({ queryKey: ['training'] });
            navigate(`/training/sessions/${created.id}`);
          } catch (e) {
            setError(e);
          }
        }}
      >
        <Form.Item name="courseId" label={t('training.course')} rules={[{ required: true, message: t('training.required') }]}>
          <Select options={courses.data?.items.map((c) => ({ value: c.id, label: titleIn(i18n.language, c) }))} />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={t('training.where')} rules={[{ required: true, message: t('training.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={places.data?.map((j) => ({ value: j.id, label: nameIn(i18n.language, j) }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsAt" label={t('training.when')} rules={[{ required: true, message: t('training.required') }]}>
            <DistrictDatePicker showTime />
          </Form.Item>
          <Form.Item name="hours" label={t('training.hours')}>
            <InputNumber min={0.5} max={168} step={0.5} />
          </Form.Item>
          <Form.Item name="capacity" label={t('training.capacity')}>
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="location" label={t('training.location')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="trainer" label={t('training.trainer')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('training.planSession')}
        </Button>
      </Form>
    </Modal>
  );
}

function CertificatesTab() {
  const { t, i18n } = useTranslation();
  const [standing, setStanding] = useState<string | undefined>('expiring');
  const [page, setPage] = useState(1);
  const certificates = useCertificates({ standing, page, pageSize: 100 });
  return (
    <div>
      <Radio.Group
        value={standing ?? 'all'}
        onChange={(e) => {
          setStanding(e.target.value === 'all' ? undefined : e.target.value);
          setPage(1);
        }}
        optionType="button"
        style={{ marginBottom: 12 }}
        options={['expiring', 'expired', 'current', 'all'].map((s) => ({
          value: s,
          label: s === 'all' ? t('training.all') : t(`training.standings.${s}`),
        }))}
      />
      <ResponsiveTable<Certificate>
        size="small"
        rowKey="id"
        loading={certificates.isFetching}
        dataSource={certificates.data?.items ?? []}
        data-testid="certificate-list"
        pagination={{ current: page, pageSize: 100, total: certificates.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        cardTitle={['person']}
        columns={[
          {
            title: t('training.person'),
            key: 'person',
            render: (_, c) => `${c.person.name}${c.person.kind === 'volunteer' ? ` · ${t('training.volunteer')}` : ''}`,
          },
          { title: t('training.course'), key: 'course', render: (_, c) => titleIn(i18n.language, c.course) },
          { title: t('training.certificate'), dataIndex: 'code' },
          { title: t('training.issuedOn'), dataIndex: 'issuedOn' },
          { title: t('training.expiresOn'), key: 'exp', render: (_, c) => c.expiresOn ?? t('training.noExpiry') },
          {
            title: t('training.standing'),
            key: 'standing',
            render: (_, c) => <Tag color={standingColour(c.standing)}>{t(`training.standings.${c.standing}`)}</Tag>,
          },
          {
            title: t('training.where'),
            key: 'where',
            render: (_, c) =>
              [nameIn(i18n.language, c.jurisdiction), c.agency ? nameIn(i18n.language, c.agency) : ''].filter(Boolean).join(' · '),
          },
        ]}
      />
    </div>
  );
}

function CoursesTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const courses = useCourses();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      {hasRight(me.data, RIGHTS.trainingManage) && (
        <Button style={{ marginBottom: 12 }} onClick={() => setAdding(true)}>
          {t('training.addCourse')}
        </Button>
      )}
      <ResponsiveTable<Schemas['TrainingCourse']>
        size="small"
        rowKey="id"
        dataSource={courses.data?.items ?? []}
        pagination={false}
        cardTitle={['title']}
        columns={[
          { title: t('training.course'), key: 'title', render: (_, c) => `${c.code} · ${titleIn(i18n.language, c)}` },
          { title: t('training.topic'), key: 'topic', render: (_, c) => t(`training.topics.${c.topic}`) },
          { title: t('training.audience'), key: 'aud', render: (_, c) => t(`training.audiences.${c.audience}`) },
          {
            title: t('training.validity'),
            key: 'val',
            render: (_, c) => (c.validityMonths ? t('training.months', { n: c.validityMonths }) : t('training.noExpiry')),
          },
          {
            title: t('training.description'),
            key: 'desc',
            render: (_, c) => (i18n.language.startsWith('en') ? c.descriptionEn || c.description : c.description),
          },
        ]}
      />
      {adding && (
        <Modal open title={t('training.addCourse')} onCancel={() => setAdding(false)} footer={null} destroyOnHidden>
          {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
          <Form
            layout="vertical"
            initialValues={{ topic: 'ppe', audience: 'staff', durationMinutes: 120, validityMonths: 12 }}
            onFinish={async (v: Schemas['TrainingCourseInput']) => {
              setError(null);
              try {
                await createCourse({ ...v, validityMonths: v.validityMonths ?? null });
                message.success(t('training.saved'));
                await queryClient.invalidateQueries({ queryKey: ['training'] });
                setAdding(false);
              } catch (e) {
                setError(e);
              }
            }}
          >
            <Form.Item
              name="code"
              label={t('training.code')}
              rules={[{ required: true, pattern: /^[A-Z0-9][A-Z0-9-]{1,31}$/, message: t('training.codeFormat') }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="title"
              label={t('training.titleZh')}
              rules={[{ required: true, message: t('training.required') }, { max: 200 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="titleEn"
              label={t('training.titleEn')}
              rules={[{ required: true, message: t('training.required') }, { max: 200 }]}
            >
              <Input />
            </Form.Item>
            <Space wrap>
              <Form.Item name="topic" label={t('training.topic')}>
                <Select style={{ width: 180 }} options={TOPICS.map((s) => ({ value: s, label: t(`training.topics.${s}`) }))} />
              </Form.Item>
              <Form.Item name="audience" label={t('training.audience')}>
                <Select style={{ width: 140 }} options={AUDIENCES.map((s) => ({ value: s, label: t(`training.audiences.${s}`) }))} />
              </Form.Item>
              <Form.Item name="validityMonths" label={t('training.validity')}>
                <InputNumber min={1} max={120} precision={0} />
              </Form.Item>
              <Form.Item name="durationMinutes" label={t('training.durationMinutes')}>
                <InputNumber min={1} max={10080} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item name="description" label={t('training.description')} rules={[{ max: 4000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="descriptionEn" label={t('training.descriptionEn')} rules={[{ max: 4000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('training.addCourse')}
            </Button>
          </Form>
        </Modal>
      )}
    </div>
  );
}
