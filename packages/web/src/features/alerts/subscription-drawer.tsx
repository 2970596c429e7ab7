/**
 * "My alert subscription": which new alerts I am told of (bell, inbox, channels) — alert classes, diseases and
 * places within my area. Class A alerts reach every verifier whatever is chosen here. Without a stored choice my
 * roles' default applies (commanders: Class A only; surveillance staff and township officers: everything).
 */
import { App, Alert as AntAlert, Button, Checkbox, Drawer, Form, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { translateError } from '../../app/errors.ts';
import { useDiseases } from '../cases/cases-api.ts';
import { buildJurisdictionTree, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { ALERT_CLASSES, type AlertClass, CLASS_COLOURS, useAlertSubscription, useSaveAlertSubscription } from './alerts-api.ts';

interface Values {
  alertClasses: AlertClass[];
  diseaseIds: string[];
  jurisdictionIds: string[];
}

export function SubscriptionDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const subscription = useAlertSubscription();
  const save = useSaveAlertSubscription();
  const diseases = useDiseases();
  const jurisdictions = useJurisdictions();

  useEffect(() => {
    if (open && subscription.data) {
      form.setFieldsValue({
        alertClasses: subscription.data.alertClasses,
        diseaseIds: subscription.data.diseaseIds,
        jurisdictionIds: subscription.data.jurisdictionIds,
      });
    }
  }, [open, subscription.data, form]);

  async function submit(values: Values) {
    await save.mutateAsync({
      alertClasses: values.alertClasses ?? [],
      diseaseIds: values.diseaseIds ?? [],
      jurisdictionIds: values.jurisdictionIds ?? [],
    });
    message.success(t('common.saved'));
    onClose();
  }

  async function reset() {
    await save.mutateAsync('default');
    message.success(t('alerts.subscription.resetDone'));
    onClose();
  }

  const data = subscription.data;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('alerts.subscription.title')}
      // fits a phone: the whole screen below 520 px
      size="min(520px, 100vw)"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="subscription-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('alerts.subscription.intro')}</Typography.Paragraph>
      {data && (
        <Typography.Paragraph>
          {data.isDefault ? t('alerts.subscription.usingDefault') : t('alerts.subscription.usingOwn')}{' '}
          {t('alerts.subscription.roleDefault')}{' '}
          {data.roleDefault.length > 0
            ? data.roleDefault.map((c) => (
                <Tag key={c} color={CLASS_COLOURS[c]}>
                  {t(`alerts.classes.${c}`)}
                </Tag>
              ))
            : t('alerts.subscription.nothing')}
        </Typography.Paragraph>
      )}
      {save.error && <AntAlert type="error" showIcon message={translateError(t, save.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="alertClasses" label={t('alerts.subscription.classes')} extra={t('alerts.subscription.classAAlways')}>
          <Checkbox.Group
            options={ALERT_CLASSES.map((value) => ({
              value,
              label: `${t(`alerts.classes.${value}`)} — ${t(`alerts.classHelp.${value}`)}`,
            }))}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          />
        </Form.Item>
        <Form.Item name="diseaseIds" label={t('alerts.subscription.diseases')} extra={t('alerts.subscription.diseasesHelp')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            placeholder={t('alerts.allDiseases')}
            options={(diseases.data?.items ?? []).map((d) => ({ value: d.id, label: localName(d, i18n.language) }))}
          />
        </Form.Item>
        <Form.Item name="jurisdictionIds" label={t('alerts.subscription.places')} extra={t('alerts.subscription.placesHelp')}>
          <TreeSelect
            multiple
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('alerts.subscription.wholeArea')}
            treeData={buildJurisdictionTree(jurisdictions.data ?? [], i18n.language)}
          />
        </Form.Item>
      </Form>
      {data && !data.isDefault && (
        <Button onClick={() => void reset()} loading={save.isPending}>
          {t('alerts.subscription.reset')}
        </Button>
      )}
    </Drawer>
  );
}
