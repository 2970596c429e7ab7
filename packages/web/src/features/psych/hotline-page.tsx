/**
 * The hotline: log a call (time, duration, caller group, coded concerns, risk, action, callback), the
 * counsellor's callback queue, and the call log. Phone width: the lists become cards.
 */
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient, typedApi } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { CALL_CONCERNS, CLIENT_GROUPS, type PsychCall, RISK_LEVELS, riskColour, useCallbackQueue, usePsychCalls } from './psych-api.ts';

interface CallValues {
  calledAt: Dayjs;
  durationMinutes: number;
  callerGroup: PsychCall['callerGroup'];
  concerns: (typeof CALL_CONCERNS)[number][];
  riskLevel: PsychCall['riskLevel'];
  action: string;
  callbackNeeded: boolean;
  callbackPhone: string;
}

export function HotlinePage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const calls = usePsychCalls(page);
  const queue = useCallbackQueue();
  useLiveInvalidate('psych', [['psych']]);
  const [form] = Form.useForm<CallValues>();
  const callbackNeeded = Form.useWatch('callbackNeeded', form);

  const save = async (values: CallValues) => {
    try {
      await typedApi.post('/api/psych/calls', {
        body: {
          calledAt: values.calledAt.toISOString(),
          durationMinutes: values.durationMinutes,
          callerGroup: values.callerGroup,
          concerns: values.concerns ?? [],
          riskLevel: values.riskLevel,
          action: values.action ?? '',
          callbackNeeded: Boolean(values.callbackNeeded),
          callbackPhone: values.callbackPhone ?? '',
          callbackDueAt: null,
          clientId: null,
        },
      });
      void message.success(t('psych.hotline.saved'));
      form.resetFields();
      form.setFieldValue('calledAt', dayjs());
      await queryClient.invalidateQueries({ queryKey: ['psych'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  const callBack = async (call: PsychCall) => {
    try {
      await typedApi.post('/api/psych/calls/{id}/callback', { path: { id: call.id }, body: { note: '' } });
      void message.success(t('psych.hotline.doneMessage'));
      await queryClient.invalidateQueries({ queryKey: ['psych'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };

  const columns = [
    { key: 'calledAt', title: t('psych.hotline.calledAt'), dataIndex: 'calledAt', render: (v: string) => formatDateTime(v) },
    { key: 'callerGroup', title: t('psych.hotline.callerGroup'), dataIndex: 'callerGroup', render: (g: string) => t(`psych.groups.${g}`) },
    { key: 'duration', title: t('psych.hotline.duration'), dataIndex: 'durationMinutes' },
    {
      key: 'concerns',
      title: t('psych.hotline.concerns'),
      dataIndex: 'concerns',
      render: (cs: string[]) => cs.map((c) => t(`psych.concerns.${c}`)).join('、'),
    },
    {
      key: 'risk',
      title: t('psych.hotline.risk'),
      dataIndex: 'riskLevel',
      render: (r: string) => <Tag color={riskColour(r)}>{t(`psych.risks.${r}`)}</Tag>,
    },
    { key: 'action', title: t('psych.hotline.action'), dataIndex: 'action' },
    { key: 'counsellor', title: t('psych.hotline.counsellor'), dataIndex: 'counsellorName' },
  ];

  return (
    <div>
      <Typography.Title level={3}>{t('psych.hotline.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('psych.hotline.newCall')} size="small">
            <Form
              form={form}
              layout="vertical"
              onFinish={save}
              initialValues={{ calledAt: dayjs(), durationMinutes: 15, riskLevel: 'low', callerGroup: 'public', concerns: [] }}
              data-testid="psych-call-form"
            >
              <Form.Item name="calledAt" label={t('psych.hotline.calledAt')} rules={[{ required: true }]}>
                <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
              <Space wrap>
                <Form.Item name="durationMinutes" label={t('psych.hotline.duration')} rules={[{ required: true }]}>
                  <InputNumber min={0} max={600} />
                </Form.Item>
                <Form.Item name="callerGroup" label={t('psych.hotline.callerGroup')} rules={[{ required: true }]}>
                  <Select style={{ width: 160 }} options={CLIENT_GROUPS.map((g) => ({ value: g, label: t(`psych.groups.${g}`) }))} />
                </Form.Item>
                <Form.Item name="riskLevel" label={t('psych.hotline.risk')} rules={[{ required: true }]}>
                  <Select style={{ width: 120 }} options={RISK_LEVELS.map((r) => ({ value: r, label: t(`psych.risks.${r}`) }))} />
                </Form.Item>
              </Space>
              <Form.Item name="concerns" label={t('psych.hotline.concerns')}>
                <Select mode="multiple" options={CALL_CONCERNS.map((c) => ({ value: c, label: t(`psych.concerns.${c}`) }))} />
              </Form.Item>
              <Form.Item name="action" label={t('psych.hotline.action')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="callbackNeeded" valuePropName="checked">
                <Checkbox>{t('psych.hotline.callback')}</Checkbox>
              </Form.Item>
              {callbackNeeded && (
                <Form.Item name="callbackPhone" label={t('psych.hotline.callbackPhone')} rules={[{ required: true }]}>
                  <Input maxLength={40} inputMode="tel" />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit">
                {t('psych.hotline.save')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('psych.hotline.queue')} size="small">
            <ResponsiveTable<PsychCall>
              rowKey="id"
              size="small"
              pagination={false}
              loading={queue.isPending}
              locale={{ emptyText: t('psych.hotline.empty') }}
              dataSource={queue.data?.items ?? []}
              data-testid="psych-callback-queue"
              columns={[
                { key: 'phone', title: t('psych.hotline.callbackPhone'), dataIndex: 'callbackPhone' },
                { key: 'due', title: t('psych.hotline.callbackDue'), dataIndex: 'callbackDueAt', render: (v: string) => formatDateTime(v) },
                columns[1]!,
                columns[4]!,
                {
                  key: 'done',
                  title: '',
                  render: (_: unknown, call: PsychCall) => (
                    <Button size="small" onClick={() => void callBack(call)}>
                      {t('psych.hotline.done')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('psych.hotline.log')} size="small">
            <ResponsiveTable<PsychCall>
              rowKey="id"
              size="small"
              loading={calls.isPending}
              dataSource={calls.data?.items ?? []}
              data-testid="psych-call-log"
              scroll={{ x: true }}
              pagination={{ current: page, pageSize: 50, total: calls.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              columns={columns}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
