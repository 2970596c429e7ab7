/**
 * One situation report: its figures (drafted from the data, regenerated on request), the editable sections and
 * occupancy while it is a draft, the workflow (submit, return, approve, revise, archive), the PDF, the print view
 * and its history of kept versions.
 */
import { DownloadOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Space, Spin, Timeline, Tooltip, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { inLanguage } from '../../app/bilingual-text.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { ApiError } from '../../api/client.ts';
import { LevelTag } from '../incidents/level-tag.tsx';
import { AlertsSection, CasesSection, FacilitiesSection, RtLine, TasksSection, TracingLine } from './report-figures.tsx';
import { ScenarioCard } from './report-scenario.tsx';
import { ReportStatusTag } from './report-status-tag.tsx';
import { type OccupancyEntry, type Report, reportPdfUrl, useReport } from './reports-api.ts';

const SECTIONS = ['summary', 'situation', 'measures', 'nextSteps'] as const;
type Section = (typeof SECTIONS)[number];
/** Written before submission (the server refuses otherwise): 一、总体情况, 六、措施, 七、下一步. */
const REQUIRED_SECTIONS: readonly Section[] = ['summary', 'measures', 'nextSteps'];
type Step = 'submit' | 'return' | 'approve' | 'revise' | 'archive';
const NEEDS_COMMENT: Step[] = ['return', 'revise'];

export function ReportPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const report = useReport(id);
  useLiveInvalidate('reports', [['reports', 'one', id]]);
  const [texts, setTexts] = useState<Record<Section, string> & { title: string }>({
    title: '',
    summary: '',
    situation: '',
    measures: '',
    nextSteps: '',
  });
  const [occupancy, setOccupancy] = useState<OccupancyEntry[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<Step | null>(null);
  const [comment, setComment] = useState('');
  const [showMissing, setShowMissing] = useState(false);

  const r = report.data;
  useEffect(() => {
    if (!r || dirty) return;
    setTexts({ title: r.title, summary: r.summary, situation: r.situation, measures: r.measures, nextSteps: r.nextSteps });
    setOccupancy(r.occupancy);
  }, [r, dirty]);

  if (report.error instanceof ApiError && report.error.status === 404) return <NotFoundPage />;
  if (report.error) return <Alert type="error" showIcon message={translateError(t, report.error)} />;
  if (!r) return <Spin />;

  const canDraft = hasRight(me.data, RIGHTS.reportsDraft);
  const canApprove = hasRight(me.data, RIGHTS.reportsApprove);
  const editable = r.status === 'draft' && canDraft;
  // Four eyes: whoever wrote the report does not approve it (the server refuses it too).
  const isAuthor = !!me.data && r.authorIds.includes(me.data.id);
  const missing = REQUIRED_SECTIONS.filter((s) => texts[s].trim() === '');

  const run = async (name: string, call: () => Promise<Report>) => {
    setBusy(name);
    setError(null);
    try {
      const next = await call();
      client.setQueryData(['reports', 'one', id], next);
      void client.invalidateQueries({ queryKey: ['reports', 'list'] });
      setDirty(false);
      return true;
    } catch (e) {
      setError(translateError(t, e));
      return false;
    } finally {
      setBusy(null);
    }
  };
  const save = () =>
    run('save', () =>
      api.patch<Report>(`/api/reports/${r.id}`, {
        version: r.version,
        ...texts,
        occupancy: occupancy.filter(
          (o) => o.bedsOccupied !== null || o.icuBedsOccupied !== null || o.isolationRoomsOccupied !== null || o.roomsOccupied !== null,
        ),
      }),
    );
  const doStep = async (s: Step, text = '') => {
    // Unsaved edits are saved before submitting, so what is submitted is what the editor sees.
    if (s === 'submit' && missing.length > 0) {
      setShowMissing(true);
      setError(t('reports.sectionsMissing', { sections: missing.map((m) => t(`reports.sections.${m}`)).join('、') }));
      return;
    }
    if (s === 'submit' && dirty && !(await save())) return;
    const ok = await run(s, () => api.post<Report>(`/api/reports/${r.id}/${s}`, text ? { comment: text } : {}));
    if (ok) {
      setStep(null);
      setComment('');
    }
  };
  const stepButton = (s: Step, allowed: boolean, primary = false) =>
    allowed && (
      <Button
        key={s}
        type={primary ? 'primary' : 'default'}
        loading={busy === s}
        onClick={() => (NEEDS_COMMENT.includes(s) || s === 'approve' ? setStep(s) : void doStep(s))}
      >
        {t(`reports.actions.${s}`)}
      </Button>
    );

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {inLanguage(r.title, i18n.language)}
          </Typography.Title>
          <Space wrap>
            <ReportStatusTag status={r.status} version={r.version} />
            <LevelTag level={r.figures.incident.responseLevel} />
            <Typography.Text type="secondary">
              {t('reports.issueNo', { n: r.issueNo })} · {r.reportDate} · <Link to={`/incidents/${r.incidentId}`}>{r.incidentCode}</Link> ·{' '}
              <Link to={`/incidents/${r.incidentId}/command`}>{t('reports.command.openLink')}</Link>
            </Typography.Text>
          </Space>
        </Space>
        <Space wrap>
          {editable && (
            <>
              <Button type="primary" loading={busy === 'save'} disabled={!dirty} onClick={() => void save()}>
                {t('reports.actions.save')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                loading={busy === 'regenerate'}
                onClick={() => void run('regenerate', () => api.post<Report>(`/api/reports/${r.id}/regenerate`, {}))}
              >
                {t('reports.actions.regenerate')}
              </Button>
            </>
          )}
          {stepButton('submit', editable)}
          {stepButton('return', r.status === 'submitted' && canApprove)}
          {r.status === 'submitted' && canApprove && isAuthor ? (
            <Tooltip title={t('reports.authorCannotApprove')}>
              <Button type="primary" disabled data-testid="approve-disabled">
                {t('reports.actions.approve')}
              </Button>
            </Tooltip>
          ) : (
            stepButton('approve', r.status === 'submitted' && canApprove, true)
          )}
          {stepButton('revise', r.status === 'approved' && canDraft)}
          {stepButton('archive', r.status === 'approved' && canApprove)}
          <a href={reportPdfUrl(r.id)} download data-testid="report-pdf">
            <Button icon={<DownloadOutlined />}>{t('reports.actions.pdf')}</Button>
          </a>
          <Link to={`/reports/${r.id}/print`}>
            <Button icon={<PrinterOutlined />}>{t('reports.actions.print')}</Button>
          </Link>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon closable message={error} onClose={() => setError(null)} style={{ marginBottom: 12 }} />}
      {r.status === 'submitted' && canApprove && isAuthor && (
        <Alert type="warning" showIcon message={t('reports.authorCannotApprove')} style={{ marginBottom: 12 }} />
      )}
      {r.reviewComment && (r.status === 'draft' || r.status === 'approved') && (
        <Alert
          type="info"
          showIcon
          message={t('reports.reviewComment', { comment: inLanguage(r.reviewComment, i18n.language) })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('reports.generatedAt')}>{formatDateTime(r.figuresGeneratedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('reports.draftedBy')}>
          {r.draftedByJob ? t('reports.byJob') : (r.createdByName ?? '—')}
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.approvedBy')}>
          {r.approvedByName ? `${r.approvedByName} ${formatDateTime(r.approvedAt!)}` : '—'}
        </Descriptions.Item>
      </Descriptions>

      {editable && (
        <Form layout="vertical">
          <Form.Item label={t('reports.titleColumn')}>
            <Input
              value={texts.title}
              maxLength={200}
              onChange={(e) => {
                setTexts({ ...texts, title: e.target.value });
                setDirty(true);
              }}
            />
          </Form.Item>
        </Form>
      )}
      <SectionCard
        title={t('reports.sections.summary')}
        section="summary"
        editable={editable}
        texts={texts}
        showMissing={showMissing}
        onEdit={(s, v) => {
          setTexts({ ...texts, [s]: v });
          setDirty(true);
        }}
      />
      <Card size="small" data-testid="report-section-situation" title={t('reports.sections.situation')} style={{ marginBottom: 12 }}>
        {editable ? (
          <Input.TextArea
            aria-label={t('reports.sections.situation')}
            autoSize={{ minRows: 2, maxRows: 12 }}
            value={texts.situation}
            onChange={(e) => {
              setTexts({ ...texts, situation: e.target.value });
              setDirty(true);
            }}
            style={{ marginBottom: 12 }}
          />
        ) : (
          r.situation && (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{inLanguage(r.situation, i18n.language)}</Typography.Paragraph>
          )
        )}
        <CasesSection figures={r.figures} />
        <Typography.Paragraph style={{ marginTop: 8 }}>
          <RtLine figures={r.figures} />
        </Typography.Paragraph>
        <Typography.Paragraph>
          <TracingLine figures={r.figures} />
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('reports.sections.alerts')} style={{ marginBottom: 12 }}>
        <AlertsSection figures={r.figures} />
      </Card>
      <Card size="small" title={t('reports.sections.tasks')} style={{ marginBottom: 12 }}>
        <TasksSection figures={r.figures} />
      </Card>
      <Card size="small" title={t('reports.sections.facilities')} style={{ marginBottom: 12 }}>
        <FacilitiesSection
          figures={r.figures}
          occupancy={editable ? occupancy : r.occupancy}
          onChange={
            editable
              ? (next) => {
                  setOccupancy(next);
                  setDirty(true);
                }
              : undefined
          }
        />
      </Card>
      <ScenarioCard report={r} editable={editable} />
      <SectionCard
        title={t('reports.sections.measures')}
        section="measures"
        editable={editable}
        texts={texts}
        showMissing={showMissing}
        onEdit={(s, v) => {
          setTexts({ ...texts, [s]: v });
          setDirty(true);
        }}
      />
      <SectionCard
        title={t('reports.sections.nextSteps')}
        section="nextSteps"
        editable={editable}
        texts={texts}
        showMissing={showMissing}
        onEdit={(s, v) => {
          setTexts({ ...texts, [s]: v });
          setDirty(true);
        }}
      />

      <Card size="small" title={t('reports.history')}>
        {r.versions.length === 0 ? (
          <Typography.Text type="secondary">{t('reports.noHistory')}</Typography.Text>
        ) : (
          <Timeline
            items={r.versions.map((v) => ({
              children: (
                <span>
                  {formatDateTime(v.createdAt)} · {t(`reports.events.${v.event}`)} · {t('reports.versionN', { n: v.version })} ·{' '}
                  {v.actorName ?? '—'}
                  {v.comment && ` · ${inLanguage(v.comment, i18n.language)}`} ·{' '}
                  <a href={reportPdfUrl(r.id, v.version)} download>
                    {t('reports.actions.pdf')}
                  </a>
                </span>
              ),
            }))}
          />
        )}
      </Card>

      <Modal
        open={step !== null}
        title={step ? t(`reports.actions.${step}`) : ''}
        onCancel={() => setStep(null)}
        onOk={() => step && void doStep(step, comment)}
        okButtonProps={{ disabled: step !== null && NEEDS_COMMENT.includes(step) && !comment.trim(), loading: busy !== null }}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {step && NEEDS_COMMENT.includes(step) ? t('reports.commentRequired') : t('reports.commentOptional')}
        </Typography.Paragraph>
        <Input.TextArea
          aria-label={t('reports.comment')}
          value={comment}
          maxLength={2000}
          onChange={(e) => setComment(e.target.value)}
          autoSize={{ minRows: 2 }}
        />
      </Modal>
    </div>
  );
}

function SectionCard({
  title,
  section,
  editable,
  texts,
  showMissing,
  onEdit,
}: {
  title: string;
  section: Section;
  editable: boolean;
  texts: Record<Section, string>;
  /** after a refused submission: mark the empty required sections */
  showMissing: boolean;
  onEdit: (section: Section, value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const required = REQUIRED_SECTIONS.includes(section);
  const empty = required && showMissing && texts[section].trim() === '';
  return (
    <Card
      size="small"
      title={
        <span>
          {required && editable && (
            <span style={{ color: '#ff4d4f', marginRight: 4 }} title={t('reports.sectionRequired')}>
              *
            </span>
          )}
          {title}
        </span>
      }
      data-testid={`report-section-${section}`}
      style={{ marginBottom: 12 }}
    >
      {editable ? (
        <>
          <Input.TextArea
            aria-label={title}
            aria-required={required}
            status={empty ? 'error' : undefined}
            autoSize={{ minRows: 3, maxRows: 16 }}
            value={texts[section]}
            onChange={(e) => onEdit(section, e.target.value)}
            maxLength={20000}
          />
          {empty && <Typography.Text type="danger">{t('reports.sectionRequired')}</Typography.Text>}
        </>
      ) : (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {inLanguage(texts[section], i18n.language) || t('reports.empty')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
