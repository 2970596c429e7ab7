/**
 * Entering daily values: a grid of the sites that report the chosen feed type × the last days. Changed cells
 * are saved together (all or nothing); a day already reported is replaced. For a proportion (ILI share) each
 * cell takes the ILI visits and all visits.
 */
import { LeftOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, InputNumber, Select, Space, Table, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateRange } from '../../app/dates.ts';
import { fieldIssues, translateError } from '../../app/errors.ts';
import { type CountInput, type FeedGrid, addDays, chinaToday, localName, reportCounts, useFeedGrid, useFeedTypes } from './feeds-api.ts';

const DAYS = 7;

type Edit = { value: number | null; denominator: number | null };

export function FeedEntryPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const types = useFeedTypes();
  const typeCode = params.get('type') ?? types.data?.items[0]?.code;
  const type = types.data?.items.find((x) => x.code === typeCode);
  const today = chinaToday();
  const end = params.get('end') ?? today;
  const grid = useFeedGrid(typeCode, end, DAYS);
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const proportion = type?.measure === 'proportion';

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next);
    setEdits({});
    setProblems([]);
  }

  const cellOf = (g: FeedGrid, row: number, day: number, code: string, date: string): Edit => {
    const edit = edits[`${code}|${date}`];
    if (edit) return edit;
    const cell = g.rows[row]!.cells[day];
    return { value: cell?.value ?? null, denominator: cell?.denominator ?? null };
  };

  function change(code: string, date: string, current: Edit, patch: Partial<Edit>) {
    setEdits((e) => ({ ...e, [`${code}|${date}`]: { ...current, ...patch } }));
  }

  async function save() {
    if (!typeCode) return;
    const counts: CountInput[] = [];
    const labels: string[] = [];
    for (const [key, edit] of Object.entries(edits)) {
      if (edit.value === null) continue;
      const [site, date] = key.split('|') as [string, string];
      counts.push({ feedType: typeCode, site, date, value: edit.value, ...(proportion ? { denominator: edit.denominator } : {}) });
      labels.push(`${site} ${date}`);
    }
    if (counts.length === 0) return;
    setSaving(true);
    setProblems([]);
    try {
      const { written } = await reportCounts(counts);
      void message.success(t('feeds.entry.saved', { count: written }));
      setEdits({});
      await client.invalidateQueries({ queryKey: ['feeds'] });
    } catch (e) {
      const issues = fieldIssues(e);
      setProblems(
        issues.length
          ? issues.map((i) => {
              const index = Number(/^counts\.(\d+)/.exec(i.path)?.[1]);
              return `${labels[index] ?? i.path}: ${i.message}`;
            })
          : [translateError(t, e)],
      );
    } finally {
      setSaving(false);
    }
  }

  const g = grid.data;
  const changed = Object.values(edits).filter((e) => e.value !== null).length;

  return (
    <div>
      <Typography.Title level={3}>{t('feeds.entry.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 260 }}
          aria-label={t('feeds.type')}
          value={typeCode}
          onChange={(code) => setParam('type', code)}
          options={(types.data?.items ?? []).map((x) => ({ value: x.code, label: localName(x, i18n.language) }))}
        />
        <Button icon={<LeftOutlined />} aria-label={t('feeds.entry.earlier')} onClick={() => setParam('end', addDays(end, -DAYS))} />
        <Typography.Text>{formatDateRange(addDays(end, -DAYS + 1), end, t)}</Typography.Text>
        <Button
          icon={<RightOutlined />}
          aria-label={t('feeds.entry.later')}
          disabled={end >= today}
          onClick={() => setParam('end', addDays(end, DAYS) > today ? today : addDays(end, DAYS))}
        />
        <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={changed === 0} onClick={() => void save()}>
          {t('feeds.entry.save', { count: changed })}
        </Button>
        <Link to={`/feeds?type=${typeCode ?? ''}`}>{t('feeds.entry.toChart')}</Link>
      </Space>
      {proportion && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('feeds.entry.proportionHint')} />}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('feeds.entry.notSaved')}
          description={
            <ul style={{ margin: 0 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      {grid.error && <Alert type="error" showIcon message={translateError(t, grid.error)} />}
      <Card size="small">
        {g && g.rows.length === 0 ? (
          <Typography.Text type="secondary">
            {t('feeds.entry.noSites')} <Link to="/feeds/sites">{t('feeds.nav.sites')}</Link>
          </Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey={(r) => r.site.id}
            loading={grid.isFetching}
            pagination={false}
            scroll={{ x: true }}
            dataSource={g?.rows ?? []}
            columns={[
              {
                title: t('feeds.site'),
                key: 'site',
                fixed: 'left',
                width: 220,
                render: (_, r) => (
                  <span>
                    {localName(r.site, i18n.language)}
                    <br />
                    <Typography.Text type="secondary">
                      {r.site.code} · {localName({ name: r.site.jurisdictionName, nameEn: r.site.jurisdictionNameEn }, i18n.language)}
                    </Typography.Text>
                  </span>
                ),
              },
              ...(g?.dates ?? []).map((date, day) => ({
                title: date.slice(5),
                key: date,
                width: proportion ? 170 : 100,
                render: (_: unknown, r: FeedGrid['rows'][number], row: number) => {
                  const current = cellOf(g!, row, day, r.site.code, date);
                  const label = `${r.site.code} ${date}`;
                  return (
                    <Space.Compact>
                      <InputNumber
                        min={0}
                        size="small"
                        style={{ width: 80 }}
                        aria-label={label}
                        value={current.value}
                        onChange={(v) => change(r.site.code, date, current, { value: v === null ? null : Number(v) })}
                      />
                      {proportion && (
                        <InputNumber
                          min={1}
                          size="small"
                          style={{ width: 80 }}
                          aria-label={`${label} ${t('feeds.denominator')}`}
                          placeholder={t('feeds.denominator')}
                          value={current.denominator}
                          onChange={(v) => change(r.site.code, date, current, { denominator: v === null ? null : Number(v) })}
                        />
                      )}
                    </Space.Compact>
                  );
                },
              })),
            ]}
          />
        )}
      </Card>
    </div>
  );
}
