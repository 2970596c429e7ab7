/**
 * What the quarantine feature receives through hooks (registered once by features/feature-hooks.ts): a contact
 * who became a case leaves quarantine — their stay ends with the reason "became a case" and the room is freed,
 * in the conversion's transaction (hook 'contacts.converted', declared by contacts).
 */
import { type HookHandler, onHook } from '../../platform/hooks/hooks.ts';
import '../contacts/index.ts';
import { releaseConvertedContact } from './quarantine.service.ts';

const releaseOnConversion: HookHandler<'contacts.converted'> = async (tx, payload) => ({
  releasedStayIds: await releaseConvertedContact(tx, payload),
});

export function registerQuarantineHooks(): void {
  onHook('contacts.converted', releaseOnConversion);
}
