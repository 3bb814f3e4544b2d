/** The results CSV: RFC 4180 quoting and no spreadsheet formulas from data. */
import { describe, expect, it } from 'vitest';
import { csvCell, resultsCsv, type SequenceResults } from '../../../../functions/domain/results/sequenceResults.js';

describe('csvCell', () => {
  it.each([
    { case: 'a plain word', v: 'welcome', out: 'welcome' },
    { case: 'a number', v: 12, out: '12' },
    { case: 'a negative number stays a number', v: -1, out: '-1' },
    { case: 'no value', v: null, out: '' },
    { case: 'a comma', v: 'a,b', out: '"a,b"' },
    { case: 'a quote', v: 'say "hi"', out: '"say ""hi"""' },
    { case: 'a formula', v: '=HYPERLINK("x")', out: `"'=HYPERLINK(""x"")"` },
    { case: 'a leading plus', v: '+1', out: "'+1" },
    { case: 'a leading at', v: '@SUM(A1)', out: "'@SUM(A1)" },
  ])('writes $case safely', ({ v, out }) => {
    expect(csvCell(v)).toBe(out);
  });
});

describe('resultsCsv', () => {
  it('writes one row per step and a total, with CRLF line ends', () => {
    const zero = { enrolled: 0, sent: 0, delivered: 0, bounced: 0, complained: 0, clicked: 0, machineclicked: 0, unsubscribed: 0, booked: 0 };
    const rates = { deliveryRate: 0.5, bounceRate: null, complaintRate: null, clickRate: null, unsubscribeRate: null, bookingRate: null };
    const r: SequenceResults = {
      sequenceId: 's',
      name: 'S',
      totals: { ...zero, enrolled: 3, sent: 2, delivered: 1, machineclicked: 4 },
      rates: { ...rates, enrolledToBooked: 0 },
      steps: [{ stepId: 'a', label: 'a', channel: 'email', template: 'a', counters: { ...zero, sent: 2, delivered: 1, machineclicked: 4 }, rates }],
      funnel: [],
      days: [],
    };
    const lines = resultsCsv(r).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('s,a,email,a,0,2,1,0,0,0,4,0,0,0.5,,,,,');
    expect(lines[2]).toBe('s,TOTAL,,,3,2,1,0,0,0,4,0,0,0.5,,,,,');
    expect(lines[3]).toBe('');
  });
});
