import { describe, expect, it } from 'vitest';
import { assigneeName, taskFormField } from './tasks-api.ts';

describe('tasks-api helpers', () => {
  it('names the assignee in the UI language', () => {
    const task = {
      assigneeAgencyName: '嘉江区公安分局',
      assigneeAgencyNameEn: 'District J Public Security Bureau',
      assigneeJurisdictionName: null,
      assigneeJurisdictionNameEn: null,
      assigneeUserName: '王丽华',
    };
    expect(assigneeName(task, 'zh-CN')).toBe('嘉江区公安分局 · 王丽华');
    expect(assigneeName(task, 'en')).toBe('District J Public Security Bureau · 王丽华');
    expect(assigneeName({ ...task, assigneeAgencyName: null, assigneeAgencyNameEn: null, assigneeUserName: null }, 'en')).toBe('—');
  });

  it("puts the server's field errors beside the form's pickers", () => {
    expect(taskFormField('tasks.2.assigneeAgencyId')).toBe('assigneeAgencyIds');
    expect(taskFormField('assigneeAgencyId')).toBe('assigneeAgencyIds');
    expect(taskFormField('tasks.0.jurisdictionId')).toBe('assigneeJurisdictionIds');
    expect(taskFormField('tasks.1.assigneeUserId')).toBe('assigneeUserIds');
    expect(taskFormField('tasks.1.dueAt')).toBe('dueAt');
    expect(taskFormField('checklist.0.text')).toBe('checklist');
  });
});
