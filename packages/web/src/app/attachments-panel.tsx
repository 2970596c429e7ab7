/**
 * Files attached to a record (an alert, a task): the list with download links and, for users who may, an upload
 * button. Talks to the attachment routes every feature mounts alike (server platform/files/attachments.ts):
 * `GET <basePath>` lists, `POST <basePath>` (multipart, field "file") stores, `GET <basePath>/<fileId>` downloads.
 *
 * Texts live under `alerts.files.*` (the alerts feature's catalogue; the component is shared).
 *
 * @example
 * <AttachmentsPanel basePath={`/api/alerts/${alert.id}/files`} canUpload={alert.canAct} />
 */
import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, List, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '../api/client.ts';
import { api } from './api.ts';
import { formatDateTime } from './dates.ts';
import { translateError } from './errors.ts';

/** One attachment as the API lists it (never its content). */
export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: string;
}

/** Extensions the server accepts (it checks each file's content too); refused here first to save an upload. */
export const ATTACHMENT_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'pptx', 'csv', 'txt'];

/** Human size: 512 B, 12.3 KB, 4.5 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Sends one file as multipart/form-data with the CSRF header (api/client.ts speaks JSON only). */
export async function uploadAttachment(basePath: string, file: File): Promise<Attachment> {
  let token = readCookie(document.cookie, CSRF_COOKIE);
  if (!token) {
    await fetch('/api/health', { credentials: 'same-origin' }).catch(() => undefined);
    token = readCookie(document.cookie, CSRF_COOKIE);
  }
  const form = new FormData();
  form.set('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(basePath, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}) },
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
  const body = (await response.json().catch(() => null)) as
    | { error?: { id: string; message: string; details?: unknown } }
    | Attachment
    | null;
  if (!response.ok) {
    const error =
      body && 'error' in body && body.error ? body.error : { id: response.status >= 500 ? 'internal' : 'http_error', message: '' };
    throw new ApiError(response.status, error.id, error.message, 'details' in error ? error.details : undefined);
  }
  return body as Attachment;
}

export function AttachmentsPanel({ basePath, canUpload }: { basePath: string; canUpload: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const queryKey = ['attachments', basePath];
  const files = useQuery({ queryKey, queryFn: () => api.get<{ items: Attachment[] }>(basePath) });
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  async function send(file: File) {
    setError(null);
    const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
    if (!ATTACHMENT_EXTENSIONS.includes(extension)) {
      setError(t('alerts.files.typeRefused', { types: ATTACHMENT_EXTENSIONS.join(', ') }));
      return;
    }
    setUploading(true);
    try {
      await uploadAttachment(basePath, file);
      await client.invalidateQueries({ queryKey });
    } catch (cause) {
      const refused = cause instanceof ApiError && cause.id === 'validation_failed';
      setError(refused ? t('alerts.files.refused', { types: ATTACHMENT_EXTENSIONS.join(', ') }) : translateError(t, cause));
    } finally {
      setUploading(false);
    }
  }

  return (
    <div data-testid="attachments">
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} style={{ marginBottom: 8 }} />}
      {files.error && <Alert type="error" showIcon message={translateError(t, files.error)} style={{ marginBottom: 8 }} />}
      <List<Attachment>
        size="small"
        loading={files.isLoading}
        locale={{ emptyText: t('alerts.files.none') }}
        dataSource={files.data?.items ?? []}
        renderItem={(file) => (
          <List.Item
            actions={[
              <a
                key="download"
                href={`${basePath}/${file.id}`}
                download={file.filename}
                aria-label={t('alerts.files.download', { name: file.filename })}
              >
                <DownloadOutlined />
              </a>,
            ]}
          >
            <Space>
              <PaperClipOutlined />
              <a href={`${basePath}/${file.id}`} download={file.filename}>
                {file.filename}
              </a>
              <Typography.Text type="secondary">
                {formatSize(file.size)} · {formatDateTime(file.createdAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {canUpload && (
        <Upload
          accept={ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',')}
          showUploadList={false}
          multiple={false}
          beforeUpload={(file) => {
            void send(file as unknown as File);
            return false; // we send it ourselves (multipart with the CSRF header)
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading} style={{ marginTop: 8 }}>
            {t('alerts.files.upload')}
          </Button>
        </Upload>
      )}
    </div>
  );
}
