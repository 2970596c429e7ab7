/**
 * The epidemiological investigation (流调) of a case: the exposure window, a timeline of places and activities
 * (home, work, school, market, clinic, gathering) and journeys (vessel and voyage with deck / cabin / seat, bus
 * or train number and seat, flight, port shift), the likely source and the investigator's notes. A journey on a
 * recorded trip links the case to it and builds the exposure cohort from the manifest.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  type ButtonProps,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { dayValue } from '../../app/district-dayjs.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { type TripMode, useTrips } from '../travel/travel-api.ts';
import {
  type EventKind,
  type Investigation,
  type InvestigationEvent,
  isJourney,
  PLACE_KINDS,
  SOURCE_KINDS,
  useCaseInvestigation,
} from './investigations-api.ts';

const KIND_COLOUR: Record<string, string> = { voyage: 'blue', bus: 'cyan', train: 'geekblue', flight: 'purple', port_shift: 'gold' };

export function InvestigationPage() {
  const { id: caseId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const state = useCaseInvestigation(caseId);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [editingEvent, setEditingEvent] = useState<InvestigationEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLiveInvalidate('investigations', [['investigations', caseId]]);
  if (state.isPending) return <PageSpinner />;
  if (!state.data) return <Typography.Text type="danger">{t('common.notFound')}</Typography.Text>;
  const { investigation: inv, canWrite, suggestedWindow } = state.data;
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: ['investigations'] }), queryClient.invalidateQueries({ queryKey: ['travel'] })]);

  async function start() {
    setError(null);
    try {
      await typedApi.post('/api/cases/{id}/investigation', { path: { id: caseId }, body: {} });
      await refresh();
    } catch (e) {
      setError(translateError(t, e));
    }
  }

  async function remove(eventId: string) {
    if (!inv) return;
    try {
      await typedApi.delete('/api/investigations/{id}/events/{eventId}', { path: { id: inv.id, eventId } });
      void message.success(t('investigations.removed'));
      await refresh();
    } catch (e) {
      void message.error(translateError(t, e));
    }
  }

  return (
    <div>
      <Typography.Title level={3}>
        {t('investigations.title')} · <Link to={`/cases/${caseId}`}>{state.data.case.code}</Link>
      </Typography.Title>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      {!inv ? (
        <Card size="small">
          <Typography.Paragraph>
            {t('investigations.notStarted', { from: suggestedWindow.from, to: suggestedWindow.to })}
          </Typography.Paragraph>
          {canWrite && (
            <Button type="primary" onClick={() => void start()} data-testid="investigation-start">
              {t('investigations.start')}
            </Button>
          )}
        </Card>
      ) : (
        <>
          <Card
            size="small"
            title={t('investigations.summary')}
            extra={canWrite && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
          >
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('investigations.fields.status')}>
                <Tag color={inv.status === 'open' ? 'blue' : 'default'}>{t(`investigations.statuses.${inv.status}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('investigations.fields.window')}>
                {inv.windowFrom} — {inv.windowTo}
              </Descriptions.Item>
              <Descriptions.Item label={t('investigations.fields.likelySource')} span={2}>
                <span data-testid="likely-source">
                  {t(`investigations.sourceKinds.${inv.likelySourceKind}`)}
                  {inv.likelySource ? ` · ${inv.likelySource}` : ''}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('investigations.fields.investigator')}>{inv.investigator?.displayName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('investigations.fields.notes')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{inv.notes || '—'}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            size="small"
            style={{ marginTop: 16 }}
            title={t('investigations.timeline')}
            extra={
              canWrite && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="event-add">
                  {t('investigations.addEvent')}
                </Button>
              )
            }
          >
            {inv.events.length === 0 ? (
              <Typography.Text type="secondary">{t('investigations.noEvents')}</Typography.Text>
            ) : (
              <Timeline
                data-testid="investigation-timeline"
                items={inv.events.map((e) => ({
                  color: isJourney(e.kind) ? 'blue' : 'gray',
                  children: (
                    <EventLine event={e} canWrite={canWrite} onEdit={() => setEditingEvent(e)} onRemove={() => void remove(e.id)} />
                  ),
                }))}
              />
            )}
          </Card>
          <EventFormDialog investigation={inv} open={adding} onClose={() => setAdding(false)} onSaved={() => void refresh()} />
          {editingEvent && (
            <EventFormDialog
              key={editingEvent.id}
              investigation={inv}
              event={editingEvent}
              open
              onClose={() => setEditingEvent(null)}
              onSaved={() => void refresh()}
            />
          )}
          <SummaryDialog investigation={inv} open={editing} onClose={() => setEditing(false)} onSaved={() => void refresh()} />
        </>
      )}
    </div>
  );
}

function EventLine({
  event: e,
  canWrite,
  onEdit,
  onRemove,
}: {
  event: InvestigationEvent;
  canWrite: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const mode = isJourney(e.kind) ? (e.kind as TripMode) : null;
  const position = mode
    ? (['deck', 'cabin', 'seat'] as const)
        .filter((k) => e[k])
        .map((k) => `${t(`travel.position.${mode}.${k}`)} ${e[k]}`)
        .join(' · ')
    : '';
  return (
    <div data-testid="investigation-event">
      <Space wrap size={4}>
        <Typography.Text strong>
          {formatDateTime(e.startsAt)}
          {e.endsAt ? ` — ${formatDateTime(e.endsAt)}` : ''}
        </Typography.Text>
        <Tag color={KIND_COLOUR[e.kind]}>{t(`investigations.kinds.${e.kind}`)}</Tag>
        {!e.inWindow && <Tag>{t('investigations.outOfWindow')}</Tag>}
        {canWrite && (
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            onClick={onEdit}
            data-testid="event-edit"
          />
        )}
        {canWrite && (
          <Popconfirm title={t('investigations.removeConfirm')} onConfirm={onRemove}>
            <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        )}
      </Space>
      <div>
        {[e.place, e.activity].filter(Boolean).join(' · ')}
        {e.serviceNumber && ` · ${e.serviceNumber}`}
        {position && ` · ${position}`}
      </div>
      {e.trip && (
        <div>
          <Link to={`/travel/${e.trip.id}`}>{e.trip.code}</Link>
          {e.trip.exposureId && (
            <>
              {' · '}
              <Link to={`/travel/exposures/${e.trip.exposureId}`} data-testid="event-cohort">
                {t('investigations.cohort')}
              </Link>
            </>
          )}
        </div>
      )}
      {e.notes && <Typography.Text type="secondary">{e.notes}</Typography.Text>}
    </div>
  );
}

interface EventValues {
  kind: EventKind;
  startsAt: Dayjs;
  endsAt?: Dayjs | null;
  place?: string;
  activity?: string;
  tripId?: string | null;
  serviceNumber?: string;
  deck?: string;
  cabin?: string;
  seat?: string;
  boardedAt?: string;
  alightedAt?: string;
  notes?: string;
}
const EVENT_FIELDS = [
  'kind',
  'startsAt',
  'endsAt',
  'place',
  'activity',
  'tripId',
  'serviceNumber',
  'deck',
  'cabin',
  'seat',
  'boardedAt',
  'alightedAt',
  'notes',
];

/** The form's values of a recorded entry (editing it); the stops of a linked trip are kept unless chosen again. */
function valuesOf(e: InvestigationEvent): EventValues {
  return {
    kind: e.kind,
    startsAt: dayjs(e.startsAt),
    endsAt: e.endsAt ? dayjs(e.endsAt) : null,
    place: e.place,
    activity: e.activity,
    tripId: e.trip?.id ?? null,
    serviceNumber: e.serviceNumber,
    deck: e.deck,
    cabin: e.cabin,
    seat: e.seat,
    notes: e.notes,
  };
}

/** Adds a timeline entry, or (`event` given) changes one: a changed trip or position rebuilds the case's cohort. */
function EventFormDialog({
  investigation,
  event,
  open,
  onClose,
  onSaved,
}: {
  investigation: Investigation;
  event?: InvestigationEvent;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<EventValues>();
  const kind = Form.useWatch('kind', form) ?? 'home';
  const tripId = Form.useWatch('tripId', form);
  const journey = isJourney(kind);
  const [q, setQ] = useState<string | undefined>();
  const canTravel = hasRight(me.data, RIGHTS.travelManage);
  const trips = useTrips({ mode: journey ? (kind as TripMode) : undefined, q, page: 1, pageSize: 30 });
  const trip = trips.data?.items.find((x) => x.id === tripId);
  const stops = trip ? [trip.origin, ...trip.calls.map((c) => c.place), trip.destination].filter(Boolean) : [];
  const { submit, saving, formError } = useFormSave(
    form,
    EVENT_FIELDS,
    (v: EventValues) => {
      const fields = {
        kind: v.kind,
        startsAt: v.startsAt.toISOString(),
        endsAt: v.endsAt ? v.endsAt.toISOString() : null,
        place: v.place ?? '',
        activity: v.activity ?? '',
        tripId: journey ? (v.tripId ?? null) : null,
        serviceNumber: v.serviceNumber ?? trip?.serviceNumber ?? '',
        deck: v.deck ?? '',
        cabin: v.cabin ?? '',
        seat: v.seat ?? '',
        ...(v.boardedAt ? { boardedAt: v.boardedAt } : {}),
        ...(v.alightedAt ? { alightedAt: v.alightedAt } : {}),
        notes: v.notes ?? '',
      };
      if (event)
        return typedApi.patch('/api/investigations/{id}/events/{eventId}', {
          path: { id: investigation.id, eventId: event.id },
          body: fields,
        });
      return typedApi.post('/api/investigations/{id}/events', {
        path: { id: investigation.id },
        body: {
          kind: v.kind,
          startsAt: v.startsAt.toISOString(),
          endsAt: v.endsAt ? v.endsAt.toISOString() : null,
          place: v.place ?? '',
          activity: v.activity ?? '',
          tripId: journey ? (v.tripId ?? null) : null,
          serviceNumber: v.serviceNumber ?? trip?.serviceNumber ?? '',
          deck: v.deck ?? '',
          cabin: v.cabin ?? '',
          seat: v.seat ?? '',
          boardedAt: v.boardedAt ?? '',
          alightedAt: v.alightedAt ?? '',
          notes: v.notes ?? '',
        },
      });
    },
    () => {
      form.resetFields();
      onSaved();
      onClose();
    },
  );
  const mode = journey ? (kind as TripMode) : 'voyage';
  return (
    <Modal
      open={open}
      width={620}
      title={t(event ? 'investigations.editEvent' : 'investigations.addEvent')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'event-save' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
      <Form<EventValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={event ? valuesOf(event) : { kind: 'home' }}
      >
        <Form.Item name="kind" label={t('investigations.fields.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="event-kind"
            options={PLACE_KINDS.map((value) => ({ value, label: t(`investigations.kinds.${value}`) }))}
            onChange={() => form.setFieldsValue({ tripId: null, boardedAt: undefined, alightedAt: undefined })}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsAt" label={t('investigations.fields.startsAt')} rules={[{ required: true }]}>
            <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="event-starts" />
          </Form.Item>
          <Form.Item name="endsAt" label={t('investigations.fields.endsAt')}>
            <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        {journey && canTravel && (
          <Form.Item name="tripId" label={t('investigations.fields.trip')} extra={t('investigations.tripHint')}>
            <Select
              allowClear
              showSearch
              filterOption={false}
              onSearch={(v) => setQ(v || undefined)}
              loading={trips.isFetching}
              data-testid="event-trip"
              options={[
                ...(event?.trip && !(trips.data?.items ?? []).some((x) => x.id === event.trip?.id)
                  ? [{ value: event.trip.id, label: `${event.trip.code} ${event.trip.serviceNumber}` }]
                  : []),
                ...(trips.data?.items ?? []).map((x) => ({
                  value: x.id,
                  label: `${x.code} ${x.serviceNumber} · ${[x.origin, x.destination].filter(Boolean).join('→')} · ${formatDateTime(x.departsAt)}`,
                })),
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="place" label={t(journey ? 'investigations.fields.route' : 'investigations.fields.place')}>
          <Input maxLength={200} />
        </Form.Item>
        {!journey && (
          <Form.Item name="activity" label={t('investigations.fields.activity')}>
            <Input maxLength={500} />
          </Form.Item>
        )}
        {journey && (
          <>
            {!tripId && (
              <Form.Item name="serviceNumber" label={t(`travel.serviceNumber.${mode}`)}>
                <Input maxLength={40} />
              </Form.Item>
            )}
            <Space wrap>
              {(mode === 'voyage' || mode === 'train' || mode === 'port_shift') && (
                <Form.Item name="deck" label={t(`travel.position.${mode}.deck`)}>
                  <Input maxLength={40} style={{ width: 120 }} data-testid="event-deck" />
                </Form.Item>
              )}
              {mode === 'voyage' && (
                <Form.Item name="cabin" label={t('travel.position.voyage.cabin')}>
                  <Input maxLength={40} style={{ width: 120 }} data-testid="event-cabin" />
                </Form.Item>
              )}
              <Form.Item name="seat" label={t(`travel.position.${mode}.seat`)}>
                <Input maxLength={40} style={{ width: 120 }} />
              </Form.Item>
            </Space>
            {tripId && stops.length > 0 && (
              <Space wrap>
                <Form.Item name="boardedAt" label={t('travel.manifestFields.boardedAt')}>
                  <Select allowClear style={{ width: 160 }} options={stops.map((s) => ({ value: s, label: s }))} />
                </Form.Item>
                <Form.Item name="alightedAt" label={t('travel.manifestFields.alightedAt')}>
                  <Select allowClear style={{ width: 160 }} options={stops.map((s) => ({ value: s, label: s }))} />
                </Form.Item>
              </Space>
            )}
          </>
        )}
        <Form.Item name="notes" label={t('investigations.fields.notes')}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface SummaryValues {
  windowFrom: Dayjs;
  windowTo: Dayjs;
  likelySourceKind: Investigation['likelySourceKind'];
  likelySource?: string;
  notes?: string;
  status: Investigation['status'];
}

function SummaryDialog({
  investigation: inv,
  open,
  onClose,
  onSaved,
}: {
  investigation: Investigation;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SummaryValues>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['windowFrom', 'windowTo', 'likelySourceKind', 'likelySource', 'notes', 'status'],
    (v: SummaryValues) =>
      typedApi.patch('/api/investigations/{id}', {
        path: { id: inv.id },
        body: {
          windowFrom: v.windowFrom.format('YYYY-MM-DD'),
          windowTo: v.windowTo.format('YYYY-MM-DD'),
          likelySourceKind: v.likelySourceKind,
          likelySource: v.likelySource ?? '',
          notes: v.notes ?? '',
          status: v.status,
        },
      }),
    () => {
      onSaved();
      onClose();
    },
  );
  return (
    <Modal
      open={open}
      width={620}
      title={t('investigations.summary')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'summary-save' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          windowFrom: dayValue(inv.windowFrom),
          windowTo: dayValue(inv.windowTo),
          likelySourceKind: inv.likelySourceKind,
          likelySource: inv.likelySource,
          notes: inv.notes,
          status: inv.status,
        }}
      >
        <Space wrap>
          <Form.Item name="windowFrom" label={t('investigations.fields.windowFrom')} rules={[{ required: true }]}>
            <DistrictDatePicker notFuture />
          </Form.Item>
          <Form.Item name="windowTo" label={t('investigations.fields.windowTo')} rules={[{ required: true }]}>
            <DistrictDatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="likelySourceKind" label={t('investigations.fields.likelySourceKind')}>
          <Select
            data-testid="source-kind"
            options={SOURCE_KINDS.map((value) => ({ value, label: t(`investigations.sourceKinds.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="likelySource" label={t('investigations.fields.likelySource')}>
          <Input maxLength={1000} data-testid="source-text" />
        </Form.Item>
        <Form.Item name="notes" label={t('investigations.fields.notes')}>
          <Input.TextArea maxLength={10000} rows={5} />
        </Form.Item>
        <Form.Item name="status" label={t('investigations.fields.status')}>
          <Select options={(['open', 'closed'] as const).map((value) => ({ value, label: t(`investigations.statuses.${value}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
