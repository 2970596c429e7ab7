/**
 * The notifiable-disease catalogue for administrators (diseases.manage): names, ICD-10, class, deadlines and
 * the default detection method with its parameters. The server audits every change.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { DETECTION_METHODS, DISEASE_CLASSES, type Disease, useDiseases } from './cases-api.ts';
import { methodExplanation, methodLabel } from '@outbreak/surveillance/labels';

export function DiseasesPage() {
  const { t, i18n } = useTranslation();
  const [showInactive, setShowInactive] = useState(true);
  const diseases = useDiseases({ includeInactive: true });
  const [editing, setEditing] = useState<Disease | 'new' | null>(null);
  const items = (diseases.data?.items ?? []).filter((d) => showInactive || d.active);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases.diseases.title')}
        </Typography.Title>
        <Space>
          <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)}>
            {t('cases.diseases.showInactive')}
          </Checkbox>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('cases.diseases.create')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('cases.diseases.audited')}</Typography.Paragraph>
      {diseases.error && <Alert type="error" showIcon message={translateError(t, diseases.error)} style={{ marginBottom: 16 }} />}
      <Table<Disease>
        rowKey="id"
        size="small"
        loading={diseases.isFetching}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('cases.diseases.code'), dataIndex: 'code', width: 190 },
          {
            title: t('common.name'),
            key: 'name',
            render: (_, d) => <Typography.Link onClick={() => setEditing(d)}>{localName(d, i18n.language)}</Typography.Link>,
          },
          { title: t('cases.diseases.icd10'), dataIndex: 'icd10', width: 80 },
          {
            title: t('cases.diseases.class'),
            key: 'class',
            width: 150,
            render: (_, d) => (
              <Space size={4}>
                <Tag color={d.class === 'A' ? 'red' : d.class === 'B' ? 'orange' : d.class === 'C' ? 'blue' : 'default'}>
                  {t(`cases.classes.${d.class}`)}
                </Tag>
                {d.managedAsClassA && <Tag color="red">{t('cases.diseases.managedAsClassA')}</Tag>}
                {d.chronic && (
                  <Tooltip title={t('cases.diseases.chronicHelp')}>
                    <Tag>{t('cases.diseases.chronic')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('cases.diseases.reportDeadlineHours'), dataIndex: 'reportDeadlineHours', width: 110, align: 'right' },
          { title: t('cases.diseases.verificationHours'), dataIndex: 'verificationHours', width: 110, align: 'right' },
          { title: t('cases.diseases.maxIncubationDays'), dataIndex: 'maxIncubationDays', width: 110, align: 'right' },
          {
            title: t('cases.diseases.defaultMethod'),
            dataIndex: 'defaultMethod',
            width: 170,
            render: (m: string) => <Tooltip title={methodExplanation(m, i18n.language)}>{methodLabel(m, i18n.language)}</Tooltip>,
          },
          {
            title: t('cases.diseases.active'),
            dataIndex: 'active',
            width: 80,
            render: (a: boolean) => (a ? <Tag color="green">{t('cases.diseases.active')}</Tag> : <Tag>{t('cases.diseases.inactive')}</Tag>),
          },
        ]}
      />
      <DiseaseForm editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

interface DiseaseValues extends Omit<Disease, 'id' | 'updatedAt' | 'defaultParams'> {
  defaultParams: string;
}

const FIELDS = [
  'code',
  'name',
  'nameEn',
  'icd10',
  'class',
  'managedAsClassA',
  'reportDeadlineHours',
  'verificationHours',
  'maxIncubationDays',
  'defaultMethod',
  'defaultParams',
  'active',
  'sortOrder',
  'chronic',
];

function DiseaseForm({ editing, onClose }: { editing: Disease | 'new' | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DiseaseValues>();
  const isNew = editing === 'new';

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (editing === 'new') {
      form.setFieldsValue({
        class: 'C',
        managedAsClassA: false,
        reportDeadlineHours: 24,
        verificationHours: 24,
        maxIncubationDays: 14,
        defaultMethod: 'mpm',
        defaultParams: '{}',
        active: true,
        sortOrder: 1000,
        chronic: false,
      });
    } else {
      const { id: _id, updatedAt: _u, defaultParams, ...rest } = editing;
      form.setFieldsValue({ ...rest, defaultParams: JSON.stringify(defaultParams, null, 2) });
    }
  }, [editing, form]);

  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: DiseaseValues) => {
      const body = { ...values, defaultParams: JSON.parse(values.defaultParams) as Record<string, unknown> };
      if (editing === 'new') return api.post<Disease>('/api/diseases', body);
      const { code: _code, ...patch } = body;
      return api.patch<Disease>(`/api/diseases/${(editing as Disease).id}`, patch);
    },
    async () => {
      message.success(isNew ? t('common.created') : t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['diseases'] });
      onClose();
    },
  );

  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      size="large"
      title={
        editing === 'new'
          ? t('cases.diseases.createTitle')
          : editing
            ? t('cases.diseases.editTitle', { name: localName(editing, i18n.language) })
            : ''
      }
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="code"
              label={t('cases.diseases.code')}
              extra={isNew ? t('cases.diseases.codeHelp') : undefined}
              rules={[
                { required: true, message: t('common.required') },
                { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('cases.diseases.codeHelp') },
              ]}
            >
              <Input disabled={!isNew} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="icd10" label={t('cases.diseases.icd10')} rules={[{ max: 20, message: t('common.tooLong', { count: 20 }) }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('cases.diseases.name')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { max: 100, message: t('common.tooLong', { count: 100 }) },
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('cases.diseases.nameEn')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { max: 200, message: t('common.tooLong', { count: 200 }) },
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="class" label={t('cases.diseases.class')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={DISEASE_CLASSES.map((value) => ({ value, label: t(`cases.classes.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="managedAsClassA" label={t('cases.diseases.managedAsClassA')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="reportDeadlineHours"
              label={t('cases.diseases.reportDeadlineHours')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="verificationHours"
              label={t('cases.diseases.verificationHours')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="maxIncubationDays"
              label={t('cases.diseases.maxIncubationDays')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="defaultMethod"
              label={t('cases.diseases.defaultMethod')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select options={DETECTION_METHODS.map((value) => ({ value, label: methodLabel(value, i18n.language) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="sortOrder" label={t('cases.diseases.sortOrder')}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="active" label={t('cases.diseases.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="chronic" label={t('cases.diseases.chronic')} tooltip={t('cases.diseases.chronicHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="defaultParams"
              label={t('cases.diseases.defaultParams')}
              rules={[
                {
                  validator: async (_, value: string) => {
                    let parsed: unknown;
                    try {
                      parsed = JSON.parse(value || '{}');
                    } catch {
                      throw new Error(t('cases.diseases.paramsInvalid'));
                    }
                    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                      throw new Error(t('cases.diseases.paramsInvalid'));
                  },
                },
              ]}
            >
              <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
