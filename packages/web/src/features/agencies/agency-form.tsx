import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCY_KINDS, type Agency } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';

type AgencyValues = Omit<Agency, 'id'>;

const FIELDS = ['code', 'name', 'nameEn', 'kind', 'jurisdictionId', 'contactPerson', 'phone', 'email', 'address', 'duties'];

/** The server's rule for agency codes: 2–40 letters, digits, "-" or "_", not starting with a separator. */
export const AGENCY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;

/** Mainland mobile (1 + 10 digits) or landline with optional area code and extension: what duty desks publish. */
export const PHONE_PATTERN = /^(\+?86[- ]?)?(1\d{10}|(0\d{2,3}[- ]?)?\d{7,8}([- ]\d{1,6})?)$/;

/** Create (editing = null) or edit an agency of the joint prevention and control mechanism. */
export function AgencyForm({ editing, open, onClose }: { editing: Agency | null; open: boolean; onClose: (saved?: Agency) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AgencyValues>();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      const { id: _id, ...values } = editing;
      form.setFieldsValue(values);
    }
  }, [open, editing, form]);

  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: AgencyValues) => {
      // The server stores "not given" as an empty string; antd leaves untouched inputs undefined.
      const body = {
        ...values,
        contactPerson: values.contactPerson ?? '',
        phone: values.phone ?? '',
        email: values.email ?? '',
        address: values.address ?? '',
        duties: values.duties ?? '',
      };
      return editing ? api.patch<Agency>(`/api/agencies/${editing.id}`, body) : api.post<Agency>('/api/agencies', body);
    },
    (saved) => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: ['agencies'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      onClose(saved);
    },
  );

  return (
    <Drawer
      open={open}
      onClose={() => onClose()}
      width={520}
      title={editing ? t('agencies.edit') : t('agencies.create')}
      extra={
        <Space>
          <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="agency-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} name="agency">
        <Form.Item
          name="code"
          label={t('agencies.code')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: AGENCY_CODE_PATTERN, message: t('agencies.codeFormat') },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('common.nameZh')}
          rules={[
            { required: true, message: t('common.required') },
            { max: 200, message: t('common.tooLong', { count: 200 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('common.nameEn')}
          rules={[
            { required: true, message: t('common.required') },
            { max: 300, message: t('common.tooLong', { count: 300 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('agencies.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`agencyKinds.${kind}`) }))}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={t('common.jurisdiction')} rules={[{ required: true, message: t('common.required') }]}>
          <JurisdictionSelect />
        </Form.Item>
        <Form.Item
          name="contactPerson"
          label={t('agencies.contactPerson')}
          rules={[{ max: 100, message: t('common.tooLong', { count: 100 }) }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('common.phone')} rules={[{ pattern: PHONE_PATTERN, message: t('common.phoneFormat') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('common.email')} rules={[{ type: 'email', message: t('common.emailFormat') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t('common.address')}>
          <Input />
        </Form.Item>
        <Form.Item name="duties" label={t('agencies.duties')}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
