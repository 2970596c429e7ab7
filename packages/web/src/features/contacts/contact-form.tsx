/**
 * The dialog that registers a contact of a case (sourceCaseId) or of a contact (sourceContactId). The follow-up
 * window is computed by the server from the disease's maximum incubation period.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { formFieldErrors, translateError } from '../../app/errors.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { CONTACT_RELATIONS, CONTACT_SETTINGS, CONTACT_TYPES, RISK_CATEGORIES } from './contacts-api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';

const ID_TYPES = ['none', 'resident_id', 'passport', 'other'] as const;
const FIELDS = [
  'personName',
  'jurisdictionId',
  'phone',
  'idType',
  'idNumber',
  'lastExposureAt',
  'relation',
  'setting',
  'contactType',
  'riskCategory',
  'followUpPerDay',
  'address',
];

interface FormValues {
  personName: string;
  jurisdictionId: string;
  phone?: string;
  idType: (typeof ID_TYPES)[number];
  idNumber?: string;
  relation: (typeof CONTACT_RELATIONS)[number];
  setting: (typeof CONTACT_SETTINGS)[number];
  contactType: (typeof CONTACT_TYPES)[number];
  riskCategory?: (typeof RISK_CATEGORIES)[number];
  lastExposureAt: Dayjs;
  followUpPerDay: number;
  address?: string;
  otherDistrict?: string;
}

export function ContactFormDialog({
  source,
  open,
  onClose,
}: {
  source: { sourceCaseId: string } | { sourceContactId: string };
  open: boolean;
  onClose: (createdId?: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const idType = Form.useWatch('idType', form);

  async function save(values: FormValues) {
    try {
      const created = await typedApi.post('/api/contacts', {
        body: {
          ...source,
          personName: values.personName,
          jurisdictionId: values.jurisdictionId,
          phone: values.phone ?? '',
          address: values.address ?? '',
          idType: values.idType,
          idNumber: values.idType === 'none' ? null : (values.idNumber ?? ''),
          relation: values.relation,
          setting: values.setting,
          contactType: values.contactType,
          riskCategory: values.riskCategory,
          lastExposureAt: values.lastExposureAt.format('YYYY-MM-DDTHH:mm:ssZ'),
          followUpPerDay: values.followUpPerDay,
          sex: 'unknown',
          notes: '',
          otherDistrict: values.otherDistrict?.trim() ?? '',
        },
      });
      void message.success(t('contacts.detail.saved'));
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      form.resetFields();
      onClose(created.id);
    } catch (error) {
      const { fields, unplaced } = formFieldErrors(t, error, FIELDS);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      void message.error(unplaced[0] ?? translateError(t, error));
    }
  }

  return (
    <Modal
      open={open}
      title={t('contacts.form.title')}
      okText={t('contacts.form.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{ idType: 'none', relation: 'household', setting: 'household', contactType: 'close', followUpPerDay: 1 }}
      >
        <Form.Item name="personName" label={t('contacts.fields.personName')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={t('contacts.fields.jurisdiction')} rules={[{ required: true }]}>
          <JurisdictionSelect />
        </Form.Item>
        <Form.Item name="phone" label={t('contacts.fields.phone')}>
          <Input maxLength={40} inputMode="tel" />
        </Form.Item>
        <Form.Item name="idType" label={t('contacts.fields.idType')}>
          <Select options={ID_TYPES.map((value) => ({ value, label: t(`cases.idTypes.${value}`) }))} />
        </Form.Item>
        {idType && idType !== 'none' && (
          <Form.Item name="idNumber" label={t('contacts.fields.idNumber')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="lastExposureAt" label={t('contacts.fields.lastExposureAt')} rules={[{ required: true }]}>
          <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="relation" label={t('contacts.fields.relation')}>
          <Select options={CONTACT_RELATIONS.map((value) => ({ value, label: t(`contacts.relations.${value}`) }))} />
        </Form.Item>
        <Form.Item name="setting" label={t('contacts.fields.setting')}>
          <Select options={CONTACT_SETTINGS.map((value) => ({ value, label: t(`contacts.settings.${value}`) }))} />
        </Form.Item>
        <Form.Item name="contactType" label={t('contacts.fields.contactType')}>
          <Select options={CONTACT_TYPES.map((value) => ({ value, label: t(`contacts.contactTypes.${value}`) }))} />
        </Form.Item>
        <Form.Item name="riskCategory" label={t('contacts.fields.riskCategory')}>
          <Select allowClear options={RISK_CATEGORIES.map((value) => ({ value, label: t(`contacts.risks.${value}`) }))} />
        </Form.Item>
        <Form.Item name="followUpPerDay" label={t('contacts.fields.followUpPerDay')}>
          <InputNumber min={1} max={4} />
        </Form.Item>
        <Form.Item name="address" label={t('contacts.fields.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="otherDistrict" label={t('contacts.fields.otherDistrict')} extra={t('contacts.fields.otherDistrictHint')}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
