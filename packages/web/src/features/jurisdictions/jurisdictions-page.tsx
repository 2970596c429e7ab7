import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Space, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import { JurisdictionForm } from './jurisdiction-form.tsx';
import {
  type JurisdictionNode,
  buildJurisdictionTree,
  jurisdictionIndex,
  localName,
  useJurisdictions,
  useMapFeatures,
  useTownshipGeojson,
} from './jurisdictions-api.ts';

/** Keeps the nodes whose title matches, with their ancestors, so a search still shows where a place sits. */
function filterTree(nodes: JurisdictionNode[], text: string): JurisdictionNode[] {
  if (!text) return nodes;
  const needle = text.toLowerCase();
  return nodes.flatMap((node) => {
    const children = filterTree(node.children, text);
    const hit = node.title.toLowerCase().includes(needle) || node.jurisdiction.code.includes(needle);
    return hit || children.length > 0 ? [{ ...node, children: hit ? node.children : children }] : [];
  });
}

export function JurisdictionsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const jurisdictions = useJurisdictions();
  const townships = useTownshipGeojson();
  const river = useMapFeatures('river');
  const ports = useMapFeatures('port');
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [formState, setFormState] = useState<{ mode: 'edit' | 'create' } | null>(null);
  const selectedId = params.get('selected');
  const canManage = hasRight(me.data, RIGHTS.registryManage);

  const index = useMemo(() => jurisdictionIndex(jurisdictions.data), [jurisdictions.data]);
  const tree = useMemo(() => buildJurisdictionTree(jurisdictions.data ?? [], i18n.language), [jurisdictions.data, i18n.language]);
  const shown = useMemo(() => filterTree(tree, search.trim()), [tree, search]);
  const selected = selectedId ? index.get(selectedId) : undefined;
  const parent = selected?.parentId ? index.get(selected.parentId) : undefined;
  const children = (jurisdictions.data ?? []).filter((candidate) => candidate.parentId === selected?.id);
  // Neighbours outside the user's scope are not listed by the server, so every id here resolves.
  const neighbours = (selected?.adjacentIds ?? []).flatMap((id) => index.get(id) ?? []);
  const number = new Intl.NumberFormat(i18n.language);

  const select = (id: string) => setParams(id ? { selected: id } : {}, { replace: true });

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('jurisdictions.title')}
      </Typography.Title>
      {jurisdictions.error && <Alert type="error" showIcon message={translateError(t, jurisdictions.error)} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('jurisdictions.tree')}>
            <Input.Search
              allowClear
              placeholder={t('jurisdictions.searchPlaceholder')}
              onChange={(event) => setSearch(event.target.value)}
              style={{ marginBottom: 8 }}
            />
            {jurisdictions.isPending ? (
              <Skeleton active paragraph={{ rows: 12 }} />
            ) : (
              <Tree<JurisdictionNode>
                treeData={shown}
                selectedKeys={selectedId ? [selectedId] : []}
                defaultExpandedKeys={tree.map((node) => node.key)}
                onSelect={(keys) => select(String(keys[0] ?? ''))}
                height={560}
                blockNode
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('jurisdictions.map')} style={{ marginBottom: 16 }}>
            {townships.data ? (
              <LazyDistrictMap
                townships={townships.data}
                river={river.data}
                ports={ports.data}
                highlightId={selectedId}
                onTownshipClick={select}
                height={360}
              />
            ) : (
              <Skeleton active paragraph={{ rows: 8 }} />
            )}
          </Card>
          <Card
            size="small"
            title={selected ? localName(selected, i18n.language) : t('jurisdictions.details')}
            extra={
              selected &&
              canManage && (
                <Space>
                  <Button icon={<EditOutlined />} onClick={() => setFormState({ mode: 'edit' })}>
                    {t('common.edit')}
                  </Button>
                  {selected.level !== 'community' && (
                    <Button icon={<PlusOutlined />} onClick={() => setFormState({ mode: 'create' })}>
                      {t('jurisdictions.addChild')}
                    </Button>
                  )}
                </Space>
              )
            }
          >
            {selected ? (
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('jurisdictions.level')}>{t(`levels.${selected.level}`)}</Descriptions.Item>
                <Descriptions.Item label={t('jurisdictions.code')}>{selected.code}</Descriptions.Item>
                <Descriptions.Item label={t('common.nameZh')}>{selected.name}</Descriptions.Item>
                <Descriptions.Item label={t('common.nameEn')}>{selected.nameEn || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('jurisdictions.population')}>
                  {selected.population == null ? '—' : number.format(selected.population)}
                </Descriptions.Item>
                <Descriptions.Item label={t('jurisdictions.parent')}>{parent ? localName(parent, i18n.language) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('jurisdictions.centroid')}>
                  {selected.centroid ? `${selected.centroid[0].toFixed(4)}, ${selected.centroid[1].toFixed(4)}` : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('jurisdictions.children')}>{number.format(children.length)}</Descriptions.Item>
                {selected.level === 'township' && (
                  <Descriptions.Item label={t('jurisdictions.neighbours')} span={2}>
                    {neighbours.length === 0 ? (
                      <Typography.Text type="secondary">{t('jurisdictions.noNeighbours')}</Typography.Text>
                    ) : (
                      <Space size={[12, 4]} wrap data-testid="jurisdiction-neighbours">
                        {neighbours.map((neighbour) => (
                          <Typography.Link key={neighbour.id} onClick={() => select(neighbour.id)}>
                            {localName(neighbour, i18n.language)}
                          </Typography.Link>
                        ))}
                      </Space>
                    )}
                  </Descriptions.Item>
                )}
              </Descriptions>
            ) : (
              <Empty description={t('jurisdictions.selectHint')} />
            )}
          </Card>
        </Col>
      </Row>
      <JurisdictionForm
        open={formState !== null}
        editing={formState?.mode === 'edit' ? (selected ?? null) : null}
        parent={formState?.mode === 'create' ? (selected ?? null) : null}
        onClose={(saved) => {
          setFormState(null);
          if (saved) select(saved.id);
        }}
      />
    </div>
  );
}
