/**
 * Files the case report of an unwell contact (POST /api/contacts/{id}/case-report): pre-filled by the server
 * from the contact and linked to it; the contact becomes converted_suspected (or _confirmed).
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { useMe } from '../../app/auth.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';

const CLASSIFICATIONS = ['suspected', 'clinical', 'confirmed', 'asymptomatic'] as const;

export function ReportCaseDialog({
  contact,
  open,
  onClose,
}: {
  contact: { id: string; personName: string };
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  // The reporting unit (报告单位) is required on every card: the reporter's own facility when they have one.
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  const myFacilityId = useMe().data?.facilityId ?? undefined;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ classification: (typeof CLASSIFICATIONS)[number]; onsetDate?: Dayjs; facilityId?: string }>();

  async function file(values: { classification: (typeof CLASSIFICATIONS)[number]; onsetDate?: Dayjs; facilityId?: string }) {
    try {
      const result = await typedApi.post('/api/contacts/{id}/case-report', {
        path: { id: contact.id },
        body: {
          classification: values.classification,
          reportingDoctor: '',
          ...(values.facilityId ? { facilityId: values.facilityId } : {}),
          ...(values.onsetDate ? { onsetDate: values.onsetDate.format('YYYY-MM-DD') } : {}),
        },
      });
      void message.success(t('contacts.detail.reported', { code: result.caseReport.code }));
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onClose();
      void navigate(`/cases/${result.caseReport.id}`);
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }

  return (
    <Modal
      open={open}
      title={`${t('contacts.detail.reportCaseTitle')} · ${contact.personName}`}
      okText={t('contacts.detail.reportCase')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('contacts.detail.reportCaseHint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ classification: 'suspected', facilityId: myFacilityId }}
        onFinish={(v) => void file(v)}
      >
        <Form.Item name="classification" label={t('contacts.detail.classification')}>
          <Select options={CLASSIFICATIONS.map((value) => ({ value, label: t(`cases.classifications.${value}`) }))} />
        </Form.Item>
        <Form.Item name="onsetDate" label={t('contacts.detail.onsetDate')}>
          <DistrictDatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="facilityId" label={t('cases.form.facility')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            data-testid="contact-case-facility"
            showSearch
            optionFilterProp="label"
            loading={facilities.isPending}
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: localName(f, i18n.language) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
