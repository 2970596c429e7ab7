/**
 * The one Export button every list page places beside its filters: Excel or CSV of the list with the filters
 * the page shows, in the page's language (docs/exports.md). The server applies the reader's scope, masks
 * identity numbers and audits the export; `fullIdentity` offers the complete numbers to holders of
 * cases.identity (the case list only).
 *
 * The file goes straight to disk: the button first asks the server whether the export would be given
 * (`check=true`: 204, or the list's error, shown here), then hands the URL to the browser as a download link, so
 * the browser's download manager writes the server's stream to disk as it arrives. Nothing of the file is held in
 * the page's memory (a blob of a large case list could exhaust a phone's tab).
 *
 * @example
 * <ExportButton path="/api/alerts/export" filters={{ open: 'true', diseaseId }} />
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Query, toApiError, withQuery } from '../../api/client.ts';
import { translateError } from '../../app/errors.ts';

export interface ExportButtonProps {
  /** the list's export route, e.g. '/api/cases/export' */
  path: string;
  /** the list's current filters (empty values are left out; paging is not sent) */
  filters: Query;
  /** offer exports with full identity numbers (cases.identity) */
  fullIdentity?: boolean;
  disabled?: boolean;
}

type Choice = 'xlsx' | 'csv' | 'xlsx-full' | 'csv-full';

/** Lets the browser download `url` itself (to disk, streamed), with the server's file name. */
function downloadThroughBrowser(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = ''; // the name comes from the answer's Content-Disposition
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export function ExportButton({ path, filters, fullIdentity = false, disabled = false }: ExportButtonProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  async function run(choice: Choice) {
    const format = choice.startsWith('csv') ? 'csv' : 'xlsx';
    const { page: _page, pageSize: _size, ...rest } = filters;
    const url = withQuery(path, {
      ...rest,
      format,
      lang: i18n.language.startsWith('en') ? 'en' : 'zh-CN',
      identity: choice.endsWith('full') ? 'full' : undefined,
    });
    setBusy(true);
    try {
      // refusals (no right, a bad filter) come back here as errors, not as a downloaded error page
      const check = await fetch(withQuery(url, { check: 'true' }), { credentials: 'same-origin' });
      if (!check.ok) throw await toApiError(check);
      downloadThroughBrowser(url);
      message.success(t('exports.started'));
    } catch (error) {
      message.error(translateError(t, error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error))));
    } finally {
      setBusy(false);
    }
  }

  const items: MenuProps['items'] = [
    { key: 'xlsx', label: t('exports.xlsx') },
    { key: 'csv', label: t('exports.csv') },
    ...(fullIdentity
      ? [
          { type: 'divider' as const },
          { key: 'xlsx-full', label: <Tooltip title={t('exports.fullNote')}>{t('exports.xlsxFull')}</Tooltip> },
          { key: 'csv-full', label: <Tooltip title={t('exports.fullNote')}>{t('exports.csvFull')}</Tooltip> },
        ]
      : []),
  ];

  return (
    <Dropdown menu={{ items, onClick: ({ key }) => void run(key as Choice) }} trigger={['click']} disabled={disabled || busy}>
      <Button icon={<DownloadOutlined />} loading={busy} title={t('exports.hint')} data-testid="export-button">
        {busy ? t('exports.working') : t('exports.button')}
      </Button>
    </Dropdown>
  );
}
