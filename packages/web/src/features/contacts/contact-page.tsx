/**
 * One contact: person, source and chain, the follow-up window, the history of daily records, its own contacts
 * (second degree), and the state actions: record a follow-up, mark lost / resume, cancel (reason), complete
 * (after the window), report as a case (the unwell contact), change the last exposure (restarts the clock).
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveEvents } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { ContactFormDialog } from './contact-form.tsx';
import {
  type ContactDetail,
  type ContactStatus,
  FOLLOW_UP_STATUSES,
  type FollowUp,
  type FollowUpStatus,
  riskColour,
  statusColour,
  useContact,
  useTeams,
} from './contacts-api.ts';
import { ReportCaseDialog } from './report-case-dialog.tsx';
import { QuarantinePanel } from '../quarantine/quarantine-panel.tsx';
import { NeighbourSharingPanel } from '../neighbours/neighbour-records.tsx';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { addDays, districtToday, formatDate, formatDateTime } from '../../app/dates.ts';

export function ContactPage() {
  const { id } = useParams();
  const contact = useContact(id);
  const queryClient = useQueryClient();
  useLiveEvents('contacts', (event) => {
    if (event.id === id) void queryClient.invalidateQueries({ queryKey: ['contacts', 'one', id] });
  });
  if (contact.isPending) return <PageSpinner />;
  if (contact.error || !contact.data) return <NotFoundPage backTo="/contacts" />;
  return <ContactView contact={contact.data} />;
}

type Dialog = null | 'followUp' | 'cancel' | 'lost' | 'exposure' | 'report' | 'second';

function ContactView({ contact }: { contact: ContactDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const canWrite = hasRight(me.data, RIGHTS.contactsWrite);
  const teams = useTeams();
  const open = contact.status === 'under_follow_up';
  const today = districtToday();
  const unwell = contact.followUps.some((f) => f.status === 'seen_unwell');
  const from = addDays(formatDate(contact.lastExposureAt), 1);

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      void message.success(t('contacts.detail.saved'));
      setDialog(null);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  const setStatus = (status: ContactStatus, reason = '') =>
    run(() => typedApi.post('/api/contacts/{id}/status', { path: { id: contact.id }, body: { status, reason } }));

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {contact.personName}
        </Typography.Title>
        <Typography.Text type="secondary">{contact.code}</Typography.Text>
        <Tag color={statusColour(contact.status)}>{t(`contacts.statuses.${contact.status}`)}</Tag>
        <Tag color={riskColour(contact.riskCategory)}>{t(`contacts.risks.${contact.riskCategory}`)}</Tag>
        {contact.otherDistrict && (
          <Tag color={contact.otherDistrictNotifiedAt ? 'default' : 'orange'} data-testid="other-district-tag">
            {t('contacts.tracing.otherDistrict.tag', { district: contact.otherDistrict })}
            {contact.otherDistrictNotifiedAt ? ` · ${t('contacts.tracing.otherDistrict.notified')}` : ''}
          </Tag>
        )}
      </Space>
      {contact.mergedInto && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <>
              {t('contacts.tracing.merged.into')} <Link to={`/contacts/${contact.mergedInto.id}`}>{contact.mergedInto.code}</Link>
            </>
          }
        />
      )}
      <Alert
        type={open ? 'info' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        message={t('contacts.detail.window', { from, until: contact.followUpUntil, days: contact.disease.maxIncubationDays })}
      />
      {canWrite && (
        <Space wrap style={{ marginBottom: 16 }}>
          {open && (
            <Button type="primary" onClick={() => setDialog('followUp')}>
              {t('contacts.detail.record')}
            </Button>
          )}
          {(open || contact.status === 'lost_to_follow_up' || contact.status === 'converted_suspected') &&
            (unwell || contact.status === 'converted_suspected') && (
              <Button danger onClick={() => setDialog('report')}>
                {t('contacts.detail.reportCase')}
              </Button>
            )}
          {open && <Button onClick={() => setDialog('lost')}>{t('contacts.detail.markLost')}</Button>}
          {contact.status === 'lost_to_follow_up' && (
            <Button onClick={() => void setStatus('under_follow_up', 'found')}>{t('contacts.detail.found')}</Button>
          )}
          {open && contact.followUpUntil < today && (
            <Button onClick={() => void setStatus('completed')}>{t('contacts.detail.complete')}</Button>
          )}
          {(open || contact.status === 'lost_to_follow_up') && (
            <Button onClick={() => setDialog('cancel')}>{t('contacts.detail.cancel')}</Button>
          )}
          {(open || contact.status === 'completed' || contact.status === 'lost_to_follow_up') && (
            <Button onClick={() => setDialog('exposure')}>{t('contacts.fields.lastExposureAt')}</Button>
          )}
          {open && <Button onClick={() => setDialog('second')}>{t('contacts.caseSection.addSecond')}</Button>}
          {contact.otherDistrict && !contact.otherDistrictNotifiedAt && (
            <Button
              onClick={() =>
                void run(() =>
                  typedApi.post('/api/contacts/{id}/other-district-notified', { path: { id: contact.id }, body: { note: '' } }),
                )
              }
            >
              {t('contacts.tracing.otherDistrict.notify')}
            </Button>
          )}
          {!contact.mergedInto && (
            <Select
              style={{ minWidth: 180 }}
              value={contact.team?.id ?? null}
              placeholder={t('contacts.tracing.team.assign')}
              onChange={(teamId: string | null) =>
                void run(() => typedApi.post('/api/contacts/{id}/team', { path: { id: contact.id }, body: { teamId } }))
              }
              options={[
                { value: null, label: t('contacts.tracing.team.byTownship') },
                ...(teams.data?.items ?? []).filter((team) => team.active).map((team) => ({ value: team.id, label: team.name })),
              ]}
              aria-label={t('contacts.tracing.team.assign')}
            />
          )}
        </Space>
      )}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('contacts.fields.disease')}>{contact.disease.name}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.sourceCase')}>
            <Link to={`/cases/${contact.indexCase.id}`}>{contact.indexCase.code}</Link>
          </Descriptions.Item>
          {contact.sourceContact && (
            <Descriptions.Item label={t('contacts.fields.sourceContact')}>
              <Link to={`/contacts/${contact.sourceContact.id}`}>
                {contact.sourceContact.code} {contact.sourceContact.personName}
              </Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('contacts.list.degree')}>
            {t(`contacts.list.degrees.${contact.degree > 1 ? 2 : 1}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.jurisdiction')}>{contact.jurisdiction.name}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.phone')}>
            {contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.idNumber')}>
            {contact.idType === 'none' ? t('cases.idTypes.none') : `${t(`cases.idTypes.${contact.idType}`)} ${contact.idNumberMasked}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.relation')}>{t(`contacts.relations.${contact.relation}`)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.setting')}>{t(`contacts.settings.${contact.setting}`)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.contactType')}>
            {t(`contacts.contactTypes.${contact.contactType}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.lastExposureAt')}>{formatDateTime(contact.lastExposureAt)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.followUpPerDay')}>{contact.followUpPerDay}</Descriptions.Item>
          {contact.caseReport && (
            <Descriptions.Item label={t('contacts.fields.caseReport')}>
              <Link to={`/cases/${contact.caseReport.id}`}>{contact.caseReport.code}</Link>
            </Descriptions.Item>
          )}
          {contact.statusReason && <Descriptions.Item label={t('contacts.fields.statusReason')}>{contact.statusReason}</Descriptions.Item>}
          <Descriptions.Item label={t('contacts.tracing.team.label')}>
            {contact.team
              ? `${contact.team.name} (${t(contact.team.byHand ? 'contacts.tracing.team.byHand' : 'contacts.tracing.team.byTownship')})`
              : '—'}
          </Descriptions.Item>
          {contact.mergedFrom.length > 0 && (
            <Descriptions.Item label={t('contacts.tracing.merged.from')}>
              {contact.mergedFrom.map((m) => (
                <Link key={m.id} to={`/contacts/${m.id}`} style={{ marginRight: 8 }}>
                  {m.code}
                </Link>
              ))}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <QuarantinePanel contact={contact} />

      <Card size="small" title={t('contacts.detail.history')} style={{ marginBottom: 16 }}>
        <Table<FollowUp>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={contact.followUps}
          locale={{ emptyText: t('contacts.detail.noHistory') }}
          columns={[
            { title: t('contacts.detail.date'), dataIndex: 'date' },
            { title: t('contacts.detail.round'), dataIndex: 'round' },
            {
              title: t('contacts.detail.result'),
              dataIndex: 'status',
              render: (s: FollowUpStatus) => (
                <Tag color={s === 'seen_unwell' ? 'red' : s === 'seen_ok' ? 'green' : 'default'}>{t(`contacts.followUpStatuses.${s}`)}</Tag>
              ),
            },
            { title: t('contacts.detail.temperature'), dataIndex: 'temperature', render: (v: number | null) => v ?? '—' },
            { title: t('contacts.detail.symptoms'), dataIndex: 'symptoms', render: (v: string[]) => v.join('、') || '—' },
            { title: t('contacts.fields.notes'), dataIndex: 'notes' },
          ]}
        />
      </Card>

      <Card size="small" title={t('contacts.detail.contactsOfContact')}>
        {contact.contactsOfContact.length === 0
          ? '—'
          : contact.contactsOfContact.map((c) => (
              <div key={c.id}>
                <Link to={`/contacts/${c.id}`}>{c.code}</Link> {c.personName}{' '}
                <Tag color={statusColour(c.status)}>{t(`contacts.statuses.${c.status}`)}</Tag>
              </div>
            ))}
      </Card>
      <NeighbourSharingPanel entity="contact" id={contact.id} />

      <Modal
        open={dialog === 'followUp'}
        title={t('contacts.detail.record')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ date: districtTodayValue(), status: 'seen_ok' }}
          onFinish={(v: { date: Dayjs; status: FollowUpStatus; temperature?: number; symptoms?: string }) =>
            void run(() =>
              typedApi.post('/api/contacts/{id}/follow-ups', {
                path: { id: contact.id },
                body: {
                  date: v.date.format('YYYY-MM-DD'),
                  status: v.status,
                  temperature: v.temperature ?? null,
                  symptoms: (v.symptoms ?? '')
                    .split(/[,，、]/)
                    .map((s) => s.trim())
                    .filter(Boolean),
                  notes: '',
                },
              }),
            )
          }
        >
          <Form.Item name="date" label={t('contacts.detail.date')}>
            <DistrictDatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="status" label={t('contacts.detail.result')}>
            <Select options={FOLLOW_UP_STATUSES.map((value) => ({ value, label: t(`contacts.followUpStatuses.${value}`) }))} />
          </Form.Item>
          <Form.Item name="temperature" label={t('contacts.detail.temperature')}>
            <InputNumber min={30} max={45} step={0.1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="symptoms" label={t('contacts.detail.symptoms')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'cancel' || dialog === 'lost'}
        title={dialog === 'cancel' ? t('contacts.detail.cancel') : t('contacts.detail.markLost')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { reason: string }) => void setStatus(dialog === 'cancel' ? 'cancelled' : 'lost_to_follow_up', v.reason ?? '')}
        >
          <Form.Item
            name="reason"
            label={t('contacts.detail.reason')}
            rules={dialog === 'cancel' ? [{ required: true, message: t('contacts.detail.reasonRequired') }] : []}
          >
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'exposure'}
        title={t('contacts.fields.lastExposureAt')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Alert type="info" showIcon message={t('contacts.detail.restartHint')} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ lastExposureAt: dayjs(contact.lastExposureAt) }}
          onFinish={(v: { lastExposureAt: Dayjs }) =>
            void run(() =>
              typedApi.patch('/api/contacts/{id}', {
                path: { id: contact.id },
                body: { lastExposureAt: v.lastExposureAt.format('YYYY-MM-DDTHH:mm:ssZ') },
              }),
            )
          }
        >
          <Form.Item name="lastExposureAt" label={t('contacts.fields.lastExposureAt')} rules={[{ required: true }]}>
            <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>

      <ReportCaseDialog open={dialog === 'report'} contact={contact} onClose={() => setDialog(null)} />
      <ContactFormDialog open={dialog === 'second'} source={{ sourceContactId: contact.id }} onClose={() => setDialog(null)} />
    </div>
  );
}
