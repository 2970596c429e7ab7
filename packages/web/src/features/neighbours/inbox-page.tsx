/**
 * The inbox of neighbours' case notifications (neighbours.inbox): what waits for a decision (by default),
 * accepted or rejected ones; nothing that names a person until a notification is opened (preview-page.tsx).
 */
import { Alert, Segmented, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type InboxItem, useInbox } from './neighbours-api.ts';

const FILTERS = ['pending', 'accepted', 'rejected', 'all'] as const;
/** A case notification's preview, or (0067) a contact notification's. */
const previewPath = (item: InboxItem) =>
  item.kind === 'contact.notification' ? `/neighbours/inbox/contacts/${item.id}` : `/neighbours/inbox/${item.id}`;
export const INBOX_COLOURS = { pending: 'gold', accepted: 'green', rejected: 'red', recorded: 'default' } as const;

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as (typeof FILTERS)[number])
    : 'pending';
  const inbox = useInbox(filter === 'all' ? undefined : filter);
  const text = (s: Record<string, unknown>, key: string) => (typeof s[key] === 'string' ? (s[key] as string) : '');
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('neighbours.inbox.title')}
        </Typography.Title>
        <Segmented
          value={filter}
          onChange={(value) => setParams({ status: String(value) })}
          options={FILTERS.map((f) => ({ value: f, label: t(`neighbours.inbox.filter.${f}`) }))}
        />
      </Space>
      {inbox.error && <Alert type="error" showIcon message={translateError(t, inbox.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<InboxItem>
        data-testid="neighbour-inbox"
        rowKey="id"
        cardTitle={['receivedAt', 'status']}
        loading={inbox.isFetching && !inbox.data}
        dataSource={inbox.data?.items}
        pagination={false}
        locale={{ emptyText: t('neighbours.inbox.empty') }}
        onRow={(item) => ({ onClick: () => navigate(previewPath(item)) })}
        columns={[
          { title: t('neighbours.inbox.receivedAt'), dataIndex: 'receivedAt', render: (d: string) => formatDateTime(d) },
          {
            title: t('neighbours.inbox.from'),
            dataIndex: 'districtName',
            render: (_: string, item) => (i18n.language === 'en' && item.districtNameEn ? item.districtNameEn : item.districtName),
          },
          {
            title: t('neighbours.inbox.caseCode'),
            render: (_, item) => (
              <Space size={4} wrap>
                <Tag>{t(item.kind === 'contact.notification' ? 'neighbourRecords.kind.contact' : 'neighbourRecords.kind.case')}</Tag>
                <Link to={previewPath(item)}>{text(item.summary, item.kind === 'contact.notification' ? 'contactCode' : 'caseCode')}</Link>
              </Space>
            ),
          },
          {
            title: t('neighbours.inbox.disease'),
            render: (_, item) =>
              text(item.summary, i18n.language === 'en' ? 'diseaseNameEn' : 'diseaseName') || text(item.summary, 'diseaseCode'),
          },
          {
            title: t('neighbours.inbox.onsetDate'),
            render: (_, item) => formatDate(text(item.summary, 'onsetDate') || null),
            responsive: ['md'],
          },
          {
            title: t('neighbours.inbox.status'),
            dataIndex: 'status',
            render: (s: InboxItem['status'], item) => (
              <Space size={4} wrap>
                <Tag color={INBOX_COLOURS[s]}>{t(`neighbours.inboxStatus.${s}`)}</Tag>
                {item.resultEntityId && item.resultCaseCode && <Link to={`/cases/${item.resultEntityId}`}>{item.resultCaseCode}</Link>}
                {item.resultEntityId && item.resultContactCode && (
                  <Link to={`/contacts/${item.resultEntityId}`}>{item.resultContactCode}</Link>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
