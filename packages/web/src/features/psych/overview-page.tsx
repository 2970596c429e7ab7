/**
 * Psychological assistance for everyone: counts only (calls per day, screenings by band, referrals by state),
 * with counts of 1–4 shown as "<5". Holders of break-glass find the emergency access form here.
 */
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Table, Typography, message } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { EChart } from '../charts/echart.tsx';
import { INSTRUMENT_LABELS, usePsychAggregates } from './psych-api.ts';

export function PsychOverviewPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const aggregates = usePsychAggregates(30);
  const shown = (n: number | null) => (n === null ? t('psych.overview.suppressed') : String(n));
  const data = aggregates.data;
  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 16, bottom: 40 },
        xAxis: { type: 'category', data: data.callsPerDay.map((d) => d.date.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        // suppressed days are drawn as 0 with no label: the figure must not reveal them either
        series: [{ type: 'bar', data: data.callsPerDay.map((d) => d.calls ?? 0) }],
      },
    [data],
  );
  return (
    <div>
      <Typography.Title level={3}>{t('psych.overview.title')}</Typography.Title>
      <Alert type="info" showIcon title={t('psych.overview.hint')} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('psych.overview.callsPerDay')} size="small">
            {option && <EChart option={option} height={240} label={t('psych.overview.callsPerDay')} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('psych.overview.referralsByState')} size="small">
            <Table
              size="small"
              rowKey="status"
              pagination={false}
              dataSource={data?.referralsByState ?? []}
              columns={[
                { title: t('psych.overview.status'), dataIndex: 'status', render: (s: string) => t(`psych.referralStatuses.${s}`) },
                { title: t('psych.overview.count'), dataIndex: 'count', render: shown },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('psych.overview.screeningsByBand')} size="small">
            <Table
              size="small"
              rowKey={(r) => `${r.instrument}:${r.band}`}
              pagination={false}
              scroll={{ x: true }}
              data-testid="psych-screenings-by-band"
              dataSource={data?.screeningsByBand ?? []}
              columns={[
                {
                  title: t('psych.overview.instrument'),
                  dataIndex: 'instrument',
                  render: (i: keyof typeof INSTRUMENT_LABELS) => INSTRUMENT_LABELS[i],
                },
                { title: t('psych.overview.band'), dataIndex: 'band', render: (b: string) => t(`psych.bands.${b}`) },
                { title: t('psych.overview.count'), dataIndex: 'count', render: shown },
              ]}
            />
          </Card>
        </Col>
        {hasRight(me, RIGHTS.counsellingBreakGlass) && !hasRight(me, RIGHTS.counsellingRead) && (
          <Col xs={24} lg={12}>
            <BreakGlassForm />
          </Col>
        )}
      </Row>
    </div>
  );
}

function BreakGlassForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ client: string; reason: string; hours: number }>();
  const submit = async (values: { client: string; reason: string; hours: number }) => {
    try {
      const grant = await typedApi.post('/api/psych/break-glass', { body: values });
      navigate(`/psych/clients/${grant.clientId}`);
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  return (
    <Card title={t('psych.overview.breakGlassTitle')} size="small">
      <Typography.Paragraph type="warning">{t('psych.overview.breakGlassHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ hours: 4 }}>
        <Form.Item name="client" label={t('psych.overview.client')} rules={[{ required: true }]}>
          <Input placeholder="P2026-00001" />
        </Form.Item>
        <Form.Item name="reason" label={t('psych.overview.reason')} rules={[{ required: true, min: 10 }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="hours" label={t('psych.overview.hours')}>
          <InputNumber min={1} max={12} />
        </Form.Item>
        <Button danger htmlType="submit">
          {t('psych.overview.open')}
        </Button>
      </Form>
    </Card>
  );
}
