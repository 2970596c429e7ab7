/**
 * The bell in the header: unread count, the latest notifications in a popover, and a toast when a new one
 * arrives live (Server-Sent Events). Clicking one marks it read and opens its page.
 */
import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime, formatRelative } from '../../app/dates.ts';
import { useLiveEvents, useLiveInvalidate } from '../../app/live.ts';
import { type AppNotification, localText, useInbox, useMarkAllRead, useMarkRead } from './notifications-api.ts';
import { SeverityTag } from './severity-tag.tsx';

export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const [open, setOpen] = useState(false);
  const inbox = useInbox({ limit: 8 });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  useLiveInvalidate('notifications', [['notifications']]);
  useLiveEvents('notifications', (event) => {
    if (event.action !== 'created' || !event.data) return;
    const title = String(i18n.language === 'en' ? event.data.titleEn || event.data.title : event.data.title);
    const link = String(event.data.link ?? '');
    const severity = String(event.data.severity);
    notification.open({
      type: severity === 'critical' ? 'error' : severity === 'warning' ? 'warning' : 'info',
      message: t('notifications.toastTitle'),
      description: title,
      placement: 'topRight',
      duration: severity === 'critical' ? 0 : 8,
      onClick: link ? () => navigate(link) : undefined,
      style: link ? { cursor: 'pointer' } : undefined,
    });
  });

  const openOne = (item: AppNotification) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
    if (item.link) navigate(item.link);
  };

  const content = (
    <div style={{ width: 'min(360px, calc(100vw - 48px))' }}>
      <List<AppNotification>
        dataSource={inbox.data?.items ?? []}
        loading={inbox.isLoading}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
        renderItem={(item) => {
          const text = localText(item, i18n.language);
          return (
            <List.Item style={{ cursor: 'pointer', opacity: item.readAt ? 0.6 : 1 }} onClick={() => openOne(item)}>
              <List.Item.Meta
                title={
                  <Space size={6}>
                    <SeverityTag severity={item.severity} />
                    <Typography.Text strong={!item.readAt}>{text.title}</Typography.Text>
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    {text.body && <Typography.Text type="secondary">{text.body}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatDateTime(item.createdAt)}>
                      {formatRelative(item.createdAt, i18n.language)}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button size="small" disabled={!inbox.data?.unread} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          {t('notifications.markAllRead')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('notifications.viewAll')}
        </Button>
      </Space>
    </div>
  );

  const unread = inbox.data?.unread ?? 0;
  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notifications.bellLabel', { count: unread })}
          data-unread={inbox.data ? unread : undefined}
        />
      </Badge>
    </Popover>
  );
}
