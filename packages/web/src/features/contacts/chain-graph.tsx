/**
 * The chains of transmission as a force-directed graph (ECharts' graph series, already the project's chart
 * library): cases as red squares, contacts as circles coloured by risk (second degree smaller), a contact that
 * became a case linked to it by a dashed line; clusters that reach another district drawn with an orange ring.
 * Readable at a few hundred nodes: labels only on cases and on hover, dragging and zooming on.
 */
import { GraphChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChartOption, EChart } from '../charts/echart.tsx';
import type { Chains } from './contacts-api.ts';

echarts.use([GraphChart]);

const RISK_COLOURS = { high: '#cf1322', medium: '#fa8c16', low: '#1677ff' } as const;

export function ChainGraph({ chains, height = 560 }: { chains: Chains; height?: number }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const crossing = new Set(chains.clusters.filter((c) => c.crossesDistrict).map((c) => c.id));
    const categories = [
      { name: t('contacts.tracing.chains.legend.case') },
      { name: t('contacts.tracing.chains.legend.contact') },
      { name: t('contacts.tracing.chains.legend.contact2') },
    ];
    return {
      tooltip: {
        formatter: (p: { dataType: string; data: { tip?: string } }) => (p.dataType === 'node' ? (p.data.tip ?? '') : ''),
      },
      legend: [{ data: categories.map((c) => c.name), top: 0 }],
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          categories,
          force: { repulsion: chains.nodes.length > 200 ? 40 : 90, edgeLength: [20, 60], gravity: 0.08 },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 5,
          labelLayout: { hideOverlap: true },
          emphasis: { focus: 'adjacency' },
          data: chains.nodes.map((n) => {
            const isCase = n.kind === 'case';
            const other = n.otherDistrict !== '';
            return {
              id: n.id,
              name: n.code,
              category: isCase ? 0 : (n.degree ?? 1) > 1 ? 2 : 1,
              symbol: isCase ? 'rect' : 'circle',
              symbolSize: isCase ? 16 : (n.degree ?? 1) > 1 ? 7 : 10,
              itemStyle: {
                color: isCase ? '#a8071a' : RISK_COLOURS[n.riskCategory ?? 'low'],
                borderColor: other || (isCase && crossing.has(n.cluster)) ? '#fa8c16' : '#fff',
                borderWidth: other || (isCase && crossing.has(n.cluster)) ? 3 : 1,
              },
              label: { show: isCase, position: 'right', fontSize: 11 },
              tip: [
                `${n.code} ${isCase ? t(`cases.classifications.${n.status}`) : n.label}`,
                n.jurisdiction?.name ?? '',
                isCase ? '' : t(`contacts.statuses.${n.status}`),
                other ? t('contacts.tracing.otherDistrict.tag', { district: n.otherDistrict }) : '',
                `${t('contacts.tracing.chains.cluster')}: ${n.cluster}`,
              ]
                .filter(Boolean)
                .join('<br/>'),
            };
          }),
          links: chains.edges.map((e) => ({
            source: e.source,
            target: e.target,
            lineStyle: e.kind === 'became_case' ? { type: 'dashed', color: '#a8071a', width: 2 } : { color: '#bbb' },
          })),
        },
      ],
    };
  }, [chains, t]);
  return <EChart option={option} height={height} label={t('contacts.tracing.chains.title')} />;
}
