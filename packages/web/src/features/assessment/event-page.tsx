/**
 * One event's 7-1-7: the four times and where each comes from (records that open), the three intervals against
 * their targets, the emergence correction (with a reason) and the bottlenecks chosen from the coded list.
 */
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { dayValue } from '../../app/district-dayjs.ts';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import {
  INTERVAL_NAMES,
  type IntervalName,
  type RecordRef,
  recordLink,
  type SevenOneSeven,
  TARGETS,
  useBottlenecks,
  useSevenOneSeven,
} from './assessment-api.ts';
import { IntervalTag } from './events-page.tsx';

export function EventPage() {
  const { kind, id } = useParams();
  const k = kind === 'alert' ? 'alert' : 'incident';
  const result = useSevenOneSeven(k, id);
  if (result.isPending) return <PageSpinner />;
  if (result.error || !result.data) return <NotFoundPage backTo="/assessment" />;
  return <EventView data={result.data} />;
}

function Records({ items }: { items: RecordRef[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Typography.Text type="secondary">{t('assessment.event.noRecords')}</Typography.Text>;
  return (
    <Space direction="vertical" size={2}>
      {items.map((r) => {
        const link = recordLink(r);
        const what =
          r.kind === 'correction'
            ? t('assessment.event.correction', { reason: r.label })
            : r.kind === 'case'
              ? r.label
                ? t('assessment.event.onset', { date: r.label })
                : ''
              : r.kind === 'task'
                ? r.label
                : t(`assessment.recordLabels.${r.label}`, { defaultValue: r.label });
        const text = `${r.code ? `${r.code} ` : ''}${what}${r.at ? ` · ${formatDateTime(r.at)}` : ''}`;
        return (
          <span key={`${r.kind}-${r.id}`}>
            {r.status && <Tag>{t(`tasks.statuses.${r.status}`, { defaultValue: r.status })}</Tag>}
            {link ? <Link to={link}>{text}</Link> : text}
          </span>
        );
      })}
    </Space>
  );
}

const TIME_OF: Record<string, keyof SevenOneSeven> = {
  emergence: 'emergenceAt',
  detection: 'detectedAt',
  notification: 'notifiedAt',
  response: 'respondedAt',
};

function EventView({ data }: { data: SevenOneSeven }) {
  const { t } = useTranslation();
  const me = useMe();
  const canManage = hasRight(me.data, RIGHTS.assessmentManage);
  const eventLink = data.event.kind === 'incident' ? `/incidents/${data.event.id}` : `/alerts/${data.event.id}`;
  return (
    <div>
      <Typography.Title level={3}>
        {t('assessment.event.title')} · <Link to={eventLink}>{data.event.code}</Link> {data.event.title}
        {data.event.exercise && (
          <Tag color="orange" style={{ marginLeft: 8 }} data-testid="exercise-tag">
            {t('assessment.modules.exercise')}
          </Tag>
        )}
      </Typography.Title>
      {data.event.exercise && <Alert type="warning" showIcon message={t('assessment.modules.exerciseNote')} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        {INTERVAL_NAMES.map((name) => (
          <Col xs={24} md={8} key={name}>
            <Card size="small" title={t(`assessment.intervals.${name}`)} data-testid={`interval-${name}`}>
              <Space direction="vertical">
                <IntervalTag interval={data[name]} testId={`interval-${name}-status`} />
                <Typography.Text type="secondary">{t('assessment.event.target', { days: TARGETS[name] })}</Typography.Text>
                {data.dataErrors.includes(name) && <Typography.Text type="danger">{t('assessment.event.dataError')}</Typography.Text>}
                {data.bottlenecks
                  .filter((b) => b.interval === name)
                  .map((b) => (
                    <Tag color="volcano" key={b.code} data-testid="bottleneck-tag" style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
                      {t('assessment.event.bottleneck')}：{me.data?.locale === 'en' ? b.nameEn : b.name}
                      {b.note ? `（${b.note}）` : ''}
                    </Tag>
                  ))}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title={t('assessment.event.times')} style={{ marginTop: 16 }}>
        <Descriptions column={1} size="small" bordered>
          {(['emergence', 'detection', 'notification', 'response'] as const).map((name) => (
            <Descriptions.Item key={name} label={t(`assessment.times.${name}`)}>
              <Space direction="vertical" size={4}>
                <strong>
                  {(data[TIME_OF[name]!] as string | null) ? formatDateTime(data[TIME_OF[name]!] as string) : t('assessment.unknown')}
                </strong>
                <Typography.Text type="secondary">{t(`assessment.event.source.${name}`)}</Typography.Text>
                <Records items={data.records[name]} />
              </Space>
            </Descriptions.Item>
          ))}
        </Descriptions>
        {data.emergence.source === 'correction' && (
          <Typography.Paragraph style={{ marginTop: 8 }}>
            {t('assessment.event.corrected', {
              computed: data.emergence.computedAt ? formatDate(data.emergence.computedAt) : t('assessment.unknown'),
              reason: data.emergence.reason,
            })}
          </Typography.Paragraph>
        )}
      </Card>
      {canManage && <NoteForm data={data} />}
    </div>
  );
}

type BottleneckCode = Schemas['SevenOneSevenNote']['bottlenecks'][number]['code'];

interface NoteValues {
  emergenceDay?: ReturnType<typeof dayValue> | null;
  emergenceReason?: string;
  bottlenecks: { interval: IntervalName; code: string; note?: string }[];
}

function NoteForm({ data }: { data: SevenOneSeven }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const bottlenecks = useBottlenecks();
  const [form] = Form.useForm<NoteValues>();
  const [saving, setSaving] = useState(false);
  const en = i18n.language.startsWith('en');
  const themes = bottlenecks.data?.themes ?? [];
  const options = themes.map((theme) => ({
    label: en ? theme.nameEn : theme.name,
    options: (bottlenecks.data?.items ?? [])
      .filter((b) => b.theme === theme.code)
      .map((b) => ({ value: b.code, label: en ? b.nameEn : b.name })),
  }));
  async function save(values: NoteValues) {
    setSaving(true);
    try {
      await typedApi.put('/api/assessment/717', {
        body: {
          ...(data.event.kind === 'incident' ? { incidentId: data.event.id } : { alertId: data.event.id }),
          emergenceAt: values.emergenceDay ? `${values.emergenceDay.format('YYYY-MM-DD')}T00:00:00+08:00` : null,
          emergenceReason: values.emergenceReason ?? '',
          bottlenecks: (values.bottlenecks ?? []).map((b) => ({
            interval: b.interval,
            code: b.code as BottleneckCode,
            note: b.note ?? '',
          })),
        },
      });
      void message.success(t('assessment.saved'));
      await queryClient.invalidateQueries({ queryKey: ['assessment'] });
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card size="small" title={t('assessment.event.editTitle')} style={{ marginTop: 16 }}>
      <Form<NoteValues>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          emergenceDay: data.emergence.source === 'correction' && data.emergenceAt ? dayValue(formatDate(data.emergenceAt)) : null,
          emergenceReason: data.emergence.reason,
          bottlenecks: data.bottlenecks.map((b) => ({ interval: b.interval, code: b.code, note: b.note })),
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="emergenceDay" label={t('assessment.event.emergenceDay')} extra={t('assessment.event.emergenceHelp')}>
              <DistrictDatePicker notFuture allowClear style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="emergenceReason" label={t('assessment.event.emergenceReason')}>
              <Input maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('assessment.event.bottlenecks')}</Typography.Text>
        <Form.List name="bottlenecks">
          {(fields, { add, remove }) => (
            <List
              dataSource={fields}
              locale={{ emptyText: t('assessment.event.noBottlenecks') }}
              footer={
                <Button
                  onClick={() => add({ interval: data.notification.status === 'over_target' ? 'notification' : 'detection' })}
                  data-testid="add-bottleneck"
                >
                  {t('assessment.event.addBottleneck')}
                </Button>
              }
              renderItem={(field) => (
                <List.Item key={field.key}>
                  <Space wrap align="start">
                    <Form.Item name={[field.name, 'interval']} rules={[{ required: true }]} noStyle>
                      <Select
                        style={{ width: 150 }}
                        options={INTERVAL_NAMES.map((v) => ({ value: v, label: t(`assessment.intervals.${v}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'code']} rules={[{ required: true, message: t('assessment.event.chooseBottleneck') }]}>
                      <Select
                        showSearch
                        optionFilterProp="label"
                        style={{ width: 260 }}
                        placeholder={t('assessment.event.chooseBottleneck')}
                        options={options}
                        data-testid="bottleneck-code"
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'note']} noStyle>
                      <Input placeholder={t('assessment.event.note')} style={{ width: 220 }} maxLength={1000} />
                    </Form.Item>
                    <Button onClick={() => remove(field.name)}>{t('assessment.remove')}</Button>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="save-717">
          {t('assessment.save')}
        </Button>
      </Form>
    </Card>
  );
}
