/**
 * One instrument's items with their answer options, as radio groups (one question per block, phone friendly):
 * used by the counsellor's screening entry and the client's self-screening page.
 */
import { Button, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface QuestionnaireText {
  stem: string;
  stemEn: string;
  options: { label: string; labelEn: string }[];
  items: { text: string; textEn: string }[];
}

export function Questionnaire({
  text,
  submitLabel,
  onSubmit,
  busy,
}: {
  text: QuestionnaireText;
  submitLabel: string;
  onSubmit: (answers: number[]) => void;
  busy?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [answers, setAnswers] = useState<(number | undefined)[]>(() => text.items.map(() => undefined));
  const complete = answers.every((a) => a !== undefined);
  return (
    <div data-testid="psych-questionnaire">
      <Typography.Paragraph strong>{en ? text.stemEn : text.stem}</Typography.Paragraph>
      <ol style={{ paddingInlineStart: 20 }}>
        {text.items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the items of an instrument are fixed and ordered
          <li key={i} style={{ marginBottom: 12 }} data-testid={`psych-item-${i + 1}`}>
            <div style={{ marginBottom: 4 }}>{en ? item.textEn : item.text}</div>
            <Radio.Group
              value={answers[i]}
              onChange={(e) => setAnswers((a) => a.map((v, k) => (k === i ? (e.target.value as number) : v)))}
            >
              <Space wrap>
                {text.options.map((o, value) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an option's value is its position
                  <Radio key={value} value={value}>
                    {value} {en ? o.labelEn : o.label}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </li>
        ))}
      </ol>
      {!complete && <Typography.Text type="secondary">{t('psych.screen.unanswered')}</Typography.Text>}
      <div style={{ marginTop: 8 }}>
        <Button
          type="primary"
          disabled={!complete}
          loading={busy}
          onClick={() => onSubmit(answers as number[])}
          data-testid="psych-questionnaire-submit"
        >
          {submitLabel}
        </Button>
      </div>
    </div>
  );
}
