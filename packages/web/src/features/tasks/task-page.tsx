/**
 * One task (/tasks/:id): what, for whom, by when; the workflow buttons open to this user (only the assignee
 * side gets them: accept, start, mark done with a result and evidence, reject or report blocked with a reason,
 * resume; a done task is reopened with a reason, also by its manager); the checklist;
 * progress notes with the status history; attachments; and, for holders of tasks.assign, reassignment, a new
 * due time and cancellation. Changes by others appear live.
 */
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ATTACHMENT_EXTENSIONS, AttachmentsPanel, uploadAttachment } from '../../app/attachments-panel.tsx';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { inLanguage } from '../../app/bilingual-text.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { DueCell, PriorityTag, TaskStatusTag } from './task-bits.tsx';
import {
  REASON_ACTIONS,
  TASK_PRIORITIES,
  type TaskAction,
  type TaskDetail,
  assigneeName,
  taskApi,
  useTask,
  useTaskMutation,
} from './tasks-api.ts';
import { ExerciseBanner } from '../../app/exercise-banner.tsx';

const ACTION_STYLE: Record<TaskAction, 'primary' | 'default'> = {
  accept: 'primary',
  start: 'default',
  complete: 'primary',
  reject: 'default',
  block: 'default',
  reopen: 'primary',
};

function WorkflowButtons({ detail }: { detail: TaskDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reasonFor, setReasonFor] = useState<TaskAction | null>(null);
  const [reason, setReason] = useState('');
  const [completing, setCompleting] = useState(false);
  const step = useTaskMutation(({ action, reason }: { action: TaskAction; reason?: string }) =>
    taskApi.transition(detail.task.id, action, { reason }),
  );
  // Reopening a done task undoes a completion: it needs a reason, like rejecting or reporting blocked.
  const needsReason = (action: TaskAction) => REASON_ACTIONS.includes(action) || (action === 'reopen' && detail.task.status === 'done');
  const label = (action: TaskAction) =>
    action === 'reopen' && detail.task.status === 'done' ? t('tasks.reopenDone') : t(`tasks.actions.${action}`);

  async function run(action: TaskAction, why?: string) {
    try {
      await step.mutateAsync({ action, reason: why });
      message.success(t(`tasks.done.${action}`));
      setReasonFor(null);
      setReason('');
    } catch (error) {
      message.error(translateError(t, error));
    }
  }

  if (detail.actions.length === 0) return null;
  return (
    <>
      <Space wrap data-testid="task-actions">
        {detail.actions.map((action) => (
          <Button
            key={action}
            type={ACTION_STYLE[action]}
            danger={action === 'reject' || action === 'block'}
            loading={step.isPending && step.variables?.action === action}
            onClick={() => (action === 'complete' ? setCompleting(true) : needsReason(action) ? setReasonFor(action) : void run(action))}
          >
            {label(action)}
          </Button>
        ))}
      </Space>
      <Modal
        open={reasonFor !== null}
        title={reasonFor ? label(reasonFor) : ''}
        okText={t('tasks.confirm')}
        cancelText={t('tasks.cancelButton')}
        okButtonProps={{ disabled: reason.trim() === '', loading: step.isPending }}
        onOk={() => reasonFor && run(reasonFor, reason.trim())}
        onCancel={() => setReasonFor(null)}
        destroyOnHidden
      >
        {reasonFor === 'reopen' && <Alert type="info" showIcon message={t('tasks.reopenHint')} style={{ marginBottom: 12 }} />}
        <Form layout="vertical">
          <Form.Item label={t('tasks.reason')} required htmlFor="task-reason">
            <Input.TextArea
              id="task-reason"
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={1000}
              placeholder={t('tasks.reasonPlaceholder')}
            />
          </Form.Item>
        </Form>
      </Modal>
      <CompleteDialog detail={detail} open={completing} onClose={() => setCompleting(false)} />
    </>
  );
}

/**
 * Marking a task done: what was done (required) and, optionally, evidence files. The files are uploaded first
 * (to the task's attachments, audited there), so a task is never done with its evidence lost on the way.
 */
function CompleteDialog({ detail, open, onClose }: { detail: TaskDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [result, setResult] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const complete = useTaskMutation((text: string) => taskApi.transition(detail.task.id, 'complete', { result: text }));
  const [uploading, setUploading] = useState(false);
  const empty = result.trim() === '';

  async function submit() {
    setTouched(true);
    if (empty) return;
    setError(null);
    setUploading(true);
    try {
      for (const file of files) await uploadAttachment(`/api/tasks/${detail.task.id}/files`, file.originFileObj as File);
    } catch (e) {
      setError(t('tasks.completeDialog.uploadFailed', { error: translateError(t, e) }));
      return;
    } finally {
      setUploading(false);
      void queryClient.invalidateQueries({ queryKey: ['attachments'] });
    }
    try {
      await complete.mutateAsync(result.trim());
      message.success(t('tasks.done.complete'));
      setResult('');
      setFiles([]);
      setTouched(false);
      onClose();
    } catch (e) {
      setError(translateError(t, e));
    }
  }

  return (
    <Modal
      open={open}
      title={t('tasks.completeDialog.title')}
      okText={t('tasks.confirm')}
      cancelText={t('tasks.cancelButton')}
      okButtonProps={{ loading: uploading || complete.isPending }}
      onOk={() => void submit()}
      onCancel={onClose}
      width="min(560px, calc(100vw - 24px))"
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item
          label={t('tasks.completeDialog.result')}
          required
          htmlFor="task-result"
          validateStatus={touched && empty ? 'error' : undefined}
          help={touched && empty ? t('tasks.completeDialog.resultRequired') : undefined}
        >
          <Input.TextArea
            id="task-result"
            autoSize={{ minRows: 3, maxRows: 10 }}
            value={result}
            onChange={(e) => setResult(e.target.value)}
            maxLength={4000}
            placeholder={t('tasks.completeDialog.resultPlaceholder')}
          />
        </Form.Item>
        <Form.Item label={t('tasks.completeDialog.evidence')} extra={t('tasks.completeDialog.evidenceHint')}>
          <Upload
            multiple
            fileList={files}
            accept={ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',')}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button icon={<UploadOutlined />}>{t('tasks.completeDialog.pick')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ManagePanel({ detail }: { detail: TaskDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelReason, setCancelReason] = useState('');
  const [form] = Form.useForm<{ dueAt: Dayjs; priority: string; assigneeAgencyId?: string; reason?: string }>();
  const agencies = useAgencies({ pageSize: 500 });
  const save = useTaskMutation((values: { dueAt: Dayjs; priority: string; assigneeAgencyId?: string; reason?: string }) =>
    taskApi.patch(detail.task.id, {
      dueAt: values.dueAt.toISOString(),
      priority: values.priority as TaskDetail['task']['priority'],
      ...(values.assigneeAgencyId !== (detail.task.assigneeAgencyId ?? undefined)
        ? { assigneeAgencyId: values.assigneeAgencyId ?? null }
        : {}),
      reason: values.reason || undefined,
    }),
  );
  const cancel = useTaskMutation((reason: string) => taskApi.cancel(detail.task.id, reason));
  const finished = ['done', 'cancelled'].includes(detail.task.status);
  if (!detail.canManage || finished) return null;
  return (
    <Space wrap>
      <Button
        onClick={() => {
          form.setFieldsValue({
            dueAt: dayjs(detail.task.dueAt),
            priority: detail.task.priority,
            assigneeAgencyId: detail.task.assigneeAgencyId ?? undefined,
            reason: '',
          });
          setEditing(true);
        }}
      >
        {t('tasks.manage.edit')}
      </Button>
      <Button danger onClick={() => setCancelling(true)}>
        {t('tasks.manage.cancel')}
      </Button>
      <Modal
        open={editing}
        title={t('tasks.manage.edit')}
        okText={t('tasks.save')}
        cancelText={t('tasks.cancelButton')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (values) => {
            try {
              await save.mutateAsync(values);
              message.success(t('tasks.saved'));
              setEditing(false);
            } catch (error) {
              message.error(translateError(t, error));
            }
          }}
        >
          <Form.Item name="assigneeAgencyId" label={t('tasks.agency')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(agencies.data?.items ?? []).map((a) => ({
                value: a.id,
                label: i18n.language.startsWith('en') ? a.nameEn : a.name,
              }))}
            />
          </Form.Item>
          <Form.Item name="dueAt" label={t('tasks.due')} rules={[{ required: true, message: t('tasks.dueRequired') }]}>
            <DistrictDatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="priority" label={t('tasks.priority')}>
            <Select options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('tasks.manage.why')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={cancelling}
        title={t('tasks.manage.cancel')}
        okText={t('tasks.confirm')}
        cancelText={t('tasks.cancelButton')}
        okButtonProps={{ danger: true, disabled: cancelReason.trim() === '', loading: cancel.isPending }}
        onOk={async () => {
          try {
            await cancel.mutateAsync(cancelReason.trim());
            setCancelling(false);
          } catch (error) {
            message.error(translateError(t, error));
          }
        }}
        onCancel={() => setCancelling(false)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('tasks.reason')} required htmlFor="cancel-reason">
            <Input.TextArea
              id="cancel-reason"
              rows={3}
              value={cancelReason}
              onChange={(e) => setCancelReason(e.target.value)}
              maxLength={1000}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function Checklist({ detail }: { detail: TaskDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const toggle = useTaskMutation(({ index, done }: { index: number; done: boolean }) => taskApi.checklist(detail.task.id, index, done));
  const editable = (detail.isAssignee || detail.canManage) && !['done', 'cancelled', 'rejected'].includes(detail.task.status);
  if (detail.task.checklist.length === 0) return <Typography.Text type="secondary">{t('tasks.noChecklist')}</Typography.Text>;
  const doneCount = detail.task.checklist.filter((item) => item.done).length;
  return (
    <Space direction="vertical">
      <Typography.Text type="secondary">
        {t('tasks.checklistProgress', { done: doneCount, total: detail.task.checklist.length })}
      </Typography.Text>
      {detail.task.checklist.map((item, index) => (
        <Checkbox
          // biome-ignore lint/suspicious/noArrayIndexKey: a checklist item is identified by its position (the API ticks items by index)
          key={index}
          checked={item.done}
          disabled={!editable || toggle.isPending}
          onChange={async (e) => {
            try {
              await toggle.mutateAsync({ index, done: e.target.checked });
            } catch (error) {
              message.error(translateError(t, error));
            }
          }}
        >
          {inLanguage(item.text, i18n.language)}
        </Checkbox>
      ))}
    </Space>
  );
}

function Notes({ detail }: { detail: TaskDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const add = useTaskMutation((text: string) => taskApi.note(detail.task.id, text));
  const canWrite = detail.isAssignee || detail.canManage;
  return (
    <div>
      {detail.notes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.noNotes')} />
      ) : (
        <Timeline
          items={detail.notes.map((note) => ({
            color: note.kind === 'escalation' ? 'red' : note.kind === 'status' ? 'blue' : note.kind === 'change' ? 'orange' : 'gray',
            children: (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(note.createdAt)} · {note.authorName ?? t('tasks.system')}
                </Typography.Text>
                <div>
                  {note.kind === 'status' && note.status && <Tag>{t('tasks.movedTo', { status: t(`tasks.statuses.${note.status}`) })}</Tag>}
                  {note.kind === 'escalation' && <Tag color="error">{t('tasks.escalated')}</Tag>}
                  {note.body && (
                    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{inLanguage(note.body, i18n.language)}</Typography.Text>
                  )}
                </div>
              </div>
            ),
          }))}
        />
      )}
      {canWrite && (
        <Space.Compact style={{ width: '100%' }}>
          <Input.TextArea
            aria-label={t('tasks.addNote')}
            placeholder={t('tasks.notePlaceholder')}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={2}
            maxLength={4000}
          />
          <Button
            type="primary"
            disabled={body.trim() === ''}
            loading={add.isPending}
            onClick={async () => {
              try {
                await add.mutateAsync(body.trim());
                setBody('');
              } catch (error) {
                message.error(translateError(t, error));
              }
            }}
          >
            {t('tasks.addNote')}
          </Button>
        </Space.Compact>
      )}
    </div>
  );
}

/** A material request raised from this task (the stock feature's request form, opened with the task as origin). */
function RequestMaterialsButton({ detail }: { detail: TaskDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const x = detail.task;
  if (!hasRight(me.data, RIGHTS.stockRequest) || ['done', 'cancelled'].includes(x.status)) return null;
  const params = new URLSearchParams({ from: `task:${x.id}`, label: `${x.code} ${inLanguage(x.title, i18n.language)}` });
  return (
    <Link to={`/stock/requests?${params}`} data-testid="task-request-materials">
      <Button>{t('tasks.requestMaterials')}</Button>
    </Link>
  );
}

export function TaskPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const task = useTask(id);
  useLiveInvalidate('tasks', [['tasks'], ['attachments']]);
  if (task.isLoading) return <Spin />;
  if (task.error || !task.data) return <Alert type="error" showIcon message={translateError(t, task.error)} />;
  const detail = task.data;
  const x = detail.task;
  const en = i18n.language.startsWith('en');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="task-detail" data-status={x.status}>
      <Link to="/tasks">{t('tasks.back')}</Link>
      <ExerciseBanner exerciseId={x.exerciseId} />
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {x.code} {inLanguage(x.title, i18n.language)}
          </Typography.Title>
          <TaskStatusTag status={x.status} />
          <PriorityTag priority={x.priority} />
        </Space>
        <Space wrap>
          <WorkflowButtons detail={detail} />
          <ManagePanel detail={detail} />
          <RequestMaterialsButton detail={detail} />
        </Space>
      </Space>
      {x.statusReason && (
        <Alert
          type={x.status === 'cancelled' ? 'info' : 'warning'}
          showIcon
          message={
            x.status === 'in_progress'
              ? t('tasks.reopenedShown', { reason: inLanguage(x.statusReason, i18n.language) })
              : t('tasks.reasonShown', { status: t(`tasks.statuses.${x.status}`), reason: inLanguage(x.statusReason, i18n.language) })
          }
        />
      )}
      {x.status === 'done' && x.result && (
        <Alert
          type="success"
          showIcon
          message={t('tasks.result')}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{x.result}</span>}
          data-testid="task-result"
        />
      )}
      {!detail.isAssignee && !detail.canManage && <Alert type="info" showIcon message={t('tasks.readOnly')} />}
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('tasks.assignee')}>{assigneeName(x, i18n.language)}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.due')}>
            <DueCell task={x} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.incident')}>
            {x.incidentId ? (
              <Space>
                <Link to={`/incidents/${x.incidentId}`}>
                  {x.incidentCode} {x.incidentTitle}
                </Link>
                <Link to={`/incidents/${x.incidentId}/tasks`}>{t('tasks.board.open')}</Link>
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.area')}>{en ? x.jurisdictionNameEn : x.jurisdictionName}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.origin')}>{t(`tasks.origins.${x.origin}`)}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.assignedBy')}>
            {x.createdByName ?? t('tasks.system')} · {formatDateTime(x.createdAt)}
          </Descriptions.Item>
          {x.completedAt && <Descriptions.Item label={t('tasks.completedAt')}>{formatDateTime(x.completedAt)}</Descriptions.Item>}
        </Descriptions>
        {x.description && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>
            {inLanguage(x.description, i18n.language)}
          </Typography.Paragraph>
        )}
      </Card>
      <Card title={t('tasks.checklist')}>
        <Checklist detail={detail} />
      </Card>
      <Card title={t('tasks.notes')}>
        <Notes detail={detail} />
      </Card>
      <Card title={t('tasks.files')}>
        <AttachmentsPanel
          basePath={`/api/tasks/${x.id}/files`}
          canUpload={(detail.isAssignee || detail.canManage) && x.status !== 'cancelled'}
        />
      </Card>
    </Space>
  );
}
