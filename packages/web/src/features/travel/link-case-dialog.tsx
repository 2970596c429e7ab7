/**
 * "Link a case" on a trip's page: a case known to have been aboard (searched by code or name among the cases the
 * reader may see), where the case sat or worked (deck / carriage / work area, cabin, seat / post) and the stops
 * where the case boarded and left. Linking builds the exposure cohort from the manifest at once; the page then
 * opens the cohort. The same link is made from a case's investigation timeline (a journey on this trip).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import type { Trip } from './travel-api.ts';

interface LinkValues {
  caseId: string;
  deck?: string;
  cabin?: string;
  seat?: string;
  boardedAt?: string;
  alightedAt?: string;
  notes?: string;
}
const LINK_FIELDS = ['caseId', 'deck', 'cabin', 'seat', 'boardedAt', 'alightedAt', 'notes'];

export function LinkCaseDialog({ trip, open, onClose }: { trip: Trip; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<LinkValues>();
  const [q, setQ] = useState('');
  const cases = useQuery({
    queryKey: ['cases', 'list', { q, page: 1, pageSize: 20, for: 'trip-link' }],
    queryFn: () => typedApi.get('/api/cases', { query: { ...(q ? { q } : {}), page: 1, pageSize: 20 } }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const stops = [trip.origin, ...trip.calls.map((c) => c.place), trip.destination].filter(Boolean);
  const mode = trip.mode;
  const { submit, saving, formError } = useFormSave(
    form,
    LINK_FIELDS,
    (v: LinkValues) =>
      typedApi.post('/api/travel/trips/{id}/exposures', {
        path: { id: trip.id },
        body: {
          caseId: v.caseId,
          deck: v.deck ?? '',
          cabin: v.cabin ?? '',
          seat: v.seat ?? '',
          boardedAt: v.boardedAt ?? '',
          alightedAt: v.alightedAt ?? '',
          notes: v.notes ?? '',
        },
      }),
    (exposure) => {
      form.resetFields();
      onClose();
      void navigate(`/travel/exposures/${exposure.id}`);
    },
  );
  return (
    <Modal
      open={open}
      title={t('travel.link.title', { trip: `${trip.code} ${trip.serviceNumber}` })}
      okText={t('travel.link.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'link-case-save' } as never}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('travel.link.hint')} style={{ marginBottom: 12 }} />
      {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
      <Form<LinkValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="caseId" label={t('travel.link.case')} rules={[{ required: true, message: t('travel.link.caseRequired') }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={cases.isFetching}
            placeholder={t('travel.link.casePlaceholder')}
            data-testid="link-case-select"
            options={(cases.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.code} · ${c.personName} · ${c.disease.name}`,
            }))}
          />
        </Form.Item>
        <Space wrap>
          {(mode === 'voyage' || mode === 'train' || mode === 'port_shift') && (
            <Form.Item name="deck" label={t(`travel.position.${mode}.deck`)}>
              <Input maxLength={40} style={{ width: 130 }} data-testid="link-deck" />
            </Form.Item>
          )}
          {mode === 'voyage' && (
            <Form.Item name="cabin" label={t('travel.position.voyage.cabin')}>
              <Input maxLength={40} style={{ width: 130 }} data-testid="link-cabin" />
            </Form.Item>
          )}
          <Form.Item name="seat" label={t(`travel.position.${mode}.seat`)}>
            <Input maxLength={40} style={{ width: 130 }} />
          </Form.Item>
        </Space>
        {stops.length > 1 && (
          <Space wrap>
            <Form.Item name="boardedAt" label={t('travel.manifestFields.boardedAt')}>
              <Select allowClear style={{ width: 170 }} options={stops.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
            <Form.Item name="alightedAt" label={t('travel.manifestFields.alightedAt')}>
              <Select allowClear style={{ width: 170 }} options={stops.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="notes" label={t('travel.fields.notes')}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
