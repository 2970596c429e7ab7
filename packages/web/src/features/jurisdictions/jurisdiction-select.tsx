import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JurisdictionLevel } from '../../api/types.ts';
import { buildJurisdictionTree, useJurisdictions } from './jurisdictions-api.ts';

interface JurisdictionSelectProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Levels that may be chosen; others are shown for orientation but disabled. */
  selectableLevels?: JurisdictionLevel[];
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
}

/** A searchable tree of the jurisdictions in the user's scope, for forms and filters. */
export function JurisdictionSelect({ value, onChange, selectableLevels, allowClear, placeholder, id, style }: JurisdictionSelectProps) {
  const { t, i18n } = useTranslation();
  const jurisdictions = useJurisdictions();
  const tree = buildJurisdictionTree(jurisdictions.data ?? [], i18n.language);
  type Node = (typeof tree)[number];
  const withDisabled = (nodes: Node[]): Array<Node & { disabled: boolean }> =>
    nodes.map((node) => ({
      ...node,
      disabled: Boolean(selectableLevels && !selectableLevels.includes(node.jurisdiction.level)),
      children: withDisabled(node.children),
    }));
  return (
    <TreeSelect
      id={id}
      style={{ width: '100%', ...style }}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      treeData={withDisabled(tree)}
      loading={jurisdictions.isPending}
      allowClear={allowClear}
      placeholder={placeholder ?? t('jurisdictions.select')}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll={false}
      treeDefaultExpandedKeys={tree.map((node) => node.key)}
      popupMatchSelectWidth={false}
    />
  );
}
