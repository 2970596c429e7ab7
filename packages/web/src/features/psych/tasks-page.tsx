/**
 * The team's own task list: same-day risk tasks first (they are due today), then re-screens and follow-ups.
 * Not the district task board: these records are the team's alone.
 */
import { Button, Tag, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { queryClient, typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type PsychTask, usePsychTasks } from './psych-api.ts';

const URGENT = new Set(['self_harm', 'high_risk']);

export function PsychTasksPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const tasks = usePsychTasks();
  useLiveInvalidate('psych', [['psych', 'tasks']]);
  const items = [...(tasks.data?.items ?? [])].sort(
    (a, b) => Number(URGENT.has(b.kind)) - Number(URGENT.has(a.kind)) || a.dueDate.localeCompare(b.dueDate),
  );
  const done = async (task: PsychTask) => {
    try {
      await typedApi.post('/api/psych/tasks/{id}/done', { path: { id: task.id }, body: { status: 'done', note: '' } });
      void message.success(t('psych.tasks.marked'));
      await queryClient.invalidateQueries({ queryKey: ['psych'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  return (
    <div>
      <Typography.Title level={3}>{t('psych.tasks.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('psych.tasks.hint')}</Typography.Paragraph>
      <ResponsiveTable<PsychTask>
        rowKey="id"
        size="small"
        loading={tasks.isPending}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('psych.tasks.empty') }}
        data-testid="psych-tasks"
        cardTitle={['kind']}
        columns={[
          {
            key: 'kind',
            title: t('psych.tasks.kind'),
            dataIndex: 'kind',
            render: (k: string) => <Tag color={URGENT.has(k) ? 'red' : 'blue'}>{t(`psych.taskKinds.${k}`)}</Tag>,
          },
          {
            key: 'client',
            title: t('psych.tasks.client'),
            render: (_: unknown, task: PsychTask) =>
              task.clientId ? <Link to={`/psych/clients/${task.clientId}`}>{`${task.clientCode} ${task.clientName ?? ''}`}</Link> : '—',
          },
          {
            key: 'due',
            title: t('psych.tasks.due'),
            dataIndex: 'dueDate',
            render: (d: string, task: PsychTask) => (task.overdue ? <Tag color="red">{`${d} ${t('psych.tasks.overdue')}`}</Tag> : d),
          },
          {
            key: 'done',
            title: '',
            render: (_: unknown, task: PsychTask) =>
              hasRight(me, RIGHTS.counsellingWrite) && (
                <Button size="small" onClick={() => void done(task)}>
                  {t('psych.tasks.done')}
                </Button>
              ),
          },
        ]}
      />
    </div>
  );
}
