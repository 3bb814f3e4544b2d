import { describe, expect, it } from 'vitest';
import { classifyInboundText } from '../../../../functions/domain/recipientActions/smsKeywords.js';

describe('inbound text keywords (S4)', () => {
  it.each(['STOP', 'stop', ' Stop ', 'STOP.', 'stop!', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'opt-out', 'REMOVE', 'ARRET', 'TD', 'PARA', 'para', 'ALTO', 'BASTA', 'CANCELAR', 'Cancelar.'])(
    'treats %j as an opt-out',
    (body) => expect(classifyInboundText(body)).toBe('stop'),
  );

  it.each(['please stop texting me', 'Stop sending me messages', 'no more texts please', "don't text me again", 'remove me from this list', 'no me manden más mensajes', 'ya no quiero recibir mensajes', 'dejen de mandarme textos'])(
    'treats the free text %j as an opt-out (any reasonable means)',
    (body) => expect(classifyInboundText(body)).toBe('stop'),
  );

  it.each(['HELP', 'help', 'Info', 'AYUDA'])('answers %j as help', (body) => expect(classifyInboundText(body)).toBe('help'));
  it.each(['START', 'unstop', 'YES', 'yes!', 'Sí', 'SI'])('treats %j as opting in', (body) => expect(classifyInboundText(body)).toBe('start'));
  it.each(['Thanks!', 'What time do you open?', 'Is the Orange office on Chapman?', 'stopped by yesterday'])(
    'stores %j for staff without an auto-reply',
    (body) => expect(classifyInboundText(body)).toBe('other'),
  );
});
