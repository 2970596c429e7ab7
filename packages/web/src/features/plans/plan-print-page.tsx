/**
 * The print view of a plan version: the document alone, in Chinese, English or both (`?lang=zh|en|both`),
 * with a print style sheet that hides the application around it and keeps tables and headings whole.
 */
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatDate } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { PlanContentView, type PlanLanguages } from './plan-content-view.tsx';
import { useAgencyIndex } from './plan-page.tsx';
import { usePlan, usePlanVersion } from './plans-api.ts';

// Inline styles are allowed by the CSP (antd injects its own the same way); scripts are not needed.
const PRINT_CSS = `
@media print {
  body * { visibility: hidden; }
  .plan-print, .plan-print * { visibility: visible; }
  .plan-print { position: absolute; left: 0; top: 0; width: 100%; padding: 0 8mm; }
  .plan-print .no-print { display: none !important; }
  .plan-print h4 { break-after: avoid; }
  .plan-print tr, .plan-print .plan-level { break-inside: avoid; }
  .plan-print .ant-table { font-size: 10.5pt; }
  @page { size: A4; margin: 18mm 14mm; }
}
.plan-print { background: #fff; color: #000; max-width: 210mm; margin: 0 auto; }
.plan-print .plan-section h4 { border-bottom: 1px solid #d9d9d9; padding-bottom: 4px; }
`;

export function PlanPrintPage() {
  const { t, i18n } = useTranslation();
  const { id, versionId } = useParams();
  const [params, setParams] = useSearchParams();
  const plan = usePlan(id);
  const version = usePlanVersion(id, versionId);
  const agencies = useAgencyIndex();
  const lang = params.get('lang');
  const languages: PlanLanguages = lang === 'zh' || lang === 'en' || lang === 'both' ? lang : i18n.language === 'en' ? 'en' : 'zh';

  if (plan.error || version.error) return <Alert type="error" showIcon message={translateError(t, plan.error ?? version.error)} />;
  if (!plan.data || !version.data) return <Skeleton active />;
  const v = version.data;
  const docT = languages === 'both' ? t : i18n.getFixedT(languages === 'en' ? 'en' : 'zh-CN');
  const title = v.content.title;
  const fmt = (iso: string | null) => formatDate(iso);

  return (
    <div className="plan-print">
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 16 }} wrap>
        <Link to={`/plans/${plan.data.id}?version=${v.id}`}>
          <Button>{t('common.back')}</Button>
        </Link>
        <Segmented<PlanLanguages>
          aria-label={t('plans.languages')}
          value={languages}
          onChange={(value) => setParams({ lang: value })}
          options={[
            { value: 'zh', label: t('plans.lang.zh') },
            { value: 'en', label: t('plans.lang.en') },
            { value: 'both', label: t('plans.lang.both') },
          ]}
        />
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('plans.printNow')}
        </Button>
      </Space>
      <header style={{ textAlign: 'center', marginBottom: 24 }}>
        {languages !== 'en' && <h1 style={{ fontSize: 24, margin: 0 }}>{title.zh}</h1>}
        {languages !== 'zh' && (
          <h1 style={{ fontSize: languages === 'both' ? 16 : 24, margin: 0, fontWeight: languages === 'both' ? 400 : 600 }}>{title.en}</h1>
        )}
        <div style={{ marginTop: 8, color: '#595959' }}>
          {plan.data.code} · {docT('plans.versionN', { n: v.version })} · {docT(`plans.status.${v.status}`)}
          {v.approvedAt && ` · ${docT('plans.approvedOn', { date: fmt(v.approvedAt) })}`}
        </div>
      </header>
      <PlanContentView content={v.content} languages={languages} agencies={agencies} />
    </div>
  );
}
