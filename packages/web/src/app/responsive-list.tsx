/**
 * Lists that stay usable on a phone. Below 576 px (antd's `sm` breakpoint) a table's columns wrap one
 * character per line, so `ResponsiveTable` renders the same columns as one card per record instead: the title
 * column(s) as the card's heading, every other column as a "label: value" line. Above it, it is antd's Table
 * with the props it was given, so a desktop page looks exactly as before.
 *
 * ```tsx
 * <ResponsiveTable<Alert> rowKey="id" data-testid="alert-inbox" columns={…} dataSource={…} cardTitle={['code', 'subject']} />
 * ```
 */
import { Button, Card, Empty, Pagination, Spin, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { type HTMLAttributes, type Key, type ReactNode, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/** Below antd's `sm` breakpoint (576 px): a phone held upright. */
export const PHONE_QUERY = '(max-width: 575.98px)';
/** Below antd's `lg` breakpoint (992 px): too narrow for the side navigation beside the page. */
export const NARROW_QUERY = '(max-width: 991.98px)';

/**
 * Whether a media query matches, read synchronously (no first render at the wrong width, as with antd's
 * `Grid.useBreakpoint`, whose first answer is empty) and followed as the window changes.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** True on a phone-sized screen (below 576 px). */
export function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY);
}

type Column<T> = ColumnType<T> & { children?: unknown };

export type ResponsiveTableProps<T> = TableProps<T> & {
  /**
   * Keys (or `dataIndex` names) of the columns that make a card's heading, in order; by default the first
   * column. The other columns become the card's lines.
   */
  cardTitle?: string[];
};

function columnKey<T>(column: Column<T>, index: number): string {
  if (column.key !== undefined) return String(column.key);
  if (typeof column.dataIndex === 'string' || typeof column.dataIndex === 'number') return String(column.dataIndex);
  if (Array.isArray(column.dataIndex)) return column.dataIndex.join('.');
  return String(index);
}

function valueAt(record: unknown, dataIndex: ColumnType<unknown>['dataIndex']): unknown {
  if (dataIndex === undefined || dataIndex === null) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let value: unknown = record;
  for (const part of path) value = value == null ? undefined : (value as Record<string | number, unknown>)[part as string | number];
  return value;
}

/** What a column shows for a record, exactly as the table cell would (its `render`, else the raw value). */
export function cellContent<T>(column: ColumnType<T>, record: T, index: number): ReactNode {
  const value = valueAt(record, column.dataIndex as ColumnType<unknown>['dataIndex']);
  if (column.render) {
    const rendered = column.render(value, record, index);
    // a render may return cell props ({ children, props }) for row spans; a card only wants the content
    if (rendered && typeof rendered === 'object' && 'children' in (rendered as object) && !('$$typeof' in (rendered as object))) {
      return (rendered as { children: ReactNode }).children;
    }
    return rendered as ReactNode;
  }
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
}

function recordKey<T>(rowKey: TableProps<T>['rowKey'], record: T, index: number): Key {
  if (typeof rowKey === 'function') return rowKey(record, index) as Key;
  if (typeof rowKey === 'string') return (record as Record<string, Key>)[rowKey] ?? index;
  return (record as { key?: Key }).key ?? index;
}

/** One card per record: heading from the title columns, then each other column as "label: value". */
function CardList<T>(props: ResponsiveTableProps<T>) {
  const { columns = [], dataSource = [], loading, pagination, onRow, rowClassName, locale, rowKey, cardTitle, expandable } = props;
  const { t } = useTranslation();
  const [localPage, setLocalPage] = useState(1);
  // A table's expandable rows (the audit log's field changes) open under their card, one toggle per card.
  const [expanded, setExpanded] = useState<ReadonlySet<Key>>(new Set());
  const flat = (columns as Column<T>[]).filter((column) => !column.children && !column.hidden);
  const keys = flat.map(columnKey);
  const titleKeys = new Set(cardTitle ?? keys.slice(0, 1));
  const titleColumns = flat.filter((_, i) => titleKeys.has(keys[i]!));
  const lineColumns = flat.filter((_, i) => !titleKeys.has(keys[i]!));

  // Server-side paging (a total and an onChange) shows the rows it was given; otherwise page here, as Table would.
  const config = pagination === false ? undefined : (pagination ?? {});
  const serverPaged = config !== undefined && config.total !== undefined && config.onChange !== undefined;
  const pageSize = config?.pageSize ?? 10;
  const records = [...dataSource];
  const shown = config === undefined || serverPaged ? records : records.slice((localPage - 1) * pageSize, localPage * pageSize);
  const total = config?.total ?? records.length;
  const spinning = typeof loading === 'object' ? Boolean(loading.spinning) : Boolean(loading);

  return (
    <div data-testid={(props as { 'data-testid'?: string })['data-testid']} className="oc-card-list">
      <Spin spinning={spinning}>
        {shown.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={locale?.emptyText as ReactNode} />
        ) : (
          shown.map((record, index) => {
            const rowProps = (onRow?.(record, index) ?? {}) as HTMLAttributes<HTMLDivElement>;
            const extraClass = typeof rowClassName === 'function' ? rowClassName(record, index, 0) : (rowClassName ?? '');
            const key = recordKey(rowKey, record, index);
            const expandableRow = expandable?.expandedRowRender !== undefined && (expandable.rowExpandable?.(record) ?? true);
            const open = expandableRow && expanded.has(key);
            return (
              <div {...rowProps} key={key} className={`oc-list-card ${extraClass} ${rowProps.className ?? ''}`.trim()}>
                <Card size="small" style={{ background: rowProps.style?.background }}>
                  <div className="oc-list-card-title">
                    {titleColumns.map((column, i) => (
                      <span key={columnKey(column, i)}>{cellContent(column, record, index)}</span>
                    ))}
                  </div>
                  <dl className="oc-list-card-lines">
                    {lineColumns.map((column, i) => (
                      <div key={columnKey(column, i)} className="oc-list-card-line">
                        <dt>{column.title as ReactNode}</dt>
                        <dd>{cellContent(column, record, index)}</dd>
                      </div>
                    ))}
                  </dl>
                  {expandableRow && (
                    <>
                      <Button
                        type="link"
                        size="small"
                        className="oc-list-card-expand"
                        style={{ padding: 0 }}
                        aria-expanded={open}
                        onClick={() =>
                          setExpanded((current) => {
                            const next = new Set(current);
                            if (next.has(key)) next.delete(key);
                            else next.add(key);
                            return next;
                          })
                        }
                      >
                        {open ? t('common.hideDetails') : t('common.showDetails')}
                      </Button>
                      {open && <div className="oc-list-card-expanded">{expandable?.expandedRowRender?.(record, index, 0, true)}</div>}
                    </>
                  )}
                </Card>
              </div>
            );
          })
        )}
      </Spin>
      {config !== undefined && !(config.hideOnSinglePage && total <= pageSize) && total > 0 && (
        <Pagination
          size="small"
          simple
          style={{ marginTop: 12, justifyContent: 'center' }}
          current={serverPaged ? config.current : localPage}
          pageSize={pageSize}
          total={total}
          showSizeChanger={false}
          onChange={(page, size) => (serverPaged ? config.onChange?.(page, size) : setLocalPage(page))}
        />
      )}
      {config?.showTotal && total > 0 && (
        <div className="oc-list-card-total">
          {config.showTotal(total, [(localPage - 1) * pageSize + 1, Math.min(total, localPage * pageSize)])}
        </div>
      )}
    </div>
  );
}

/** antd's Table on a wide screen, one card per record on a phone (see the file's comment). */
export function ResponsiveTable<T extends object>(props: ResponsiveTableProps<T>) {
  const phone = usePhone();
  const { cardTitle: _cardTitle, ...tableProps } = props;
  if (phone) return <CardList<T> {...props} />;
  return <Table<T> {...tableProps} />;
}
