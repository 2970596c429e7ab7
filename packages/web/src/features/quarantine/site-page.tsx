/**
 * One quarantine site: its figures, and its rooms floor by floor — places taken, who stays there (the reader's
 * residents; others counted), in or out of service. Holders of quarantine.sites add rooms (one number a line,
 * or ranges such as 201-210) and take rooms out of service.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Grid, Input, InputNumber, Modal, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { type Room, roomNumbers, useSite } from './quarantine-api.ts';

export function SitePage() {
  const { id } = useParams();
  const site = useSite(id);
  useLiveInvalidate('quarantine-sites', [['quarantine']]);
  if (site.isPending) return <PageSpinner />;
  if (site.error || !site.data) return <NotFoundPage backTo="/quarantine" />;
  return <SiteView data={site.data} />;
}

function SiteView({ data }: { data: NonNullable<ReturnType<typeof useSite>['data']> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ numbers: string; floor?: number; capacity?: number }>();
  const canManage = hasRight(me.data, RIGHTS.quarantineSites);
  const screens = Grid.useBreakpoint();
  const s = data.site;
  const floors = new Map<string, Room[]>();
  for (const r of data.rooms) floors.set(String(r.floor ?? '—'), [...(floors.get(String(r.floor ?? '—')) ?? []), r]);

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      void message.success(t('quarantine.form.saved'));
      await queryClient.invalidateQueries({ queryKey: ['quarantine'] });
      return true;
    } catch (error) {
      void message.error(translateError(t, error));
      return false;
    }
  }

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {s.name}
        </Typography.Title>
        <Tag color="blue" data-testid="site-occupancy">
          {t('quarantine.sites.occupied')} {s.occupied} / {s.capacity}
        </Tag>
        <Link to="/quarantine">{t('quarantine.sites.title')}</Link>
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('quarantine.sites.township')}>{s.jurisdiction.name}</Descriptions.Item>
          <Descriptions.Item label={t('quarantine.site.address')}>{s.address || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('quarantine.site.phone')}>
            {s.phone ? <a href={`tel:${s.phone}`}>{s.phone}</a> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('quarantine.site.registryRooms')}>{s.registryRooms}</Descriptions.Item>
          <Descriptions.Item label={t('quarantine.sites.rooms')}>{s.rooms}</Descriptions.Item>
          <Descriptions.Item label={t('quarantine.sites.free')}>{s.free}</Descriptions.Item>
          <Descriptions.Item label={t('quarantine.sites.arrivalsToday')}>{s.arrivalsToday}</Descriptions.Item>
          <Descriptions.Item label={t('quarantine.sites.releasesToday')}>{s.releasesToday}</Descriptions.Item>
        </Descriptions>
      </Card>
      {canManage && (
        <Button
          type="primary"
          block={!screens.sm}
          style={{ marginBottom: 12, minHeight: 40 }}
          onClick={() => setAdding(true)}
          data-testid="site-add-rooms"
        >
          {t('quarantine.site.addRooms')}
        </Button>
      )}
      {data.rooms.length === 0 && <Typography.Paragraph type="secondary">{t('quarantine.sites.noRooms')}</Typography.Paragraph>}
      {[...floors.entries()].map(([floor, rooms]) => (
        <Card key={floor} size="small" title={`${t('quarantine.site.floor')} ${floor}`} style={{ marginBottom: 12 }}>
          <Row gutter={[8, 8]}>
            {rooms.map((r) => {
              const others = r.occupied - r.occupants.length;
              const colour = !r.inService ? '#f0f0f0' : r.occupied >= r.capacity ? '#fff1f0' : r.occupied > 0 ? '#fffbe6' : '#f6ffed';
              return (
                <Col key={r.id} xs={12} sm={8} md={6} lg={4}>
                  <div
                    style={{ background: colour, border: '1px solid #d9d9d9', borderRadius: 6, padding: 8, minHeight: 84 }}
                    data-testid={`room-${r.roomNo}`}
                  >
                    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                      <Typography.Text strong>{r.roomNo}</Typography.Text>
                      <span>
                        {r.occupied}/{r.capacity}
                      </span>
                    </Space>
                    {!r.inService && <Tag>{t('quarantine.site.outOfService')}</Tag>}
                    {r.occupants.map((o) => (
                      <div key={o.assignmentId} style={{ fontSize: 12 }}>
                        {o.personName} <Typography.Text type="secondary">–{o.endDate.slice(5)}</Typography.Text>
                      </div>
                    ))}
                    {others > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('quarantine.site.others', { n: others })}
                      </Typography.Text>
                    )}
                    {r.notes && (
                      <div style={{ fontSize: 12 }}>
                        <Typography.Text type="secondary">{r.notes}</Typography.Text>
                      </div>
                    )}
                    {canManage && (
                      <Button
                        size="small"
                        block
                        style={{ marginTop: 6, minHeight: 36 }}
                        data-testid={`room-toggle-${r.roomNo}`}
                        onClick={() =>
                          void run(() =>
                            typedApi.patch('/api/quarantine/rooms/{id}', { path: { id: r.id }, body: { inService: !r.inService } }),
                          )
                        }
                      >
                        {r.inService ? t('quarantine.site.takeOut') : t('quarantine.site.putBack')}
                      </Button>
                    )}
                  </div>
                </Col>
              );
            })}
          </Row>
        </Card>
      ))}
      <Modal
        open={adding}
        title={t('quarantine.site.addRooms')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setAdding(false)}
        okButtonProps={{ 'data-testid': 'site-add-rooms-ok' } as never}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ capacity: 1 }}
          onFinish={(v) =>
            void (async () => {
              const ok = await run(() =>
                typedApi.post('/api/quarantine/sites/{id}/rooms', {
                  path: { id: s.id },
                  body: {
                    rooms: roomNumbers(v.numbers).map((roomNo) => ({
                      roomNo,
                      floor: v.floor ?? null,
                      capacity: v.capacity ?? 1,
                      notes: '',
                    })),
                  },
                }),
              );
              if (ok) {
                setAdding(false);
                form.resetFields();
              }
            })()
          }
        >
          <Form.Item name="numbers" label={t('quarantine.site.roomNo')} extra={t('quarantine.site.roomsHint')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} data-testid="site-room-numbers" />
          </Form.Item>
          <Form.Item name="floor" label={t('quarantine.site.floor')}>
            <InputNumber min={-5} max={200} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="capacity" label={t('quarantine.site.capacity')}>
            <InputNumber min={1} max={8} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
