/** The whole inbox (/notifications): newest first, unread only on request, older pages on demand. */
import { Alert, Button, Card, List, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { usePhone } from '../../app/responsive-list.tsx';
import { type AppNotification, localText, useInbox, useMarkAllRead, useMarkRead } from './notifications-api.ts';
import { SeverityTag } from './severity-tag.tsx';

const PAGE = 30;

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [before, setBefore] = useState<string[]>([]);
  const inbox = useInbox({ unreadOnly, limit: PAGE, before: before.at(-1) });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = inbox.data?.items ?? [];
  // on a phone each notification is a card with its actions below the text, not squeezed beside it
  const phone = usePhone();

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('notifications.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: t('notifications.unreadOnly', { count: inbox.data?.unread ?? 0 }) },
            ]}
            onChange={(value) => {
              setUnreadOnly(value === 'unread');
              setBefore([]);
            }}
          />
          <Button disabled={!inbox.data?.unread} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        </Space>
      </Space>
      {inbox.error && <Alert type="error" showIcon message={translateError(t, inbox.error)} style={{ marginBottom: 16 }} />}
      <Card styles={phone ? { body: { padding: 0 } } : undefined} variant={phone ? 'borderless' : undefined}>
        <List<AppNotification>
          data-testid="notification-list"
          className={phone ? 'oc-card-list' : undefined}
          itemLayout={phone ? 'vertical' : 'horizontal'}
          split={!phone}
          loading={inbox.isFetching}
          dataSource={items}
          locale={{ emptyText: t('notifications.empty') }}
          renderItem={(item) => {
            const text = localText(item, i18n.language);
            return (
              <List.Item
                className={phone ? 'oc-list-card oc-list-card-item' : undefined}
                actions={[
                  item.link ? (
                    <Button
                      key="open"
                      type="link"
                      onClick={() => {
                        if (!item.readAt) markRead.mutate(item.id);
                        navigate(item.link);
                      }}
                    >
                      {t('notifications.open')}
                    </Button>
                  ) : null,
                  !item.readAt ? (
                    <Button key="read" type="link" onClick={() => markRead.mutate(item.id)}>
                      {t('notifications.markRead')}
                    </Button>
                  ) : null,
                ].filter(Boolean)}
              >
                <List.Item.Meta
                  title={
                    <Space size={6}>
                      <SeverityTag severity={item.severity} />
                      <Typography.Text strong={!item.readAt}>{text.title}</Typography.Text>
                    </Space>
                  }
                  description={
                    <Space direction="vertical" size={0}>
                      {text.body && <span>{text.body}</span>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(item.createdAt, { seconds: true })}
                        {item.readAt ? ` · ${t('notifications.readAt', { time: formatDateTime(item.readAt) })}` : ''}
                      </Typography.Text>
                    </Space>
                  }
                />
              </List.Item>
            );
          }}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={before.length === 0} onClick={() => setBefore(before.slice(0, -1))}>
            {t('notifications.newer')}
          </Button>
          <Button disabled={items.length < PAGE} onClick={() => setBefore([...before, items.at(-1)!.createdAt])}>
            {t('notifications.older')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
