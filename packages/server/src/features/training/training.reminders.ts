/**
 * Reminders of expiring certificates (job 'training.reminders', daily at 07:30 district time): each certificate
 * that expires within the next 30 days and was not revoked is announced once — to its holder (a staff user, or a
 * volunteer's own account) and to the holders of training.manage over the holder's home, so that a refresher
 * session can be planned before the person stops counting as ready. `reminded_at` keeps it from repeating.
 */
import { and, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { notify } from '../notifications/index.ts';
import { volunteers } from '../volunteers/index.ts';
import { addDays } from './readiness.ts';
import { trainingCertificates, trainingCourses } from './training.tables.ts';

/** Days before expiry when the reminder goes out. */
export const REMINDER_DAYS = 30;

/** Sends the reminders due at `now`; returns how many certificates were announced. */
export async function sendExpiryReminders(database: Database, now: Date): Promise<number> {
  const today = districtToday(now);
  return database.db.transaction(async (tx) => {
    const due = await tx
      .select({ certificate: trainingCertificates, course: trainingCourses })
      .from(trainingCertificates)
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingCertificates.courseId))
      .where(
        and(
          isNull(trainingCertificates.revokedAt),
          isNull(trainingCertificates.remindedAt),
          gt(trainingCertificates.expiresOn, today),
          lte(trainingCertificates.expiresOn, addDays(today, REMINDER_DAYS)),
        ),
      )
      .for('update', { of: trainingCertificates });
    if (due.length === 0) return 0;
    const volunteerIds = due.map((d) => d.certificate.volunteerId).filter((x): x is string => !!x);
    const accounts = new Map(
      volunteerIds.length
        ? (
            await tx.select({ id: volunteers.id, userId: volunteers.userId }).from(volunteers).where(inArray(volunteers.id, volunteerIds))
          ).map((v) => [v.id, v.userId])
        : [],
    );
    for (const { certificate: c, course } of due) {
      const holder = c.userId ?? (c.volunteerId ? accounts.get(c.volunteerId) : null) ?? null;
      await notify(tx, {
        recipients: { userIds: holder ? [holder] : [], right: 'training.manage', jurisdictionId: c.jurisdictionId },
        kind: 'training.expiring',
        severity: 'info',
        title: `培训证书即将到期：${course.title}（${c.code}，${c.expiresOn} 到期）`,
        titleEn: `Certificate expiring: ${course.titleEn} (${c.code}, expires ${c.expiresOn})`,
        link: '/training?tab=certificates',
        entity: { type: 'training_certificate', id: c.id },
        actorId: null,
      });
    }
    await tx
      .update(trainingCertificates)
      .set({ remindedAt: now })
      .where(
        inArray(
          trainingCertificates.id,
          due.map((d) => d.certificate.id),
        ),
      );
    return due.length;
  });
}
