/**
 * Tracing set-up: tracing teams (the townships each serves; contacts.write over the team's home) and the risk
 * rules per disease (contacts.configure: the district CDC's epidemiologists).
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useDiseases } from '../cases/cases-api.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import {
  CONTACT_RELATIONS,
  CONTACT_SETTINGS,
  CONTACT_TYPES,
  RISK_CATEGORIES,
  type RiskRule,
  riskColour,
  type TracingTeam,
  useRiskRules,
  useTeams,
} from './contacts-api.ts';

export function SetupPage() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={3}>{t('contacts.tracing.setup.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'teams', label: t('contacts.tracing.setup.teams'), children: <TeamsTab /> },
          { key: 'rules', label: t('contacts.tracing.setup.rules'), children: <RulesTab /> },
        ]}
      />
    </div>
  );
}

interface TeamForm {
  name: string;
  jurisdictionId: string;
  leader?: string;
  phone?: string;
  townshipIds?: string[];
}

function TeamsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const teams = useTeams();
  const places = useJurisdictions();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TeamForm>();
  const canWrite = hasRight(me.data, RIGHTS.contactsWrite);
  const en = i18n.language.startsWith('en');

  async function create(v: TeamForm) {
    try {
      await typedApi.post('/api/tracing-teams', {
        body: {
          name: v.name,
          jurisdictionId: v.jurisdictionId,
          leader: v.leader ?? '',
          phone: v.phone ?? '',
          townshipIds: v.townshipIds ?? [],
        },
      });
      form.resetFields();
      void message.success(t('contacts.detail.saved'));
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  async function toggle(team: TracingTeam, active: boolean) {
    try {
      await typedApi.patch('/api/tracing-teams/{id}', { path: { id: team.id }, body: { active } });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Typography.Paragraph type="secondary">{t('contacts.tracing.setup.teamsIntro')}</Typography.Paragraph>
      <Table<TracingTeam>
        rowKey="id"
        size="small"
        scroll={{ x: true }}
        loading={teams.isPending}
        dataSource={teams.data?.items ?? []}
        pagination={false}
        data-testid="tracing-teams"
        columns={[
          { title: t('contacts.tracing.setup.teamName'), dataIndex: 'name' },
          { title: t('contacts.tracing.setup.home'), key: 'home', render: (_, r) => (en ? r.jurisdiction.nameEn : r.jurisdiction.name) },
          {
            title: t('contacts.tracing.setup.leader'),
            key: 'leader',
            render: (_, r) => [r.leader, r.phone].filter(Boolean).join(' · ') || '—',
          },
          {
            title: t('contacts.tracing.setup.townships'),
            key: 'townships',
            render: (_, r) => r.townships.map((j) => <Tag key={j.id}>{en ? j.nameEn : j.name}</Tag>),
          },
          { title: t('contacts.tracing.setup.openContacts'), dataIndex: 'openContacts' },
          {
            title: t('contacts.tracing.setup.active'),
            key: 'active',
            render: (_, r) => <Switch size="small" checked={r.active} disabled={!canWrite} onChange={(v) => void toggle(r, v)} />,
          },
        ]}
      />
      {canWrite && (
        <Card size="small" title={t('contacts.tracing.setup.create')}>
          <Form<TeamForm> form={form} layout="vertical" onFinish={(v) => void create(v)} style={{ maxWidth: 480 }}>
            <Form.Item name="name" label={t('contacts.tracing.setup.teamName')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="jurisdictionId" label={t('contacts.tracing.setup.home')} rules={[{ required: true }]}>
              <JurisdictionSelect />
            </Form.Item>
            <Form.Item name="townshipIds" label={t('contacts.tracing.setup.townships')} extra={t('contacts.tracing.setup.townshipsHint')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(places.data ?? [])
                  .filter((j) => j.level === 'township')
                  .map((j) => ({ value: j.id, label: en ? j.nameEn : j.name }))}
              />
            </Form.Item>
            <Form.Item name="leader" label={t('contacts.tracing.setup.leader')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="phone" label={t('contacts.tracing.setup.phone')}>
              <Input maxLength={40} inputMode="tel" />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('contacts.tracing.setup.create')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

type DraftRule = Pick<RiskRule, 'setting' | 'relation' | 'contactType' | 'degree' | 'riskCategory' | 'note'> & { key: number };

function RulesTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const rules = useRiskRules();
  const diseases = useDiseases();
  const queryClient = useQueryClient();
  const [diseaseId, setDiseaseId] = useState<string | null>(null);
  const [draft, setDraft] = useState<DraftRule[]>([]);
  const canConfigure = hasRight(me.data, RIGHTS.contactsConfigure);
  const en = i18n.language.startsWith('en');
  useEffect(() => {
    setDraft(
      (rules.data?.items ?? [])
        .filter((r) => r.diseaseId === diseaseId)
        .map((r, key) => ({
          key,
          setting: r.setting,
          relation: r.relation,
          contactType: r.contactType,
          degree: r.degree,
          riskCategory: r.riskCategory,
          note: r.note,
        })),
    );
  }, [rules.data, diseaseId]);
  const change = (key: number, patch: Partial<DraftRule>) => setDraft((d) => d.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const any = t('contacts.tracing.setup.any');
  async function save() {
    try {
      await typedApi.put('/api/contact-risk-rules', {
        body: {
          diseaseId,
          rules: draft.map(({ key: _key, degree, ...r }) => ({ ...r, degree: degree === 1 || degree === 2 ? degree : null })),
        },
      });
      void message.success(t('contacts.detail.saved'));
      await queryClient.invalidateQueries({ queryKey: ['contacts', 'rules'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  const pick = <T extends string>(values: readonly T[], prefix: string, value: T | null, onChange: (v: T | null) => void) => (
    <Select<T | null>
      size="small"
      style={{ minWidth: 110 }}
      disabled={!canConfigure}
      value={value}
      onChange={(v) => onChange(v ?? null)}
      options={[{ value: null, label: any }, ...values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }))]}
    />
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Typography.Paragraph type="secondary">{t('contacts.tracing.setup.rulesIntro')}</Typography.Paragraph>
      <Select<string | null>
        style={{ width: 260 }}
        value={diseaseId}
        onChange={setDiseaseId}
        data-testid="rules-disease"
        options={[
          { value: null, label: t('contacts.tracing.setup.everyDisease') },
          ...(diseases.data?.items ?? []).map((d) => ({ value: d.id, label: en ? d.nameEn : d.name })),
        ]}
      />
      <Table<DraftRule>
        rowKey="key"
        size="small"
        scroll={{ x: true }}
        pagination={false}
        dataSource={draft}
        data-testid="risk-rules"
        columns={[
          { title: '#', key: 'n', render: (_, __, i) => i + 1, width: 40 },
          {
            title: t('contacts.fields.setting'),
            key: 's',
            render: (_, r) => pick(CONTACT_SETTINGS, 'contacts.settings', r.setting, (v) => change(r.key, { setting: v })),
          },
          {
            title: t('contacts.fields.relation'),
            key: 'r',
            render: (_, r) => pick(CONTACT_RELATIONS, 'contacts.relations', r.relation, (v) => change(r.key, { relation: v })),
          },
          {
            title: t('contacts.fields.contactType'),
            key: 'c',
            render: (_, r) => pick(CONTACT_TYPES, 'contacts.contactTypes', r.contactType, (v) => change(r.key, { contactType: v })),
          },
          {
            title: t('contacts.list.degree'),
            key: 'd',
            render: (_, r) =>
              pick(['1', '2'] as const, 'contacts.list.degrees', r.degree === null ? null : (String(r.degree) as '1' | '2'), (v) =>
                change(r.key, { degree: v === null ? null : Number(v) }),
              ),
          },
          {
            title: t('contacts.list.risk'),
            key: 'k',
            render: (_, r) => (
              <Select
                size="small"
                disabled={!canConfigure}
                value={r.riskCategory}
                onChange={(riskCategory) => change(r.key, { riskCategory })}
                options={RISK_CATEGORIES.map((v) => ({ value: v, label: <Tag color={riskColour(v)}>{t(`contacts.risks.${v}`)}</Tag> }))}
              />
            ),
          },
          {
            title: t('contacts.fields.notes'),
            key: 'note',
            render: (_, r) => (
              <Input
                size="small"
                disabled={!canConfigure}
                value={r.note}
                maxLength={200}
                onChange={(e) => change(r.key, { note: e.target.value })}
              />
            ),
          },
          ...(canConfigure
            ? [
                {
                  title: '',
                  key: 'x',
                  render: (_: unknown, r: DraftRule) => (
                    <Button size="small" danger onClick={() => setDraft((d) => d.filter((x) => x.key !== r.key))}>
                      {t('contacts.tracing.setup.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Text type="secondary">{t('contacts.tracing.setup.fallback')}</Typography.Text>
      {canConfigure && (
        <Space>
          <Button
            onClick={() =>
              setDraft((d) => [
                ...d,
                {
                  key: Math.max(0, ...d.map((r) => r.key)) + 1,
                  setting: null,
                  relation: null,
                  contactType: 'close',
                  degree: null,
                  riskCategory: 'high',
                  note: '',
                },
              ])
            }
          >
            {t('contacts.tracing.setup.addRule')}
          </Button>
          <Button type="primary" onClick={() => void save()} data-testid="save-rules">
            {t('contacts.tracing.setup.saveRules')}
          </Button>
        </Space>
      )}
    </Space>
  );
}
