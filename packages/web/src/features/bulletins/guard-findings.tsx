/**
 * The guard's findings shown to the author: each text with its offending spans highlighted (identity numbers,
 * phones, names of case persons or contacts, residential addresses), so they can be found and removed.
 */
import { Alert, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuardFinding } from './bulletins-api.ts';

export function GuardFindings({ findings, texts }: { findings: GuardFinding[]; texts: Record<string, string | null | undefined> }) {
  const { t } = useTranslation();
  if (findings.length === 0) return null;
  const fields = [...new Set(findings.map((f) => f.field))];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={t('bulletins.guard.title', { count: findings.length })}
      description={
        <div data-testid="guard-findings">
          {fields.map((field) => {
            const text = texts[field] ?? '';
            const own = findings.filter((f) => f.field === field).sort((a, b) => a.start - b.start);
            const parts: ReactNode[] = [];
            let at = 0;
            own.forEach((f) => {
              if (f.start > at) parts.push(text.slice(at, f.start));
              parts.push(
                <mark
                  key={`${f.start}-${f.end}`}
                  title={t(`bulletins.guard.kind.${f.kind}`)}
                  style={{ background: '#ffccc7', padding: '0 2px' }}
                >
                  {text.slice(f.start, f.end) || f.text}
                </mark>,
              );
              at = f.end;
            });
            if (at < text.length) parts.push(text.slice(at));
            return (
              <div key={field} style={{ marginBottom: 8 }}>
                <Typography.Text strong>{t(`bulletins.field.${field.startsWith('riskAreas.') ? 'riskNote' : field}`)}</Typography.Text>
                <ul style={{ margin: '4px 0' }}>
                  {own.map((f) => (
                    <li key={`${f.start}-${f.end}`}>
                      {t(`bulletins.guard.kind.${f.kind}`)}: <code>{f.text}</code>
                    </li>
                  ))}
                </ul>
                {text && (
                  <div style={{ whiteSpace: 'pre-wrap', maxHeight: 160, overflow: 'auto', border: '1px solid #f0f0f0', padding: 8 }}>
                    {parts}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      }
    />
  );
}
