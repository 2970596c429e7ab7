import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { CONFLICT_REASONS, fieldIssues, fieldNamePath, formFieldErrors, translateError } from './errors.ts';
import { createI18n } from './i18n/i18n.ts';

const zh = createI18n('zh-CN').t;
const en = createI18n('en').t;

describe('translateError', () => {
  it('translates each contract error id in both languages', () => {
    const locked = new ApiError(423, 'account_locked', 'Account locked until 10:00');
    expect(translateError(zh, locked)).toBe('连续登录失败次数过多，账号已被临时锁定，请稍后再试或联系管理员');
    expect(translateError(en, locked)).toBe(
      'Too many failed sign-ins: the account is locked for a while. Try again later or ask an administrator',
    );
    const badCredentials = new ApiError(401, 'unauthenticated', 'Sign-in required');
    expect(translateError(zh, badCredentials)).toBe('用户名或密码错误，或登录已过期，请重新登录');
    expect(translateError(en, new ApiError(404, 'not_found', 'facility not found'))).toBe('Not found, or outside your jurisdiction');
  });

  it('says until when an account is locked, in the UI language', () => {
    const until = new Date(Date.UTC(2026, 10, 29, 6, 5));
    const locked = new ApiError(423, 'account_locked', 'locked', { lockedUntil: until.toISOString() });
    const zhTime = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit' }).format(until);
    const enTime = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' }).format(until);
    expect(translateError(zh, locked)).toBe(`连续登录失败次数过多，账号已被临时锁定至 ${zhTime}，请届时再试或联系管理员`);
    expect(translateError(en, locked)).toBe(
      `Too many failed sign-ins: the account is locked until ${enTime}. Try again then or ask an administrator`,
    );
  });

  it('never shows the server message, even for an id it does not know', () => {
    const error = new ApiError(418, 'teapot', 'I am a teapot');
    expect(translateError(en, error)).toBe('Something went wrong; try again later');
    expect(translateError(zh, new Error('boom'))).toBe('发生未知错误，请稍后重试');
  });

  it('says how long to wait when rate limited', () => {
    const limited = new ApiError(429, 'rate_limited', 'Too many', { retryAfterSeconds: 41.2 });
    expect(translateError(zh, limited)).toBe('尝试次数过多，请在 42 秒后再试');
    expect(translateError(en, limited)).toBe('Too many attempts; try again in 42 s');
    expect(translateError(en, new ApiError(429, 'rate_limited', 'Too many'))).toBe('Too many attempts; try again later');
  });
});

describe('validation details beside the fields', () => {
  const failure = new ApiError(400, 'validation_failed', 'The request is not valid', [
    { path: 'phone', message: 'digits, spaces and + - ( ) only' },
    { path: 'roles.0.jurisdictionId', message: 'outside your jurisdiction' },
    { path: '', message: 'give at least one field to change' },
    { path: 'unknownField', message: 'Unrecognized key' },
  ]);

  it('splits dotted paths into form name paths', () => {
    expect(fieldNamePath('roles.0.jurisdictionId')).toEqual(['roles', 0, 'jurisdictionId']);
    expect(fieldNamePath('phone')).toEqual(['phone']);
    expect(fieldNamePath('')).toEqual([]);
  });

  it('puts issues on known fields and keeps the rest for the form banner', () => {
    const { fields, unplaced } = formFieldErrors(en, failure, ['phone', 'roles']);
    expect(fields).toEqual([
      { name: ['phone'], errors: ['This value is not valid (digits, spaces and + - ( ) only)'] },
      { name: ['roles', 0, 'jurisdictionId'], errors: ['This value is not valid (outside your jurisdiction)'] },
    ]);
    expect(unplaced).toEqual([
      'This value is not valid (give at least one field to change)',
      'unknownField: This value is not valid (Unrecognized key)',
    ]);
  });

  it('uses the Chinese lead-in in Chinese', () => {
    const { fields } = formFieldErrors(zh, failure, ['phone']);
    expect(fields[0].errors[0]).toBe('该字段的值无效（digits, spaces and + - ( ) only）');
  });

  it('lists several issues on one field together', () => {
    const password = new ApiError(400, 'validation_failed', 'bad', [
      { path: 'password', message: 'must be at least 10 characters long' },
      { path: 'password', message: 'must mix at least 3 of: …' },
    ]);
    expect(formFieldErrors(en, password, ['password']).fields).toEqual([
      {
        name: ['password'],
        errors: ['This value is not valid (must be at least 10 characters long)', 'This value is not valid (must mix at least 3 of: …)'],
      },
    ]);
  });

  it("gives the password policy's coded issues their own sentence in both languages", () => {
    const guessable = new ApiError(400, 'validation_failed', 'bad', [
      { path: 'newPassword', code: 'password_guessable', message: 'is too easy to guess' },
    ]);
    expect(formFieldErrors(en, guessable, ['newPassword']).fields[0].errors[0]).toMatch(/^This password is too easy to guess/);
    expect(formFieldErrors(zh, guessable, ['newPassword']).fields[0].errors[0]).toMatch(/^该密码过于容易被猜中/);
  });

  it('puts a conflict on the clashing field, fully translated', () => {
    const duplicate = new ApiError(409, 'conflict', 'This agency code is already in use', [{ path: 'code', message: 'already in use' }]);
    expect(formFieldErrors(zh, duplicate, ['code'])).toEqual({
      fields: [{ name: ['code'], errors: ['该值已被其他记录使用'] }],
      unplaced: [],
    });
  });

  it('finds no field issues in other errors', () => {
    expect(fieldIssues(new ApiError(403, 'forbidden', 'no', [{ path: 'code', message: 'x' }]))).toEqual([]);
    expect(fieldIssues(new ApiError(409, 'conflict', 'stale'))).toEqual([]);
    expect(fieldIssues(new ApiError(400, 'validation_failed', 'bad', 'not a list'))).toEqual([]);
    expect(formFieldErrors(en, new Error('x'), ['code'])).toEqual({ fields: [], unplaced: [] });
  });
});

describe('conflict reasons', () => {
  it('has a sentence for every reason of the contract in both languages', () => {
    expect(CONFLICT_REASONS.length).toBeGreaterThan(15);
    const general = { zh: zh('errors.conflict'), en: en('errors.conflict') };
    for (const reason of CONFLICT_REASONS) {
      const error = new ApiError(409, 'conflict', 'English developer text', { status: 'x' }, reason);
      const zhText = translateError(zh, error);
      const enText = translateError(en, error);
      // a missing key would fall back to the general sentence (or show the key itself)
      expect(zhText, `zh-CN conflicts.${reason}`).not.toBe(general.zh);
      expect(zhText).not.toContain('conflicts.');
      expect(zhText).toMatch(/[\u4e00-\u9fff]/);
      expect(enText, `en conflicts.${reason}`).not.toBe(general.en);
      expect(enText).not.toContain('conflicts.');
    }
  });

  it('says what the conflict is: four-eyes approval, a duplicate', () => {
    const fourEyes = new ApiError(409, 'conflict', 'Four-eyes rule: …', { rule: 'four_eyes', roles: ['submitter'] }, 'four_eyes');
    expect(translateError(zh, fourEyes)).toBe('不能批准：按四眼原则，预案版本不能由其最后修改人或提交审核人批准，请由另一位审批人批准');
    expect(translateError(en, fourEyes)).toMatch(/^Cannot approve: under the four-eyes rule/);
    const duplicate = new ApiError(409, 'conflict', 'taken', [{ path: 'username', message: 'already taken' }], 'already_exists');
    expect(translateError(en, duplicate)).toMatch(/already exists/);
  });

  it('falls back to the general sentence for a reason this build does not know, or none', () => {
    expect(translateError(en, new ApiError(409, 'conflict', 'x', undefined, 'from_a_newer_server'))).toBe(en('errors.conflict'));
    expect(translateError(zh, new ApiError(409, 'conflict', 'x'))).toBe(zh('errors.conflict'));
  });
});
