import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { JURISDICTION_LEVELS, type Jurisdiction, type JurisdictionLevel } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { CODE_PREFIX_DIGITS, childLevel } from './jurisdictions-api.ts';

interface JurisdictionValues {
  level: JurisdictionLevel;
  code: string;
  name: string;
  nameEn: string;
  population: number | null;
  lon: number | null;
  lat: number | null;
}

const FIELDS = ['level', 'code', 'name', 'nameEn', 'population', 'centroid', 'lon', 'lat', 'parentId'];

/**
 * Edit a jurisdiction, or create a child of `parent`. Codes follow GB/T 2260 and the statistics bureau's
 * 12-digit division codes (DOMAIN §1): 6 digits down to the district, 12 for townships and communities.
 */
export function JurisdictionForm({
  editing,
  parent,
  open,
  onClose,
}: {
  editing: Jurisdiction | null;
  parent: Jurisdiction | null;
  open: boolean;
  onClose: (saved?: Jurisdiction) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<JurisdictionValues>();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            level: editing.level,
            code: editing.code,
            name: editing.name,
            nameEn: editing.nameEn,
            population: editing.population,
            lon: editing.centroid?.[0] ?? null,
            lat: editing.centroid?.[1] ?? null,
          }
        : (() => {
            const level = parent ? childLevel(parent.level) : 'township';
            return {
              level,
              code: parent?.code.slice(0, CODE_PREFIX_DIGITS[level]) ?? '',
              name: '',
              nameEn: '',
              population: null,
              lon: null,
              lat: null,
            };
          })(),
    );
  }, [open, editing, parent, form]);

  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: JurisdictionValues) => {
      const centroid = values.lon != null && values.lat != null ? [values.lon, values.lat] : null;
      const body = { code: values.code, name: values.name, nameEn: values.nameEn, population: values.population ?? null, centroid };
      return editing
        ? api.patch<Jurisdiction>(`/api/jurisdictions/${editing.id}`, body)
        : api.post<Jurisdiction>('/api/jurisdictions', { ...body, parentId: parent?.id ?? null, level: values.level });
    },
    (saved) => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['jurisdictions'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      onClose(saved);
    },
  );

  // GB/T 2260 six digits down to the district; the statistics bureau's twelve digits below it.
  const codeLength: Record<JurisdictionLevel, number> = { province: 6, city: 6, district: 6, township: 12, community: 12 };
  return (
    <Drawer
      open={open}
      onClose={() => onClose()}
      width={440}
      title={editing ? t('jurisdictions.edit') : t('jurisdictions.addChild')}
      extra={
        <Space>
          <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="level" label={t('jurisdictions.level')}>
          <Select
            disabled={Boolean(editing)}
            options={JURISDICTION_LEVELS.map((level) => ({ value: level, label: t(`levels.${level}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('jurisdictions.code')}
          dependencies={['level']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string) => {
                const length = codeLength[getFieldValue('level') as JurisdictionLevel] ?? 12;
                return !value || new RegExp(`^\\d{${length}}$`).test(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('jurisdictions.codeFormat', { count: length })));
              },
            }),
          ]}
        >
          <Input inputMode="numeric" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('common.nameZh')}
          rules={[
            { required: true, message: t('common.required') },
            { max: 100, message: t('common.tooLong', { count: 100 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('common.nameEn')}
          rules={[
            { required: true, message: t('common.required') },
            { max: 200, message: t('common.tooLong', { count: 200 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="population" label={t('jurisdictions.population')}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="lon" label={t('common.longitude')}>
              <InputNumber min={-180} max={180} step={0.001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lat" label={t('common.latitude')}>
              <InputNumber min={-90} max={90} step={0.001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
