/**
 * Importing a contact list as CSV or XLSX (GBK as saved by Chinese Excel too): the shared import wizard (kind
 * 'contacts': column mapping, row errors, all or nothing, duplicates shown before the run) and the history.
 */
import { Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportHistory } from '../imports/import-history.tsx';
import { ImportWizard } from '../imports/import-wizard.tsx';

export function ContactsImportPage() {
  const { t } = useTranslation();
  const [wizardKey, setWizardKey] = useState(0);
  return (
    <div>
      <Typography.Title level={3}>{t('contacts.tracing.import.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('contacts.tracing.import.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 24 }}>
        <ImportWizard key={wizardKey} kind="contacts" />
      </Card>
      <ImportHistory kind="contacts" onOpen={() => setWizardKey((k) => k + 1)} />
    </div>
  );
}
