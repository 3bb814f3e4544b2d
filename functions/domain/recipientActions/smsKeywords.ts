/**
 * Classifies an inbound text (S4): opt-out words in English and Spanish, HELP/INFO, opt-in
 * words, and free text a reasonable person reads as "stop" (FCC: any reasonable means).
 *
 * Keywords match in any case, with surrounding spaces, punctuation, accents, repeats and polite
 * words ("Stop please", "STOP STOP", "para, por favor"). Free text is matched by phrases that
 * name the messages ("no more texts", "stop texting me", "no me manden más mensajes"), so a
 * reply such as "no more pain since the visit" is not mistaken for an opt-out. Unsure means
 * 'other': the text is kept for staff, who can revoke by hand (S7).
 */
export type InboundIntent = 'stop' | 'help' | 'start' | 'other';

const STOP_WORDS = new Set([
  'STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'OPT-OUT',
  'REMOVE', 'ARRET', 'TD', 'PARA', 'PARAR', 'ALTO', 'BASTA', 'CANCELAR', 'DETENER', 'BAJA',
]);
const HELP_WORDS = new Set(['HELP', 'INFO', 'AYUDA']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'Y', 'SI']);

/** Words that may surround a keyword without changing its meaning. */
const LEADING_FILLERS = ['PLEASE', 'PLS', 'PLZ', 'OK', 'OKAY', 'POR FAVOR', 'YA'];
const TRAILING_FILLERS = ['PLEASE', 'PLS', 'PLZ', 'NOW', 'THANKS', 'THANK YOU', 'THX', 'IT', 'THIS', 'ALREADY', 'POR FAVOR', 'GRACIAS', 'YA'];

/** Free-text opt-outs: "please stop texting me", "no more texts", "no me manden más mensajes". */
const FREE_TEXT_STOP = [
  /\bstop(?:ped)?\b.{0,40}\b(text|texts|texting|txt|message|messages|messaging|sms|contact|contacting|send|sending)\b/i,
  /\b(no|don'?t|do not|never)\b.{0,30}\b(more|send|sending|text|txt)\b.{0,30}\b(texts?|txts?|messages?|msgs?|sms)\b/i,
  /\b(don'?t|do not|never)\s+(text|txt|message|contact|sms)\s+(me|us|this number)\b/i,
  /\b(unsubscribe|opt ?-?out|take me off|remove me|leave me alone|wrong number)\b/i,
  /\bno\b.{0,30}\bm[aá]s\b.{0,20}\b(mensajes?|textos?|sms)\b/i,
  /\b(dejen|deje|dejar|paren|pare)\b.{0,20}\b(mandar|enviar|escribir|mensajear)/i,
  /\b(ya no|no quiero)\b.{0,30}\b(mensajes?|textos?|recibir)\b/i,
  /\bn[uú]mero equivocado\b/i,
];

const normalise = (body: string): string =>
  body
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // ARRÊT → ARRET, SÍ → SI
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/\s*[,.!?;]+\s*/g, ' ')
    .trim()
    .toUpperCase();

/** The keyword left after polite words and repeats are removed, if only one kind remains. */
const coreKeyword = (word: string, words: Set<string>): boolean => {
  if (words.has(word)) return true;
  let core = ` ${word} `;
  let changed = true;
  while (changed) {
    changed = false;
    for (const f of LEADING_FILLERS) {
      if (core.startsWith(` ${f} `)) {
        core = core.slice(f.length + 1);
        changed = true;
      }
    }
    for (const f of TRAILING_FILLERS) {
      if (core.endsWith(` ${f} `)) {
        core = core.slice(0, core.length - f.length - 1);
        changed = true;
      }
    }
  }
  const tokens = core.trim().split(' ').filter(Boolean);
  if (tokens.length === 0 || tokens.length > 6) return false;
  // "STOP STOP STOP", "OPT OUT STOP": every token, or two-word keyword, is one of `words`.
  for (let i = 0; i < tokens.length; ) {
    if (i + 1 < tokens.length && words.has(`${tokens[i]} ${tokens[i + 1]}`)) i += 2;
    else if (words.has(tokens[i] as string)) i += 1;
    else return false;
  }
  return true;
};

export const classifyInboundText = (body: string): InboundIntent => {
  const word = normalise(body);
  if (word.length <= 40) {
    if (coreKeyword(word, STOP_WORDS)) return 'stop';
    if (coreKeyword(word, HELP_WORDS)) return 'help';
    if (coreKeyword(word, START_WORDS)) return 'start';
  }
  const plain = body.normalize('NFC').trim();
  if (plain.length <= 300 && FREE_TEXT_STOP.some((re) => re.test(plain))) return 'stop';
  return 'other';
};
