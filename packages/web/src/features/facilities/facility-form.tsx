import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FACILITY_TYPES, type Facility } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { PHONE_PATTERN } from '../agencies/agency-form.tsx';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';

interface FacilityValues extends Omit<Facility, 'id' | 'location'> {
  lon: number | null;
  lat: number | null;
}

const FIELDS = [
  'name',
  'nameEn',
  'type',
  'jurisdictionId',
  'address',
  'location',
  'lon',
  'lat',
  'beds',
  'icuBeds',
  'isolationRooms',
  'rooms',
  'phone',
];
const CAPACITIES = ['beds', 'icuBeds', 'isolationRooms', 'rooms'] as const;

/** Create (editing = null) or edit a facility; the location can be typed or picked by clicking the map. */
export function FacilityForm({ editing, open, onClose }: { editing: Facility | null; open: boolean; onClose: (saved?: Facility) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const townships = useTownshipGeojson();
  const [form] = Form.useForm<FacilityValues>();
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const type = Form.useWatch('type', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      const { id: _id, location, ...values } = editing;
      form.setFieldsValue({ ...values, lon: location?.[0] ?? null, lat: location?.[1] ?? null });
    } else {
      form.setFieldsValue({ beds: 0, icuBeds: 0, isolationRooms: 0, rooms: 0 });
    }
  }, [open, editing, form]);

  // The map shows the point being placed as a facility of the chosen type.
  const preview = useMemo<Facility[]>(
    () =>
      lon != null && lat != null
        ? [
            {
              id: 'preview',
              name: '',
              nameEn: '',
              type: type ?? 'general_hospital',
              jurisdictionId: '',
              address: '',
              location: [lon, lat],
              beds: 0,
              icuBeds: 0,
              isolationRooms: 0,
              rooms: 0,
              phone: '',
            },
          ]
        : [],
    [lon, lat, type],
  );

  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    ({ lon: x, lat: y, ...values }: FacilityValues) => {
      const body = {
        ...values,
        address: values.address ?? '',
        phone: values.phone ?? '',
        location: x != null && y != null ? [x, y] : null,
      };
      return editing ? api.patch<Facility>(`/api/facilities/${editing.id}`, body) : api.post<Facility>('/api/facilities', body);
    },
    (saved) => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: ['facilities'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      onClose(saved);
    },
  );

  return (
    <Drawer
      open={open}
      onClose={() => onClose()}
      width={640}
      title={editing ? t('facilities.edit') : t('facilities.create')}
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
      <Form form={form} layout="vertical" onFinish={submit} name="facility">
        <Row gutter={12}>
          <Col span={12}>
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
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('common.nameEn')}
              rules={[
                { required: true, message: t('common.required') },
                { max: 300, message: t('common.tooLong', { count: 200 }) },
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label={t('facilities.type')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={FACILITY_TYPES.map((value) => ({ value, label: t(`facilityTypes.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="jurisdictionId" label={t('common.jurisdiction')} rules={[{ required: true, message: t('common.required') }]}>
              <JurisdictionSelect />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="address" label={t('common.address')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="phone" label={t('common.phone')} rules={[{ pattern: PHONE_PATTERN, message: t('common.phoneFormat') }]}>
              <Input />
            </Form.Item>
          </Col>
          {CAPACITIES.map((capacity) => (
            <Col span={6} key={capacity}>
              <Form.Item name={capacity} label={t(`facilities.${capacity}`)} rules={[{ required: true, message: t('common.required') }]}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
          <Col span={12}>
            <Form.Item
              name="lon"
              label={t('common.longitude')}
              dependencies={['lat']}
              rules={[bothOrNeither('lat', t('facilities.bothCoordinates'))]}
            >
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="lat"
              label={t('common.latitude')}
              dependencies={['lon']}
              rules={[bothOrNeither('lon', t('facilities.bothCoordinates'))]}
            >
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Paragraph type="secondary">{t('facilities.pickHint')}</Typography.Paragraph>
      {townships.data && (
        <LazyDistrictMap
          townships={townships.data}
          facilities={preview}
          showLabels={false}
          height={280}
          onPick={([x, y]) => form.setFieldsValue({ lon: x, lat: y })}
        />
      )}
    </Drawer>
  );
}

/** A point needs both coordinates; one alone would be stored as no location and surprise the user. */
function bothOrNeither(other: 'lon' | 'lat', text: string) {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value: unknown) =>
      (value == null) === (getFieldValue(other) == null) ? Promise.resolve() : Promise.reject(new Error(text)),
  });
}
