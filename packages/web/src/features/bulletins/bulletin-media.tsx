/**
 * A bulletin's images and its risk areas on the map (docs/disclosure.md "Images", "Risk areas on the map"): the
 * images with their alt text in both languages (added, changed, removed while a draft; the approver sees them as
 * they will be published), and a map of the risk areas with a tool to draw one (click to place corners).
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '../../api/client.ts';
import { api } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { translateError } from '../../app/errors.ts';
import { useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import type { OverlayCollection } from '../map/district-map.tsx';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import type { Bulletin } from './bulletins-api.ts';

type Image = Bulletin['images'][number];
/** Risk levels' colours (the portal uses the same). */
export const RISK_COLOURS = { high: '#cf1322', medium: '#d46b08', low: '#389e0d' } as const;

/** Field problems of a 400 answer, as "field: message" lines. */
function detailsOf(error: unknown): string[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as { path?: string; message?: string }[]).map((d) => `${d.path ?? ''}: ${d.message ?? ''}`);
}

function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null) return null;
  const lines = detailsOf(error);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 8 }}
      message={translateError(t, error)}
      description={lines.length > 0 ? lines.map((l) => <div key={l}>{l}</div>) : undefined}
    />
  );
}

async function uploadImage(bulletinId: string, file: File, alt: string, altEn: string): Promise<Image> {
  let token = readCookie(document.cookie, CSRF_COOKIE);
  if (!token) {
    await fetch('/api/health', { credentials: 'same-origin' }).catch(() => undefined);
    token = readCookie(document.cookie, CSRF_COOKIE);
  }
  const form = new FormData();
  form.set('file', file, file.name);
  form.set('alt', alt);
  form.set('altEn', altEn);
  const response = await fetch(`/api/bulletins/${bulletinId}/images/files`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}) },
  });
  const body = (await response.json().catch(() => null)) as { error?: { id: string; message: string; details?: unknown } } | Image | null;
  if (!response.ok) {
    const e = body && 'error' in body && body.error ? body.error : { id: 'http_error', message: '' };
    throw new ApiError(response.status, e.id, e.message, 'details' in e ? e.details : undefined);
  }
  return body as Image;
}

export function ImagesCard({ b }: { b: Bulletin }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const queryClient = useQueryClient();
  const editing = b.actions.includes('edit');
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [altEn, setAltEn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['bulletins'] });
  const add = async () => {
    if (!file) return setError(new ApiError(400, 'validation_failed', '', [{ path: 'file', message: t('bulletins.images.fileRequired') }]));
    setBusy(true);
    try {
      await uploadImage(b.id, file, alt, altEn);
      setFile(null);
      setAlt('');
      setAltEn('');
      setError(null);
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const change = async (image: Image, patch: { alt?: string; altEn?: string }) => {
    try {
      await api.patch(`/api/bulletins/${b.id}/images/${image.id}`, patch);
      setError(null);
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (image: Image) => {
    await api.delete(`/api/bulletins/${b.id}/images/${image.id}`);
    await refresh();
  };
  if (!editing && b.images.length === 0) return null;
  return (
    <Card size="small" title={t('bulletins.images.title')} style={{ marginBottom: 16 }} data-testid="bulletin-images">
      <ErrorAlert error={error} />
      <Space wrap align="start" size={16}>
        {b.images.map((image) => (
          <figure key={image.id} style={{ margin: 0, width: 220 }}>
            <img
              src={image.url}
              alt={en ? image.altEn : image.alt}
              style={{ width: '100%', height: 'auto', border: '1px solid #d0d7de' }}
            />
            <figcaption>
              {editing ? (
                <>
                  <Input
                    aria-label={t('bulletins.images.alt')}
                    defaultValue={image.alt}
                    maxLength={300}
                    onBlur={(e) => e.target.value !== image.alt && change(image, { alt: e.target.value })}
                  />
                  <Input
                    aria-label={t('bulletins.images.altEn')}
                    defaultValue={image.altEn}
                    maxLength={500}
                    onBlur={(e) => e.target.value !== image.altEn && change(image, { altEn: e.target.value })}
                  />
                  <Button size="small" danger onClick={() => remove(image)}>
                    {t('bulletins.remove')}
                  </Button>
                </>
              ) : (
                <Typography.Text type="secondary">
                  {image.alt} / {image.altEn}
                </Typography.Text>
              )}
            </figcaption>
          </figure>
        ))}
      </Space>
      {editing && (
        <div style={{ marginTop: 12, maxWidth: 520 }}>
          <Typography.Paragraph type="secondary">{t('bulletins.images.help')}</Typography.Paragraph>
          <Upload
            accept=".png,.jpg,.jpeg,.webp"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button>{t('bulletins.images.choose')}</Button>
          </Upload>
          <Form layout="vertical" style={{ marginTop: 8 }}>
            <Form.Item label={t('bulletins.images.alt')} required>
              <Input value={alt} onChange={(e) => setAlt(e.target.value)} maxLength={300} />
            </Form.Item>
            <Form.Item label={t('bulletins.images.altEn')} required>
              <Input value={altEn} onChange={(e) => setAltEn(e.target.value)} maxLength={500} />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={add}>
              {t('bulletins.images.add')}
            </Button>
          </Form>
        </div>
      )}
    </Card>
  );
}

type Ring = [number, number][];

/** The risk areas as map overlays, with the polygon being drawn (its corners and edges) on top. */
function overlayOf(areas: Bulletin['riskAreas'], drawing: Ring): OverlayCollection {
  const features: OverlayCollection['features'] = [];
  for (const a of areas)
    if (a.geometry) features.push({ type: 'Feature', geometry: a.geometry, properties: { colour: RISK_COLOURS[a.level] } });
  if (drawing.length >= 3)
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[...drawing, drawing[0]!]] },
      properties: { colour: '#1677ff' },
    });
  else if (drawing.length === 2)
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: drawing }, properties: { colour: '#1677ff' } });
  for (const p of drawing)
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: { colour: '#1677ff' } });
  return { type: 'FeatureCollection', features };
}

/** The bulletin's risk areas on the district map (the reviewer sees what the portal will draw). */
export function RiskAreasMap({ b }: { b: Bulletin }) {
  const townships = useTownshipGeojson();
  const overlay = useMemo(() => overlayOf(b.riskAreas, []), [b.riskAreas]);
  if (!townships.data || !b.riskAreas.some((a) => a.geometry)) return null;
  return (
    <div data-testid="risk-areas-map" style={{ marginBottom: 12 }}>
      <LazyDistrictMap townships={townships.data} overlay={overlay} showLabels height={320} />
    </div>
  );
}

type DrawForm = {
  placeName: string;
  placeNameEn?: string;
  level: 'high' | 'medium' | 'low';
  startsOn: Dayjs;
  endsOn?: Dayjs;
  note?: string;
  noteEn?: string;
};

/** Draw a risk area: click the map to place corners (at least 3), name it, then save it to the draft. */
export function DrawRiskAreaDialog({ b, onClose }: { b: Bulletin; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const townships = useTownshipGeojson();
  const [ring, setRing] = useState<Ring>([]);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<DrawForm>();
  const overlay = useMemo(() => overlayOf(b.riskAreas, ring), [b.riskAreas, ring]);
  const save = async () => {
    const v = await form.validateFields();
    if (ring.length < 3) {
      setError(new ApiError(400, 'validation_failed', '', [{ path: 'geometry', message: t('bulletins.draw.needCorners') }]));
      return;
    }
    try {
      await api.post('/api/risk-areas', {
        jurisdictionId: b.jurisdictionId,
        level: v.level,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
        note: v.note ?? '',
        noteEn: v.noteEn ?? '',
        placeName: v.placeName,
        placeNameEn: v.placeNameEn || null,
        geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
        bulletinId: b.id,
      });
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
      onClose();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal open title={t('bulletins.draw.title')} onCancel={onClose} onOk={save} okText={t('bulletins.draw.save')} width={900}>
      <Typography.Paragraph type="secondary">{t('bulletins.draw.help')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      {townships.data && (
        <div data-testid="draw-map">
          <LazyDistrictMap
            townships={townships.data}
            showLabels
            height={380}
            overlay={overlay}
            onPick={(at) => setRing((r) => (r.length >= 200 ? r : [...r, at]))}
          />
        </div>
      )}
      <Space style={{ margin: '8px 0' }}>
        <Typography.Text data-testid="draw-corners">{t('bulletins.draw.corners', { n: ring.length })}</Typography.Text>
        <Button size="small" onClick={() => setRing((r) => r.slice(0, -1))} disabled={ring.length === 0}>
          {t('bulletins.draw.undo')}
        </Button>
        <Button size="small" onClick={() => setRing([])} disabled={ring.length === 0}>
          {t('bulletins.draw.clear')}
        </Button>
      </Space>
      <Form form={form} layout="vertical">
        <Form.Item
          name="placeName"
          label={t('bulletins.draw.placeName')}
          rules={[{ required: true, message: t('bulletins.draw.placeNameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="placeNameEn" label={t('bulletins.draw.placeNameEn')}>
          <Input maxLength={300} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="level" label={t('bulletins.level')} rules={[{ required: true, message: t('bulletins.levelRequired') }]}>
            <Select
              style={{ minWidth: 120 }}
              options={(['high', 'medium', 'low'] as const).map((l) => ({ value: l, label: t(`bulletins.risk.${l}`) }))}
            />
          </Form.Item>
          <Form.Item name="startsOn" label={t('bulletins.startsOn')} rules={[{ required: true, message: t('bulletins.dateRequired') }]}>
            <DistrictDatePicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t('bulletins.endsOn')}>
            <DistrictDatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('bulletins.note')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="noteEn" label={t('bulletins.draw.noteEn')}>
          <Input maxLength={800} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
