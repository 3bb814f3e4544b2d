/**
 * A realistic MergeContext for previews, tests and benchmarks.
 *
 * Links have the length of real signed links (`/c/` + 30 characters, about 57 characters), so
 * SMS segment counts measured with it hold in production.
 */
import type { ClinicProfile } from '../../contract/ClinicProfile.js';
import { loadDefaultClinicProfile } from '../clinicProfile.js';
import type { Language, MergeContext } from './mergeContext.js';

const base = 'https://carecast.example';
const token = (seed: string): string => seed.repeat(30).slice(0, 30);

/**
 * @param clinic the profile in force; the console passes its own (a Lambda bundle has no
 *   templates/clinic.yaml to read), builds and tests default to the shipped one.
 */
export const sampleMergeContext = (language: Language, clinic: ClinicProfile = loadDefaultClinicProfile()): MergeContext => {
  const office = clinic.locations[0];
  return {
    subscriber: { firstName: language === 'es' ? 'María' : 'Maria' },
    clinic,
    links: {
      unsubscribe: `${base}/u/${token('U')}`,
      preferences: `${base}/u/${token('P')}`,
      booking: `${base}/c/${token('B')}`,
      confirm: `${base}/api/confirm?t=${token('C')}`,
      terms: `${base}/terms`,
      privacy: `${base}/privacy`,
    },
    booking: {
      locationName: office?.name ?? 'Newport Beach',
      locationAddress: office?.address ?? 'Newport Beach, CA',
      preferredTimes: language === 'es' ? 'Martes o jueves por la mañana' : 'Tuesday or Thursday mornings',
      reason: language === 'es' ? 'Dolor de cuello' : 'Neck pain',
      firstName: language === 'es' ? 'María' : 'Maria',
      email: 'maria@example.com',
      phone: '+19495550123',
    },
    inboundText: {
      body: language === 'es' ? '¿Puedo hacer los estiramientos si me duele el cuello?' : 'Can I do the stretches if my neck hurts?',
      receivedAt: '2026-03-02T17:04:00.000Z',
      firstName: language === 'es' ? 'María' : 'Maria',
      phone: '+19495550123',
    },
  };
};
