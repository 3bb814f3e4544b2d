/**
 * The inbound text classifier (S4, issue 11): one row per way people write, including every
 * misclassification found so far. A new wrong classification becomes a new row here.
 */
import { describe, expect, it } from 'vitest';
import { classifyInboundText, foldInboundText, type InboundIntent } from '../../../../functions/domain/recipientActions/smsKeywords.js';

const ZWSP = '\u200b';
const ZWJ = '\u200d';

const cases: { body: string; want: InboundIntent; why: string }[] = [
  // Keywords, dressed as phones and people dress them.
  { body: 'STOP', want: 'stop', why: 'CTIA keyword' },
  { body: 'Stop.', want: 'stop', why: 'sentence case and a full stop' },
  { body: 'ＳＴＯＰ', want: 'stop', why: 'full-width letters (NFKC)' },
  { body: `S${ZWSP}TOP`, want: 'stop', why: 'zero-width space pasted inside' },
  { body: `\u202eSTOP\u202c`, want: 'stop', why: 'bidi controls around it' },
  { body: `${'\ufeff'}stop${'\u2060'}`, want: 'stop', why: 'BOM and word joiner' },
  { body: 'STOP 🛑', want: 'stop', why: 'emoji after it' },
  { body: 'STOP🙏🏽', want: 'stop', why: 'emoji with a skin tone, no space' },
  { body: `stop 👨${ZWJ}👩${ZWJ}👧`, want: 'stop', why: 'ZWJ emoji sequence' },
  { body: 'Stop!!! 😡', want: 'stop', why: 'punctuation and emoji' },
  { body: 'cancel', want: 'stop', why: 'CTIA keyword' },
  { body: 'Quit', want: 'stop', why: 'CTIA keyword' },
  { body: 'END', want: 'stop', why: 'CTIA keyword' },
  { body: 'opt out', want: 'stop', why: 'FCC 2024 example' },
  { body: 'Opt-Out', want: 'stop', why: 'hyphenated' },
  { body: 'revoke', want: 'stop', why: 'FCC 2024 example' },
  { body: 'please unsubscribe', want: 'stop', why: 'polite word before the keyword' },
  { body: 'Stop these', want: 'stop', why: 'trailing demonstrative' },
  { body: 'BAJA', want: 'stop', why: 'Spanish' },
  { body: 'ALTO', want: 'stop', why: 'Spanish' },
  { body: 'cancelar', want: 'stop', why: 'Spanish' },
  { body: 'Cancelar.', want: 'stop', why: 'Spanish with a full stop' },
  { body: '¡Basta ya!', want: 'stop', why: 'Spanish with inverted exclamation' },
  { body: 'Para, por favor', want: 'stop', why: 'Spanish keyword with polite words' },
  // Free text that asks for the messages to stop (FCC 2024: any reasonable means).
  { body: 'stop texting me', want: 'stop', why: 'free text' },
  { body: 'Please stop sending me these messages', want: 'stop', why: 'free text' },
  { body: 'Stop with the texts', want: 'stop', why: 'free text' },
  { body: 'How do I stop these texts?', want: 'stop', why: 'a question that asks to stop the texts' },
  { body: 'no more texts', want: 'stop', why: 'free text' },
  { body: 'No more messages please', want: 'stop', why: 'free text' },
  { body: 'Don’t text me again', want: 'stop', why: 'curly apostrophe' },
  { body: 'Never send me messages again', want: 'stop', why: 'free text' },
  { body: "I don't want these texts anymore", want: 'stop', why: 'free text' },
  { body: 'Unsubscribe me from this list', want: 'stop', why: 'free text' },
  { body: 'take me off your list', want: 'stop', why: 'free text' },
  { body: 'Wrong number', want: 'stop', why: 'not the person who consented' },
  { body: 'no me manden más mensajes', want: 'stop', why: 'Spanish free text' },
  { body: 'No me manden mas mensajes por favor', want: 'stop', why: 'Spanish without accents' },
  { body: 'no más mensajes', want: 'stop', why: 'Spanish free text' },
  { body: 'Ya no quiero recibir mensajes', want: 'stop', why: 'Spanish free text' },
  { body: 'Dejen de mandarme mensajes', want: 'stop', why: 'Spanish free text' },
  { body: 'Quiero darme de baja', want: 'stop', why: 'Spanish free text' },
  { body: 'cancelar mi suscripción', want: 'stop', why: 'Spanish free text' },
  { body: 'Número equivocado', want: 'stop', why: 'Spanish: wrong number' },
  { body: 'quit texting me', want: 'stop', why: 'free text with "quit"' },
  { body: 'Please remove my number', want: 'stop', why: 'free text' },
  { body: 'No quiero mensajes', want: 'stop', why: 'Spanish free text, no adverb' },
  { body: 'Por favor no me escriban más', want: 'stop', why: 'Spanish free text' },
  { body: 'Ya no me envíen mensajes', want: 'stop', why: 'Spanish free text' },
  // QA: the Spanish opt-out "Ya no me escriba" and its forms (usted, ustedes, tú; FCC 2024 "any reasonable means").
  { body: 'Ya no me escriba', want: 'stop', why: 'Spanish: "no longer write to me" (usted)' },
  { body: 'ya no me escriban', want: 'stop', why: 'Spanish: plural' },
  { body: 'Ya no me escriba por favor 🙏', want: 'stop', why: 'Spanish: polite, emoji' },
  { body: 'no me escribas más', want: 'stop', why: 'Spanish: tú' },
  { body: 'No me escribas', want: 'stop', why: 'Spanish: imperative alone' },
  { body: 'Por favor no me manden', want: 'stop', why: 'Spanish: imperative after "por favor"' },
  { body: 'no me envíen más', want: 'stop', why: 'Spanish: "send me no more"' },
  { body: 'Ya no me envíen', want: 'stop', why: 'Spanish: "no longer send me"' },
  { body: 'dejen de escribirme', want: 'stop', why: 'Spanish: "stop writing to me"' },
  { body: 'No me vuelvan a escribir', want: 'stop', why: 'Spanish: "never write to me again"' },
  { body: 'no quiero recibir mensajes', want: 'stop', why: 'Spanish: "I do not want to receive messages"' },
  { body: '¿se me quitará el espasmo?', want: 'other', why: 'Spanish symptom question with "quitar"' },
  { body: '¿Por qué no me escriben del consultorio?', want: 'other', why: 'Spanish question about contact (indicative), not a revocation' },
  { body: 'Ya no me duele el cuello, gracias', want: 'other', why: 'Spanish: "ya no me" about pain' },
  { body: 'Ya no me manden la factura, ya pagué', want: 'other', why: 'Spanish: about a bill, not the texts' },
  // Questions and replies that merely contain "stop", "para", "end", "cancel".
  { body: 'does the neck spasm ever stop?', want: 'other', why: 'symptom question' },
  { body: 'how do I stop the pain', want: 'other', why: 'treatment question' },
  { body: 'How do I stop this pain in my neck?', want: 'other', why: 'treatment question with "this"' },
  { body: 'Should I stop the stretches if it hurts?', want: 'other', why: 'self-care question' },
  { body: 'Will the Botox make the tremor stop? Can you send info', want: 'other', why: '"stop" and "send" far apart' },
  { body: '¿cuándo para el dolor?', want: 'other', why: 'Spanish symptom question' },
  { body: 'Para cuándo es la cita?', want: 'other', why: 'Spanish "para" as a preposition' },
  { body: 'Can you stop by on Friday?', want: 'other', why: 'phrasal verb' },
  { body: 'stopped by yesterday', want: 'other', why: 'past tense, not a request' },
  { body: 'I have no more pain since the visit, thanks for the texts', want: 'other', why: '"no more" is about pain' },
  { body: 'No más dolor, gracias por los mensajes', want: 'other', why: 'Spanish: "no más" is about pain' },
  { body: "I don't want to miss any messages", want: 'other', why: 'wants the messages' },
  { body: 'End of the month works for me', want: 'other', why: '"end" inside a sentence' },
  { body: 'Cancel my appointment on Tuesday', want: 'other', why: 'about an appointment: for staff' },
  { body: 'Thanks!', want: 'other', why: 'thanks' },
  { body: 'No me envíen la factura, ya pagué', want: 'other', why: 'Spanish: about a bill, not the texts' },
  { body: 'Quit smoking last year, does that help?', want: 'other', why: '"quit" about something else' },
  { body: '', want: 'other', why: 'empty' },
  // Tapbacks and reactions that quote one of our texts (which says "Reply STOP to opt out").
  { body: 'Liked “SoCal Pain Center: Welcome! Reply STOP to opt out.”', want: 'reaction', why: 'iOS tapback' },
  { body: 'Loved "Cervical dystonia tip… Reply STOP to opt out"', want: 'reaction', why: 'iOS tapback, straight quotes' },
  { body: 'Disliked “…Reply STOP to cancel”', want: 'reaction', why: 'iOS tapback' },
  { body: 'Laughed at “Reply STOP to opt out”', want: 'reaction', why: 'iOS tapback' },
  { body: 'Emphasized “Unsubscribe: reply STOP”', want: 'reaction', why: 'iOS tapback' },
  { body: 'Questioned “no more texts after this one”', want: 'reaction', why: 'iOS tapback' },
  { body: 'Removed a like from “Reply STOP to opt out”', want: 'reaction', why: 'iOS tapback removal' },
  { body: 'Reacted 👍 to “…Reply STOP to opt out”', want: 'reaction', why: 'iOS 18 / Google Messages' },
  { body: 'Reacted with 😂 to "Reply STOP to opt out"', want: 'reaction', why: 'Android wording' },
  { body: 'Le gustó “Responda STOP para cancelar”', want: 'reaction', why: 'iOS in Spanish' },
  { body: 'Le encantó «Responda BAJA para cancelar»', want: 'reaction', why: 'iOS in Spanish, guillemets' },
  { body: 'Reaccionó con 👍 a “Responda STOP”', want: 'reaction', why: 'Spanish reaction' },
  // HELP and START.
  { body: 'HELP', want: 'help', why: 'CTIA keyword' },
  { body: 'ｈｅｌｐ', want: 'help', why: 'full-width' },
  { body: 'Ayuda por favor', want: 'help', why: 'Spanish' },
  { body: 'START', want: 'start', why: 'CTIA keyword' },
  { body: `UN${ZWSP}STOP`, want: 'start', why: 'UNSTOP with a zero-width space' },
  { body: 'Sí', want: 'start', why: 'Spanish yes' },
  { body: 'YES 👍', want: 'start', why: 'emoji after yes' },
];

describe('classifyInboundText (table)', () => {
  it.each(cases)('$body → $want ($why)', ({ body, want }) => {
    expect(classifyInboundText(body)).toBe(want);
  });
});

describe('foldInboundText', () => {
  it('applies NFKC, drops invisible characters and straightens quotes, keeping case', () => {
    expect(foldInboundText(`  Ｓ${ZWSP}top\u200f “x” ’ `)).toBe('Stop "x" \'');
  });
});
