/**
 * The agreement form's fields for requests for help and daily figures (issue 16, items 5–6), inside the link
 * page's agreement form: what this platform sends and takes.
 */
import { Checkbox, Form, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function AgreementWorkFields() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
        {t('neighbourWork.agreement.mutualAid')}
      </Typography.Text>
      <Space wrap style={{ display: 'flex', marginTop: 8 }}>
        <Form.Item name={['mutualAid', 'send']} valuePropName="checked" noStyle>
          <Checkbox>{t('neighbours.agreement.send')}</Checkbox>
        </Form.Item>
        <Form.Item name={['mutualAid', 'accept']} valuePropName="checked" noStyle>
          <Checkbox>{t('neighbours.agreement.accept')}</Checkbox>
        </Form.Item>
      </Space>
      <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
        {t('neighbourWork.agreement.dailyFigures')}
      </Typography.Text>
      <Space wrap style={{ display: 'flex', marginTop: 8 }}>
        <Form.Item name={['dailyFigures', 'send']} valuePropName="checked" noStyle>
          <Checkbox>{t('neighbours.agreement.send')}</Checkbox>
        </Form.Item>
        <Form.Item name={['dailyFigures', 'accept']} valuePropName="checked" noStyle>
          <Checkbox>{t('neighbours.agreement.accept')}</Checkbox>
        </Form.Item>
        <Form.Item name={['dailyFigures', 'smallNumbers']} valuePropName="checked" noStyle>
          <Checkbox>{t('neighbourWork.agreement.smallNumbers')}</Checkbox>
        </Form.Item>
      </Space>
    </>
  );
}
