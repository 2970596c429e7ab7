/**
 * The hand-off contacts run: when a contact becomes a case (converted to a suspected or a confirmed case), its
 * stay in quarantine ends — the person goes to hospital or into a case's isolation, and the room is freed.
 * Quarantine builds on contacts, so contacts does not import it; the quarantine feature registers the handler
 * (features/feature-hooks.ts) and ends the stay in the conversion's transaction, audited with the same actor.
 */
import type { AuditActor } from '../../platform/audit/audit.ts';
import type { ContactStatus } from './contacts.tables.ts';

declare module '../../platform/hooks/hooks.ts' {
  interface Hooks {
    'contacts.converted': {
      payload: {
        contactId: string;
        contactCode: string;
        status: Extract<ContactStatus, 'converted_suspected' | 'converted_confirmed'>;
        caseReportId: string | null;
        actor: AuditActor | null;
        ip: string | null;
        now: Date;
      };
      /** the stays that the conversion ended */
      result: { releasedStayIds: string[] };
    };
  }
}
