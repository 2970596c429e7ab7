/**
 * Importing case line lists: the wizard, and the history of imports in the user's area.
 */
import { Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportHistory } from './import-history.tsx';
import { ImportWizard } from './import-wizard.tsx';

export function ImportsPage() {
  const { t } = useTranslation();
  const [wizardKey, setWizardKey] = useState(0);
  return (
    <div>
      <Typography.Title level={3}>{t('imports.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('imports.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 24 }}>
        <ImportWizard key={wizardKey} kind="cases" />
      </Card>
      <ImportHistory kind="cases" onOpen={() => setWizardKey((k) => k + 1)} />
    </div>
  );
}
