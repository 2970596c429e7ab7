/** Small shared pieces of the task pages: status and priority tags, the due time with overdue highlighting. */
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/dates.ts';
import { PRIORITY_COLOURS, STATUS_COLOURS, type Task, type TaskPriority, type TaskStatus } from './tasks-api.ts';

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-status={status}>
      {t(`tasks.statuses.${status}`)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: TaskPriority }) {
  const { t } = useTranslation();
  return <Tag color={PRIORITY_COLOURS[priority]}>{t(`tasks.priorities.${priority}`)}</Tag>;
}

/** The due time; red with a warning when overdue, with the escalation mark when it was escalated. */
export function DueCell({ task }: { task: Pick<Task, 'dueAt' | 'overdue' | 'escalatedAt'> }) {
  const { t } = useTranslation();
  const when = formatDateTime(task.dueAt);
  if (!task.overdue) {
    return (
      <Space size={4}>
        <ClockCircleOutlined />
        <span>{when}</span>
      </Space>
    );
  }
  return (
    <Space size={4} wrap>
      <Typography.Text type="danger" strong>
        <WarningOutlined /> {when}
      </Typography.Text>
      <Tag color="error">{task.escalatedAt ? t('tasks.escalated') : t('tasks.overdue')}</Tag>
    </Space>
  );
}
