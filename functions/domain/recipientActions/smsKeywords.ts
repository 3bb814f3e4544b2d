/**
 * Classifies an inbound text as people really write it (S4, issue 11).
 *
 * Rules, in order:
 * 1. Fold the text: Unicode NFKC (full-width `ＳＴＯＰ` → `STOP`, ligatures, compatibility
 *    forms), then remove zero-width, bidi-control and soft-hyphen characters (`S\u200BTOP`),
 *    curly quotes become straight ones. Emoji and other symbols separate words (`STOP🛑`).
 * 2. A phone's reaction ("tapback") that quotes one of our texts back ("Liked “…Reply STOP to
 *    opt out”", "Reacted 👍 to “…”", "Le gustó “…”") is `reaction`: never an opt-out, and no
 *    reply goes back (two phones must not loop). Formats: iOS Messages' SMS fallback text for
 *    tapbacks in English and Spanish, and Google Messages' "Reacted <emoji> to" form.
 * 3. A whole message that is one keyword, with case, accents, punctuation, emoji, repeats and
 *    polite words around it ("Stop.", "STOP 🛑", "please unsubscribe", "BAJA", "¡Basta ya!"), is
 *    `stop`, `help` or `start`. Stop words: CTIA Messaging Principles and Best Practices (2023)
 *    §5 (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) and the FCC's 2024 order, 47 CFR
 *    64.1200(a)(10) (REVOKE, OPT OUT, plus "any reasonable means"), with Spanish equivalents.
 * 4. Free text that asks for the messages to stop is `stop` (FCC 2024: revocation "by any
 *    reasonable means"): "stop texting me", "no more texts", "no me manden más mensajes",
 *    "ya no me escriba", "no me escribas más", "dejen de escribirme".
 *    The phrases name the messages, so a question that merely contains "stop" or "para"
 *    ("does the neck spasm ever stop?", "how do I stop the pain", "¿cuándo para el dolor?")
 *    stays `other`, as does "cancel my appointment".
 * 5. Everything else is `other`: kept for staff, forwarded to the clinic inbox, and answered
 *    once a day that someone will reply (handleInboundText.ts). Staff can revoke by hand (S7).
 *
 * Every misclassification found becomes a row in tests/unit/domain/SmsKeywords.test.ts.
 */
export type InboundIntent = 'stop' | 'help' | 'start' | 'reaction' | 'other';

const STOP_WORDS = new Set([
  'STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'OPT-OUT',
  'REMOVE', 'ARRET', 'TD', 'PARA', 'PARAR', 'ALTO', 'BASTA', 'CANCELAR', 'DETENER', 'BAJA', 'DESUSCRIBIR',
]);
const HELP_WORDS = new Set(['HELP', 'INFO', 'AYUDA']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'Y', 'SI']);

/** Words that may surround a keyword without changing its meaning. */
const LEADING_FILLERS = ['PLEASE', 'PLS', 'PLZ', 'OK', 'OKAY', 'POR FAVOR', 'YA'];
const TRAILING_FILLERS = ['PLEASE', 'PLS', 'PLZ', 'NOW', 'THANKS', 'THANK YOU', 'THX', 'IT', 'THIS', 'ALREADY', 'POR FAVOR', 'GRACIAS', 'YA', 'THESE'];

/** Zero-width, bidi-control, soft hyphen, word joiner, BOM, Mongolian vowel separator. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Rule 1: NFKC, invisible characters out, straight quotes. Kept in the person's case. */
export const foldInboundText = (body: string): string =>
  body
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]/g, '"')
    .trim();

/** Rule 2: tapback texts. The quote that follows is our own text, echoed back. */
const REACTIONS = [
  // iOS (English): Liked / Loved / Disliked / Laughed at / Emphasized / Questioned “…”; removals.
  /^(?:liked|loved|disliked|laughed at|emphasi[sz]ed|questioned)\s+"/i,
  /^removed an? (?:like|heart|dislike|laugh|exclamation|question mark|emphasis)\s+from\s+"/i,
  // iOS 18 and Google Messages: Reacted 👍 to “…”, Reacted with 👍 to “…”.
  /^reacted\s+(?:with\s+)?\S{1,16}\s+to\s+"/iu,
  // iOS (Spanish): Le gustó / Le encantó / No le gustó / Se rió de / Enfatizó / Cuestionó “…”.
  /^(?:le gust[oó]|le encant[oó]|no le gust[oó]|se ri[oó] de|le hizo re[ií]r|enfatiz[oó]|cuestion[oó])\s+"/i,
  /^reaccion[oó]\s+(?:con\s+)?\S{1,16}\s+a\s+"/iu,
  /^(?:quit[oó]|elimin[oó]) (?:un|el) (?:me gusta|me encanta|coraz[oó]n|signo)\b.{0,30}\s+"/i,
];

/**
 * Rule 4: phrases that ask for the messages to stop, matched on folded, accent-free, lower-case
 * text. Each names the messages (or is an unambiguous opt-out phrase) right next to the verb,
 * so "I have no more pain, thanks for the texts" or "how do I stop the pain?" do not match.
 */
const W = "(?:[a-z']+ )"; // one word and its space
const FREE_TEXT_STOP = [
  new RegExp(`\\b(?:stop|quit|cease) ${W}{0,2}(?:texting|txting|messaging|sending|contacting|texts?|txts?|messages?|msgs?|sms)\\b`),
  new RegExp(`\\bno more ${W}{0,2}(?:texts?|txts?|messages?|msgs?|sms)\\b`),
  new RegExp(`\\b(?:don'?t|do not|never) ${W}?(?:text|txt|message|msg|contact|sms|send) ${W}{0,2}(?:me|us|this number|texts?|messages?)\\b`),
  /\b(?:don'?t|do not) want (?:any ?more |any |these |those |your |the |more )+(?:texts?|messages?|msgs?)\b/,
  /\b(?:unsubscribe|opt ?-?out|take me off|remove me|leave me alone|wrong number)\b/,
  /\b(?:remove|delete|take) my (?:number|phone|cell)\b/,
  new RegExp(`\\bno (?:me |nos )?${W}{0,2}mas ${W}?(?:mensajes?|textos?|sms)\\b`),
  /\b(?:dejen|deje|dejar|paren|pare) de (?:mandar|enviar|escribir|mensajear|textear)/,
  /\b(?:ya no|no) quiero (?:recibir |mas |sus |estos |los |ningun )*(?:mensajes?|textos?)\b/,
  /\bno me (?:envien|manden|escriban|mande|envie|escriba|texteen)\b(?: mas\b|.{0,20}\b(?:mensajes?|textos?)\b)/,
  /\bya no quiero recibir\b/,
  // "Ya no me escriba(n)": "ya no" (no longer) with writing or contacting is a request to stop.
  /\bya no me (?:escriba|textee|contacte)[ns]?\b/,
  // "No me escribas", "Por favor ya no me envíen": the imperative as the whole message (polite words
  // and "más"/"nada" around it). With an object it is about something else ("no me envíen la
  // factura"); the indicative ("¿por qué no me escriben?") is a question, not a revocation.
  /^(?:(?:por favor|porfavor|porfa) )?(?:ya )?no me (?:escriba|envie|mande|textee|contacte)[ns]?(?: (?:mas|nada|por favor|gracias|ya|nunca))*$/,
  /\bno me vuelva[ns]? a (?:escribir|enviar|mandar|textear|contactar)\b/,
  /\b(?:darme|darse|dar) de baja\b/,
  new RegExp(`\\bcancelar ${W}?suscripcion\\b`),
  /\b(?:borren|borrenme|saquen|saquenme|quiten|quitenme|eliminen|eliminenme)\b.{0,20}\blista\b/,
  /\bnumero equivocado\b/,
];

const withoutAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/** Upper-case words only: accents, punctuation, emoji and symbols become spaces. */
const keywordForm = (folded: string): string =>
  withoutAccents(folded)
    .replace(/[\p{Extended_Pictographic}\p{S}]/gu, ' ')
    .replace(/[^\p{L}\p{N}'-]+/gu, ' ')
    .replace(/(?:^|\s)['-]+|['-]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
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

/**
 * @param body the text as received (up to 1600 characters)
 * @returns the intent by the rules above; unsure is `other`, never `stop` by accident nor a
 *   dropped message.
 */
export const classifyInboundText = (body: string): InboundIntent => {
  const folded = foldInboundText(body);
  if (REACTIONS.some((re) => re.test(folded))) return 'reaction';
  const word = keywordForm(folded);
  if (word.length <= 40) {
    if (coreKeyword(word, STOP_WORDS)) return 'stop';
    if (coreKeyword(word, HELP_WORDS)) return 'help';
    if (coreKeyword(word, START_WORDS)) return 'start';
  }
  const plain = withoutAccents(folded).toLowerCase().replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
  if (plain.length <= 300 && FREE_TEXT_STOP.some((re) => re.test(plain))) return 'stop';
  return 'other';
};
