/**
 * What a simulated patient does, through the same doors a real one uses (issue 8): the public
 * HTTP routes for signup, confirmation links, one-click unsubscribe and booking; the SNS-shaped
 * inbound-text and SES-notification events for replies and bounces. A 5xx is counted and retried
 * like a person (or SNS) would retry; nothing here reads the code under test's state.
 */
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { issueFormToken, MIN_FILL_SECONDS } from '../../functions/domain/signup/formTimeTrap.js';
import { domainContext } from '../../functions/wiring.js';
import { randomUUID } from 'node:crypto';
import type { LocalStack } from '../../local/localStack.js';
import { snsNotification } from '../../local/snsNotification.js';
import type { OutboxEntry } from '../../local/Outbox.js';
import type { Person } from './population.js';
import { SNS_DELIVERIES_HEADER } from '../../local/handlers/devSmsInbound.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Messages the local endpoints received, indexed by recipient, refreshed on demand. */
export class Inbox {
  private seen = 0;
  private readonly byRecipient = new Map<string, OutboxEntry[]>();

  constructor(private readonly stack: LocalStack) {}

  refresh(): void {
    const all = this.stack.outbox.all();
    for (const e of all.slice(this.seen)) {
      const list = this.byRecipient.get(e.to) ?? [];
      list.push(e);
      this.byRecipient.set(e.to, list);
    }
    this.seen = all.length;
  }

  of(to: string | undefined): OutboxEntry[] {
    return to ? (this.byRecipient.get(to) ?? []) : [];
  }
}

const CONFIRM_LINK = /https?:\/\/[^\s\])>"]+\/api\/confirm\?[^\s\])>"]+/;
const CLICK_LINK = /https?:\/\/[^\s\])>"]+\/c\/[A-Za-z0-9_.-]+/;

const snsEvent = (topic: string, message: string) => snsNotification(topic, message);

/** An SES configuration-set event as SNS delivers it (the shapes of tests/fixtures/ses). */
export const sesEvent = (
  eventType: 'Send' | 'Bounce',
  mail: { to: string; providerMessageId: string; sendId?: string; at: string },
): Record<string, unknown> => ({
  eventType,
  mail: {
    timestamp: mail.at,
    messageId: mail.providerMessageId,
    destination: [mail.to],
    tags: { 'ses:configuration-set': ['carecast-local'], ...(mail.sendId ? { sendId: [mail.sendId] } : {}) },
  },
  ...(eventType === 'Send'
    ? { send: {} }
    : {
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: mail.to, action: 'failed', status: '5.1.1' }],
          timestamp: mail.at,
        },
      }),
});

export class PatientClient {
  /** 5xx answers seen, by route and status (`POST /api/subscribe 503`), each retried. */
  readonly serverErrors = new Map<string, number>();
  /**
   * Inbound-text handler failures SNS delivered again (issue 16). Not seen by a patient: the phone
   * gets no answer from SNS either way; only a text never handled after SNS's retries would matter,
   * and that shows as a 5xx of the local route (its in-request redeliveries used up).
   */
  readonly snsRedeliveries = new Map<string, number>();
  readonly inbox: Inbox;

  constructor(private readonly stack: LocalStack) {
    this.inbox = new Inbox(stack);
  }

  /** One HTTP call, retried on a 5xx or a dropped connection as a person would click again. */
  async request(route: string, url: string, init: RequestInit = {}, retries = 6): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let r: Response | undefined;
      try {
        r = await fetch(url.startsWith('http') ? url : `${this.stack.baseUrl}${url}`, { redirect: 'manual', ...init });
      } catch (err) {
        if (attempt >= retries) throw err;
      }
      if (r && r.status < 500) return r;
      if (r) {
        const key = `${route} ${r.status}`;
        this.serverErrors.set(key, (this.serverErrors.get(key) ?? 0) + 1);
        await r.arrayBuffer();
        if (attempt >= retries) return r;
      }
      await sleep(25 * 2 ** attempt);
    }
  }

  /**
   * Signs up as the page's script does, with the form token the page would have issued: minted
   * with the stack's LinkTokens at a simulated time MIN_FILL_SECONDS + 2 s ago (the person filled
   * the form in that long). Fetching the page and waiting would move the chaos run's clock.
   */
  async signUp(p: Person): Promise<Response> {
    const formToken = issueFormToken((await domainContext()).tokens, new Date(this.stack.clock.now().getTime() - (MIN_FILL_SECONDS + 2) * 1000));
    return this.request('POST /api/subscribe', '/api/subscribe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: this.stack.baseUrl,
        // Each patient comes from an address of their own (the per-IP limit stays on).
        'x-carecast-test-ip': `10.${(p.index >> 16) & 255}.${(p.index >> 8) & 255}.${p.index & 255}`,
      },
      body: JSON.stringify({
        firstName: p.language === 'es' ? 'María' : 'Ana',
        ...(p.email ? { email: p.email, consentEmail: true } : {}),
        ...(p.phone ? { phone: p.phone, consentSms: true } : {}),
        language: p.language,
        timezone: p.timezone,
        formToken,
      }),
    });
  }

  /** Follows the latest confirmation link the person received; false when none arrived. */
  async confirmEmail(p: Person): Promise<boolean> {
    const link = this.inbox
      .of(p.email)
      .map((m) => CONFIRM_LINK.exec(m.text ?? '')?.[0])
      .filter((l): l is string => !!l)
      .at(-1);
    if (!link) return false;
    // The link opens a page with a button (GET changes nothing); pressing it POSTs the token.
    const token = new URL(link.replaceAll('&amp;', '&')).searchParams.get('token') ?? '';
    const r = await this.request('POST /api/confirm', '/api/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    return r.status === 200;
  }

  /** Replies YES once the opt-in text arrived; false when it did not. */
  async replyYes(p: Person): Promise<boolean> {
    if (!this.inbox.of(p.phone).some((m) => /Reply YES|Responda YES/.test(m.body ?? ''))) return false;
    const r = await this.request('POST /api/dev/sms/inbound', '/api/dev/sms/inbound', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: p.phone, body: 'YES' }),
    });
    const redelivered = Number(r.headers.get(SNS_DELIVERIES_HEADER) ?? '1') - 1;
    if (redelivered > 0) this.snsRedeliveries.set('smsInbound', (this.snsRedeliveries.get('smsInbound') ?? 0) + redelivered);
    return r.status === 202;
  }

  /** RFC 8058 one-click from the List-Unsubscribe header of the latest series email. */
  async oneClickUnsubscribe(p: Person): Promise<boolean> {
    const header = this.inbox
      .of(p.email)
      .filter((m) => m.tags?.sequence && m.tags.sequence !== 'system')
      .at(-1)?.headers?.['List-Unsubscribe'];
    const url = header && /<(https?:\/\/[^>]+\/u\/[^>]+)>/.exec(header)?.[1];
    if (!url) return false;
    const r = await this.request('POST /u/{token}', url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    return r.status === 200;
  }

  /** A STOP reply, through the same SNS-shaped event and Lambda handler two-way SMS uses. */
  async textStop(p: Person): Promise<void> {
    const { handler } = await import('../../functions/handlers/events/smsInbound.js');
    const message = JSON.stringify({
      originationNumber: p.phone,
      destinationNumber: '+18885550100',
      messageKeyword: 'KEYWORD_000000000000',
      messageBody: 'STOP',
      inboundMessageId: randomUUID(),
      previousPublishedMessageId: '',
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await asHandler('smsInbound', () => handler(snsEvent('carecast-inbound-sms', message)));
        return;
      } catch (err) {
        // SNS retries a failed Lambda delivery (idempotent on inboundMessageId); the phone sees nothing.
        this.snsRedeliveries.set('smsInbound', (this.snsRedeliveries.get('smsInbound') ?? 0) + 1);
        if (attempt >= 6) throw err;
        await sleep(25 * 2 ** attempt);
      }
    }
  }

  /** Requests a consultation from the latest tracked link (attributed), or from the page directly. */
  async book(p: Person): Promise<boolean> {
    const link = [...this.inbox.of(p.email), ...this.inbox.of(p.phone)]
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt))
      .map((m) => CLICK_LINK.exec(m.channel === 'sms' ? (m.body ?? '') : (m.text ?? ''))?.[0])
      .filter((l): l is string => !!l)
      .at(-1);
    let token: string | undefined;
    if (link) {
      const r = await this.request('GET /c/{token}', link);
      token = new URL(r.headers.get('location') ?? '/', this.stack.baseUrl).searchParams.get('t') ?? undefined;
    }
    const r = await this.request('POST /api/book', '/api/book', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.stack.baseUrl, 'x-carecast-test-ip': `10.200.${(p.index >> 8) & 255}.${p.index & 255}` },
      body: JSON.stringify({
        ...(token ? { token } : {}),
        firstName: 'Ana',
        ...(p.email ? { email: p.email } : { phone: p.phone }),
        location: 'orange',
        preferredTimes: 'Weekday mornings',
        consentContact: true,
        language: p.language,
      }),
    });
    return r.status === 201;
  }

  /** Replays an SES event through local mode's feedback route (bounces, reconciliation). */
  async sesNotification(event: Record<string, unknown>): Promise<boolean> {
    const r = await this.request('POST /api/dev/ses/notification', '/api/dev/ses/notification', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ snsMessageId: randomUUID(), message: event }),
    });
    return r.status === 202;
  }
}
