/**
 * The incident's dialogs: change of response level (activate, raise, lower, end — with reason and approver),
 * stand-down (summary and approver), and staffing a post of the command structure.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Agency } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { RESPONSE_LEVELS, type ResponseLevel } from '../plans/plans-api.ts';
import {
  INCIDENT_ROLES,
  type Incident,
  type IncidentPerson,
  type IncidentRole,
  type PlanCoverage,
  useFormOptions,
  useLevelPreview,
} from './incidents-api.ts';

const END = 'end';

/**
 * The holders of response.level over the area. The requester is listed but cannot be picked (four eyes: the
 * server refuses him as his own approver), so that it is clear why his name cannot be chosen.
 */
function ApproverSelect({
  people,
  selfId,
  ...rest
}: {
  people: IncidentPerson[];
  selfId?: string;
  value?: string;
  onChange?: (v: string) => void;
  'aria-label': string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Select
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      options={people
        .filter((p) => p.canApproveLevel)
        .map((p) => {
          const name = p.agencyName ? `${p.displayName} · ${i18n.language === 'en' ? p.agencyNameEn : p.agencyName}` : p.displayName;
          return p.id === selfId
            ? { value: p.id, label: `${name}（${t('incidents.approverNotSelf')}）`, disabled: true }
            : { value: p.id, label: name };
        })}
    />
  );
}

/** The approver proposed by default: another holder of the right (never the requester), or nobody. */
function proposedApprover(people: IncidentPerson[], selfId: string | undefined): string | undefined {
  return people.find((p) => p.canApproveLevel && p.id !== selfId)?.id;
}

/** Says that nobody else may approve, when that is so (the requester must ask an administrator to grant the right). */
function NoOtherApprover({ people, selfId }: { people: IncidentPerson[]; selfId?: string }) {
  const { t } = useTranslation();
  if (proposedApprover(people, selfId)) return null;
  return <Alert type="warning" showIcon message={t('incidents.noOtherApprover')} style={{ marginBottom: 12 }} />;
}

function useInvalidateIncident() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: ['incidents'] }), queryClient.invalidateQueries({ queryKey: ['tasks'] })]);
}

/**
 * What the chosen level will launch, shown before the user confirms: the plan and the number of measures, or a
 * warning that nothing will be launched (the level may still be set: it is a government decision).
 */
function CoverageNotice({ coverage }: { coverage: PlanCoverage }) {
  const { t, i18n } = useTranslation();
  const level = coverage.level ? t(`plans.levels.${coverage.level}`) : '';
  const plan = (i18n.language === 'en' ? coverage.planNameEn : coverage.planName) ?? '';
  const vars = { level, plan, version: coverage.planVersion ?? '', count: coverage.measuresLaunched, agencies: coverage.agencies };
  const warning = coverage.outcome === 'no_plan' || coverage.outcome === 'no_measures';
  return (
    <Alert
      role={warning ? 'alert' : 'status'}
      aria-label={t('incidents.coverage.label')}
      type={warning ? 'warning' : coverage.outcome === 'launches' ? 'success' : 'info'}
      showIcon
      message={t(`incidents.coverage.${coverage.outcome}`, vars)}
      description={warning ? t('incidents.coverage.mayProceed') : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}

interface LevelValues {
  level: ResponseLevel | typeof END;
  reason: string;
  approverId: string;
  effectiveAt?: Dayjs;
}

export function LevelDialog({
  incident,
  people,
  open,
  onClose,
}: {
  incident: Incident;
  people: IncidentPerson[];
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const invalidate = useInvalidateIncident();
  const [form] = Form.useForm<LevelValues>();
  const activating = incident.responseLevel === null;
  const { submit, saving, formError } = useFormSave(
    form,
    ['level', 'reason', 'approverId', 'effectiveAt'],
    (values: LevelValues) =>
      api.post<Incident & { planCoverage: PlanCoverage }>(`/api/incidents/${incident.id}/level`, {
        level: values.level === END ? null : values.level,
        reason: values.reason,
        approverId: values.approverId,
        ...(values.effectiveAt ? { effectiveAt: values.effectiveAt.toISOString() } : {}),
      }),
    async (updated) => {
      await invalidate();
      const coverage = updated.planCoverage;
      if (!updated.responseLevel) message.success(t('incidents.levelEnded'));
      else if (coverage?.warning)
        message.warning(t(`incidents.coverage.done_${coverage.outcome}`, { level: t(`plans.levels.${updated.responseLevel}`) }));
      else
        message.success(
          t('incidents.levelChanged', { level: t(`plans.levels.${updated.responseLevel}`), count: coverage?.measuresLaunched ?? 0 }),
        );
      onClose();
    },
  );
  const chosen = Form.useWatch('level', form);
  const preview = useLevelPreview(incident.id, chosen === undefined ? undefined : chosen === END ? null : chosen, open);
  const title = activating ? t('incidents.activate') : t('incidents.changeLevel');
  return (
    <Modal
      open={open}
      title={title}
      okText={t('incidents.confirm')}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<LevelValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        initialValues={{ approverId: proposedApprover(people, me.data?.id) }}
      >
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        {activating && <Alert type="info" showIcon message={t('incidents.activateHint')} style={{ marginBottom: 12 }} />}
        <Form.Item name="level" label={t('incidents.level')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            aria-label={t('incidents.level')}
            options={[
              ...RESPONSE_LEVELS.filter((l) => l !== incident.responseLevel).map((l) => ({ value: l, label: t(`plans.levels.${l}`) })),
              ...(activating ? [] : [{ value: END, label: t('incidents.endLevel') }]),
            ]}
          />
        </Form.Item>
        {preview.data && chosen !== undefined && <CoverageNotice coverage={preview.data} />}
        <Form.Item
          name="reason"
          label={t('incidents.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea aria-label={t('incidents.reason')} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="approverId"
          label={t('incidents.approver')}
          extra={t('incidents.approverHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <ApproverSelect people={people} selfId={me.data?.id} aria-label={t('incidents.approver')} />
        </Form.Item>
        <NoOtherApprover people={people} selfId={me.data?.id} />
        <Form.Item name="effectiveAt" label={t('incidents.effectiveAt')} extra={t('incidents.effectiveAtHint')}>
          <DistrictDatePicker showTime aria-label={t('incidents.effectiveAt')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function StandDownDialog({
  incident,
  people,
  open,
  onClose,
}: {
  incident: Incident;
  people: IncidentPerson[];
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const invalidate = useInvalidateIncident();
  const [form] = Form.useForm<{ summary: string; approverId: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['summary', 'approverId'],
    (values: { summary: string; approverId: string }) => api.post<Incident>(`/api/incidents/${incident.id}/stand-down`, values),
    async () => {
      await invalidate();
      message.success(t('incidents.closedDone'));
      onClose();
    },
  );
  return (
    <Modal
      open={open}
      title={t('incidents.standDown')}
      okText={t('incidents.standDownConfirm')}
      okButtonProps={{ danger: true, loading: saving }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        initialValues={{ approverId: proposedApprover(people, me.data?.id) }}
      >
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        <Alert type="warning" showIcon message={t('incidents.standDownHint')} style={{ marginBottom: 12 }} />
        <Form.Item
          name="summary"
          label={t('incidents.summary')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea aria-label={t('incidents.summary')} autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20000} />
        </Form.Item>
        <Form.Item
          name="approverId"
          label={t('incidents.approver')}
          extra={t('incidents.approverHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <ApproverSelect people={people} selfId={me.data?.id} aria-label={t('incidents.approver')} />
        </Form.Item>
        <NoOtherApprover people={people} selfId={me.data?.id} />
      </Form>
    </Modal>
  );
}

interface StaffValues {
  role: IncidentRole;
  userId: string;
  workingGroupId?: string;
  agencyId?: string;
}

export function StaffDialog({
  incident,
  people,
  agencies,
  open,
  onClose,
}: {
  incident: Incident;
  people: IncidentPerson[];
  agencies: Agency[];
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateIncident();
  const [form] = Form.useForm<StaffValues>();
  const role = Form.useWatch('role', form);
  const { submit, saving, formError } = useFormSave(
    form,
    ['role', 'userId', 'workingGroupId', 'agencyId'],
    (values: StaffValues) =>
      api.post<Incident>(`/api/incidents/${incident.id}/roles`, {
        role: values.role,
        userId: values.userId,
        workingGroupId: values.workingGroupId ?? null,
        agencyId: values.agencyId ?? null,
      }),
    async () => {
      await invalidate();
      message.success(t('common.saved'));
      onClose();
    },
  );
  return (
    <Modal
      open={open}
      title={t('incidents.staff')}
      okText={t('common.save')}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<StaffValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        onValuesChange={(changed: Partial<StaffValues>) => {
          // A liaison represents the agency the person works for, unless chosen otherwise.
          if (changed.userId && !form.getFieldValue('agencyId')) {
            const person = people.find((p) => p.id === changed.userId);
            if (person?.agencyId) form.setFieldValue('agencyId', person.agencyId);
          }
        }}
      >
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        <Form.Item name="role" label={t('incidents.post')} rules={[{ required: true, message: t('common.required') }]}>
          <Select aria-label={t('incidents.post')} options={INCIDENT_ROLES.map((r) => ({ value: r, label: t(`incidents.roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="userId" label={t('incidents.person')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            aria-label={t('incidents.person')}
            showSearch={{ optionFilterProp: 'label' }}
            options={people.map((p) => ({
              value: p.id,
              label: p.agencyName ? `${p.displayName} · ${i18n.language === 'en' ? p.agencyNameEn : p.agencyName}` : p.displayName,
            }))}
          />
        </Form.Item>
        {(role === 'group_lead' || role === 'member') && (
          <Form.Item
            name="workingGroupId"
            label={t('incidents.workingGroup')}
            rules={role === 'group_lead' ? [{ required: true, message: t('common.required') }] : []}
          >
            <Select
              aria-label={t('incidents.workingGroup')}
              allowClear
              options={incident.workingGroups.map((g) => ({ value: g.id, label: i18n.language === 'en' ? g.nameEn : g.name }))}
            />
          </Form.Item>
        )}
        {(role === 'agency_liaison' || role === 'member') && (
          <Form.Item
            name="agencyId"
            label={t('incidents.agency')}
            rules={role === 'agency_liaison' ? [{ required: true, message: t('common.required') }] : []}
          >
            <Select
              aria-label={t('incidents.agency')}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={agencies.map((a) => ({ value: a.id, label: `${localName(a, i18n.language)} (${a.code})` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface EditValues {
  title: string;
  description?: string;
  diseaseId?: string | null;
  startedAt?: Dayjs;
  planId?: string | null;
}

/** Changes an open incident's title, description, disease, start or plan. */
export function EditIncidentDialog({ incident, open, onClose }: { incident: Incident; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateIncident();
  const options = useFormOptions(null);
  const [form] = Form.useForm<EditValues>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['title', 'description', 'diseaseId', 'startedAt', 'planId'],
    (values: EditValues) =>
      api.patch<Incident>(`/api/incidents/${incident.id}`, {
        title: values.title,
        description: values.description ?? '',
        diseaseId: values.diseaseId ?? null,
        ...(values.startedAt ? { startedAt: values.startedAt.toISOString() } : {}),
        // Sent only when changed: an unrelated edit must not re-check a plan chosen long ago.
        ...((values.planId ?? null) !== incident.planId ? { planId: values.planId ?? null } : {}),
      }),
    async () => {
      await invalidate();
      message.success(t('common.saved'));
      onClose();
    },
  );
  return (
    <Modal
      open={open}
      title={t('incidents.edit')}
      okText={t('common.save')}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        initialValues={{
          title: incident.title,
          description: incident.description,
          diseaseId: incident.diseaseId,
          startedAt: dayjs(incident.startedAt),
          planId: incident.planId,
        }}
      >
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        <Form.Item
          name="title"
          label={t('incidents.fields.title')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { max: 200, message: t('common.tooLong', { count: 200 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="diseaseId" label={t('incidents.fields.disease')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('incidents.fields.disease')}
            options={(options.data?.diseases ?? []).map((d) => ({ value: d.id, label: i18n.language === 'en' ? d.nameEn : d.name }))}
          />
        </Form.Item>
        <Form.Item name="startedAt" label={t('incidents.fields.startedAt')}>
          <DistrictDatePicker showTime aria-label={t('incidents.fields.startedAt')} />
        </Form.Item>
        <Form.Item name="planId" label={t('incidents.fields.plan')}>
          <Select
            allowClear
            aria-label={t('incidents.fields.plan')}
            options={(options.data?.plans ?? []).map((p) => ({
              value: p.id,
              label: `${i18n.language === 'en' ? p.nameEn : p.name} (${p.code})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('incidents.fields.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
