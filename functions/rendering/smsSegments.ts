/**
 * How many SMS segments a body costs, and in which encoding (GSM-7: 160 characters in one
 * segment, 153 per segment after that; UCS-2: 70, then 67). Counted by Twilio's
 * sms-segments-calculator, which knows the GSM-7 extension table (`€`, `{`, `|` cost two).
 *
 * For previews and tests; the send path does not need it.
 */
import { SegmentedMessage } from 'sms-segments-calculator';

export interface SmsSegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  characters: number;
}

export const countSmsSegments = (body: string): SmsSegmentCount => {
  const message = new SegmentedMessage(body);
  return { encoding: message.encodingName, segments: message.segmentsCount, characters: message.numberOfCharacters };
};
