/**
 * A plan version's content as a document: every section in order, each text in the chosen languages (Chinese,
 * English or both, one under the other). Used by the plan page and the print view.
 */
import { Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency } from '../../api/types.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { type Bilingual, LEVEL_COLOURS, type Measure, type PlanContent, RESPONSE_LEVELS } from './plans-api.ts';

export type PlanLanguages = 'zh' | 'en' | 'both';

interface Props {
  content: PlanContent;
  languages: PlanLanguages;
  agencies: Map<string, Agency>;
}

/** A text in the chosen languages; long texts keep their line breaks. */
function Text({ value, languages, strong }: { value: Bilingual; languages: PlanLanguages; strong?: boolean }) {
  const parts: ReactNode[] = [];
  if (languages !== 'en' && value.zh)
    parts.push(
      <div key="zh" lang="zh-CN">
        {value.zh}
      </div>,
    );
  if (languages !== 'zh' && value.en)
    parts.push(
      <div key="en" lang="en" style={languages === 'both' ? { color: '#595959' } : undefined}>
        {value.en}
      </div>,
    );
  return <div style={{ whiteSpace: 'pre-wrap', fontWeight: strong ? 600 : undefined }}>{parts.length ? parts : '—'}</div>;
}

export function PlanContentView({ content, languages, agencies }: Props) {
  const { t: uiT, i18n } = useTranslation();
  // Headings follow the document's language when one is chosen (a printed English plan reads English throughout).
  const t = languages === 'both' ? uiT : i18n.getFixedT(languages === 'en' ? 'en' : 'zh-CN');
  const agencyName = (id: string | null) => {
    if (!id) return '—';
    const agency = agencies.get(id);
    if (!agency) return '—';
    if (languages === 'both') return `${agency.name} / ${agency.nameEn}`;
    return localName(agency, languages === 'en' ? 'en' : languages === 'zh' ? 'zh-CN' : i18n.language);
  };
  const section = (key: string, children: ReactNode) => (
    <section className="plan-section" key={key} style={{ marginBottom: 24 }}>
      <Typography.Title level={4}>{t(`plans.sections.${key}`)}</Typography.Title>
      {children}
    </section>
  );
  const hq = content.headquarters;
  return (
    <div className="plan-document">
      {section('general', <Text value={content.general} languages={languages} />)}
      {section(
        'headquarters',
        <>
          <Typography.Title level={5}>{t('plans.fields.commander')}</Typography.Title>
          <Text value={hq.commander} languages={languages} />
          {hq.deputies.length > 0 && (
            <>
              <Typography.Title level={5}>{t('plans.fields.deputies')}</Typography.Title>
              {hq.deputies.map((d, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: deputies are shown read-only in their order
                <Text key={i} value={d} languages={languages} />
              ))}
            </>
          )}
          <Typography.Title level={5}>{t('plans.fields.composition')}</Typography.Title>
          <Text value={hq.composition} languages={languages} />
          <Typography.Title level={5}>{t('plans.fields.hqDuties')}</Typography.Title>
          <Text value={hq.duties} languages={languages} />
          <Typography.Title level={5}>{t('plans.fields.office')}</Typography.Title>
          <Text value={hq.office} languages={languages} />
          <Typography.Title level={5}>{t('plans.fields.workingGroups')}</Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(g) => g.id ?? ''}
            dataSource={hq.workingGroups}
            columns={[
              { title: t('plans.fields.groupName'), width: '20%', render: (_, g) => <Text value={g.name} languages={languages} strong /> },
              { title: t('plans.fields.leadAgency'), width: '20%', render: (_, g) => agencyName(g.leadAgencyId) },
              {
                title: t('plans.fields.memberAgencies'),
                width: '20%',
                render: (_, g) => g.memberAgencyIds.map(agencyName).join('；') || '—',
              },
              { title: t('plans.fields.duties'), render: (_, g) => <Text value={g.duties} languages={languages} /> },
            ]}
          />
        </>,
      )}
      {section('monitoring', <Text value={content.monitoring} languages={languages} />)}
      {section('reporting', <Text value={content.reporting} languages={languages} />)}
      {section(
        'technicalInstitutions',
        <Table
          size="small"
          pagination={false}
          rowKey={(x) => x.id ?? ''}
          dataSource={content.technicalInstitutions}
          columns={[
            { title: t('plans.fields.institution'), width: '30%', render: (_, x) => <Text value={x.name} languages={languages} strong /> },
            { title: t('plans.fields.agency'), width: '20%', render: (_, x) => agencyName(x.agencyId) },
            { title: t('plans.fields.tasks'), render: (_, x) => <Text value={x.tasks} languages={languages} /> },
          ]}
        />,
      )}
      {section(
        'levels',
        RESPONSE_LEVELS.map((level) => (
          <div key={level} className="plan-level" style={{ marginBottom: 16 }}>
            <Typography.Title level={5}>
              <Tag color={LEVEL_COLOURS[level].tag}>{t(`plans.levels.${level}`)}</Tag>
            </Typography.Title>
            <Typography.Text type="secondary">{t('plans.fields.criteria')}</Typography.Text>
            <Text value={content.levels[level].criteria} languages={languages} />
            <Table<Measure>
              style={{ marginTop: 8 }}
              size="small"
              pagination={false}
              rowKey={(x) => x.id ?? ''}
              dataSource={content.levels[level].measures}
              aria-label={t('plans.measuresOf', { level: t(`plans.levels.${level}`) })}
              columns={[
                { title: '#', width: 40, render: (_, __, i) => i + 1 },
                {
                  title: t('plans.fields.measure'),
                  render: (_, x) => (
                    <>
                      <Text value={x.title} languages={languages} strong />
                      <Text value={x.description} languages={languages} />
                      {x.checklist.length > 0 && (
                        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                          {x.checklist.map((c, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: checklist texts may repeat and are shown read-only in their order
                            <li key={i}>
                              <Text value={c} languages={languages} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </>
                  ),
                },
                { title: t('plans.fields.agency'), width: '20%', render: (_, x) => agencyName(x.agencyId) },
                { title: t('plans.fields.deadlineHours'), width: 110, render: (_, x) => t('plans.hoursAfter', { count: x.deadlineHours }) },
                { title: t('plans.fields.priority'), width: 90, render: (_, x) => t(`plans.priorities.${x.priority}`) },
              ]}
            />
          </div>
        )),
      )}
      {section('fieldControl', <Text value={content.fieldControl} languages={languages} />)}
      {section(
        'materials',
        <>
          <Text value={content.materials.text} languages={languages} />
          <Table
            style={{ marginTop: 8 }}
            size="small"
            pagination={false}
            rowKey={(x) => x.id ?? ''}
            dataSource={content.materials.stockpiles}
            columns={[
              { title: t('plans.fields.item'), render: (_, x) => <Text value={x.item} languages={languages} /> },
              {
                title: t('plans.fields.quantity'),
                width: 160,
                render: (_, x) => (
                  <Text value={{ zh: `${x.quantity} ${x.unit.zh}`, en: `${x.quantity} ${x.unit.en}` }} languages={languages} />
                ),
              },
              { title: t('plans.fields.holder'), width: '25%', render: (_, x) => agencyName(x.holderAgencyId) },
            ]}
          />
        </>,
      )}
      {section('training', <Text value={content.training} languages={languages} />)}
    </div>
  );
}
