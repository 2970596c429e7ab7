/** After- and intra-action reviews: the list, newest first, with their state and the progress of their actions. */
import { Button, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { AssessmentTabs } from './assessment-tabs.tsx';
import { useReviews } from './assessment-api.ts';

type Item = NonNullable<ReturnType<typeof useReviews>['data']>['items'][number];

export function reviewStatusColour(status: string): string {
  return status === 'approved' ? 'success' : status === 'submitted' ? 'processing' : 'default';
}

export function ReviewsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const reviews = useReviews();
  return (
    <div>
      <AssessmentTabs active="reviews" />
      <Space wrap style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('assessment.reviews.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.assessmentManage) && (
          <Link to="/assessment/reviews/new">
            <Button type="primary">{t('assessment.reviews.new')}</Button>
          </Link>
        )}
      </Space>
      <ResponsiveTable<Item>
        rowKey="id"
        size="small"
        loading={reviews.isPending}
        dataSource={reviews.data?.items ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          {
            title: t('assessment.reviews.code'),
            dataIndex: 'code',
            render: (code: string, r) => <Link to={`/assessment/reviews/${r.id}`}>{code}</Link>,
          },
          { title: t('assessment.reviews.titleField'), dataIndex: 'title' },
          { title: t('assessment.reviews.kind'), dataIndex: 'kind', render: (k: string) => t(`assessment.kinds.${k}`) },
          {
            title: t('assessment.reviews.subject'),
            key: 'subject',
            render: (_, r) => (r.incident ? `${r.incident.code} ${r.incident.title}` : r.exerciseName),
          },
          { title: t('assessment.reviews.date'), dataIndex: 'reviewDate' },
          {
            title: t('assessment.reviews.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={reviewStatusColour(s)}>{t(`assessment.reviewStatuses.${s}`)}</Tag>,
          },
          {
            title: t('assessment.reviews.actions'),
            key: 'actions',
            render: (_, r) =>
              t('assessment.reviews.actionsDone', {
                done: r.actions.filter((a) => a.task?.status === 'done').length,
                total: r.actions.length,
              }),
          },
        ]}
      />
    </div>
  );
}
