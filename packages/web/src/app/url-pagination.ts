import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';
import type { SetURLSearchParams } from 'react-router';

/**
 * A list table's pagination kept in the URL (`?page=`), so that a page can be bookmarked and Back returns to
 * it; the other filters in the URL are kept as they are.
 */
export function urlPagination(
  t: TFunction,
  params: URLSearchParams,
  setParams: SetURLSearchParams,
  page: { current: number; pageSize: number; total: number | undefined; totalKey?: string },
): TablePaginationConfig {
  return {
    current: page.current,
    pageSize: page.pageSize,
    total: page.total,
    showSizeChanger: false,
    showTotal: (total) => t(page.totalKey ?? 'common.total', { count: total }),
    onChange: (next) => {
      const copy = new URLSearchParams(params);
      copy.set('page', String(next));
      setParams(copy);
    },
  };
}
