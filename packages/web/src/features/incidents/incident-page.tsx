/**
 * An incident under command: the level banner (coloured by level), the level, stand-down and staffing dialogs,
 * the command structure, the timeline with the significant-events log, the outbreak's cases (line list, link and
 * unlink by hand), and links to the incident's task board
 * and command dashboard. Updates live (topic 'incidents').
 */
import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  DashboardOutlined,
  EditOutlined,
  FlagOutlined,
  PoweroffOutlined,
  UnorderedListOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
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
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { inLanguage } from '../../app/bilingual-text.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { useAgencyIndex } from '../plans/plan-page.tsx';
import { LEVEL_COLOURS } from '../plans/plans-api.ts';
import { IncidentCasesPanel } from './incident-cases.tsx';
import { useEventText } from './incident-event-text.ts';
import { EditIncidentDialog, LevelDialog, StaffDialog, StandDownDialog } from './incident-dialogs.tsx';
import { type Incident, type IncidentRoleView, useIncident, usePeople, useTimeline } from './incidents-api.ts';
import { ExerciseBanner } from '../../app/exercise-banner.tsx';

function LevelBanner({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const level = incident.responseLevel;
  const colours = level ? LEVEL_COLOURS[level] : { background: '#fafafa', border: '#d9d9d9', text: '#595959' };
  const activation = level ? incident.activations.find((a) => a.level === level) : undefined;
  return (
    <div
      role="status"
      aria-label={t('incidents.levelBanner')}
      style={{
        background: colours.background,
        borderLeft: `6px solid ${colours.border}`,
        color: colours.text,
        padding: '12px 16px',
        borderRadius: 6,
        marginBottom: 16,
      }}
    >
      <Typography.Text strong style={{ color: colours.text, fontSize: 18 }}>
        {incident.status === 'closed'
          ? t('incidents.bannerClosed', { date: formatDateTime(incident.closedAt!) })
          : level
            ? t('incidents.bannerLevel', { level: t(`plans.levels.${level}`) })
            : t('incidents.bannerNoLevel')}
      </Typography.Text>
      {activation && <div>{t('incidents.activatedAt', { time: formatDateTime(activation.activatedAt), count: activation.taskCount })}</div>}
    </div>
  );
}

function LogForm({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ occurredAt?: Dayjs; text: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['occurredAt', 'text'],
    (values: { occurredAt?: Dayjs; text: string }) =>
      api.post(`/api/incidents/${incidentId}/log`, {
        text: values.text,
        ...(values.occurredAt ? { occurredAt: values.occurredAt.toISOString() } : {}),
      }),
    async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['incidents', 'timeline', incidentId] });
    },
  );
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ occurredAt: dayjs() }} aria-label={t('incidents.logTitle')}>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 8 }} />}
      <Row gutter={8}>
        <Col xs={24} md={7}>
          <Form.Item name="occurredAt" label={t('incidents.logTime')} style={{ marginBottom: 8 }}>
            <DistrictDatePicker showTime aria-label={t('incidents.logTime')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={17}>
          <Form.Item
            name="text"
            label={t('incidents.logText')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea aria-label={t('incidents.logText')} autoSize={{ minRows: 1, maxRows: 6 }} maxLength={4000} />
          </Form.Item>
        </Col>
      </Row>
      <Button htmlType="submit" loading={saving}>
        {t('incidents.addLog')}
      </Button>
    </Form>
  );
}

export function IncidentPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const incident = useIncident(id);
  const timeline = useTimeline(id);
  const canCommand = hasRight(me.data, RIGHTS.incidentsCommand);
  const canLevel = hasRight(me.data, RIGHTS.responseLevel);
  const peopleQuery = usePeople(id);
  const people = useMemo(() => peopleQuery.data ?? [], [peopleQuery.data]);
  const peopleById = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const agencyIndex = useAgencyIndex();
  const agencies = useMemo(() => [...agencyIndex.values()].sort((a, b) => a.code.localeCompare(b.code)), [agencyIndex]);
  useLiveInvalidate('incidents', [['incidents'], ['case-line-list', `/api/incidents/${id}/cases`]]);
  const [dialog, setDialog] = useState<'level' | 'standDown' | 'staff' | 'edit' | null>(null);
  const eventText = useEventText(peopleById, incident.data);

  if (incident.error instanceof ApiError && incident.error.status === 404) return <NotFoundPage backTo="/incidents" />;
  if (incident.error) return <Alert type="error" showIcon message={translateError(t, incident.error)} />;
  if (!incident.data) return <Skeleton active />;
  const record = incident.data;
  const open = record.status === 'open';
  const en = i18n.language === 'en';

  async function relieve(role: IncidentRoleView) {
    try {
      await api.delete(`/api/incidents/${record.id}/roles/${role.id}`);
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
    } catch (error) {
      message.error(translateError(t, error));
    }
  }

  return (
    <div>
      <ExerciseBanner exerciseId={record.exerciseId} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Link to="/incidents">
          <Button icon={<ArrowLeftOutlined />}>{t('incidents.title')}</Button>
        </Link>
        <Link to={`/incidents/${record.id}/tasks`}>
          <Button icon={<UnorderedListOutlined />}>{t('incidents.taskBoard')}</Button>
        </Link>
        <Link to={`/incidents/${record.id}/command`}>
          <Button icon={<DashboardOutlined />}>{t('incidents.commandDashboard')}</Button>
        </Link>
      </Space>
      <Card
        title={
          <Space wrap>
            <Typography.Text type="secondary">{record.code}</Typography.Text>
            <Typography.Text strong>{record.title}</Typography.Text>
            <Tag color={open ? 'processing' : 'default'}>{t(`incidents.status.${record.status}`)}</Tag>
          </Space>
        }
        extra={
          open && (
            <Space wrap>
              {canCommand && (
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                  {t('common.edit')}
                </Button>
              )}
              {canLevel && (
                <Button type="primary" icon={<FlagOutlined />} onClick={() => setDialog('level')}>
                  {record.responseLevel ? t('incidents.changeLevel') : t('incidents.activate')}
                </Button>
              )}
              {canCommand && canLevel && (
                <Button danger icon={<PoweroffOutlined />} onClick={() => setDialog('standDown')}>
                  {t('incidents.standDown')}
                </Button>
              )}
            </Space>
          )
        }
        style={{ marginBottom: 16 }}
      >
        <LevelBanner incident={record} />
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('incidents.fields.disease')}>
            {(en ? record.diseaseNameEn : record.diseaseName) ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('incidents.fields.area')}>
            {en ? record.jurisdictionNameEn || record.jurisdictionName : record.jurisdictionName}
          </Descriptions.Item>
          <Descriptions.Item label={t('incidents.fields.startedAt')}>{formatDateTime(record.startedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.fields.plan')}>
            {record.planId ? <Link to={`/plans/${record.planId}`}>{en ? record.planNameEn : record.planName}</Link> : t('incidents.noPlan')}
          </Descriptions.Item>
          <Descriptions.Item label={t('incidents.fields.alert')}>
            {record.alertId ? <Link to={`/alerts/${record.alertId}`}>{record.alertCode}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('incidents.openedBy')}>{record.createdBy?.displayName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.activations')} span={3}>
            {record.activations.length === 0
              ? '—'
              : record.activations.map((a) => (
                  <Tag key={a.activatedAt} color={a.level ? LEVEL_COLOURS[a.level].tag : undefined}>
                    {t('incidents.activation', {
                      level: t(`incidents.levelShort.${a.level}`),
                      time: formatDateTime(a.activatedAt),
                      count: a.taskCount,
                    })}
                  </Tag>
                ))}
          </Descriptions.Item>
          {record.description && (
            <Descriptions.Item label={t('incidents.fields.description')} span={3}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{record.description}</span>
            </Descriptions.Item>
          )}
          {record.summary && (
            <Descriptions.Item label={t('incidents.summary')} span={3}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{record.summary}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card
            title={
              <Space>
                <ApartmentOutlined />
                {t('incidents.commandStructure')}
              </Space>
            }
            extra={
              open &&
              canCommand && (
                <Button icon={<UserAddOutlined />} onClick={() => setDialog('staff')}>
                  {t('incidents.staff')}
                </Button>
              )
            }
            style={{ marginBottom: 16 }}
          >
            <Table<IncidentRoleView>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={record.roles}
              aria-label={t('incidents.commandStructure')}
              locale={{ emptyText: t('incidents.noStaff') }}
              columns={[
                {
                  title: t('incidents.post'),
                  render: (_, r) => (
                    <>
                      <div>{t(`incidents.roles.${r.role}`)}</div>
                      <Typography.Text type="secondary">
                        {[en ? r.workingGroupNameEn : r.workingGroupName, en ? r.agencyNameEn : r.agencyName].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </>
                  ),
                },
                { title: t('incidents.person'), render: (_, r) => r.user.displayName },
                ...(open && canCommand
                  ? [
                      {
                        title: t('common.actions'),
                        width: 90,
                        render: (_: unknown, r: IncidentRoleView) => (
                          <Popconfirm title={t('incidents.relieveConfirm', { person: r.user.displayName })} onConfirm={() => relieve(r)}>
                            <Button size="small" aria-label={t('incidents.relieveLabel', { person: r.user.displayName })}>
                              {t('incidents.relieve')}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('incidents.timeline')} style={{ marginBottom: 16 }}>
            {open && canCommand && (
              <div style={{ marginBottom: 16 }}>
                <Typography.Title level={5}>{t('incidents.logTitle')}</Typography.Title>
                <LogForm incidentId={record.id} />
              </div>
            )}
            {timeline.error && <Alert type="error" showIcon message={translateError(t, timeline.error)} />}
            <Timeline
              mode="start"
              items={[...(timeline.data ?? [])].reverse().map((e) => ({
                key: e.id,
                color: e.kind.startsWith('level')
                  ? e.toLevel
                    ? LEVEL_COLOURS[e.toLevel].border
                    : 'gray'
                  : e.kind === 'log'
                    ? 'blue'
                    : e.kind === 'stand_down'
                      ? 'green'
                      : 'gray',
                content: (
                  <div>
                    <Typography.Text type="secondary">{formatDateTime(e.occurredAt)}</Typography.Text>
                    {e.kind === 'log' && <Tag style={{ marginLeft: 8 }}>{t('incidents.events.log')}</Tag>}
                    <div style={{ whiteSpace: 'pre-wrap' }}>{eventText(e)}</div>
                    {e.kind !== 'log' && e.text && e.kind !== 'opened' && (
                      <div style={{ whiteSpace: 'pre-wrap', color: '#595959' }}>
                        {t('incidents.reasonIs', { reason: inLanguage(e.text, i18n.language) })}
                      </div>
                    )}
                    {typeof e.data.tasksCreated === 'number' && e.data.tasksCreated > 0 && (
                      <div>{t('incidents.tasksLaunched', { count: e.data.tasksCreated })}</div>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[
                        e.author && t('incidents.by', { person: e.author.displayName }),
                        e.approver && t('incidents.approvedBy', { person: e.approver.displayName }),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('incidents.cases.title')} style={{ marginBottom: 16 }} data-testid="incident-cases">
        <IncidentCasesPanel incident={record} canCommand={canCommand} />
      </Card>
      <LevelDialog incident={record} people={people} open={dialog === 'level'} onClose={() => setDialog(null)} />
      <StandDownDialog incident={record} people={people} open={dialog === 'standDown'} onClose={() => setDialog(null)} />
      <EditIncidentDialog incident={record} open={dialog === 'edit'} onClose={() => setDialog(null)} />
      <StaffDialog incident={record} people={people} agencies={agencies} open={dialog === 'staff'} onClose={() => setDialog(null)} />
    </div>
  );
}
