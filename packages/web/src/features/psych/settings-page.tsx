/**
 * Cut-offs per instrument and the retention period (docs/psych.md). The team reads them; the team lead
 * (counselling.lead) changes them, e.g. for a locally validated Chinese version. A change applies to the next
 * screening: each screening keeps the cut-offs it was scored under.
 */
import { Alert, Button, Card, Col, InputNumber, Row, Select, Space, Switch, Table, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient, typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { INSTRUMENT_LABELS, INSTRUMENTS, type Instrument, type PsychCutoffs, usePsychSettings } from './psych-api.ts';

/** The highest total of each instrument (the bands' lower bounds must stay within it). */
const MAX_TOTAL: Record<Instrument, number> = { phq9: 27, gad7: 21, isi: 28, pcl5: 80 };

export function PsychSettingsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const lead = hasRight(me, RIGHTS.counsellingLead);
  const settings = usePsychSettings();
  if (settings.isPending) return <PageSpinner />;
  if (!settings.data) return <Alert type="error" title={translateError(t, settings.error)} />;
  return (
    <div>
      <Typography.Title level={3}>{t('psych.settings.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('psych.settings.hint')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {INSTRUMENTS.map((instrument) => (
          <Col xs={24} lg={12} key={instrument}>
            <CutoffsCard instrument={instrument} cutoffs={settings.data.cutoffs[instrument]!} editable={lead} />
          </Col>
        ))}
        <Col xs={24} lg={12}>
          <RetentionCard days={settings.data.retentionDays} editable={lead} />
        </Col>
      </Row>
    </div>
  );
}

const refresh = () => queryClient.invalidateQueries({ queryKey: ['psych', 'settings'] });

function CutoffsCard({ instrument, cutoffs, editable }: { instrument: Instrument; cutoffs: PsychCutoffs; editable: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<PsychCutoffs>(cutoffs);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(cutoffs), [cutoffs]);
  const changed = JSON.stringify(draft) !== JSON.stringify(cutoffs);
  const save = async () => {
    setBusy(true);
    try {
      await typedApi.put('/api/psych/settings/cutoffs/{instrument}', { path: { instrument }, body: { cutoffs: draft } });
      void message.success(t('psych.settings.saved'));
      await refresh();
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={INSTRUMENT_LABELS[instrument]} size="small" data-testid={`psych-cutoffs-${instrument}`}>
      {'bands' in draft ? (
        <Table
          size="small"
          pagination={false}
          rowKey="band"
          dataSource={draft.bands.map((b, i) => ({ ...b, upTo: draft.bands[i + 1] ? draft.bands[i + 1]!.min - 1 : MAX_TOTAL[instrument] }))}
          columns={[
            { key: 'band', title: t('psych.settings.band'), dataIndex: 'band', render: (b: string) => t(`psych.bands.${b}`) },
            {
              key: 'min',
              title: t('psych.settings.from'),
              dataIndex: 'min',
              render: (min: number, _row, i) =>
                editable && i > 0 ? (
                  <InputNumber
                    size="small"
                    min={1}
                    max={MAX_TOTAL[instrument]}
                    value={min}
                    aria-label={`${INSTRUMENT_LABELS[instrument]} ${t(`psych.bands.${draft.bands[i]!.band}`)}`}
                    onChange={(v) =>
                      setDraft({ bands: draft.bands.map((b, k) => (k === i ? { ...b, min: typeof v === 'number' ? v : b.min } : b)) })
                    }
                  />
                ) : (
                  min
                ),
            },
            { key: 'upTo', title: t('psych.settings.to'), dataIndex: 'upTo' },
          ]}
        />
      ) : (
        <Space orientation="vertical">
          <Space wrap>
            <span>{t('psych.settings.threshold')}</span>
            {editable ? (
              <Select
                value={draft.threshold}
                style={{ width: 90 }}
                options={[31, 32, 33].map((v) => ({ value: v, label: String(v) }))}
                onChange={(v) => setDraft({ ...draft, threshold: v })}
                aria-label={t('psych.settings.threshold')}
              />
            ) : (
              <strong>{draft.threshold}</strong>
            )}
          </Space>
          <Space wrap>
            <span>{t('psych.settings.itemRule')}</span>
            <Switch
              checked={draft.itemRule}
              disabled={!editable}
              onChange={(v) => setDraft({ ...draft, itemRule: v })}
              aria-label={t('psych.settings.itemRule')}
            />
          </Space>
        </Space>
      )}
      {editable && (
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" disabled={!changed} loading={busy} onClick={() => void save()}>
            {t('psych.settings.save')}
          </Button>
          <Button disabled={!changed} onClick={() => setDraft(cutoffs)}>
            {t('psych.settings.reset')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

function RetentionCard({ days, editable }: { days: number; editable: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(days);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(days), [days]);
  const save = async () => {
    setBusy(true);
    try {
      await typedApi.put('/api/psych/settings/retention', { body: { days: draft } });
      void message.success(t('psych.settings.saved'));
      await refresh();
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('psych.settings.retention')} size="small" data-testid="psych-retention">
      <Typography.Paragraph type="secondary">{t('psych.settings.retentionHint')}</Typography.Paragraph>
      <Space wrap>
        {editable ? (
          <InputNumber
            min={30}
            max={36500}
            value={draft}
            onChange={(v) => setDraft(typeof v === 'number' ? v : days)}
            aria-label={t('psych.settings.retention')}
          />
        ) : (
          <strong>{t('psych.settings.daysValue', { days })}</strong>
        )}
        <span>{t('psych.settings.daysAbout', { years: (draft / 365).toFixed(1) })}</span>
        {editable && (
          <Button type="primary" disabled={draft === days} loading={busy} onClick={() => void save()}>
            {t('psych.settings.save')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
