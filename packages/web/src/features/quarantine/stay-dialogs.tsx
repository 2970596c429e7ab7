/**
 * The dialogs of a stay in quarantine: place a contact (a site's room or home), move them, change the dates,
 * release them. Each posts to the API and refreshes every quarantine and contacts query.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { translateError } from '../../app/errors.ts';
import {
  type Assignment,
  CASE_RELEASE_REASONS,
  CONTACT_RELEASE_REASONS,
  type RELEASE_REASONS,
  useOccupancy,
  useSite,
} from './quarantine-api.ts';

export type StayDialog = null | 'place' | 'transfer' | 'release' | 'edit';

interface PlaceValues {
  kind: 'site' | 'home';
  siteId?: string;
  roomId?: string;
  homeAddress?: string;
  startDate?: Dayjs;
  endDate?: Dayjs;
  date?: Dayjs;
  notes?: string;
}

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function useRefresh() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['quarantine'] });
    await queryClient.invalidateQueries({ queryKey: ['contacts'] });
  };
}

/** Site and room pickers (rooms in service with a free place), or the home address. */
function PlaceFields({ kind, siteId }: { kind: 'site' | 'home'; siteId?: string }) {
  const { t } = useTranslation();
  const occupancy = useOccupancy();
  const site = useSite(kind === 'site' ? siteId : undefined);
  const rooms = (site.data?.rooms ?? []).filter((r) => r.inService && r.occupied < r.capacity);
  return (
    <>
      <Form.Item name="kind" label={t('quarantine.form.kind')}>
        <Radio.Group
          options={(['site', 'home'] as const).map((value) => ({ value, label: t(`quarantine.kinds.${value}`) }))}
          optionType="button"
        />
      </Form.Item>
      {kind === 'site' ? (
        <>
          <Form.Item name="siteId" label={t('quarantine.form.site')} rules={[{ required: true }]}>
            <Select
              data-testid="quarantine-site-select"
              showSearch
              optionFilterProp="label"
              options={(occupancy.data?.sites ?? [])
                .filter((s) => s.rooms > 0)
                .map((s) => ({ value: s.id, label: `${s.name}（${s.free}/${s.capacity}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="roomId"
            label={t('quarantine.form.room')}
            rules={[{ required: true }]}
            extra={siteId && site.data && rooms.length === 0 ? t('quarantine.form.noFreeRoom') : undefined}
          >
            <Select
              data-testid="quarantine-room-select"
              showSearch
              optionFilterProp="label"
              disabled={!siteId}
              loading={site.isFetching}
              options={rooms.map((r) => ({
                value: r.id,
                label: t('quarantine.form.roomOption', { room: r.roomNo, occupied: r.occupied, capacity: r.capacity }),
              }))}
            />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="homeAddress" label={t('quarantine.form.homeAddress')}>
          <Input maxLength={300} />
        </Form.Item>
      )}
    </>
  );
}

/** Place a person (a contact or a case person) in quarantine, or move the current stay (`stay` given). */
export function PlaceDialog({
  open,
  person,
  stay,
  onClose,
}: {
  open: boolean;
  person: { contactId: string } | { caseReportId: string };
  stay?: Assignment;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<PlaceValues>();
  const kind = Form.useWatch('kind', form) ?? 'site';
  const siteId = Form.useWatch('siteId', form);
  async function submit(v: PlaceValues) {
    const place =
      v.kind === 'site'
        ? { kind: 'site' as const, siteId: v.siteId, roomId: v.roomId }
        : { kind: 'home' as const, homeAddress: v.homeAddress };
    try {
      if (stay) {
        await typedApi.post('/api/quarantine/assignments/{id}/transfer', {
          path: { id: stay.id },
          body: { ...place, date: day(v.date), endDate: day(v.endDate), notes: v.notes ?? '' },
        });
      } else {
        await typedApi.post('/api/quarantine/assignments', {
          body: { ...person, ...place, startDate: day(v.startDate), endDate: day(v.endDate), notes: v.notes ?? '' },
        });
      }
      void message.success(t('quarantine.form.saved'));
      form.resetFields();
      onClose();
      await refresh();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  return (
    <Modal
      open={open}
      title={stay ? t('quarantine.panel.transfer') : t('quarantine.panel.place')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'quarantine-dialog-ok' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          stay
            ? { kind: 'site', date: districtTodayValue(), endDate: dayjs(stay.endDate) }
            : { kind: 'site', startDate: districtTodayValue() }
        }
        onValuesChange={(changed: Partial<PlaceValues>) => {
          if ('siteId' in changed) form.setFieldValue('roomId', undefined);
        }}
        onFinish={(v) => void submit(v)}
      >
        <PlaceFields kind={kind} siteId={siteId} />
        {stay ? (
          <Form.Item name="date" label={t('quarantine.form.date')}>
            <DistrictDatePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <Form.Item name="startDate" label={t('quarantine.form.startDate')}>
            <DistrictDatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="endDate" label={t('quarantine.form.endDate')}>
          <DistrictDatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="notes" label={t('quarantine.form.notes')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Change the first and last day of a current stay. */
export function EditDatesDialog({ open, stay, onClose }: { open: boolean; stay: Assignment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<{ startDate: Dayjs; endDate: Dayjs }>();
  return (
    <Modal
      open={open}
      title={t('quarantine.panel.edit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ startDate: dayjs(stay.startDate), endDate: dayjs(stay.endDate) }}
        onFinish={(v) =>
          void (async () => {
            try {
              await typedApi.patch('/api/quarantine/assignments/{id}', {
                path: { id: stay.id },
                body: { startDate: day(v.startDate), endDate: day(v.endDate) },
              });
              void message.success(t('quarantine.form.saved'));
              onClose();
              await refresh();
            } catch (error) {
              void message.error(translateError(t, error));
            }
          })()
        }
      >
        <Form.Item name="startDate" label={t('quarantine.form.startDate')} rules={[{ required: true }]}>
          <DistrictDatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="endDate" label={t('quarantine.form.endDate')} rules={[{ required: true }]}>
          <DistrictDatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Release a person: the day and the reason (notes needed for 'other'). */
export function ReleaseDialog({ open, stay, onClose }: { open: boolean; stay: Assignment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<{ releasedOn: Dayjs; reason: (typeof RELEASE_REASONS)[number]; notes?: string }>();
  const reason = Form.useWatch('reason', form);
  return (
    <Modal
      open={open}
      title={t('quarantine.panel.release')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'quarantine-release-ok' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ releasedOn: districtTodayValue(), reason: 'period_completed' }}
        onFinish={(v) =>
          void (async () => {
            try {
              await typedApi.post('/api/quarantine/assignments/{id}/release', {
                path: { id: stay.id },
                body: { releasedOn: day(v.releasedOn), reason: v.reason, notes: v.notes ?? '' },
              });
              void message.success(t('quarantine.form.saved'));
              onClose();
              await refresh();
            } catch (error) {
              void message.error(translateError(t, error));
            }
          })()
        }
      >
        <Form.Item name="releasedOn" label={t('quarantine.form.releasedOn')} rules={[{ required: true }]}>
          <DistrictDatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('quarantine.form.reason')}>
          <Select
            options={(stay.person.kind === 'case' ? CASE_RELEASE_REASONS : CONTACT_RELEASE_REASONS).map((value) => ({
              value,
              label: t(`quarantine.reasons.${value}`),
            }))}
            data-testid="quarantine-release-reason"
          />
        </Form.Item>
        <Form.Item name="notes" label={t('quarantine.form.notes')} rules={reason === 'other' ? [{ required: true }] : []}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
