/**
 * The agreement of a link: per kind of record, what this platform sends to the neighbour and what it takes
 * from it. Each side keeps its own (the law of each district applies to what it sends); a message of a kind the
 * receiver's agreement does not take is refused back to the sender with the reason `not_in_agreement`.
 *
 * - `caseNotifications`: a case reported here whose residence lies in the neighbour is notified to it
 *   (`personalData`: name, identity number, phone and address go with it, as the law allows for notifiable
 *   diseases; without, only what cannot name the person: disease, classification, dates, sex and age).
 * - `borderAlerts`: alerts of ours on the townships named in `townshipIds` (those bordering the neighbour) are
 *   shared read-only; `synced`: their status and warning level follow (else the neighbour sees them as shared).
 */
import { z } from '@hono/zod-openapi';

export const CaseNotificationsAgreementSchema = z
  .object({
    send: z.boolean().openapi({ description: 'this platform notifies the neighbour of cases who live there' }),
    accept: z.boolean().openapi({ description: "this platform takes the neighbour's notifications into its inbox" }),
    personalData: z.boolean().openapi({ description: 'notifications sent carry name, identity number, phone and address' }),
  })
  .strict()
  .openapi('CaseNotificationsAgreement');

export const BorderAlertsAgreementSchema = z
  .object({
    send: z.boolean().openapi({ description: 'this platform shares its alerts on the border townships below' }),
    accept: z.boolean().openapi({ description: "this platform takes the neighbour's border alerts" }),
    synced: z.boolean().openapi({ description: 'status and warning level changes follow (false: view-only, as shared)' }),
    townshipIds: z
      .array(z.uuid())
      .max(50)
      .openapi({ description: 'our townships bordering the neighbour: their alerts (and their communities’) are shared' }),
  })
  .strict()
  .openapi('BorderAlertsAgreement');

export const ContactNotificationsAgreementSchema = z
  .object({
    send: z.boolean().openapi({ description: 'this platform notifies the neighbour of contacts who live or stay there' }),
    accept: z.boolean().openapi({ description: "this platform takes the neighbour's contact notifications into its inbox" }),
    personalData: z.boolean().openapi({ description: 'notifications sent carry name, identity number, phone and address' }),
  })
  .strict()
  .openapi('ContactNotificationsAgreement');

export const AgreementsSchema = z
  .object({
    caseNotifications: CaseNotificationsAgreementSchema,
    borderAlerts: BorderAlertsAgreementSchema,
    // 0067 (issue 16, contacts): optional in a request (a link made before reads as "not shared")
    contactNotifications: ContactNotificationsAgreementSchema.optional(),
  })
  .strict()
  .openapi('NeighbourAgreements');

export type Agreements = z.infer<typeof AgreementsSchema>;

/** A new link shares nothing until an administrator says so. */
export const NO_AGREEMENTS: Agreements = {
  caseNotifications: { send: false, accept: false, personalData: false },
  borderAlerts: { send: false, accept: false, synced: true, townshipIds: [] },
  contactNotifications: { send: false, accept: false, personalData: false },
};

/**
 * What the demo districts agree: cases both ways, with personal data (notifiable diseases); border alerts taken
 * (each side names its border townships: none until an administrator does).
 */
export const DEMO_AGREEMENTS: Agreements = {
  caseNotifications: { send: true, accept: true, personalData: true },
  borderAlerts: { send: false, accept: true, synced: true, townshipIds: [] },
  contactNotifications: { send: true, accept: true, personalData: true },
};

/** The agreement as stored, completed with the defaults (a kind added later reads as "not shared"). */
export function agreementsOf(stored: unknown): Agreements {
  const parsed = AgreementsSchema.partial().safeParse(stored);
  const value = parsed.success ? parsed.data : {};
  return { ...NO_AGREEMENTS, ...value };
}

/** The contact notifications' agreement of a link (a link made before 0067 shares none). */
export function contactAgreementOf(stored: unknown): z.infer<typeof ContactNotificationsAgreementSchema> {
  return agreementsOf(stored).contactNotifications ?? { send: false, accept: false, personalData: false };
}
