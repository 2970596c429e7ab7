/**
 * One year's self-assessment (docs/assessment.md): each capacity's indicators scored 1–5 with evidence (text,
 * links to plan versions, reviews, the platform's indicators or web documents, and attached files), last year's
 * level beside each; gaps (levels 1–2) turned into actions; submission, and approval by someone other than the
 * authors (four eyes), at which the actions become tasks.
 */
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { AttachmentsPanel } from '../../app/attachments-panel.tsx';
import { translateError } from '../../app/errors.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { useAgencies } from '../agencies/agencies-api.ts';
import {
  PRIORITIES,
  SPAR_LINK_KINDS,
  type SparRound,
  usePlanVersions,
  useReviews,
  useSparFramework,
  useSparRound,
} from './assessment-api.ts';
import { sparStatusColour } from './spar-page.tsx';

type Link_ = SparRound['scores'][number]['links'][number];
interface Edit {
  score: number | null;
  evidence: string;
  links: Omit<Link_, 'path'>[];
}

export function SparRoundPage() {
  const { id } = useParams();
  const round = useSparRound(id);
  const framework = useSparFramework();
  if (round.isPending || framework.isPending) return <PageSpinner />;
  if (round.error || !round.data || !framework.data) return <NotFoundPage backTo="/assessment/spar" />;
  return <RoundView round={round.data} />;
}

function RoundView({ round }: { round: SparRound }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const framework = useSparFramework().data!;
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [saving, setSaving] = useState(false);
  const [linking, setLinking] = useState<string | null>(null);
  useEffect(() => {
    setEdits(
      Object.fromEntries(
        round.scores.map((s) => [s.indicatorCode, { score: s.score, evidence: s.evidence, links: s.links.map(({ path: _p, ...l }) => l) }]),
      ),
    );
  }, [round]);
  const edit = (code: string) => edits[code] ?? { score: null, evidence: '', links: [] };
  const change = (code: string, patch: Partial<Edit>) => setEdits((x) => ({ ...x, [code]: { ...edit(code), ...patch } }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['assessment', 'spar'] });
  const levelName = (l: number) => {
    const level = framework.levels.find((x) => x.level === l);
    return level ? `${l} · ${en ? level.nameEn : level.name}` : `${l}`;
  };

  async function saveScores(actions?: NonNullable<Parameters<typeof saveWith>[0]>) {
    await saveWith(actions);
  }
  async function saveWith(
    actions?: {
      indicatorCode: string;
      title: string;
      ownerAgencyId: string;
      dueDate: string;
      priority: (typeof PRIORITIES)[number];
      description: string;
      term: 'immediate' | 'mid_long';
    }[],
  ) {
    setSaving(true);
    try {
      await typedApi.put('/api/assessment/spar/{id}', {
        path: { id: round.id },
        body: {
          scores: Object.entries(edits).map(([indicatorCode, e]) => ({
            indicatorCode,
            score: e.score,
            evidence: e.evidence,
            links: e.links,
          })),
          ...(actions ? { actions } : {}),
        },
      });
      void message.success(t('assessment.saved'));
      await refresh();
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setSaving(false);
    }
  }
  async function step(name: 'submit' | 'approve' | 'return', comment = '') {
    try {
      await typedApi.post(`/api/assessment/spar/{id}/${name}`, { path: { id: round.id }, body: { comment } });
      await refresh();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  function askReturn() {
    let comment = '';
    modal.confirm({
      title: t('assessment.spar.return'),
      content: <Input.TextArea rows={3} onChange={(e) => (comment = e.target.value)} />,
      onOk: () => step('return', comment),
    });
  }
  const currentActions = round.actions.map((a) => ({
    indicatorCode: a.indicatorCode,
    title: a.title,
    ownerAgencyId: a.ownerAgency.id,
    dueDate: a.dueDate,
    priority: a.priority,
    description: a.description,
    term: a.term,
  }));
  const indicatorName = (code: string) => {
    const i = framework.capacities.flatMap((c) => c.indicators).find((x) => x.code === code);
    return i ? `${code} ${en ? i.nameEn : i.name}` : code;
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Link to="/assessment/spar">{t('assessment.tabs.spar')}</Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {round.year} · {en ? round.jurisdiction.nameEn : round.jurisdiction.name}
        </Typography.Title>
        <Tag color={sparStatusColour(round.status)} data-testid="spar-status">
          {t(`assessment.spar.statuses.${round.status}`)}
        </Tag>
        <Tag color="blue" data-testid="spar-overall">
          {t('assessment.spar.overall')}：{round.overall === null ? t('assessment.spar.incomplete') : `${round.overall}%`}
        </Tag>
      </Space>
      {round.reviewComment && round.status === 'draft' && (
        <Typography.Paragraph type="warning">{t('assessment.spar.returnComment', { comment: round.reviewComment })}</Typography.Paragraph>
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        {round.canEdit && (
          <>
            <Button onClick={() => saveScores()} loading={saving} data-testid="spar-save">
              {t('assessment.spar.saveScores')}
            </Button>
            <Button type="primary" onClick={() => step('submit')} data-testid="spar-submit">
              {t('assessment.spar.submit')}
            </Button>
          </>
        )}
        {round.canApprove && (
          <>
            <Button type="primary" onClick={() => step('approve')} data-testid="spar-approve">
              {t('assessment.spar.approve')}
            </Button>
            <Button onClick={askReturn}>{t('assessment.spar.return')}</Button>
          </>
        )}
        {round.status === 'submitted' && !round.canApprove && (
          <Typography.Text type="secondary">{t('assessment.spar.awaiting')}</Typography.Text>
        )}
        {round.approvedByName && (
          <Typography.Text type="secondary">
            {t('assessment.spar.approvedBy')}：{round.approvedByName}
          </Typography.Text>
        )}
      </Space>
      {framework.capacities.map((cap) => {
        const score = round.capacities.find((c) => c.code === cap.code);
        return (
          <Card
            key={cap.code}
            size="small"
            style={{ marginBottom: 12 }}
            title={`${cap.code} ${en ? cap.nameEn : cap.name}`}
            extra={
              <Tag>
                {score?.score === null || !score
                  ? t('assessment.spar.incomplete')
                  : t('assessment.spar.capacityScore', { score: score.score })}
              </Tag>
            }
            data-testid={`spar-capacity-${cap.code}`}
          >
            {cap.indicators.map((ind) => {
              const e = edit(ind.code);
              const prev = round.previous?.scores[ind.code];
              const shown = round.scores.find((s) => s.indicatorCode === ind.code);
              return (
                <div
                  key={ind.code}
                  style={{ borderTop: '1px solid rgba(0,0,0,0.06)', padding: '8px 0' }}
                  data-testid={`spar-indicator-${ind.code}`}
                >
                  <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Typography.Text strong>
                      {ind.code} {en ? ind.nameEn : ind.name}
                    </Typography.Text>
                    <Space wrap>
                      {prev !== undefined && round.previous && (
                        <Typography.Text type="secondary">
                          {t('assessment.spar.previous', { year: round.previous.year, level: prev })}
                        </Typography.Text>
                      )}
                      {round.canEdit ? (
                        <Select
                          style={{ width: 150 }}
                          allowClear
                          placeholder={t('assessment.spar.level')}
                          value={e.score ?? undefined}
                          onChange={(v) => change(ind.code, { score: v ?? null })}
                          options={framework.levels.map((l) => ({
                            value: l.level,
                            label: levelName(l.level),
                            title: en ? l.descriptionEn : l.description,
                          }))}
                          data-testid="spar-level"
                        />
                      ) : (
                        <Tag color={shown && shown.score <= framework.gapMaxLevel ? 'error' : 'default'}>
                          {shown ? levelName(shown.score) : '—'}
                        </Tag>
                      )}
                    </Space>
                  </Space>
                  {round.canEdit ? (
                    <Input.TextArea
                      rows={1}
                      autoSize
                      placeholder={t('assessment.spar.evidence')}
                      value={e.evidence}
                      onChange={(x) => change(ind.code, { evidence: x.target.value })}
                      style={{ marginTop: 4 }}
                    />
                  ) : (
                    shown?.evidence && (
                      <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{shown.evidence}</Typography.Paragraph>
                    )
                  )}
                  <Space wrap size={4} style={{ marginTop: 4 }}>
                    {(round.canEdit ? e.links : (shown?.links ?? [])).map((l, i) => {
                      const path = shown?.links.find((x) => x.kind === l.kind && x.ref === l.ref)?.path ?? null;
                      const label = l.label || shown?.links.find((x) => x.ref === l.ref)?.label || t(`assessment.spar.linkKinds.${l.kind}`);
                      return (
                        <Tag
                          key={`${l.kind}-${l.ref}`}
                          closable={round.canEdit}
                          style={{ whiteSpace: 'normal', maxWidth: '100%' }}
                          onClose={() => change(ind.code, { links: e.links.filter((_, j) => j !== i) })}
                        >
                          {t(`assessment.spar.linkKinds.${l.kind}`)}：
                          {path ? (
                            l.kind === 'url' ? (
                              <a href={path} target="_blank" rel="noreferrer noopener">
                                {label}
                              </a>
                            ) : (
                              <Link to={path}>{label}</Link>
                            )
                          ) : (
                            label
                          )}
                        </Tag>
                      );
                    })}
                    {round.canEdit && (
                      <Button size="small" type="dashed" onClick={() => setLinking(ind.code)}>
                        {t('assessment.spar.addLink')}
                      </Button>
                    )}
                  </Space>
                </div>
              );
            })}
          </Card>
        );
      })}
      <GapActions
        round={round}
        canEdit={round.canEdit}
        indicatorName={indicatorName}
        gapCodes={Object.entries(edits)
          .filter(([, e]) => e.score !== null && e.score <= framework.gapMaxLevel)
          .map(([c]) => c)}
        onAdd={(action) => saveWith([...currentActions, action])}
        onRemove={(index) => saveWith(currentActions.filter((_, i) => i !== index))}
      />
      <Card size="small" title={t('assessment.spar.files')} style={{ marginTop: 12 }}>
        <AttachmentsPanel basePath={`/api/assessment/spar/${round.id}/files`} canUpload={round.canEdit} />
      </Card>
      <LinkDialog
        open={linking !== null}
        onClose={() => setLinking(null)}
        onAdd={(link) => {
          if (linking) change(linking, { links: [...edit(linking).links, link] });
          setLinking(null);
        }}
      />
    </div>
  );
}

interface ActionValues {
  indicatorCode: string;
  title: string;
  ownerAgencyId: string;
  dueDate: Dayjs;
  priority: (typeof PRIORITIES)[number];
}

function GapActions({
  round,
  canEdit,
  gapCodes,
  indicatorName,
  onAdd,
  onRemove,
}: {
  round: SparRound;
  canEdit: boolean;
  gapCodes: string[];
  indicatorName: (code: string) => string;
  onAdd: (a: {
    indicatorCode: string;
    title: string;
    ownerAgencyId: string;
    dueDate: string;
    priority: (typeof PRIORITIES)[number];
    description: string;
    term: 'mid_long';
  }) => void;
  onRemove: (index: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const agencies = useAgencies({ pageSize: 200 });
  const [form] = Form.useForm<ActionValues>();
  return (
    <Card size="small" title={t('assessment.spar.gapActions')} style={{ marginTop: 12 }} data-testid="spar-actions">
      <Typography.Paragraph type="secondary">{t('assessment.spar.gapActionsNote')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={round.actions}
        columns={[
          { title: t('assessment.spar.gapIndicator'), key: 'ind', render: (_, a) => indicatorName(a.indicatorCode) },
          { title: t('assessment.reviews.actionTitle'), dataIndex: 'title' },
          { title: t('assessment.reviews.owner'), key: 'owner', render: (_, a) => (en ? a.ownerAgency.nameEn : a.ownerAgency.name) },
          { title: t('assessment.reviews.due'), dataIndex: 'dueDate' },
          {
            title: t('assessment.reviews.task'),
            key: 'task',
            render: (_, a, index) =>
              a.task ? (
                <Space>
                  <Link to={`/tasks/${a.task.id}`}>{a.task.code}</Link>
                  <Tag color={a.task.status === 'done' ? 'success' : a.task.overdue ? 'error' : 'processing'}>
                    {t(`tasks.statuses.${a.task.status}`, { defaultValue: a.task.status })}
                  </Tag>
                </Space>
              ) : canEdit ? (
                <Button size="small" danger onClick={() => onRemove(index)}>
                  {t('assessment.remove')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('assessment.reviews.taskAtApproval')}</Typography.Text>
              ),
          },
        ]}
      />
      {canEdit && gapCodes.length > 0 && (
        <Form<ActionValues>
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ priority: 'normal' }}
          onFinish={(v) => {
            onAdd({
              indicatorCode: v.indicatorCode,
              title: v.title,
              ownerAgencyId: v.ownerAgencyId,
              dueDate: v.dueDate.format('YYYY-MM-DD'),
              priority: v.priority,
              description: '',
              term: 'mid_long',
            });
            form.resetFields();
          }}
        >
          <Form.Item name="indicatorCode" rules={[{ required: true, message: t('assessment.required') }]}>
            <Select
              style={{ width: 200 }}
              placeholder={t('assessment.spar.gapIndicator')}
              options={gapCodes.map((c) => ({ value: c, label: indicatorName(c) }))}
            />
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true, message: t('assessment.required') }]}>
            <Input placeholder={t('assessment.reviews.actionTitle')} maxLength={200} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="ownerAgencyId" rules={[{ required: true, message: t('assessment.required') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 180 }}
              placeholder={t('assessment.reviews.owner')}
              options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: en ? a.nameEn : a.name }))}
            />
          </Form.Item>
          <Form.Item name="dueDate" rules={[{ required: true, message: t('assessment.required') }]}>
            <DatePicker placeholder={t('assessment.reviews.due')} />
          </Form.Item>
          <Form.Item name="priority">
            <Select
              style={{ width: 100 }}
              options={PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`, { defaultValue: p }) }))}
            />
          </Form.Item>
          <Button htmlType="submit">{t('assessment.spar.addAction')}</Button>
        </Form>
      )}
    </Card>
  );
}

function LinkDialog({ open, onClose, onAdd }: { open: boolean; onClose: () => void; onAdd: (l: Omit<Link_, 'path'>) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const framework = useSparFramework().data;
  const versions = usePlanVersions(open);
  const reviews = useReviews();
  const [kind, setKind] = useState<Link_['kind']>('indicator');
  const [ref, setRef] = useState<string>('');
  const [label, setLabel] = useState('');
  const options =
    kind === 'plan_version'
      ? (versions.data?.items ?? []).map((v) => ({
          value: v.id,
          label: t('assessment.planLink.version', { plan: en ? v.planTitleEn : v.planTitle, version: v.version }),
        }))
      : kind === 'review'
        ? (reviews.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} ${r.title}` }))
        : (framework?.evidenceIndicators ?? []).map((k) => ({ value: k, label: t(`assessment.spar.evidenceIndicators.${k}`) }));
  return (
    <Modal
      open={open}
      title={t('assessment.spar.addLink')}
      onCancel={onClose}
      okButtonProps={{ disabled: !ref }}
      onOk={() => {
        const chosen = options.find((o) => o.value === ref);
        onAdd({ kind, ref, label: label || (kind === 'url' ? ref : (chosen?.label ?? '')) });
        setRef('');
        setLabel('');
      }}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          value={kind}
          onChange={(k) => {
            setKind(k);
            setRef('');
          }}
          options={SPAR_LINK_KINDS.map((k) => ({ value: k, label: t(`assessment.spar.linkKinds.${k}`) }))}
          style={{ width: '100%' }}
        />
        {kind === 'url' ? (
          <Input placeholder="https://" value={ref} onChange={(e) => setRef(e.target.value.trim())} />
        ) : (
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('assessment.spar.linkRef')}
            value={ref || undefined}
            onChange={setRef}
            options={options}
            style={{ width: '100%' }}
          />
        )}
        <Input placeholder={t('assessment.spar.linkLabel')} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} />
      </Space>
    </Modal>
  );
}
