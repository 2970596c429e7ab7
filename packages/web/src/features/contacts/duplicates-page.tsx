/**
 * Contacts that look like one person (same ID number, or same name and phone) and their merge: the earlier
 * record is kept, the later one merged into it (cancelled, its history listed on the kept record; audited).
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type DuplicatePair, statusColour, useDuplicates } from './contacts-api.ts';

export function DuplicatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const pairs = useDuplicates();
  const queryClient = useQueryClient();
  const canWrite = hasRight(me.data, RIGHTS.contactsWrite);
  async function merge(p: DuplicatePair) {
    try {
      await typedApi.post('/api/contacts/{id}/merge', { path: { id: p.a.id }, body: { duplicateId: p.b.id } });
      void message.success(t('contacts.tracing.duplicates.merged', { code: p.b.code, into: p.a.code }));
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  const side = (s: DuplicatePair['a']) => (
    <div>
      <Link to={`/contacts/${s.id}`}>{s.code}</Link> {s.personName}{' '}
      <Tag color={statusColour(s.status)}>{t(`contacts.statuses.${s.status}`)}</Tag>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[s.phone, s.idNumberMasked, s.indexCaseCode, formatDateTime(s.lastExposureAt)].filter(Boolean).join(' · ')}
        </Typography.Text>
      </div>
    </div>
  );
  return (
    <div>
      <Typography.Title level={3}>{t('contacts.tracing.duplicates.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('contacts.tracing.duplicates.intro')}</Typography.Paragraph>
      <ResponsiveTable<DuplicatePair>
        rowKey={(p) => `${p.a.id}|${p.b.id}`}
        size="small"
        loading={pairs.isPending}
        dataSource={pairs.data?.items ?? []}
        pagination={false}
        data-testid="contact-duplicates"
        locale={{ emptyText: t('contacts.tracing.duplicates.empty') }}
        columns={[
          {
            title: t('contacts.tracing.duplicates.match'),
            key: 'm',
            render: (_, p) => t(`contacts.tracing.duplicates.matches.${p.match}`),
          },
          { title: t('contacts.tracing.duplicates.keep'), key: 'a', render: (_, p) => side(p.a) },
          { title: t('contacts.tracing.duplicates.mergeIn'), key: 'b', render: (_, p) => side(p.b) },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'x',
                  render: (_: unknown, p: DuplicatePair) => (
                    <Popconfirm
                      title={t('contacts.tracing.duplicates.confirm', { code: p.b.code, into: p.a.code })}
                      onConfirm={() => void merge(p)}
                    >
                      <Button size="small">{t('contacts.tracing.duplicates.merge')}</Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
