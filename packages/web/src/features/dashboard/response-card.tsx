/**
 * "Current response" on the landing page, for those who command it (issue 12, item 12): the open incidents with
 * their response level, where and since when, how many of their tasks are overdue, and the overdue tasks
 * themselves — each a link to where it is worked on. Refreshes live with incidents and tasks.
 */
import { Alert, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { inLanguage } from '../../app/bilingual-text.ts';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type IncidentSummary, useIncidents } from '../incidents/incidents-api.ts';
import { LEVEL_COLOURS } from '../plans/plans-api.ts';
import { type Task, assigneeName, useTasks } from '../tasks/tasks-api.ts';
import { ExerciseTag } from '../../app/exercise-banner.tsx';

/** Overdue tasks listed by name; the rest are behind "all overdue tasks". */
const LISTED_OVERDUE = 5;
/** Most severe level first, then the incidents without a level, newest first within each. */
const LEVEL_ORDER = ['I', 'II', 'III', 'IV'];

export function sortIncidents<T extends Pick<IncidentSummary, 'responseLevel' | 'startedAt'>>(items: readonly T[]): T[] {
  const rank = (i: T) => (i.responseLevel ? LEVEL_ORDER.indexOf(i.responseLevel) : LEVEL_ORDER.length);
  return [...items].sort((a, b) => rank(a) - rank(b) || b.startedAt.localeCompare(a.startedAt));
}

export function ResponseCard({ showTasks }: { showTasks: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const incidents = useIncidents({ status: 'open', page: 1, pageSize: 100 });
  const overdue = useTasks({ overdue: 'true', page: 1, pageSize: 500 }, showTasks);
  useLiveInvalidate('incidents', [['incidents']]);
  useLiveInvalidate('tasks', [['tasks']]);
  const overdueTasks = [...(overdue.data?.items ?? [])].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const overdueOf = (incidentId: string) => overdueTasks.filter((task) => task.incidentId === incidentId).length;
  const error = incidents.error ?? overdue.error;

  return (
    <Card
      size="small"
      title={t('responseCard.title')}
      extra={<Link to="/incidents">{t('responseCard.allIncidents')}</Link>}
      style={{ marginBottom: 16 }}
      data-testid="response-card"
    >
      {error && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 8 }} />}
      {incidents.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (incidents.data?.items ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('responseCard.none')} />
      ) : (
        <List<IncidentSummary>
          size="small"
          dataSource={sortIncidents(incidents.data?.items ?? [])}
          renderItem={(incident) => {
            const late = overdueOf(incident.id);
            return (
              <List.Item data-testid="response-incident" data-incident-id={incident.id}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    {incident.responseLevel ? (
                      <Tag color={LEVEL_COLOURS[incident.responseLevel].tag} data-testid="response-level">
                        {t(`incidents.levelShort.${incident.responseLevel}`)}
                      </Tag>
                    ) : (
                      <Tag data-testid="response-level">{t('responseCard.noLevel')}</Tag>
                    )}
                    <ExerciseTag exercise={incident.exercise} />
                    <Link to={`/incidents/${incident.id}`}>
                      {incident.code} {incident.title}
                    </Link>
                  </Space>
                  <Space wrap size={12}>
                    <Typography.Text type="secondary">
                      {[
                        en ? incident.diseaseNameEn || incident.diseaseName : incident.diseaseName,
                        en ? incident.jurisdictionNameEn : incident.jurisdictionName,
                        t('responseCard.started', { date: formatDate(incident.startedAt) }),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                    {showTasks &&
                      (late > 0 ? (
                        <Link to={`/tasks?tab=all&overdue=true&incidentId=${incident.id}`} data-testid="response-overdue">
                          <Typography.Text type="danger" strong>
                            {t('responseCard.overdueTasks', { count: late })}
                          </Typography.Text>
                        </Link>
                      ) : (
                        <Typography.Text type="secondary">{t('responseCard.noOverdue')}</Typography.Text>
                      ))}
                    <Link to={`/incidents/${incident.id}/command`}>{t('responseCard.command')}</Link>
                  </Space>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
      {showTasks && overdueTasks.length > 0 && <OverdueTasks tasks={overdueTasks} total={overdue.data?.total ?? overdueTasks.length} />}
    </Card>
  );
}

function OverdueTasks({ tasks, total }: { tasks: Task[]; total: number }) {
  const { t, i18n } = useTranslation();
  return (
    <div style={{ marginTop: 8 }} data-testid="response-overdue-tasks">
      <Typography.Text strong>{t('responseCard.overdueTitle')}</Typography.Text>
      <List<Task>
        size="small"
        dataSource={tasks.slice(0, LISTED_OVERDUE)}
        renderItem={(task) => (
          <List.Item>
            <Space wrap size={8}>
              <ExerciseTag exercise={task.exercise} />
              <Link to={`/tasks/${task.id}`}>
                {task.code} {inLanguage(task.title, i18n.language)}
              </Link>
              <Typography.Text type="secondary">{assigneeName(task, i18n.language)}</Typography.Text>
              <Typography.Text type="danger">{t('responseCard.due', { time: formatDateTime(task.dueAt) })}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Link to="/tasks?tab=all&overdue=true">{t('responseCard.allOverdue', { count: total })}</Link>
    </div>
  );
}
