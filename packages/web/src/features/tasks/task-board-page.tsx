/**
 * The task board of an incident (/incidents/:id/tasks): a column per status, a card per task coloured by its
 * assigned agency (or township), and a table of counts by agency × status with the overdue ones. Live: any
 * change to the incident's tasks refreshes the board.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { inLanguage } from '../../app/bilingual-text.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { DueCell } from './task-bits.tsx';
import { TASK_STATUSES, type TaskBoard, type TaskStatus, assigneeName, useTaskBoard } from './tasks-api.ts';
import { ExerciseTag } from '../../app/exercise-banner.tsx';

/** A stable colour per assignee row (the board's legend uses the same). */
const PALETTE = [
  '#1677ff',
  '#52c41a',
  '#fa8c16',
  '#eb2f96',
  '#13c2c2',
  '#722ed1',
  '#a0d911',
  '#fa541c',
  '#2f54eb',
  '#faad14',
  '#8c8c8c',
  '#f5222d',
];

export function TaskBoardPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const board = useTaskBoard(id);
  useLiveInvalidate('tasks', [['tasks']]);
  if (board.isLoading) return <Spin />;
  if (board.error || !board.data) return <Alert type="error" showIcon message={translateError(t, board.error)} />;
  const data: TaskBoard = board.data;
  const en = i18n.language.startsWith('en');
  const colour = new Map(data.rows.map((row, i) => [row.key, PALETTE[i % PALETTE.length]!]));
  const keyOf = (task: TaskBoard['tasks'][number]) => task.assigneeAgencyId ?? task.assigneeJurisdictionId ?? task.assigneeUserId ?? '';
  const shown: TaskStatus[] = TASK_STATUSES.filter((s) => s !== 'cancelled' || data.totals.cancelled > 0);
  const first = data.tasks[0];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="task-board">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space direction="vertical" size={0}>
          <Link to={`/incidents/${id}`}>{t('tasks.board.backToIncident')}</Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('tasks.board.title')} {first?.incidentCode ?? ''} {first?.incidentTitle ?? ''}
          </Typography.Title>
        </Space>
        <Space wrap>
          <Badge status="processing" text={t('tasks.live')} />
          {data.overdue > 0 && <Tag color="error">{t('tasks.overdueCount', { count: data.overdue })}</Tag>}
          {hasRight(me.data, RIGHTS.tasksAssign) && (
            <Link to={`/tasks/new?incidentId=${id}`}>
              <Button type="primary" icon={<PlusOutlined />}>
                {t('tasks.new')}
              </Button>
            </Link>
          )}
        </Space>
      </Space>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        data-testid="task-board-counts"
        dataSource={data.rows}
        locale={{ emptyText: t('tasks.empty') }}
        columns={[
          {
            title: t('tasks.board.assignee'),
            key: 'name',
            render: (_, row) => (
              <Space>
                <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: colour.get(row.key) }} />
                {en ? row.nameEn : row.name}
              </Space>
            ),
          },
          ...shown.map((status) => ({
            title: t(`tasks.statuses.${status}`),
            key: status,
            align: 'right' as const,
            render: (_: unknown, row: TaskBoard['rows'][number]) => row.counts[status] || '',
          })),
          {
            title: t('tasks.overdue'),
            key: 'overdue',
            align: 'right' as const,
            render: (_: unknown, row: TaskBoard['rows'][number]) =>
              row.overdue ? <Typography.Text type="danger">{row.overdue}</Typography.Text> : '',
          },
          { title: t('tasks.board.total'), dataIndex: 'total', align: 'right' as const },
        ]}
      />
      <Row gutter={[12, 12]} wrap={false} style={{ overflowX: 'auto' }}>
        {shown.map((status) => {
          const column = data.tasks.filter((task) => task.status === status);
          return (
            <Col key={status} flex="0 0 240px" data-testid={`board-column-${status}`}>
              <Card size="small" title={`${t(`tasks.statuses.${status}`)} (${column.length})`} styles={{ body: { padding: 8 } }}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  {column.map((task) => (
                    <Card
                      key={task.id}
                      size="small"
                      data-task-id={task.id}
                      style={{ borderLeft: `4px solid ${colour.get(keyOf(task))}`, background: task.overdue ? '#fff1f0' : undefined }}
                    >
                      <ExerciseTag exercise={task.exercise} />
                      <Link to={`/tasks/${task.id}`}>{inLanguage(task.title, i18n.language)}</Link>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {assigneeName(task, i18n.language)}
                        </Typography.Text>
                      </div>
                      <div style={{ fontSize: 12 }}>
                        <DueCell task={task} />
                      </div>
                    </Card>
                  ))}
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
    </Space>
  );
}
