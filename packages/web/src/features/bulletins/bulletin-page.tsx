/**
 * One bulletin version: its text (edited while a draft), the guard's findings, the figures as the public will see
 * them (suppressed), risk areas, history and versions, and the workflow buttons the server allows this user.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { api } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type Bulletin, type GuardFinding, findingsOf, type PublicAgeSex, useBulletin } from './bulletins-api.ts';
import { STATUS_COLOURS } from './bulletins-page.tsx';
import { GuardFindings } from './guard-findings.tsx';
import { DrawRiskAreaDialog, ImagesCard, RiskAreasMap } from './bulletin-media.tsx';

type TextFields = {
  title: string;
  titleEn: string | null;
  body: string;
  bodyEn: string | null;
  correctionNote: string | null;
  correctionNoteEn: string | null;
};

export function BulletinPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const bulletin = useBulletin(id);
  const navigate = useNavigate();
  useLiveInvalidate('bulletins', [['bulletins']]);
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TextFields>();
  const [error, setError] = useState<unknown>(null);
  const [findings, setFindings] = useState<GuardFinding[]>([]);
  const [checked, setChecked] = useState<TextFields | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<null | 'return' | 'withdraw' | 'correct' | 'schedule'>(null);
  const b = bulletin.data;
  const en = i18n.language === 'en';

  useEffect(() => {
    if (b)
      form.setFieldsValue({
        title: b.title,
        titleEn: b.titleEn,
        body: b.body,
        bodyEn: b.bodyEn,
        correctionNote: b.correctionNote,
        correctionNoteEn: b.correctionNoteEn,
      });
  }, [b, form]);

  if (bulletin.error) return <Alert type="error" showIcon message={translateError(t, bulletin.error)} />;
  if (!b) return null;
  const can = (a: Bulletin['actions'][number]) => b.actions.includes(a);
  const editing = can('edit');

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await fn();
      setFindings([]);
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
      return result;
    } catch (e) {
      setError(e);
      const f = findingsOf(e);
      if (f.length > 0) {
        setFindings(f);
        setChecked(form.getFieldsValue());
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const texts = (): TextFields => {
    const v = form.getFieldsValue();
    return {
      title: v.title,
      titleEn: v.titleEn || null,
      body: v.body ?? '',
      bodyEn: v.bodyEn || null,
      correctionNote: b.version > 1 ? v.correctionNote || null : null,
      correctionNoteEn: b.version > 1 ? v.correctionNoteEn || null : null,
    };
  };
  const save = () => run(() => api.patch(`/api/bulletins/${b.id}`, { ...texts(), updatedAt: b.updatedAt }));
  const check = async () => {
    const values = texts();
    const result = await run(() => api.post<{ findings: GuardFinding[] }>('/api/bulletins/check', values));
    if (result) {
      setFindings((result as { findings: GuardFinding[] }).findings);
      setChecked(values);
    }
  };
  const step = (name: string, body: object = {}) => run(() => api.post(`/api/bulletins/${b.id}/${name}`, body));
  const submit = async () => {
    // save first, so that what is reviewed is what is on the screen
    if (editing && form.isFieldsTouched()) {
      const saved = await run(() => api.patch(`/api/bulletins/${b.id}`, { ...texts(), updatedAt: b.updatedAt }));
      if (!saved) return;
    }
    await step('submit');
  };

  const pf = b.publicFigures;
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Link to="/bulletins">{t('bulletins.backToList')}</Link>
        {b.status === 'published' && (
          <a href={`/portal/bulletins/${b.id}`} target="_blank" rel="noreferrer">
            {t('bulletins.viewOnPortal')}
          </a>
        )}
      </Space>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {en && b.titleEn ? b.titleEn : b.title}{' '}
        <Tag color={STATUS_COLOURS[b.status]} data-testid="bulletin-status">
          {t(`bulletins.status.${b.status}`)}
        </Tag>
        {b.version > 1 && <Tag>{t('bulletins.versionN', { n: b.version })}</Tag>}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('bulletins.kindColumn')}>{t(`bulletins.kind.${b.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('bulletins.area')}>{en ? b.jurisdictionNameEn : b.jurisdictionName}</Descriptions.Item>
        {b.figuresDate && <Descriptions.Item label={t('bulletins.figuresDate')}>{formatDate(b.figuresDate)}</Descriptions.Item>}
        <Descriptions.Item label={t('bulletins.draftedBy')}>{b.draftedByName}</Descriptions.Item>
        {b.approvedByName && <Descriptions.Item label={t('bulletins.approvedBy')}>{b.approvedByName}</Descriptions.Item>}
        {b.publishAt && <Descriptions.Item label={t('bulletins.publishAt')}>{formatDateTime(b.publishAt)}</Descriptions.Item>}
        {b.publishedAt && <Descriptions.Item label={t('bulletins.publishedAt')}>{formatDateTime(b.publishedAt)}</Descriptions.Item>}
      </Descriptions>
      {b.status === 'withdrawn' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('bulletins.withdrawnNotice')}
          description={b.withdrawnReason}
        />
      )}
      {error !== null && findingsOf(error).length === 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message={translateError(t, error)} role="alert" />
      )}
      <GuardFindings findings={findings} texts={(checked ?? texts()) as unknown as Record<string, string | null>} />
      {findings.length === 0 && checked && error === null && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('bulletins.guard.clean')} />
      )}

      <Space wrap style={{ marginBottom: 16 }}>
        {editing && (
          <>
            <Button onClick={save} loading={busy}>
              {t('bulletins.save')}
            </Button>
            <Button onClick={check} loading={busy}>
              {t('bulletins.check')}
            </Button>
          </>
        )}
        {can('refresh') && (
          <Button onClick={() => run(() => api.post(`/api/bulletins/${b.id}/refresh-figures`))}>{t('bulletins.refresh')}</Button>
        )}
        {can('submit') && (
          <Button type="primary" onClick={submit} loading={busy}>
            {t('bulletins.submit')}
          </Button>
        )}
        {can('approve') && (
          <Button type="primary" onClick={() => step('approve')} loading={busy}>
            {t('bulletins.approve')}
          </Button>
        )}
        {can('return') && <Button onClick={() => setDialog('return')}>{t('bulletins.return')}</Button>}
        {can('publish') && (
          <>
            <Button type="primary" onClick={() => step('publish')} loading={busy}>
              {t('bulletins.publishNow')}
            </Button>
            <Button onClick={() => setDialog('schedule')}>{t('bulletins.schedule')}</Button>
          </>
        )}
        {can('correct') && <Button onClick={() => setDialog('correct')}>{t('bulletins.correct')}</Button>}
        {can('withdraw') && (
          <Button danger onClick={() => setDialog('withdraw')}>
            {t('bulletins.withdraw')}
          </Button>
        )}
      </Space>

      <Card size="small" title={t('bulletins.text')} style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" disabled={!editing}>
          {b.version > 1 && (
            <>
              <Form.Item
                name="correctionNote"
                label={t('bulletins.field.correctionNote')}
                rules={[{ required: true, message: t('bulletins.noteRequired') }]}
              >
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="correctionNoteEn" label={t('bulletins.field.correctionNoteEn')}>
                <Input.TextArea rows={2} maxLength={3000} />
              </Form.Item>
            </>
          )}
          <Form.Item name="title" label={t('bulletins.field.title')} rules={[{ required: true, message: t('bulletins.titleRequired') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="body" label={t('bulletins.field.body')} extra={t('bulletins.bodyHelp')}>
            <Input.TextArea rows={10} maxLength={20000} />
          </Form.Item>
          <Form.Item name="titleEn" label={t('bulletins.field.titleEn')}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="bodyEn" label={t('bulletins.field.bodyEn')}>
            <Input.TextArea rows={6} maxLength={30000} />
          </Form.Item>
        </Form>
      </Card>

      {pf && (
        <Card size="small" title={t('bulletins.publicFigures', { k: pf.byTownship.k })} style={{ marginBottom: 16 }}>
          <Typography.Paragraph>
            {t('bulletins.totals', { n: pf.totals.newReported, onset: pf.totals.newOnset, c: pf.totals.cumulative })}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r) => r.jurisdictionId ?? 'district'}
            pagination={false}
            dataSource={pf.byTownship.rows}
            columns={[
              { key: 'name', title: t('bulletins.township'), render: (_, r) => (en ? r.nameEn : r.name) },
              { key: 'new', title: t('bulletins.newShort'), align: 'right', render: (_, r) => r.newReported ?? `<${pf.byTownship.k}` },
              {
                key: 'cum',
                title: t('bulletins.cumulativeShort'),
                align: 'right',
                render: (_, r) => r.cumulative ?? `<${pf.byTownship.k}`,
              },
            ]}
          />
        </Card>
      )}
      {pf?.byAgeSex && <AgeSexCard a={pf.byAgeSex} />}

      <ImagesCard b={b} />

      {(b.riskAreas.length > 0 || b.kind === 'risk_areas') && <RiskAreasCard b={b} />}

      <Card size="small" title={t('bulletins.history')} style={{ marginBottom: 16 }}>
        <Timeline
          items={b.events.map((e) => ({
            children: (
              <span>
                {formatDateTime(e.at)} · {t(`bulletins.event.${e.event}`)} · {e.actorName ?? t('bulletins.system')}
                {e.comment ? ` — ${e.comment}` : ''}
              </span>
            ),
          }))}
        />
        {b.versions.length > 1 && (
          <Space wrap>
            {b.versions.map((v) => (
              <Link key={v.id} to={`/bulletins/${v.id}`}>
                {t('bulletins.versionN', { n: v.version })} ({t(`bulletins.status.${v.status}`)})
              </Link>
            ))}
          </Space>
        )}
      </Card>

      {dialog === 'return' && (
        <ReasonDialog
          title={t('bulletins.return')}
          label={t('bulletins.comment')}
          onClose={() => setDialog(null)}
          onOk={(v) => step('return', { comment: v })}
        />
      )}
      {dialog === 'withdraw' && (
        <ReasonDialog
          title={t('bulletins.withdraw')}
          label={t('bulletins.reason')}
          onClose={() => setDialog(null)}
          onOk={(v) => step('withdraw', { reason: v })}
        />
      )}
      {dialog === 'correct' && (
        <ReasonDialog
          title={t('bulletins.correct')}
          label={t('bulletins.field.correctionNote')}
          onClose={() => setDialog(null)}
          onOk={async (v) => {
            const next = (await run(() => api.post<Bulletin>(`/api/bulletins/${b.id}/correct`, { correctionNote: v }))) as
              | Bulletin
              | undefined;
            if (next) navigate(`/bulletins/${next.id}`);
          }}
        />
      )}
      {dialog === 'schedule' && <ScheduleDialog onClose={() => setDialog(null)} onOk={(at) => step('publish', { at })} />}
    </div>
  );
}

function ReasonDialog({
  title,
  label,
  onClose,
  onOk,
}: {
  title: string;
  label: string;
  onClose: () => void;
  onOk: (value: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okButtonProps={{ disabled: value.trim() === '' }}
      onOk={async () => {
        await onOk(value.trim());
        onClose();
      }}
    >
      <label htmlFor="reason-input">{label}</label>
      <Input.TextArea id="reason-input" rows={3} maxLength={2000} value={value} onChange={(e) => setValue(e.target.value)} />
      {value.trim() === '' && <Typography.Text type="secondary">{t('bulletins.reasonRequired')}</Typography.Text>}
    </Modal>
  );
}

function ScheduleDialog({ onClose, onOk }: { onClose: () => void; onOk: (at: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [at, setAt] = useState<Dayjs | null>(null);
  return (
    <Modal
      open
      title={t('bulletins.schedule')}
      onCancel={onClose}
      okButtonProps={{ disabled: !at }}
      onOk={async () => {
        if (at) await onOk(at.toISOString());
        onClose();
      }}
    >
      <DistrictDatePicker
        showTime={{ format: 'HH:mm' }}
        value={at}
        onChange={setAt}
        style={{ width: '100%' }}
        aria-label={t('bulletins.publishAt')}
      />
    </Modal>
  );
}

function RiskAreasCard({ b }: { b: Bulletin }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const en = i18n.language === 'en';
  const editing = b.actions.includes('edit');
  const [places, setPlaces] = useState<{ id: string; name: string; nameEn: string; level: string }[]>([]);
  const [form] = Form.useForm<{ jurisdictionId: string; level: string; startsOn: Dayjs; endsOn?: Dayjs; note?: string }>();
  const [error, setError] = useState<unknown>(null);
  const [drawing, setDrawing] = useState(false);
  useEffect(() => {
    if (editing) void api.get<{ items: typeof places }>('/api/public/places').then((r) => setPlaces(r.items));
  }, [editing]);
  const add = async () => {
    const v = await form.validateFields();
    try {
      await api.post('/api/risk-areas', {
        jurisdictionId: v.jurisdictionId,
        level: v.level,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
        note: v.note ?? '',
        bulletinId: b.id,
      });
      form.resetFields();
      setError(null);
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
    } catch (e) {
      setError(e instanceof ApiError ? e : e);
    }
  };
  const remove = async (id: string) => {
    await api.delete(`/api/risk-areas/${id}`);
    await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
  };
  return (
    <Card size="small" title={t('bulletins.riskAreas')} style={{ marginBottom: 16 }}>
      <RiskAreasMap b={b} />
      {drawing && <DrawRiskAreaDialog b={b} onClose={() => setDrawing(false)} />}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={b.riskAreas}
        columns={[
          {
            key: 'name',
            title: t('bulletins.place'),
            render: (_, a) => (
              <>
                {en ? a.nameEn : a.name} {a.drawn && <Tag>{t('bulletins.draw.drawn')}</Tag>}
              </>
            ),
          },
          {
            key: 'level',
            title: t('bulletins.level'),
            render: (_, a) => (
              <Tag color={a.level === 'high' ? 'red' : a.level === 'medium' ? 'orange' : 'green'}>{t(`bulletins.risk.${a.level}`)}</Tag>
            ),
          },
          {
            key: 'period',
            title: t('bulletins.period'),
            render: (_, a) => `${formatDate(a.startsOn)} – ${a.endsOn ? formatDate(a.endsOn) : '…'}`,
          },
          { key: 'note', title: t('bulletins.note'), render: (_, a) => (en && a.noteEn ? a.noteEn : a.note) },
          ...(editing
            ? [
                {
                  key: 'x',
                  title: '',
                  render: (_: unknown, a: { id: string }) => (
                    <Button size="small" onClick={() => remove(a.id)}>
                      {t('bulletins.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }}>
          {error !== null && <Alert type="error" message={translateError(t, error)} style={{ width: '100%' }} />}
          <Form.Item name="jurisdictionId" rules={[{ required: true, message: t('bulletins.placeRequired') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={t('bulletins.place')}
              style={{ minWidth: 180 }}
              options={places.map((p) => ({ value: p.id, label: en ? p.nameEn : p.name }))}
            />
          </Form.Item>
          <Form.Item name="level" rules={[{ required: true, message: t('bulletins.levelRequired') }]}>
            <Select
              placeholder={t('bulletins.level')}
              style={{ minWidth: 110 }}
              options={['high', 'medium', 'low'].map((l) => ({ value: l, label: t(`bulletins.risk.${l}`) }))}
            />
          </Form.Item>
          <Form.Item name="startsOn" rules={[{ required: true, message: t('bulletins.dateRequired') }]}>
            <DistrictDatePicker placeholder={t('bulletins.startsOn')} />
          </Form.Item>
          <Form.Item name="endsOn">
            <DistrictDatePicker placeholder={t('bulletins.endsOn')} />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder={t('bulletins.note')} maxLength={500} />
          </Form.Item>
          <Button onClick={add}>{t('bulletins.addRiskArea')}</Button>
          <Button onClick={() => setDrawing(true)}>{t('bulletins.draw.open')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** The cumulative cases by age band and sex as the public will see them (suppressed entries "<k"). */
function AgeSexCard({ a }: { a: PublicAgeSex }) {
  const { t } = useTranslation();
  const shown = (n: number | null) => n ?? `<${a.k}`;
  const band = (b: string) => (b === 'unknown' ? t('bulletins.ageSex.bandUnknown') : b);
  const rows = [
    ...a.rows.map((r) => ({
      key: r.band,
      band: band(r.band),
      male: r.male,
      female: r.female,
      unknown: r.unknown,
      total: r.total as number | null,
    })),
    { key: 'all', band: t('bulletins.ageSex.total'), ...a.totals, total: a.total as number | null },
  ];
  return (
    <Card size="small" title={t('bulletins.ageSex.title', { k: a.k })} style={{ marginBottom: 16 }}>
      {a.withheld ? (
        <Typography.Text type="secondary">{t('bulletins.ageSex.withheld')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          columns={[
            { key: 'band', title: t('bulletins.ageSex.band'), dataIndex: 'band' },
            ...(['male', 'female', 'unknown', 'total'] as const).map((c) => ({
              key: c,
              title: t(`bulletins.ageSex.${c}`),
              align: 'right' as const,
              render: (_: unknown, r: (typeof rows)[number]) => shown(r[c]),
            })),
          ]}
        />
      )}
    </Card>
  );
}
