/**
 * Exercises of the user's area: the list (type, date, status, injects) and planning a new one.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { ExerciseForm } from './exercise-form.tsx';
import { type ExerciseSummary, STATUS_COLOURS, useExercises } from './exercises-api.ts';

export function ExercisesPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const me = useMe();
  const navigate = useNavigate();
  const exercises = useExercises();
  useLiveInvalidate('exercises', [['exercises']]);
  const [creating, setCreating] = useState(false);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('exercises.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.exercisesManage) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="exercise-create">
            {t('exercises.create')}
          </Button>
        )}
      </Space>
      {exercises.error && <Alert type="error" showIcon message={translateError(t, exercises.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<ExerciseSummary>
        data-testid="exercise-list"
        cardTitle={['scheduledDate', 'title']}
        rowKey="id"
        loading={exercises.isFetching}
        dataSource={exercises.data?.items}
        locale={{ emptyText: t('exercises.empty') }}
        pagination={false}
        columns={[
          { title: t('exercises.fields.scheduledDate'), dataIndex: 'scheduledDate' },
          {
            title: t('exercises.fields.title'),
            dataIndex: 'title',
            render: (title: string, e) => (
              <Space wrap>
                <Tag color="gold">{t('exercises.banner.label')}</Tag>
                <Link to={`/exercises/${e.id}`}>{title}</Link>
              </Space>
            ),
          },
          { title: t('exercises.fields.type'), dataIndex: 'type', render: (v: string) => t(`exercises.type.${v}`) },
          {
            title: t('exercises.fields.area'),
            render: (_, e) => (en && e.jurisdiction.nameEn ? e.jurisdiction.nameEn : e.jurisdiction.name),
          },
          { title: t('exercises.fields.injects'), dataIndex: 'injectCount' },
          {
            title: t('exercises.fields.status'),
            dataIndex: 'status',
            render: (s: ExerciseSummary['status'], e) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLOURS[s]}>{t(`exercises.status.${s}`)}</Tag>
                {e.startedAt && <Typography.Text type="secondary">{formatDateTime(e.startedAt)}</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <ExerciseForm exercise={null} open={creating} onClose={() => setCreating(false)} onSaved={(e) => navigate(`/exercises/${e.id}`)} />
      )}
    </div>
  );
}
