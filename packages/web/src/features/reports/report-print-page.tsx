/**
 * The print view of a report: the same content as the PDF, laid out for the browser's print (the navigation is
 * hidden by the print style sheet of the shell; here only the page's own buttons are hidden).
 */
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { inLanguage } from '../../app/bilingual-text.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { ApiError } from '../../api/client.ts';
import { AlertsSection, CasesSection, FacilitiesSection, RtLine, TasksSection, TracingLine } from './report-figures.tsx';
import { useReport } from './reports-api.ts';

export function ReportPrintPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const report = useReport(id);
  if (report.error instanceof ApiError && report.error.status === 404) return <NotFoundPage />;
  if (report.error) return <Alert type="error" showIcon message={translateError(t, report.error)} />;
  const r = report.data;
  if (!r) return <Spin />;
  const text = (value: string) => (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{inLanguage(value, i18n.language) || t('reports.empty')}</Typography.Paragraph>
  );
  const h = (key: string) => (
    <Typography.Title level={4} style={{ marginTop: 20 }}>
      {t(`reports.sections.${key}`)}
    </Typography.Title>
  );
  return (
    <div className="report-print" style={{ maxWidth: 860, margin: '0 auto', background: '#fff', padding: 24 }}>
      <style>
        {'@media print { .no-print { display: none !important; } .ant-layout-sider, .ant-layout-header { display: none !important; } }'}
      </style>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/reports/${r.id}`}>{t('reports.backToReport')}</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('reports.actions.printNow')}
        </Button>
      </Space>
      <Typography.Title level={2} style={{ textAlign: 'center', color: '#b00000', marginBottom: 0 }}>
        {t('reports.printHeading')}
      </Typography.Title>
      <Typography.Paragraph style={{ textAlign: 'center' }}>{t('reports.issueNo', { n: r.issueNo })}</Typography.Paragraph>
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {inLanguage(r.title, i18n.language)}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', borderBottom: '2px solid #b00000', paddingBottom: 8 }}>
        {r.reportDate} · {r.incidentCode} · {t(`reports.status.${r.status}`)} · {t('reports.versionN', { n: r.version })}
      </Typography.Paragraph>
      {h('summary')}
      {text(r.summary)}
      {h('situation')}
      {r.situation && text(r.situation)}
      <CasesSection figures={r.figures} />
      <Typography.Paragraph>
        <RtLine figures={r.figures} />
      </Typography.Paragraph>
      <Typography.Paragraph>
        <TracingLine figures={r.figures} />
      </Typography.Paragraph>
      {h('alerts')}
      <AlertsSection figures={r.figures} />
      {h('tasks')}
      <TasksSection figures={r.figures} />
      {h('facilities')}
      <FacilitiesSection figures={r.figures} occupancy={r.occupancy} />
      {h('measures')}
      {text(r.measures)}
      {h('nextSteps')}
      {text(r.nextSteps)}
      <Typography.Paragraph type="secondary" style={{ textAlign: 'right', marginTop: 24 }}>
        {r.approvedByName && r.approvedAt ? `${t('reports.approvedBy')}: ${r.approvedByName} ${formatDateTime(r.approvedAt)} · ` : ''}
        {t('reports.generatedAt')}: {formatDateTime(r.figuresGeneratedAt)}
      </Typography.Paragraph>
    </div>
  );
}
