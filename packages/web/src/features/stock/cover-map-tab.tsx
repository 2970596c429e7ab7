/**
 * The stock page's "days of cover" map: pick an item, see each township's cover (its stores together), the
 * district depot's apart, and a table of the same figures (the map's colours are not the only carrier).
 */
import { Alert, Select, Space, Spin, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import { COVER_BREAKS, COVER_PALETTE, coverByTownship, coverShading } from './cover-map.ts';
import { type SummaryRow, nameIn } from './stock-api.ts';

export function CoverMapTab({ rows }: { rows: readonly SummaryRow[] }) {
  const { t, i18n } = useTranslation();
  const townships = useTownshipGeojson();
  const items = useMemo(() => {
    const seen = new Map<string, SummaryRow>();
    for (const r of rows) if (!seen.has(r.itemId)) seen.set(r.itemId, r);
    return [...seen.values()].sort((a, b) => (a.itemName < b.itemName ? -1 : 1));
  }, [rows]);
  const [picked, setPicked] = useState<string | undefined>();
  // the first item with recent use is the most telling default
  const itemId = picked ?? items.find((i) => rows.some((r) => r.itemId === i.itemId && r.dailyUse > 0))?.itemId ?? items[0]?.itemId;
  const cover = useMemo(() => (itemId ? coverByTownship(rows, itemId) : null), [rows, itemId]);
  const names = useMemo(
    () => new Map((townships.data?.features ?? []).map((f) => [f.properties.id, nameIn(i18n.language, f.properties)])),
    [townships.data, i18n.language],
  );
  if (items.length === 0) return <Alert type="info" showIcon message={t('stock.cover.empty')} />;
  const item = items.find((i) => i.itemId === itemId)!;
  const unit = i18n.language.startsWith('en') ? item.unitEn : item.unit;
  const days = (d: number | null) => (d === null ? t('stock.noUse') : t('stock.cover.days', { n: d }));
  const tableRows = [
    ...(cover?.townships ?? [])
      .map((c) => ({ key: c.townshipId, name: names.get(c.townshipId) ?? '—', ...c }))
      .sort((a, b) => (a.daysOfCover ?? Number.POSITIVE_INFINITY) - (b.daysOfCover ?? Number.POSITIVE_INFINITY)),
    ...(cover && cover.district.sites > 0 ? [{ key: 'district', name: t('stock.cover.depot'), ...cover.district }] : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="stock-cover">
      <Space wrap>
        <Typography.Text>{t('stock.item')}</Typography.Text>
        <Select
          showSearch
          optionFilterProp="label"
          value={itemId}
          onChange={setPicked}
          style={{ minWidth: 240 }}
          options={items.map((i) => ({ value: i.itemId, label: nameIn(i18n.language, { name: i.itemName, nameEn: i.itemNameEn }) }))}
          data-testid="stock-cover-item"
          aria-label={t('stock.item')}
        />
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('stock.cover.intro')}
      </Typography.Paragraph>
      {townships.data ? (
        <LazyDistrictMap
          townships={townships.data}
          showLabels
          height={380}
          shading={{
            values: coverShading(cover?.townships ?? []),
            legend: t('stock.cover.legend'),
            palette: COVER_PALETTE,
            breaks: COVER_BREAKS,
            labels: [t('stock.cover.noSite'), '< 7', '7–14', '14–28', t('stock.cover.ample')],
          }}
        />
      ) : (
        <Spin />
      )}
      <Table
        size="small"
        pagination={false}
        scroll={{ x: 480 }}
        dataSource={tableRows}
        data-testid="stock-cover-table"
        columns={[
          { title: t('stock.cover.township'), dataIndex: 'name', key: 'name' },
          { title: t('stock.cover.sites'), dataIndex: 'sites', key: 'sites', align: 'right' },
          { title: t('stock.usable'), key: 'q', align: 'right', render: (_, r) => `${r.quantity.toLocaleString()} ${unit}` },
          { title: t('stock.dailyUse'), key: 'use', align: 'right', render: (_, r) => (r.dailyUse > 0 ? r.dailyUse : '—') },
          {
            title: t('stock.daysOfCover'),
            key: 'cover',
            align: 'right',
            render: (_, r) => (
              <Typography.Text
                type={r.daysOfCover === null ? 'secondary' : r.daysOfCover < 7 ? 'danger' : r.daysOfCover < 14 ? 'warning' : undefined}
              >
                {days(r.daysOfCover)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Space>
  );
}
