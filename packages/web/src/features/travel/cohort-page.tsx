/**
 * The exposure cohort of a case on a trip: every person of the manifest ranked by proximity to the case (same
 * cabin > same deck > same vessel; seats and carriages for trains and buses; posts for port shifts), with a
 * suggested risk. The investigator selects — by default the highest rank still to decide — and confirms them as
 * contacts of the case in one step (or marks them as not contacts).
 */
import { type ButtonProps, App, Alert, Button, Card, Descriptions, Form, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { type Key, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { type CohortMember, rankColour, useCohort } from './travel-api.ts';

const RISKS = ['high', 'medium', 'low'] as const;

export function CohortPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const en = i18n.language.startsWith('en');
  const queryClient = useQueryClient();
  const [query, setQuery] = useState<{ rank?: number; status?: CohortMember['status']; page: number; pageSize: number }>({
    rank: 1,
    status: 'suggested',
    page: 1,
    pageSize: 100,
  });
  const cohort = useCohort(id, query);
  const [selected, setSelected] = useState<Key[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ defaultJurisdictionId?: string; riskCategory?: (typeof RISKS)[number] }>();
  useLiveInvalidate('travel', [['travel']]);
  if (cohort.isPending) return <PageSpinner />;
  if (!cohort.data) return <Typography.Text type="danger">{t('common.notFound')}</Typography.Text>;
  const { exposure, items, total } = cohort.data;
  const canDecide = hasRight(me.data, RIGHTS.travelManage) && hasRight(me.data, RIGHTS.contactsWrite);
  const chosen = items.filter((m) => selected.includes(m.id));
  const homeless = chosen.filter((m) => !m.entry.residenceJurisdiction).length;
  const mode = exposure.tripMode;

  async function decide(kind: 'confirm' | 'dismiss', values?: { defaultJurisdictionId?: string; riskCategory?: (typeof RISKS)[number] }) {
    setBusy(true);
    setError(null);
    try {
      const memberIds = selected.map(String);
      const result =
        kind === 'confirm'
          ? await typedApi.post('/api/travel/exposures/{id}/cohort/confirm', {
              path: { id },
              body: {
                memberIds,
                defaultJurisdictionId: values?.defaultJurisdictionId,
                riskCategory: values?.riskCategory,
                followUpPerDay: 1,
              },
            })
          : await typedApi.post('/api/travel/exposures/{id}/cohort/dismiss', { path: { id }, body: { memberIds } });
      void message.success(t(kind === 'confirm' ? 'travel.cohort.confirmed' : 'travel.cohort.dismissed', { count: result.changed }));
      setSelected([]);
      setConfirming(false);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['travel'] });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (e) {
      setError(translateError(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Typography.Title level={3}>
        {t('travel.cohort.title', { case: exposure.case.code, trip: `${t(`travel.modes.${mode}`)} ${exposure.serviceNumber}` })}
      </Typography.Title>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('travel.trip.case')}>
            <Link to={`/cases/${exposure.case.id}`}>{exposure.case.code}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('travel.cohort.trip')}>
            <Link to={`/travel/${exposure.tripId}`}>{exposure.tripCode}</Link> · {formatDateTime(exposure.departsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('travel.trip.position')}>
            {[exposure.deck, exposure.cabin, exposure.seat].filter(Boolean).join(' / ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('travel.cohort.tally')}>
            <span data-testid="cohort-tally">
              {t('travel.cohort.tallyText', {
                total: exposure.cohort.total,
                r1: exposure.cohort.byRank['1'],
                r2: exposure.cohort.byRank['2'],
                r3: exposure.cohort.byRank['3'],
                confirmed: exposure.cohort.confirmed,
                dismissed: exposure.cohort.dismissed,
              })}
            </span>
          </Descriptions.Item>
        </Descriptions>
        {!exposure.manifestEntryId && exposure.cohort.total > 0 && <Alert type="info" showIcon message={t('travel.cohort.caseNotFound')} />}
      </Card>
      <Space wrap style={{ margin: '16px 0' }}>
        <Radio.Group
          value={query.rank ?? 0}
          onChange={(e) => {
            setSelected([]);
            setQuery((q) => ({ ...q, rank: e.target.value || undefined, page: 1 }));
          }}
          optionType="button"
          options={[
            { value: 1, label: t(`travel.rankShort.${mode}.1`) },
            { value: 2, label: t(`travel.rankShort.${mode}.2`) },
            { value: 3, label: t(`travel.rankShort.${mode}.3`) },
            { value: 0, label: t('travel.cohort.allRanks') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('travel.cohort.allStatuses')}
          value={query.status}
          onChange={(status) => {
            setSelected([]);
            setQuery((q) => ({ ...q, status, page: 1 }));
          }}
          options={(['suggested', 'confirmed', 'dismissed'] as const).map((value) => ({
            value,
            label: t(`travel.cohortStatuses.${value}`),
          }))}
          style={{ width: 140 }}
        />
        {canDecide && (
          <>
            <Button type="primary" danger disabled={selected.length === 0} onClick={() => setConfirming(true)} data-testid="cohort-confirm">
              {t('travel.cohort.confirm', { count: selected.length })}
            </Button>
            <Button disabled={selected.length === 0} loading={busy && !confirming} onClick={() => void decide('dismiss')}>
              {t('travel.cohort.dismiss')}
            </Button>
          </>
        )}
      </Space>
      {error && !confirming && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <ResponsiveTable<CohortMember>
        rowKey="id"
        size="small"
        data-testid="cohort-list"
        dataSource={items}
        scroll={{ x: true }}
        cardTitle={['name']}
        rowSelection={
          canDecide
            ? {
                selectedRowKeys: selected,
                onChange: setSelected,
                getCheckboxProps: (m) => ({ disabled: m.status !== 'suggested' }),
              }
            : undefined
        }
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total,
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
        columns={[
          { title: t('travel.manifestFields.personName'), key: 'name', render: (_, m) => m.entry.personName },
          {
            title: t('travel.cohort.proximity'),
            key: 'proximity',
            render: (_, m) => <Tag color={rankColour(m.rank)}>{t(`travel.proximities.${m.proximity}`)}</Tag>,
          },
          {
            title: t('travel.cohort.suggestedRisk'),
            dataIndex: 'suggestedRisk',
            render: (v: string) => t(`contacts.risks.${v}`),
          },
          {
            title: t('travel.trip.position'),
            key: 'pos',
            render: (_, m) => [m.entry.deck, m.entry.cabin, m.entry.seat].filter(Boolean).join(' / ') || '—',
          },
          { title: t('travel.manifestFields.role'), key: 'role', render: (_, m) => t(`travel.roles.${m.entry.role}`) },
          { title: t('travel.manifestFields.idNumber'), key: 'id', render: (_, m) => m.entry.idNumberMasked || '—' },
          {
            title: t('travel.manifestFields.residence'),
            key: 'res',
            render: (_, m) =>
              m.entry.residenceJurisdiction
                ? en
                  ? m.entry.residenceJurisdiction.nameEn
                  : m.entry.residenceJurisdiction.name
                : m.entry.residence || '—',
          },
          { title: t('travel.cohort.lastExposure'), dataIndex: 'lastExposureAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('travel.cohort.status'),
            key: 'status',
            render: (_, m) =>
              m.contact ? (
                <Link to={`/contacts/${m.contact.id}`}>{m.contact.code}</Link>
              ) : (
                <Tag color={m.status === 'dismissed' ? 'default' : 'blue'}>{t(`travel.cohortStatuses.${m.status}`)}</Tag>
              ),
          },
        ]}
      />
      <Modal
        open={confirming}
        title={t('travel.cohort.confirmTitle', { count: selected.length })}
        okText={t('travel.cohort.confirmOk')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'cohort-confirm-ok' } as ButtonProps}
        onOk={() => form.submit()}
        onCancel={() => setConfirming(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('travel.cohort.confirmIntro')}</Typography.Paragraph>
        {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void decide('confirm', v)}>
          {homeless > 0 && (
            <Form.Item
              name="defaultJurisdictionId"
              label={t('travel.cohort.defaultJurisdiction', { count: homeless })}
              rules={[{ required: true }]}
            >
              <JurisdictionSelect />
            </Form.Item>
          )}
          <Form.Item name="riskCategory" label={t('travel.cohort.riskOverride')}>
            <Select
              allowClear
              placeholder={t('travel.cohort.riskSuggested')}
              options={RISKS.map((value) => ({ value, label: t(`contacts.risks.${value}`) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
