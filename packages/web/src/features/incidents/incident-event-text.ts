/**
 * One incident timeline entry as a sentence in the page's language: the incident page and the command board
 * (reports) say the same thing, and a log entry written in both languages (the demo's) is shown in one
 * (app/bilingual-text.ts).
 */
import { useTranslation } from 'react-i18next';
import { inLanguage } from '../../app/bilingual-text.ts';
import { useAgencyIndex } from '../plans/plan-page.tsx';
import type { Incident, IncidentEvent, IncidentPerson } from './incidents-api.ts';

export function useEventText(people: Map<string, IncidentPerson>, incident: Pick<Incident, 'workingGroups'> | undefined) {
  const { t, i18n } = useTranslation();
  const agencies = useAgencyIndex();
  const en = i18n.language === 'en';
  const level = (l: string | null) => (l ? t(`incidents.levelShort.${l}`) : '');
  return (e: IncidentEvent): string => {
    switch (e.kind) {
      case 'opened':
        return e.data.alertCode ? t('incidents.events.openedFromAlert', { code: String(e.data.alertCode) }) : t('incidents.events.opened');
      case 'updated':
        return t('incidents.events.updated');
      case 'level_set':
        return t('incidents.events.level_set', { to: level(e.toLevel) });
      case 'level_raised':
        return t('incidents.events.level_raised', { from: level(e.fromLevel), to: level(e.toLevel) });
      case 'level_lowered':
        return t('incidents.events.level_lowered', { from: level(e.fromLevel), to: level(e.toLevel) });
      case 'level_ended':
        return t('incidents.events.level_ended', { from: level(e.fromLevel) });
      case 'stand_down':
        return t('incidents.events.stand_down');
      case 'staffing': {
        const person = people.get(String(e.data.userId))?.displayName ?? '—';
        const group = incident?.workingGroups.find((g) => g.id === e.data.workingGroupId);
        const agency = e.data.agencyId ? agencies.get(String(e.data.agencyId)) : undefined;
        const post = [
          group ? (en ? group.nameEn : group.name) : '',
          agency ? (en ? agency.nameEn : agency.name) : '',
          t(`incidents.roles.${String(e.data.role)}`),
        ]
          .filter(Boolean)
          .join(' · ');
        return t(e.data.change === 'ended' ? 'incidents.events.relieved' : 'incidents.events.assigned', { person, post });
      }
      default:
        return inLanguage(e.text, i18n.language);
    }
  };
}
