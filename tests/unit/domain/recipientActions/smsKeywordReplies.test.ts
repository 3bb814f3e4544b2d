/** The inbound text classifier (S4): keywords in any case and dress, and free text read as stop. */
import { describe, expect, it } from 'vitest';
import { classifyInboundText } from '../../../../functions/domain/recipientActions/smsKeywords.js';

const S4_STOP_WORDS = ['ARRET', 'CANCEL', 'END', 'OPT-OUT', 'OPTOUT', 'QUIT', 'REMOVE', 'STOP', 'TD', 'UNSUBSCRIBE', 'STOPALL', 'REVOKE', 'OPT OUT', 'PARA', 'ALTO', 'BASTA', 'CANCELAR'];
const dress = (w: string) => [w, w.toLowerCase(), `  ${w}  `, `${w}.`, `${w}!!`, `"${w}"`, `${w[0]}${w.slice(1).toLowerCase()}`, `\u00a0${w}\n`];

describe('opt-out words (S4)', () => {
  it.each(S4_STOP_WORDS)('reads %s as stop in any case, with spaces or punctuation', (word) => {
    for (const body of dress(word)) expect(classifyInboundText(body), JSON.stringify(body)).toBe('stop');
  });

  it.each([
    'Arrêt',
    'STOP STOP STOP',
    'stop please',
    'Please STOP',
    'OK stop',
    'stop it',
    'Stop now!',
    'para, por favor',
    '¡Basta ya!',
    'opt out please',
  ])('reads "%s" as stop', (body) => {
    expect(classifyInboundText(body)).toBe('stop');
  });
});

describe('free text a reasonable person reads as stop (FCC: any reasonable means)', () => {
  it.each([
    'Please stop texting me',
    'stop sending me these messages',
    'No more texts please',
    "Don't text me again",
    'do not message me',
    'Never send me messages again',
    'Unsubscribe me from this',
    'take me off your list',
    'Remove me please',
    'Leave me alone',
    'Wrong number',
    'No me manden más mensajes',
    'no mas mensajes',
    'Dejen de mandarme mensajes',
    'Ya no quiero recibir mensajes',
    'número equivocado',
  ])('"%s"', (body) => {
    expect(classifyInboundText(body)).toBe('stop');
  });
});

describe('texts that are not an opt-out', () => {
  it.each([
    'I have no more pain since the visit, thank you',
    'Can you stop by on Friday?',
    'Para cuándo es la cita?',
    'End of the month works for me',
    'Cancel my appointment on Tuesday',
    'What time does the Orange office open?',
    'Thanks!',
    'OK',
    '',
    'ya',
  ])('"%s" is kept for staff', (body) => {
    expect(classifyInboundText(body)).toBe('other');
  });
});

describe('HELP and START', () => {
  it.each(['HELP', 'help', 'Help?', 'INFO', 'info.', 'Ayuda', 'ayuda por favor', 'help please'])('"%s" asks for help', (body) => {
    expect(classifyInboundText(body)).toBe('help');
  });

  it.each(['START', 'start', 'UNSTOP', 'Yes', 'YES!', 'y', 'Sí', 'si', 'yes please'])('"%s" opts in', (body) => {
    expect(classifyInboundText(body)).toBe('start');
  });
});
