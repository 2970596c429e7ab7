/**
 * "My tasks" (/tasks): the inbox of tasks assigned to the user's agency, townships where they work, or them —
 * overdue ones highlighted, updated live (topic 'tasks') — and, for readers, every task in scope with filters.
 * Holders of tasks.assign get the create, bulk and recurring-task entries.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Checkbox, Input, Segmented, Select, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { inLanguage } from '../../app/bilingual-text.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { DueCell, PriorityTag, TaskStatusTag } from './task-bits.tsx';
import { OPEN_STATUSES, TASK_STATUSES, type Task, assigneeName, useTaskInbox, useTasks } from './tasks-api.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { ExerciseTag } from '../../app/exercise-banner.tsx';

const PAGE_SIZE = 20;

function TaskTable({
  items,
  loading,
  total,
  page,
  onPage,
}: {
  items: Task[] | undefined;
  loading: boolean;
  total?: number;
  page?: number;
  onPage?: (page: number) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <ResponsiveTable<Task>
      cardTitle={['code', 'title']}
      rowKey="id"
      data-testid="task-table"
      loading={loading}
      dataSource={items}
      rowClassName={(task) => (task.overdue ? 'task-overdue' : '')}
      onRow={(task) =>
        ({
          'data-task-id': task.id,
          'data-task-code': task.code,
          style: task.overdue ? { background: '#fff1f0' } : undefined,
        }) as React.HTMLAttributes<HTMLElement>
      }
      pagination={
        onPage
          ? {
              current: page,
              pageSize: PAGE_SIZE,
              total,
              showSizeChanger: false,
              showTotal: (count) => t('common.total', { count }),
              onChange: onPage,
            }
          : { pageSize: 50, hideOnSinglePage: true }
      }
      locale={{ emptyText: t('tasks.empty') }}
      columns={[
        {
          title: t('tasks.code'),
          dataIndex: 'code',
          width: 120,
          render: (code: string, task) => (
            <>
              <Link to={`/tasks/${task.id}`}>{code}</Link> <ExerciseTag exercise={task.exercise} />
            </>
          ),
        },
        {
          title: t('tasks.titleField'),
          key: 'title',
          render: (_, task) => (
            <Space direction="vertical" size={0}>
              <Link to={`/tasks/${task.id}`}>{inLanguage(task.title, i18n.language)}</Link>
              {task.incidentCode && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {task.incidentCode} {task.incidentTitle}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        {
          title: t('tasks.status'),
          dataIndex: 'status',
          width: 100,
          render: (status: Task['status']) => <TaskStatusTag status={status} />,
        },
        {
          title: t('tasks.priority'),
          dataIndex: 'priority',
          width: 80,
          render: (priority: Task['priority']) => <PriorityTag priority={priority} />,
        },
        { title: t('tasks.assignee'), key: 'assignee', width: 220, render: (_, task) => assigneeName(task, i18n.language) },
        { title: t('tasks.due'), key: 'due', width: 210, render: (_, task) => <DueCell task={task} /> },
      ]}
    />
  );
}

function Inbox() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const scope = params.get('inbox') ?? 'open';
  const statuses = scope === 'done' ? 'done,rejected,cancelled' : scope === 'all' ? TASK_STATUSES.join(',') : OPEN_STATUSES.join(',');
  const inbox = useTaskInbox(statuses);
  const overdue = inbox.data?.items.filter((task) => task.overdue).length ?? 0;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={scope}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            if (value === 'open') next.delete('inbox');
            else next.set('inbox', String(value));
            setParams(next);
          }}
          options={(['open', 'done', 'all'] as const).map((value) => ({ value, label: t(`tasks.inboxScope.${value}`) }))}
        />
        {/* the tab's tasks, as the inbox shows them (assigned to you, within what you may see) */}
        <ExportButton path="/api/tasks/inbox/export" filters={{ status: statuses }} />
        {overdue > 0 && (
          <Alert type="error" showIcon message={t('tasks.overdueCount', { count: overdue })} style={{ padding: '2px 12px' }} />
        )}
      </Space>
      {inbox.error && <Alert type="error" showIcon message={translateError(t, inbox.error)} style={{ marginBottom: 12 }} />}
      <div data-testid="task-inbox">
        <TaskTable items={inbox.data?.items} loading={inbox.isFetching && !inbox.data} />
      </div>
    </div>
  );
}

function AllTasks() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const filter = {
    status: params.get('status') ?? undefined,
    agencyId: params.get('agencyId') ?? undefined,
    incidentId: params.get('incidentId') ?? undefined,
    overdue: params.get('overdue') ?? undefined,
    q: params.get('q') ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const tasks = useTasks(filter);
  const agencies = useAgencies({ pageSize: 500 });
  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setParams(next);
  };
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          mode="multiple"
          placeholder={t('tasks.allStatuses')}
          aria-label={t('tasks.status')}
          value={filter.status ? filter.status.split(',') : []}
          onChange={(value: string[]) => set('status', value.join(',') || undefined)}
          options={TASK_STATUSES.map((value) => ({ value, label: t(`tasks.statuses.${value}`) }))}
          style={{ minWidth: 180 }}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('tasks.allAgencies')}
          aria-label={t('tasks.agency')}
          value={filter.agencyId}
          onChange={(value: string | undefined) => set('agencyId', value)}
          options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: i18n.language.startsWith('en') ? a.nameEn : a.name }))}
          style={{ width: 240 }}
        />
        <Checkbox checked={filter.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}>
          {t('tasks.overdueOnly')}
        </Checkbox>
        <Input.Search
          allowClear
          defaultValue={filter.q}
          placeholder={t('tasks.searchPlaceholder')}
          onSearch={(value) => set('q', value || undefined)}
          style={{ width: 220 }}
        />
        <ExportButton path="/api/tasks/export" filters={filter} />
      </Space>
      {tasks.error && <Alert type="error" showIcon message={translateError(t, tasks.error)} style={{ marginBottom: 12 }} />}
      <TaskTable
        items={tasks.data?.items}
        loading={tasks.isFetching && !tasks.data}
        total={tasks.data?.total}
        page={page}
        onPage={(next) => {
          const copy = new URLSearchParams(params);
          copy.set('page', String(next));
          setParams(copy);
        }}
      />
    </div>
  );
}

export function TasksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'inbox';
  const canAssign = hasRight(me.data, RIGHTS.tasksAssign);
  // Another person's change, a new task for my agency, an escalation: the lists refresh at once.
  useLiveInvalidate('tasks', [['tasks']]);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('tasks.title')}
        </Typography.Title>
        <Space wrap>
          <Badge status="processing" text={t('tasks.live')} />
          {canAssign && (
            <>
              <Link to="/tasks/recurring">
                <Button icon={<ReloadOutlined />}>{t('tasks.recurring.title')}</Button>
              </Link>
              <Link to="/tasks/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('tasks.new')}
                </Button>
              </Link>
            </>
          )}
        </Space>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'inbox' ? new URLSearchParams() : new URLSearchParams({ tab: key }))}
        items={[
          { key: 'inbox', label: t('tasks.tabs.inbox'), children: <Inbox /> },
          { key: 'all', label: t('tasks.tabs.all'), children: <AllTasks /> },
        ]}
      />
    </div>
  );
}
