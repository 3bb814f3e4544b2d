/**
 * A patient's whole consent record as proof (TCPA, S1, S10; issue 11): every grant, confirmation
 * and revocation with the exact consent text and its version and hash, time, IP, user agent,
 * source form or link. Staff export it by subscriber id; each export is audited (P9) by id only.
 */
import { recordAudit } from './auditLog.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import { consentDisclosure } from '../signup/consentDisclosure.js';
import type { DomainContext } from '../core/domainContext.js';
import { NotFound } from '../core/errors.js';
import type { Channel, ConsentRecord, Language } from '../core/model.js';

export interface ConsentExport {
  subscriberId: string;
  exportedAt: string;
  exportedBy: string;
  /** As stored (as the person typed them); absent after a deletion request (P8). */
  email?: string;
  phone?: string;
  channels: { channel: Channel; status: string }[];
  /** Oldest first. `text` is the wording the version and hash name, when this deployment still knows it. */
  records: (ConsentRecord & { text?: string; textMatches?: boolean })[];
}

/** The disclosure text behind a ledger row's version (`email-consent-v1-en`), checked against its hash. */
const disclosureOf = (deps: DomainContext, r: ConsentRecord): { text?: string; textMatches?: boolean } => {
  const lang = r.textVersion.slice(-2) as Language;
  if (lang !== 'en' && lang !== 'es') return {};
  const d = consentDisclosure(r.channel, lang, { clinicName: deps.settings.clinic.name, programName: deps.settings.clinic.programName });
  return d.version === r.textVersion ? { text: d.text, textMatches: d.hash === r.textHash } : {};
};

/** @throws NotFound when no such subscriber */
export const exportConsentRecord = async (deps: DomainContext, actor: StaffActor, subscriberId: string): Promise<ConsentExport> => {
  const now = deps.clock.now();
  const s = await deps.store.getSubscriber(subscriberId, now);
  if (!s) throw new NotFound('subscriber');
  const records = (await deps.store.listConsent(subscriberId)).sort((a, b) => a.at.localeCompare(b.at));
  await recordAudit(deps, actor, 'consent.export', `subscriber:${subscriberId}`, { after: { records: records.length } });
  return {
    subscriberId,
    exportedAt: now.toISOString(),
    exportedBy: actor.name ?? actor.sub,
    ...(s.email ? { email: s.email } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    channels: [
      { channel: 'email', status: s.emailStatus },
      { channel: 'sms', status: s.smsStatus },
    ],
    records: records.map((r) => ({ ...r, ...disclosureOf(deps, r) })),
  };
};
