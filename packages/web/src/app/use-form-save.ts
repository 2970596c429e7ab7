import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formFieldErrors, translateError } from './errors.ts';

/**
 * Submits a form through `save` and puts the server's answer where the user looks for it:
 * `validation_failed` issues beside their fields, anything else (conflict, forbidden …) above the form.
 *
 * @example
 * const { submit, saving, formError } = useFormSave(form, ['name', 'code'], (values) => api.post('/api/agencies', values), onSaved);
 * <Form form={form} onFinish={submit}>
 */
export function useFormSave<V, R>(
  form: FormInstance<V>,
  fields: readonly string[],
  save: (values: V) => Promise<R>,
  onSaved: (result: R) => void,
) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(values: V) {
    setSaving(true);
    setFormError(null);
    try {
      const result = await save(values);
      onSaved(result);
    } catch (error) {
      const { fields: placed, unplaced } = formFieldErrors(t, error, fields);
      form.setFields(placed as Parameters<FormInstance<V>['setFields']>[0]);
      setFormError(placed.length > 0 ? (unplaced.length > 0 ? unplaced.join('; ') : null) : translateError(t, error));
    } finally {
      setSaving(false);
    }
  }

  return { submit, saving, formError, clearError: () => setFormError(null) };
}
