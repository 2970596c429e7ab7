/**
 * The volunteer registry: counts (pending, approved, active by rule), filters by vetting state, skill, language,
 * availability and activity, the list (cards on a phone), and the registration form.
 */
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { api, queryClient } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import {
  AVAILABILITY,
  LANGUAGES,
  SKILLS,
  VETTING_STATUSES,
  type Volunteer,
  type VolunteerInput,
  hoursOf,
  nameIn,
  registerVolunteer,
  useVolunteers,
  vettingColour,
} from './volunteers-api.ts';

export function VolunteersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [page, setPage] = useState(1);
  const list = useVolunteers({ ...filters, page, pageSize: 50 });
  const [registering, setRegistering] = useState(false);
  useLiveInvalidate('volunteers', [['volunteers']]);
  const set = (key: string) => (value: string | undefined) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('volunteers.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.volunteersManage) && (
          <Button type="primary" onClick={() => setRegistering(true)} data-testid="volunteer-new">
            {t('volunteers.register')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('volunteers.intro')}</Typography.Paragraph>
      {list.data && (
        <Space wrap size="large" style={{ marginBottom: 12 }} data-testid="volunteer-counts">
          <Statistic title={t('volunteers.counts.pending')} value={list.data.counts.pending} />
          <Statistic title={t('volunteers.counts.approved')} value={list.data.counts.approved} />
          <Statistic title={t('volunteers.counts.active')} value={list.data.counts.active} />
        </Space>
      )}
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search allowClear placeholder={t('volunteers.search')} onSearch={(v) => set('q')(v || undefined)} style={{ width: 200 }} />
        <Select
          allowClear
          placeholder={t('volunteers.fields.vettingStatus')}
          style={{ width: 140 }}
          onChange={set('status')}
          options={VETTING_STATUSES.map((s) => ({ value: s, label: t(`volunteers.statuses.${s}`) }))}
          data-testid="volunteer-status-filter"
        />
        <Select
          allowClear
          placeholder={t('volunteers.fields.skills')}
          style={{ width: 160 }}
          onChange={set('skill')}
          options={SKILLS.map((s) => ({ value: s, label: t(`volunteers.skills.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('volunteers.fields.languages')}
          style={{ width: 140 }}
          onChange={set('language')}
          options={LANGUAGES.map((s) => ({ value: s, label: t(`volunteers.languages.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('volunteers.fields.availability')}
          style={{ width: 160 }}
          onChange={set('availability')}
          options={AVAILABILITY.map((s) => ({ value: s, label: t(`volunteers.availability.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('volunteers.fields.active')}
          style={{ width: 140 }}
          onChange={set('active')}
          options={[
            { value: 'true', label: t('volunteers.active') },
            { value: 'false', label: t('volunteers.inactive') },
          ]}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={translateError(t, list.error)} />}
      <ResponsiveTable<Volunteer>
        size="small"
        rowKey="id"
        data-testid="volunteer-list"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        cardTitle={['name']}
        columns={[
          {
            title: t('volunteers.fields.name'),
            key: 'name',
            render: (_, v) => <Link to={`/volunteers/${v.id}`}>{`${v.name} · ${v.code}`}</Link>,
          },
          {
            title: t('volunteers.fields.place'),
            key: 'place',
            render: (_, v) =>
              [v.township ? nameIn(i18n.language, v.township) : '', nameIn(i18n.language, v.jurisdiction), v.grid]
                .filter(Boolean)
                .join(' · '),
          },
          {
            title: t('volunteers.fields.skills'),
            key: 'skills',
            render: (_, v) => v.skills.map((s) => t(`volunteers.skills.${s}`)).join('、'),
          },
          { title: t('volunteers.fields.phone'), key: 'phone', render: (_, v) => v.phoneMasked || '—' },
          {
            title: t('volunteers.fields.vettingStatus'),
            key: 'status',
            render: (_, v) => (
              <Space size={4}>
                <Tag color={vettingColour(v.vettingStatus)}>{t(`volunteers.statuses.${v.vettingStatus}`)}</Tag>
                {v.vettingStatus === 'approved' && (
                  <Tag color={v.activity.active ? 'green' : 'default'}>
                    {v.activity.active ? t('volunteers.active') : t('volunteers.inactive')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('volunteers.fields.hoursPerMonth'),
            key: 'hours',
            render: (_, v) => t('volunteers.hoursPerMonthValue', { n: v.activity.hoursPerMonth }),
          },
          { title: t('volunteers.fields.hoursYear'), key: 'minutes', render: (_, v) => hoursOf(v.activity.minutes) },
        ]}
      />
      {registering && <RegisterForm onClose={() => setRegistering(false)} />}
    </div>
  );
}

interface RegisterValues {
  name: string;
  sex: VolunteerInput['sex'];
  birthYear?: number;
  jurisdictionId: string;
  grid?: string;
  phone?: string;
  idType: VolunteerInput['idType'];
  idNumber?: string;
  skills: VolunteerInput['skills'];
  languages: VolunteerInput['languages'];
  availability: VolunteerInput['availability'];
  organisation?: string;
  notes?: string;
}

function RegisterForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const places = useQuery({
    queryKey: ['volunteers', 'places'],
    queryFn: async () =>
      (await api.get<{ items: Schemas['Jurisdiction'][] }>('/api/jurisdictions')).items.filter(
        (j) => j.level === 'township' || j.level === 'community',
      ),
  });
  async function save(v: RegisterValues) {
    setSaving(true);
    setError(null);
    try {
      const created = await registerVolunteer({
        name: v.name,
        sex: v.sex,
        birthYear: v.birthYear ?? null,
        jurisdictionId: v.jurisdictionId,
        grid: v.grid ?? '',
        phone: v.phone ?? '',
        idType: v.idType,
        ...(v.idType !== 'none' ? { idNumber: v.idNumber ?? '' } : {}),
        skills: v.skills,
        languages: v.languages,
        availability: v.availability,
        organisation: v.organisation ?? '',
        notes: v.notes ?? '',
      });
      message.success(t('volunteers.registered'));
      await queryClient.invalidateQueries({ queryKey: ['volunteers'] });
      navigate(`/volunteers/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }
  const req = [{ required: true, message: t('volunteers.required') }];
  return (
    <Modal open title={t('volunteers.register')} onCancel={onClose} footer={null} width={Math.min(640, window.innerWidth)} destroyOnHidden>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Form<RegisterValues>
        layout="vertical"
        onFinish={save}
        initialValues={{ sex: 'unknown', idType: 'none', skills: [], languages: ['zh'], availability: [] }}
        data-testid="volunteer-form"
      >
        <Form.Item name="name" label={t('volunteers.fields.name')} rules={[...req, { max: 100 }]}>
          <Input data-testid="volunteer-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="sex" label={t('volunteers.fields.sex')}>
            <Select
              style={{ width: 120 }}
              options={(['male', 'female', 'unknown'] as const).map((s) => ({ value: s, label: t(`volunteers.sexes.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="birthYear" label={t('volunteers.fields.birthYear')}>
            <InputNumber min={1900} max={2199} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="jurisdictionId" label={t('volunteers.fields.place')} rules={req}>
          <Select
            showSearch
            optionFilterProp="label"
            options={places.data?.map((j) => ({ value: j.id, label: nameIn(i18n.language, j) }))}
            data-testid="volunteer-place"
          />
        </Form.Item>
        <Form.Item name="grid" label={t('volunteers.fields.grid')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('volunteers.fields.phone')}
          rules={[{ pattern: /^\+?[0-9][0-9 -]{5,19}$/, message: t('volunteers.phoneFormat') }]}
        >
          <Input inputMode="tel" data-testid="volunteer-phone" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="idType" label={t('volunteers.fields.idType')}>
            <Select
              style={{ width: 160 }}
              options={(['none', 'resident_id', 'passport', 'other'] as const).map((s) => ({
                value: s,
                label: t(`volunteers.idTypes.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="idNumber" label={t('volunteers.fields.idNumber')} rules={[{ max: 40 }]}>
            <Input style={{ width: 240 }} />
          </Form.Item>
        </Space>
        <Form.Item name="skills" label={t('volunteers.fields.skills')}>
          <Select
            mode="multiple"
            options={SKILLS.map((s) => ({ value: s, label: t(`volunteers.skills.${s}`) }))}
            data-testid="volunteer-skills"
          />
        </Form.Item>
        <Form.Item name="languages" label={t('volunteers.fields.languages')}>
          <Select mode="multiple" options={LANGUAGES.map((s) => ({ value: s, label: t(`volunteers.languages.${s}`) }))} />
        </Form.Item>
        <Form.Item name="availability" label={t('volunteers.fields.availability')}>
          <Select mode="multiple" options={AVAILABILITY.map((s) => ({ value: s, label: t(`volunteers.availability.${s}`) }))} />
        </Form.Item>
        <Form.Item name="organisation" label={t('volunteers.fields.organisation')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="notes" label={t('volunteers.fields.notes')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Card size="small" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('volunteers.fourEyesNote')}</Typography.Text>
        </Card>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="volunteer-submit">
          {t('volunteers.register')}
        </Button>
      </Form>
    </Modal>
  );
}
