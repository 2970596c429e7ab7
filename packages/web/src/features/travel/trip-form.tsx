/**
 * Dialogs that record a vessel and a trip (a voyage with its calls, terminal and berth; a bus or train run; a
 * flight; a shift of port workers at a berth).
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { TRIP_MODES, type Trip, type TripMode, useVessels } from './travel-api.ts';

interface VesselValues {
  name: string;
  nameEn?: string;
  registration: string;
  operator?: string;
  decks: number;
  passengerCapacity: number;
}

export function VesselFormDialog({ open, onClose }: { open: boolean; onClose: (id?: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<VesselValues>();
  const queryClient = useQueryClient();
  const { submit, saving, formError } = useFormSave(
    form,
    ['name', 'nameEn', 'registration', 'operator', 'decks', 'passengerCapacity'],
    (v: VesselValues) =>
      typedApi.post('/api/travel/vessels', {
        body: { ...v, nameEn: v.nameEn ?? '', operator: v.operator ?? '' },
      }),
    (created) => {
      void queryClient.invalidateQueries({ queryKey: ['travel', 'vessels'] });
      form.resetFields();
      onClose(created.id);
    },
  );
  return (
    <Modal
      open={open}
      title={t('travel.vessel.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
      <Form<VesselValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ decks: 3, passengerCapacity: 0 }}>
        <Form.Item name="name" label={t('travel.vessel.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('travel.vessel.nameEn')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="registration" label={t('travel.vessel.registration')} rules={[{ required: true }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="operator" label={t('travel.vessel.operator')}>
          <Input maxLength={100} />
        </Form.Item>
        <Space>
          <Form.Item name="decks" label={t('travel.vessel.decks')}>
            <InputNumber min={1} max={20} />
          </Form.Item>
          <Form.Item name="passengerCapacity" label={t('travel.vessel.capacity')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

interface TripValues {
  mode: TripMode;
  jurisdictionId: string;
  vesselId?: string;
  serviceNumber: string;
  origin?: string;
  destination?: string;
  departsAt: Dayjs;
  arrivesAt: Dayjs;
  calls?: { place: string; arrivesAt?: Dayjs | null; departsAt?: Dayjs | null }[];
  terminal?: string;
  berth?: string;
  notes?: string;
}

const TRIP_FIELDS = [
  'mode',
  'jurisdictionId',
  'vesselId',
  'serviceNumber',
  'origin',
  'destination',
  'departsAt',
  'arrivesAt',
  'calls',
  'terminal',
  'berth',
  'notes',
];

/** The form's values of a recorded trip (editing it). */
function valuesOf(trip: Trip): TripValues {
  return {
    mode: trip.mode,
    jurisdictionId: trip.jurisdiction.id,
    vesselId: trip.vessel?.id,
    serviceNumber: trip.serviceNumber,
    origin: trip.origin,
    destination: trip.destination,
    departsAt: dayjs(trip.departsAt),
    arrivesAt: dayjs(trip.arrivesAt),
    calls: trip.calls.map((c) => ({
      place: c.place,
      arrivesAt: c.arrivesAt ? dayjs(c.arrivesAt) : null,
      departsAt: c.departsAt ? dayjs(c.departsAt) : null,
    })),
    terminal: trip.terminal,
    berth: trip.berth,
    notes: trip.notes,
  };
}

/** Records a trip, or (`trip` given) changes a recorded one — its kind stays; the cohorts of its cases are rebuilt. */
export function TripFormDialog({ open, trip, onClose }: { open: boolean; trip?: Trip; onClose: (trip?: Trip) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TripValues>();
  const queryClient = useQueryClient();
  const mode = Form.useWatch('mode', form) ?? trip?.mode ?? 'voyage';
  const vessels = useVessels(open);
  const { submit, saving, formError } = useFormSave(
    form,
    TRIP_FIELDS,
    (v: TripValues) => {
      const fields = {
        jurisdictionId: v.jurisdictionId,
        vesselId: v.mode === 'voyage' ? (v.vesselId ?? null) : null,
        serviceNumber: v.serviceNumber,
        origin: v.origin ?? '',
        destination: v.destination ?? '',
        departsAt: v.departsAt.toISOString(),
        arrivesAt: v.arrivesAt.toISOString(),
        calls: (v.calls ?? [])
          .filter((c) => c?.place)
          .map((c) => ({ place: c.place, arrivesAt: c.arrivesAt?.toISOString() ?? null, departsAt: c.departsAt?.toISOString() ?? null })),
        terminal: v.terminal ?? '',
        berth: v.berth ?? '',
        notes: v.notes ?? '',
      };
      if (trip) return typedApi.patch('/api/travel/trips/{id}', { path: { id: trip.id }, body: fields });
      return typedApi.post('/api/travel/trips', {
        body: {
          mode: v.mode,
          jurisdictionId: v.jurisdictionId,
          vesselId: v.mode === 'voyage' ? (v.vesselId ?? null) : null,
          routeId: null,
          serviceNumber: v.serviceNumber,
          origin: v.origin ?? '',
          destination: v.destination ?? '',
          departsAt: v.departsAt.toISOString(),
          arrivesAt: v.arrivesAt.toISOString(),
          calls: (v.calls ?? [])
            .filter((c) => c?.place)
            .map((c) => ({ place: c.place, arrivesAt: c.arrivesAt?.toISOString() ?? null, departsAt: c.departsAt?.toISOString() ?? null })),
          terminal: v.terminal ?? '',
          berth: v.berth ?? '',
          notes: v.notes ?? '',
        },
      });
    },
    (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['travel'] });
      form.resetFields();
      onClose(saved);
    },
  );
  return (
    <Modal
      open={open}
      width={640}
      title={t(trip ? 'travel.tripForm.editTitle' : 'travel.tripForm.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
      <Form<TripValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={trip ? valuesOf(trip) : { mode: 'voyage' }}
        data-testid="trip-form"
      >
        <Form.Item name="mode" label={t('travel.fields.mode')} rules={[{ required: true }]}>
          <Select disabled={Boolean(trip)} options={TRIP_MODES.map((value) => ({ value, label: t(`travel.modes.${value}`) }))} />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={t('travel.fields.jurisdiction')} rules={[{ required: true }]}>
          <JurisdictionSelect />
        </Form.Item>
        {mode === 'voyage' && (
          <Form.Item name="vesselId" label={t('travel.fields.vessel')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(vessels.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.name} (${v.registration})` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="serviceNumber" label={t(`travel.serviceNumber.${mode}`)} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="origin" label={t(mode === 'port_shift' ? 'travel.fields.place' : 'travel.fields.origin')}>
            <Input maxLength={100} />
          </Form.Item>
          {mode !== 'port_shift' && (
            <Form.Item name="destination" label={t('travel.fields.destination')}>
              <Input maxLength={100} />
            </Form.Item>
          )}
        </Space>
        <Space wrap>
          <Form.Item
            name="departsAt"
            label={t(mode === 'port_shift' ? 'travel.fields.shiftStart' : 'travel.fields.departsAt')}
            rules={[{ required: true }]}
          >
            <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item
            name="arrivesAt"
            label={t(mode === 'port_shift' ? 'travel.fields.shiftEnd' : 'travel.fields.arrivesAt')}
            rules={[{ required: true }]}
          >
            <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        {(mode === 'voyage' || mode === 'train' || mode === 'bus') && (
          <Form.List name="calls">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'place']} label={t('travel.fields.call')} rules={[{ required: true }]}>
                      <Input maxLength={100} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'arrivesAt']} label={t('travel.fields.callArrives')}>
                      <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'departsAt']} label={t('travel.fields.callDeparts')}>
                      <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('travel.fields.removeCall')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ place: '' })} style={{ marginBottom: 16 }}>
                  {t('travel.fields.addCall')}
                </Button>
              </>
            )}
          </Form.List>
        )}
        {(mode === 'voyage' || mode === 'port_shift') && (
          <Space wrap>
            <Form.Item name="terminal" label={t('travel.fields.terminal')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="berth" label={t('travel.fields.berth')}>
              <Input maxLength={100} />
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
