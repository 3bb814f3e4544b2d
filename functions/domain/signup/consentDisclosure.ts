/**
 * The exact consent wording shown next to each checkbox, versioned and hashed (S1).
 *
 * The ledger stores the version id and the SHA-256 of the text the person actually saw, so the
 * clinic can later prove what was agreed to. Change the wording => bump the version.
 */
import { createHash } from 'node:crypto';
import type { Channel, Language } from '../core/model.js';

export interface Disclosure {
  version: string;
  text: string;
  hash: string;
}

interface ProgramFacts {
  clinicName: string;
  programName: string;
}

const wording: Record<Channel, { version: string; text: Record<Language, (p: ProgramFacts) => string> }> = {
  email: {
    version: 'email-consent-v1',
    text: {
      en: (p) =>
        `Yes, email me the ${p.programName} series from ${p.clinicName}: about one email every few days for about 4 weeks, then occasional updates. I can unsubscribe at any time with one click.`,
      es: (p) =>
        `Sí, envíenme por correo electrónico la serie ${p.programName} de ${p.clinicName}: un correo cada pocos días durante unas 4 semanas y luego avisos ocasionales. Puedo darme de baja en cualquier momento con un clic.`,
    },
  },
  sms: {
    version: 'sms-consent-v1',
    text: {
      en: (p) =>
        `Yes, send me recurring automated marketing and educational text messages from ${p.clinicName} (${p.programName}) at the mobile number above. Up to 4 msgs/month. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to cancel, HELP for help. See the Terms and the Privacy notice.`,
      es: (p) =>
        `Sí, envíenme mensajes de texto automatizados y recurrentes, educativos y de mercadeo, de ${p.clinicName} (${p.programName}) al número móvil indicado. Hasta 4 mensajes al mes. El consentimiento no es condición de compra. Pueden aplicarse tarifas de mensajes y datos. Responda STOP para cancelar y HELP para ayuda. Vea los Términos y el Aviso de privacidad.`,
    },
  },
};

export const consentDisclosure = (channel: Channel, language: Language, program: ProgramFacts): Disclosure => {
  const text = wording[channel].text[language](program);
  return {
    version: `${wording[channel].version}-${language}`,
    text,
    hash: createHash('sha256').update(text).digest('hex'),
  };
};
