/**
 * Classifies an inbound text (S4): opt-out words in English and Spanish, HELP/INFO, opt-in
 * words, and free text a reasonable person reads as "stop" (FCC: any reasonable means).
 */
export type InboundIntent = 'stop' | 'help' | 'start' | 'other';

const STOP_WORDS = new Set([
  'STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'OPT-OUT',
  'REMOVE', 'ARRET', 'TD', 'PARA', 'PARAR', 'ALTO', 'BASTA', 'CANCELAR', 'DETENER', 'BAJA',
]);
const HELP_WORDS = new Set(['HELP', 'INFO', 'AYUDA']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'Y', 'SI', 'SÍ']);

/** Free-text opt-outs: "please stop texting me", "no more texts", "no me manden más mensajes". */
const FREE_TEXT_STOP = [
  /\bstop\b.*\b(text|texting|message|messaging|sms|contact)/i,
  /\b(no|don'?t|do not)\b.*\b(more|send|text|texts|message|messages)\b.*\b(text|texts|message|messages|me)?/i,
  /\b(unsubscribe|opt ?out|take me off|remove me|leave me alone)\b/i,
  /\bno\b.*\b(m[aá]s)\b.*\b(mensajes?|textos?)\b/i,
  /\b(dejen|deje|dejar)\b.*\b(mandar|enviar|escribir)/i,
  /\b(ya no|no quiero)\b.*\b(mensajes?|textos?|recibir)\b/i,
];

const normalise = (body: string): string =>
  body
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toUpperCase();

export const classifyInboundText = (body: string): InboundIntent => {
  const word = normalise(body);
  if (STOP_WORDS.has(word)) return 'stop';
  if (HELP_WORDS.has(word)) return 'help';
  if (START_WORDS.has(word)) return 'start';
  const plain = body.normalize('NFC').trim();
  if (plain.length <= 200 && FREE_TEXT_STOP.some((re) => re.test(plain))) return 'stop';
  return 'other';
};
