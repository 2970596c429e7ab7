/**
 * One training session: the list of people with attendance taken on a phone at the door (present, absent,
 * excused; passed or failed), enrolment of staff and volunteers, and closing (certificates for those present who
 * did not fail).
 */
import { Alert, App, Button, Card, Descriptions, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { queryClient } from '../../app/api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { cancelSession, closeSession, enrol, nameIn, recordAttendance, titleIn, useCandidates, useSession } from './training-api.ts';

type Mark = { attendance: 'present' | 'absent' | 'excused'; passed: boolean | null };

export function SessionPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSession(id);
  const s = session.data;
  const manage = Boolean(s?.canManage && s.status === 'planned');
  const candidates = useCandidates(manage);
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  useLiveInvalidate('training', [['training']]);
  useEffect(() => {
    if (!s) return;
    setMarks(
      Object.fromEntries(
        s.enrolments
          .filter((e) => e.attendance !== 'enrolled')
          .map((e) => [e.id, { attendance: e.attendance as Mark['attendance'], passed: e.passed }]),
      ),
    );
  }, [s]);
  if (session.error) return <Alert type="error" showIcon message={translateError(t, session.error)} />;
  if (!s) return null;

  async function run(work: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await work();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ['training'] });
    } catch (e) {
      setError(e);
    }
  }
  const mark = (enrolmentId: string, change: Partial<Mark>) =>
    setMarks((m) => ({ ...m, [enrolmentId]: { ...(m[enrolmentId] ?? { attendance: 'present', passed: null }), ...change } }));
  const enrolledIds = new Set(s.enrolments.map((e) => `${e.person.kind}:${e.person.id}`));

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {titleIn(i18n.language, s.course)}
        </Typography.Title>
        <Tag data-testid="session-status">{t(`training.sessionStatuses.${s.status}`)}</Tag>
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('training.when')}>{`${formatDateTime(s.startsAt)} – ${formatDateTime(s.endsAt)}`}</Descriptions.Item>
        <Descriptions.Item label={t('training.where')}>
          {[nameIn(i18n.language, s.jurisdiction), s.location].filter(Boolean).join(' · ')}
        </Descriptions.Item>
        <Descriptions.Item label={t('training.trainer')}>{s.trainer || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('training.attendance')}>
          {t('training.presentOf', { present: s.present, enrolled: s.enrolled })}
        </Descriptions.Item>
      </Descriptions>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      {manage && (
        <Card size="small" title={t('training.enrol')} style={{ marginBottom: 12 }}>
          <Space wrap style={{ width: '100%' }}>
            <Select
              mode="multiple"
              style={{ minWidth: 260, maxWidth: '100%' }}
              value={chosen}
              onChange={setChosen}
              optionFilterProp="label"
              options={candidates.data?.items
                .filter((c) => !enrolledIds.has(`${c.kind}:${c.id}`))
                .map((c) => ({
                  value: `${c.kind}:${c.id}`,
                  label: `${c.name}${c.kind === 'volunteer' ? ` · ${t('training.volunteer')}` : ''} · ${c.detail}`,
                }))}
              data-testid="enrol-select"
            />
            <Button
              disabled={chosen.length === 0}
              onClick={() =>
                run(async () => {
                  await enrol(s.id, {
                    userIds: chosen.filter((c) => c.startsWith('staff:')).map((c) => c.slice(6)),
                    volunteerIds: chosen.filter((c) => c.startsWith('volunteer:')).map((c) => c.slice(10)),
                  });
                  setChosen([]);
                }, t('training.enrolled'))
              }
              data-testid="enrol-submit"
            >
              {t('training.enrol')}
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small" title={t('training.attendance')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {s.enrolments.map((e) => {
            const m = marks[e.id];
            return (
              <Card key={e.id} size="small" data-testid="attendance-row">
                <Space direction="vertical" style={{ width: '100%' }} size={4}>
                  <Space wrap>
                    <Typography.Text strong>{e.person.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {e.person.kind === 'volunteer' ? t('training.volunteer') : t('training.staff')} · {e.person.detail}
                    </Typography.Text>
                    {e.certificateCode && <Tag color="green">{e.certificateCode}</Tag>}
                  </Space>
                  {manage ? (
                    <Space wrap>
                      {(['present', 'absent', 'excused'] as const).map((a) => (
                        <Button
                          key={a}
                          size="large"
                          type={m?.attendance === a ? 'primary' : 'default'}
                          onClick={() => mark(e.id, { attendance: a, passed: a === 'present' ? (m?.passed ?? null) : null })}
                          data-testid={`attendance-${a}`}
                        >
                          {t(`training.attendanceValues.${a}`)}
                        </Button>
                      ))}
                      {m?.attendance === 'present' && (
                        <Space>
                          <Switch
                            checked={m.passed !== false}
                            onChange={(on) => mark(e.id, { passed: on })}
                            aria-label={t('training.passed')}
                          />
                          {m.passed === false ? t('training.failed') : t('training.passed')}
                        </Space>
                      )}
                    </Space>
                  ) : (
                    <Tag>{t(`training.attendanceValues.${e.attendance}`)}</Tag>
                  )}
                </Space>
              </Card>
            );
          })}
          {s.enrolments.length === 0 && <Typography.Text type="secondary">{t('training.nobody')}</Typography.Text>}
        </Space>
        {manage && s.enrolments.length > 0 && (
          <Space wrap style={{ marginTop: 12 }}>
            <Button
              type="primary"
              size="large"
              disabled={Object.keys(marks).length === 0}
              onClick={() =>
                run(
                  () =>
                    recordAttendance(s.id, {
                      entries: Object.entries(marks).map(([enrolmentId, mk]) => ({
                        enrolmentId,
                        attendance: mk.attendance,
                        passed: mk.attendance === 'present' ? (mk.passed ?? true) : null,
                      })),
                    }),
                  t('training.attendanceSaved'),
                )
              }
              data-testid="attendance-save"
            >
              {t('training.saveAttendance')}
            </Button>
            <Button size="large" onClick={() => run(() => closeSession(s.id), t('training.closed'))} data-testid="session-close">
              {t('training.closeSession')}
            </Button>
            <Button size="large" danger onClick={() => run(() => cancelSession(s.id), t('training.cancelled'))}>
              {t('training.cancelSession')}
            </Button>
          </Space>
        )}
      </Card>
    </div>
  );
}
