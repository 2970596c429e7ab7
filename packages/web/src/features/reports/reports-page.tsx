/**
 * Situation reports: the list (filter by status, newest day first) and drafting one for an incident and a day.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Modal, Segmented, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { useIncidents } from '../incidents/incidents-api.ts';
import { type Report, type ReportSummary, REPORT_STATUSES, useReports } from './reports-api.ts';
import { ReportStatusTag } from './report-status-tag.tsx';
import { ResponsiveTable } from '../../app/responsive-list.tsx';

const PAGE_SIZE = 20;

export function ReportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'all';
  const incidentId = params.get('incidentId') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const reports = useReports({ status: status === 'all' ? undefined : status, incidentId, page, pageSize: PAGE_SIZE });
  useLiveInvalidate('reports', [['reports']]);
  const [drafting, setDrafting] = useState(false);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('reports.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            aria-label={t('reports.statusFilter')}
            value={status}
            onChange={(value) => setParams({ status: String(value), ...(incidentId ? { incidentId } : {}) })}
            options={[
              { value: 'all', label: t('reports.all') },
              ...REPORT_STATUSES.map((s) => ({ value: s, label: t(`reports.status.${s}`) })),
            ]}
          />
          {hasRight(me.data, RIGHTS.reportsDraft) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrafting(true)}>
              {t('reports.draftNew')}
            </Button>
          )}
        </Space>
      </Space>
      {reports.error && <Alert type="error" showIcon message={translateError(t, reports.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<ReportSummary>
        data-testid="report-list"
        cardTitle={['reportDate', 'issueNo']}
        rowKey="id"
        loading={reports.isFetching}
        dataSource={reports.data?.items}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: reports.data?.total,
          onChange: (p) => setParams({ status, page: String(p), ...(incidentId ? { incidentId } : {}) }),
        }}
        columns={[
          { title: t('reports.reportDate'), dataIndex: 'reportDate', render: (d: string, r) => <Link to={`/reports/${r.id}`}>{d}</Link> },
          { title: t('reports.issue'), dataIndex: 'issueNo', render: (n: number) => t('reports.issueNo', { n }) },
          {
            title: t('reports.incident'),
            render: (_, r) => <Link to={`/incidents/${r.incidentId}`}>{`${r.incidentCode} ${r.incidentTitle}`}</Link>,
          },
          { title: t('reports.titleColumn'), dataIndex: 'title' },
          { title: t('reports.statusColumn'), render: (_, r) => <ReportStatusTag status={r.status} version={r.version} /> },
          { title: t('reports.approvedBy'), dataIndex: 'approvedByName', render: (n: string | null) => n ?? '—' },
        ]}
      />
      {drafting && <DraftReportDialog onClose={() => setDrafting(false)} defaultIncidentId={incidentId} />}
    </div>
  );
}

/** Drafts an incident's report for a day (the server fills in the figures). */
export function DraftReportDialog({ onClose, defaultIncidentId }: { onClose: () => void; defaultIncidentId?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const incidents = useIncidents({ status: 'open', page: 1, pageSize: 100 });
  const [form] = Form.useForm<{ incidentId: string; reportDate: Dayjs }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['incidentId', 'reportDate'],
    (values) => api.post<Report>('/api/reports', { incidentId: values.incidentId, reportDate: values.reportDate.format('YYYY-MM-DD') }),
    (report) => {
      void client.invalidateQueries({ queryKey: ['reports'] });
      onClose();
      navigate(`/reports/${report.id}`);
    },
  );
  return (
    <Modal
      open
      title={t('reports.draftNew')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reports.draftAction')}
      confirmLoading={saving}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ incidentId: defaultIncidentId, reportDate: districtTodayValue() }}
      >
        <Form.Item name="incidentId" label={t('reports.incident')} rules={[{ required: true, message: t('reports.incidentRequired') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={incidents.isLoading}
            options={(incidents.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))}
          />
        </Form.Item>
        <Form.Item name="reportDate" label={t('reports.reportDate')} rules={[{ required: true, message: t('reports.dateRequired') }]}>
          <DistrictDatePicker notFuture allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
