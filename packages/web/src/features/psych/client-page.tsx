/**
 * One client (team only, or a break-glass reader): details, screenings with the score chart and a new
 * screening, triage and plan, referrals through their states, sessions, the team's tasks and the one-time
 * self-screening link with its QR code. Every opening of this page is an audited read.
 */
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  QRCode,
  Result,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  message,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { queryClient, typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import {
  CLOSE_OUTCOMES,
  CLOSE_REASONS,
  INSTRUMENT_LABELS,
  INSTRUMENTS,
  type Instrument,
  PLAN_ITEMS,
  type PsychClientDetail,
  type PsychReferral,
  type PsychReferralFacility,
  type PsychScreening,
  REFERRAL_NEXT,
  RISK_LEVELS,
  riskColour,
  usePsychClient,
  usePsychSettings,
  useReferralFacilities,
} from './psych-api.ts';
import { Questionnaire } from './questionnaire.tsx';
import { ScoreChart } from './score-chart.tsx';

export function PsychClientPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const client = usePsychClient(id);
  const me = useMe().data;
  useLiveInvalidate('psych', [['psych', 'client', id]]);
  if (client.isPending) return <PageSpinner />;
  if (client.error) {
    const missing = client.error instanceof ApiError && client.error.status === 404;
    return <Result status={missing ? '404' : 'error'} title={translateError(t, client.error)} />;
  }
  const c = client.data;
  const teamWriter = hasRight(me, RIGHTS.counsellingWrite) && c.access === 'team';
  // a closed client is read-only until reopened
  const writer = teamWriter && c.status === 'open';
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['psych'] });
  return (
    <div>
      <Typography.Title level={3}>
        {c.code} {c.name}
      </Typography.Title>
      {c.access === 'break_glass' && (
        <Alert type="warning" showIcon title={t('psych.client.accessBreakGlass')} style={{ marginBottom: 16 }} />
      )}
      {c.status === 'closed' && (
        <Alert
          type="info"
          showIcon
          data-testid="psych-closed"
          style={{ marginBottom: 16 }}
          title={t('psych.closing.closedBanner', {
            date: c.closedAt ? formatDate(c.closedAt) : '',
            reason: c.closeReason ? t(`psych.closing.reasons.${c.closeReason}`) : '',
            outcome: c.closeOutcome ? t(`psych.closing.outcomes.${c.closeOutcome}`) : '',
          })}
          description={c.outcome || undefined}
        />
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('psych.clients.group')}>{t(`psych.groups.${c.group}`)}</Descriptions.Item>
        <Descriptions.Item label={t('psych.clients.phone')}>{c.phone || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('psych.clients.risk')}>
          {c.riskLevel ? <Tag color={riskColour(c.riskLevel)}>{t(`psych.risks.${c.riskLevel}`)}</Tag> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('psych.clients.status')}>{t(`psych.clients.statuses.${c.status}`)}</Descriptions.Item>
        <Descriptions.Item label={t('psych.client.plan')}>{c.plan.map((p) => t(`psych.plans.${p}`)).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('psych.client.nextContact')}>{c.nextContactDate ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('psych.links.consent')}>
          {c.consent ? t('psych.links.consentYes') : t('psych.links.consentNo')}
        </Descriptions.Item>
        <Descriptions.Item label={t('psych.links.linked')}>
          <span data-testid="psych-linked-codes">{[c.linkedCaseCode, c.linkedContactCode].filter(Boolean).join('、') || '—'}</span>
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('psych.client.chart')} size="small">
            {c.screenings.length > 0 ? <ScoreChart screenings={c.screenings} /> : <Empty />}
            <ScoreChange screenings={c.screenings} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('psych.client.tasks')} size="small">
            <List
              size="small"
              dataSource={c.tasks}
              data-testid="psych-client-tasks"
              renderItem={(task) => (
                <List.Item>
                  <Space wrap>
                    <Tag color={task.kind === 'self_harm' || task.kind === 'high_risk' ? 'red' : 'blue'}>
                      {t(`psych.taskKinds.${task.kind}`)}
                    </Tag>
                    <span>{task.dueDate}</span>
                    <span>{task.status === 'open' ? (task.overdue ? t('psych.tasks.overdue') : '') : t('psych.tasks.done')}</span>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <ScreeningsCard client={c} writer={writer} onChange={refresh} />
        </Col>
        {writer && (
          <Col xs={24} lg={12}>
            <TriageCard client={c} onChange={refresh} />
          </Col>
        )}
        <Col xs={24} lg={writer ? 12 : 24}>
          <ReferralsCard client={c} writer={writer} onChange={refresh} />
        </Col>
        <Col xs={24} lg={12}>
          <SessionsCard client={c} writer={writer} onChange={refresh} />
        </Col>
        {writer && (
          <Col xs={24} lg={12}>
            <LinkCard clientId={c.id} />
          </Col>
        )}
        {writer && (
          <Col xs={24} lg={12}>
            <RecordLinkCard client={c} onChange={refresh} />
          </Col>
        )}
        {teamWriter && (
          <Col xs={24} lg={12}>
            <ClosingCard client={c} onChange={refresh} />
          </Col>
        )}
      </Row>
    </div>
  );
}

function ScreeningsCard({ client, writer, onChange }: { client: PsychClientDetail; writer: boolean; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const settings = usePsychSettings();
  const [instrument, setInstrument] = useState<Instrument>('phq9');
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const text = settings.data?.instruments.find((i) => i.id === instrument);
  const submit = async (answers: number[]) => {
    setBusy(true);
    try {
      const result = await typedApi.post('/api/psych/screenings', { body: { clientId: client.id, instrument, answers } });
      const summary = t('psych.client.scored', { score: result.score, band: t(`psych.bands.${result.band}`) });
      if (result.flags.includes('self_harm')) void message.warning(`${summary} ${t('psych.client.selfHarmAlert')}`, 8);
      else void message.success(summary);
      setFormKey((k) => k + 1);
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('psych.client.screenings')} size="small">
      <ResponsiveTable<PsychScreening>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...client.screenings].reverse()}
        data-testid="psych-screenings"
        columns={[
          { key: 'at', title: t('psych.client.heldAt'), dataIndex: 'screenedAt', render: (v: string) => formatDateTime(v) },
          {
            key: 'instrument',
            title: t('psych.client.instrument'),
            dataIndex: 'instrument',
            render: (i: Instrument) => INSTRUMENT_LABELS[i],
          },
          { key: 'score', title: t('psych.client.score'), dataIndex: 'score' },
          { key: 'band', title: t('psych.client.band'), dataIndex: 'band', render: (b: string) => t(`psych.bands.${b}`) },
          {
            key: 'flags',
            title: '',
            dataIndex: 'flags',
            render: (flags: string[]) =>
              flags.map((f) => (
                <Tag key={f} color={f === 'self_harm' ? 'red' : 'orange'}>
                  {t(`psych.flags.${f}`)}
                </Tag>
              )),
          },
          { key: 'source', title: t('psych.client.source'), dataIndex: 'source', render: (s: string) => t(`psych.client.sources.${s}`) },
        ]}
      />
      {writer && text && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('psych.client.newScreening')}</Typography.Title>
          <Select
            value={instrument}
            onChange={(i) => {
              setInstrument(i);
              setFormKey((k) => k + 1);
            }}
            options={INSTRUMENTS.map((i) => ({ value: i, label: INSTRUMENT_LABELS[i] }))}
            style={{ width: 160, marginBottom: 12 }}
            data-testid="psych-instrument"
          />
          <Questionnaire
            key={`${instrument}-${formKey}`}
            text={text}
            submitLabel={t('psych.client.submitScreening')}
            onSubmit={submit}
            busy={busy}
          />
        </div>
      )}
    </Card>
  );
}

function TriageCard({ client, onChange }: { client: PsychClientDetail; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    riskLevel: NonNullable<PsychClientDetail['riskLevel']>;
    plan: PsychClientDetail['plan'];
    planNotes: string;
    nextContactDate?: Dayjs;
    rescreenWeeks: number[];
  }>();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await typedApi.post('/api/psych/clients/{id}/triage', {
        path: { id: client.id },
        body: {
          riskLevel: v.riskLevel,
          plan: v.plan ?? [],
          planNotes: v.planNotes ?? '',
          nextContactDate: v.nextContactDate ? v.nextContactDate.format('YYYY-MM-DD') : null,
          rescreenWeeks: v.rescreenWeeks ?? [],
          rescreenInstrument: 'phq9',
        },
      });
      void message.success(t('psych.client.triaged'));
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  return (
    <Card title={t('psych.client.triage')} size="small">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ riskLevel: client.riskLevel ?? 'low', plan: client.plan, planNotes: client.planNotes, rescreenWeeks: [2, 4, 12] }}
      >
        <Form.Item name="riskLevel" label={t('psych.client.riskLevel')} rules={[{ required: true }]}>
          <Select options={RISK_LEVELS.map((r) => ({ value: r, label: t(`psych.risks.${r}`) }))} data-testid="psych-risk" />
        </Form.Item>
        <Form.Item name="plan" label={t('psych.client.plan')}>
          <Select mode="multiple" options={PLAN_ITEMS.map((p) => ({ value: p, label: t(`psych.plans.${p}`) }))} />
        </Form.Item>
        <Form.Item name="planNotes" label={t('psych.client.planNotes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="nextContactDate" label={t('psych.client.nextContact')}>
            <DistrictDatePicker />
          </Form.Item>
          <Form.Item name="rescreenWeeks" label={t('psych.client.rescreen')}>
            <Select mode="tags" style={{ minWidth: 160 }} options={[2, 4, 12].map((w) => ({ value: w, label: String(w) }))} />
          </Form.Item>
        </Space>
        <Button type="primary" onClick={() => void save()}>
          {t('psych.client.saveTriage')}
        </Button>
      </Form>
    </Card>
  );
}

function ReferralsCard({ client, writer, onChange }: { client: PsychClientDetail; writer: boolean; onChange: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const facilities = useReferralFacilities();
  const [form] = Form.useForm<{ facilityId: string; reason: string; urgency: 'routine' | 'urgent' }>();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const refer = async () => {
    const v = await form.validateFields();
    try {
      await typedApi.post('/api/psych/referrals', {
        body: { clientId: client.id, facilityId: v.facilityId, reason: v.reason ?? '', urgency: v.urgency },
      });
      void message.success(t('psych.client.referred'));
      form.resetFields();
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  const move = async (r: PsychReferral, status: PsychReferral['status']) => {
    try {
      await typedApi.post('/api/psych/referrals/{id}/status', { path: { id: r.id }, body: { status, reason: reasons[r.id] ?? '' } });
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  // mental-health centres are where a client is meant to go: offered first, in their own group
  const facilityOption = (f: PsychReferralFacility) => ({
    value: f.id,
    label: `${i18n.language === 'en' ? f.nameEn : f.name} · ${t(`facilityTypes.${f.type}`)}`,
  });
  const all = facilities.data?.items ?? [];
  const facilityGroups = [
    { label: t('psych.client.facilityPreferred'), options: all.filter((f) => f.preferred).map(facilityOption) },
    { label: t('psych.client.facilityOther'), options: all.filter((f) => !f.preferred).map(facilityOption) },
  ].filter((g) => g.options.length > 0);
  return (
    <Card title={t('psych.client.referrals')} size="small">
      <List
        size="small"
        dataSource={client.referrals}
        data-testid="psych-referrals"
        renderItem={(r) => (
          <List.Item>
            <div style={{ width: '100%' }}>
              <Space wrap>
                <strong>{i18n.language === 'en' ? r.facility.nameEn : r.facility.name}</strong>
                <Tag color={r.status === 'rejected' ? 'red' : r.status === 'completed' ? 'green' : 'blue'}>
                  {t(`psych.referralStatuses.${r.status}`)}
                </Tag>
                {r.overdue && <Tag color="red">{t('psych.client.overdue')}</Tag>}
                {r.history.at(-1)?.side === 'facility' && <Tag color="cyan">{t('psych.client.byFacility')}</Tag>}
                <span>{formatDate(r.createdAt)}</span>
              </Space>
              {r.statusReason && <div>{r.statusReason}</div>}
              {writer && REFERRAL_NEXT[r.status].length > 0 && (
                <Space wrap style={{ marginTop: 4 }}>
                  <Input
                    size="small"
                    placeholder={t('psych.client.statusReason')}
                    value={reasons[r.id] ?? ''}
                    onChange={(e) => setReasons((x) => ({ ...x, [r.id]: e.target.value }))}
                    style={{ width: 200 }}
                  />
                  {REFERRAL_NEXT[r.status].map((s) => (
                    <Button key={s} size="small" danger={s === 'rejected' || s === 'cancelled'} onClick={() => void move(r, s)}>
                      {t(`psych.referralStatuses.${s}`)}
                    </Button>
                  ))}
                </Space>
              )}
            </div>
          </List.Item>
        )}
      />
      {writer && (
        <Form form={form} layout="vertical" initialValues={{ urgency: 'routine' }} style={{ marginTop: 12 }}>
          <Form.Item name="facilityId" label={t('psych.client.facility')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={facilityGroups} data-testid="psych-referral-facility" />
          </Form.Item>
          <Form.Item name="reason" label={t('psych.client.reason')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="urgency" label={t('psych.client.urgency')}>
            <Select options={(['routine', 'urgent'] as const).map((u) => ({ value: u, label: t(`psych.client.urgencies.${u}`) }))} />
          </Form.Item>
          <Button onClick={() => void refer()}>{t('psych.client.refer')}</Button>
        </Form>
      )}
    </Card>
  );
}

function SessionsCard({ client, writer, onChange }: { client: PsychClientDetail; writer: boolean; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ mode: 'phone' | 'in_person' | 'video'; notes: string; minutes: number }>();
  const add = async () => {
    const v = await form.validateFields();
    try {
      await typedApi.post('/api/psych/clients/{id}/sessions', {
        path: { id: client.id },
        body: { heldAt: new Date(Date.now() - (v.minutes ?? 0) * 60_000).toISOString(), mode: v.mode, notes: v.notes ?? '' },
      });
      form.resetFields();
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  return (
    <Card title={t('psych.client.sessions')} size="small">
      <List
        size="small"
        dataSource={client.sessions}
        renderItem={(s) => (
          <List.Item>
            <div>
              <Space>
                <span>{formatDateTime(s.heldAt)}</span>
                <Tag>{t(`psych.modes.${s.mode}`)}</Tag>
              </Space>
              <div>{s.notes}</div>
            </div>
          </List.Item>
        )}
      />
      {writer && (
        <Form form={form} layout="vertical" initialValues={{ mode: 'phone', minutes: 0 }} style={{ marginTop: 12 }}>
          <Form.Item name="mode" label={t('psych.client.mode')}>
            <Select options={(['phone', 'in_person', 'video'] as const).map((m) => ({ value: m, label: t(`psych.modes.${m}`) }))} />
          </Form.Item>
          <Form.Item name="notes" label={t('psych.client.notes')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="minutes" hidden>
            <InputNumber />
          </Form.Item>
          <Button onClick={() => void add()}>{t('psych.client.addSession')}</Button>
        </Form>
      )}
    </Card>
  );
}

function LinkCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const [instrument, setInstrument] = useState<Instrument>('phq9');
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const make = async () => {
    try {
      const created = await typedApi.post('/api/psych/clients/{id}/links', { path: { id: clientId }, body: { instrument, hours: 48 } });
      setLink({ url: `${window.location.origin}${created.path}`, expiresAt: created.expiresAt });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  return (
    <Card title={t('psych.client.link')} size="small">
      <Typography.Paragraph type="secondary">{t('psych.client.linkHint')}</Typography.Paragraph>
      <Space wrap>
        <Select
          value={instrument}
          onChange={setInstrument}
          options={INSTRUMENTS.map((i) => ({ value: i, label: INSTRUMENT_LABELS[i] }))}
          style={{ width: 140 }}
        />
        <Button onClick={() => void make()} data-testid="psych-make-link">
          {t('psych.client.makeLink')}
        </Button>
      </Space>
      {link && (
        <div style={{ marginTop: 12 }}>
          <QRCode value={link.url} />
          <Typography.Paragraph copyable data-testid="psych-link-url" style={{ wordBreak: 'break-all' }}>
            {link.url}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{formatDateTime(link.expiresAt)}</Typography.Text>
        </div>
      )}
    </Card>
  );
}

/** A link to a case or contact by its code: only with the client's consent, only a record in your area. */
function RecordLinkCard({ client, onChange }: { client: PsychClientDetail; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'case' | 'contact'>('case');
  const [ref, setRef] = useState('');
  const save = async (value: string | null, which: 'case' | 'contact') => {
    try {
      await typedApi.put('/api/psych/clients/{id}/record-link', { path: { id: client.id }, body: { kind: which, ref: value } });
      void message.success(t('psych.links.saved'));
      setRef('');
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  const withdraw = async () => {
    try {
      await typedApi.patch('/api/psych/clients/{id}', { path: { id: client.id }, body: { consent: false } });
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  const giveConsent = async () => {
    try {
      await typedApi.patch('/api/psych/clients/{id}', { path: { id: client.id }, body: { consent: true } });
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  return (
    <Card title={t('psych.links.title')} size="small" data-testid="psych-record-link">
      <Typography.Paragraph type="secondary">{t('psych.links.hint')}</Typography.Paragraph>
      {!client.consent ? (
        <Space wrap>
          <Typography.Text>{t('psych.links.needsConsent')}</Typography.Text>
          <Button onClick={() => void giveConsent()}>{t('psych.links.recordConsent')}</Button>
        </Space>
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            {client.linkedCaseCode && (
              <Tag closable onClose={() => void save(null, 'case')}>
                {`${t('psych.links.case')} ${client.linkedCaseCode}`}
              </Tag>
            )}
            {client.linkedContactCode && (
              <Tag closable onClose={() => void save(null, 'contact')}>
                {`${t('psych.links.contact')} ${client.linkedContactCode}`}
              </Tag>
            )}
          </Space>
          <Space wrap>
            <Select
              value={kind}
              onChange={setKind}
              style={{ width: 110 }}
              options={[
                { value: 'case', label: t('psych.links.case') },
                { value: 'contact', label: t('psych.links.contact') },
              ]}
            />
            <Input
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              placeholder={kind === 'case' ? 'C2026-000123' : 'K2026-000045'}
              maxLength={60}
              style={{ width: 180 }}
              aria-label={t('psych.links.code')}
            />
            <Button type="primary" disabled={!ref.trim()} onClick={() => void save(ref.trim(), kind)}>
              {t('psych.links.link')}
            </Button>
          </Space>
          <Button type="link" danger onClick={() => void withdraw()} style={{ paddingLeft: 0, marginTop: 8 }}>
            {t('psych.links.withdraw')}
          </Button>
        </>
      )}
    </Card>
  );
}

/** Closing with a coded reason and outcome (read-only afterwards), or reopening a closed client. */
function ClosingCard({ client, onChange }: { client: PsychClientDetail; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    reason: NonNullable<PsychClientDetail['closeReason']>;
    outcome: NonNullable<PsychClientDetail['closeOutcome']>;
    notes: string;
  }>();
  const close = async () => {
    const v = await form.validateFields();
    try {
      await typedApi.post('/api/psych/clients/{id}/close', {
        path: { id: client.id },
        body: { reason: v.reason, outcome: v.outcome, notes: v.notes ?? '' },
      });
      void message.success(t('psych.closing.closed'));
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  const reopen = async () => {
    try {
      await typedApi.post('/api/psych/clients/{id}/reopen', { path: { id: client.id } });
      void message.success(t('psych.closing.reopened'));
      await onChange();
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  if (client.status === 'closed') {
    return (
      <Card title={t('psych.closing.title')} size="small" data-testid="psych-closing">
        <Typography.Paragraph type="secondary">{t('psych.closing.reopenHint')}</Typography.Paragraph>
        <Button onClick={() => void reopen()} data-testid="psych-reopen">
          {t('psych.closing.reopen')}
        </Button>
      </Card>
    );
  }
  const riskOpen = client.tasks.some((x) => x.status === 'open' && (x.kind === 'self_harm' || x.kind === 'high_risk'));
  return (
    <Card title={t('psych.closing.title')} size="small" data-testid="psych-closing">
      {riskOpen && <Alert type="warning" showIcon title={t('conflicts.risk_task_open')} style={{ marginBottom: 12 }} />}
      <Form form={form} name="psych-close" layout="vertical" initialValues={{ outcome: 'improved' }}>
        <Form.Item name="reason" label={t('psych.closing.reason')} rules={[{ required: true }]}>
          <Select options={CLOSE_REASONS.map((r) => ({ value: r, label: t(`psych.closing.reasons.${r}`) }))} />
        </Form.Item>
        <Form.Item name="outcome" label={t('psych.closing.outcome')} rules={[{ required: true }]}>
          <Select options={CLOSE_OUTCOMES.map((o) => ({ value: o, label: t(`psych.closing.outcomes.${o}`) }))} />
        </Form.Item>
        <Form.Item name="notes" label={t('psych.closing.notes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Popconfirm title={t('psych.closing.confirm')} onConfirm={() => void close()}>
          <Button danger disabled={riskOpen} data-testid="psych-close">
            {t('psych.closing.close')}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}

/** The change per instrument from the first screening to the latest (the loop's measure: did the plan help). */
function ScoreChange({ screenings }: { screenings: PsychScreening[] }) {
  const { t } = useTranslation();
  const lines = INSTRUMENTS.flatMap((instrument) => {
    const mine = screenings.filter((s) => s.instrument === instrument);
    if (mine.length < 2) return [];
    const first = mine[0]!;
    const last = mine.at(-1)!;
    const delta = last.score - first.score;
    return [
      {
        instrument,
        text: t('psych.client.change', {
          instrument: INSTRUMENT_LABELS[instrument],
          from: first.score,
          to: last.score,
          delta: delta > 0 ? `+${delta}` : String(delta),
          since: formatDate(first.screenedAt),
        }),
        colour: delta < 0 ? 'green' : delta > 0 ? 'red' : 'default',
      },
    ];
  });
  if (lines.length === 0) return null;
  return (
    <Space wrap data-testid="psych-score-change" style={{ marginTop: 8 }}>
      {lines.map((l) => (
        <Tag key={l.instrument} color={l.colour}>
          {l.text}
        </Tag>
      ))}
    </Space>
  );
}
