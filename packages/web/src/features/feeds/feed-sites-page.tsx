/**
 * Reporting sites of the feeds (fever clinics, pharmacies, schools, the port, sentinel hospitals) in the user's
 * area: list, create, change, deactivate (a site with history is never deleted: its values stay).
 */
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { type FeedSite, SITE_KINDS, localName, useFeedSites } from './feeds-api.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';

interface SiteValues {
  code: string;
  name: string;
  nameEn: string;
  kind: FeedSite['kind'];
  jurisdictionId: string;
  facilityId: string | null;
  active: boolean;
}

const FIELDS = ['code', 'name', 'nameEn', 'kind', 'jurisdictionId', 'facilityId', 'active'] as const;

function SiteForm({ editing, open, onClose }: { editing: FeedSite | null; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<SiteValues>();
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  useEffect(() => {
    if (open) form.setFieldsValue(editing ?? { code: '', name: '', nameEn: '', kind: 'pharmacy', facilityId: null, active: true });
  }, [open, editing, form]);
  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: SiteValues) =>
      editing ? api.patch<FeedSite>(`/api/feeds/sites/${editing.id}`, values) : api.post<FeedSite>('/api/feeds/sites', values),
    () => {
      void client.invalidateQueries({ queryKey: ['feeds'] });
      onClose();
    },
  );
  return (
    <Modal
      open={open}
      title={editing ? t('feeds.sites.edit') : t('feeds.sites.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => void submit({ ...values, facilityId: values.facilityId ?? null })}>
        <Form.Item name="code" label={t('feeds.sites.code')} rules={[{ required: true, message: t('feeds.sites.required') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="name" label={t('feeds.sites.name')} rules={[{ required: true, message: t('feeds.sites.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('feeds.sites.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('feeds.sites.kind')} rules={[{ required: true }]}>
          <Select options={SITE_KINDS.map((k) => ({ value: k, label: t(`feeds.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={t('feeds.jurisdiction')} rules={[{ required: true, message: t('feeds.sites.required') }]}>
          <JurisdictionSelect />
        </Form.Item>
        <Form.Item name="facilityId" label={t('feeds.sites.facility')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: localName(f, i18n.language) }))}
          />
        </Form.Item>
        <Form.Item name="active" label={t('feeds.sites.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function FeedSitesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [showInactive, setShowInactive] = useState(false);
  const sites = useFeedSites(showInactive);
  const [editing, setEditing] = useState<FeedSite | null>(null);
  const [open, setOpen] = useState(false);
  useLiveInvalidate('feeds', [['feeds', 'sites']]);
  const canEdit = hasRight(me.data, RIGHTS.feedsReport);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('feeds.sites.title')}
        </Typography.Title>
        <Space>
          <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)}>
            {t('feeds.sites.showInactive')}
          </Checkbox>
          {canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setOpen(true);
              }}
            >
              {t('feeds.sites.create')}
            </Button>
          )}
        </Space>
      </Space>
      {sites.error && <Alert type="error" showIcon message={translateError(t, sites.error)} />}
      <ResponsiveTable<FeedSite>
        data-testid="feed-site-list"
        cardTitle={['code', 'name']}
        rowKey="id"
        loading={sites.isFetching}
        dataSource={sites.data?.items}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: t('feeds.sites.code'), dataIndex: 'code', width: 140 },
          { title: t('feeds.sites.name'), key: 'name', render: (_, s) => localName(s, i18n.language) },
          { title: t('feeds.sites.kind'), dataIndex: 'kind', width: 140, render: (k: string) => t(`feeds.kinds.${k}`) },
          {
            title: t('feeds.jurisdiction'),
            key: 'j',
            width: 160,
            render: (_, s) => localName({ name: s.jurisdictionName, nameEn: s.jurisdictionNameEn }, i18n.language),
          },
          {
            title: t('feeds.sites.active'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => (a ? <Tag color="green">{t('feeds.sites.yes')}</Tag> : <Tag>{t('feeds.sites.no')}</Tag>),
          },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, s: FeedSite) => (
                    <Button
                      size="small"
                      onClick={() => {
                        setEditing(s);
                        setOpen(true);
                      }}
                    >
                      {t('feeds.sites.editShort')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <SiteForm open={open} editing={editing} onClose={() => setOpen(false)} />
    </div>
  );
}
