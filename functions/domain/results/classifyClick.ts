/**
 * Is a link fetch a person or a machine? (issue 14; the rule in docs/click-classification.md)
 *
 * Mail security gateways (Microsoft Defender Safe Links, Proofpoint, Mimecast, Barracuda…) and link
 * previewers fetch every link of a message, usually within seconds of delivery. A fetch is a
 * machine's when any of these holds:
 *   - `head`: it is a HEAD request (a browser following a link sends GET);
 *   - `user-agent`: no User-Agent, or one of a known bot, scanner or HTTP library (isbot's list
 *     plus the mail gateways' own names below);
 *   - `fresh`: it comes before, or within FRESH_MS of, the message being handed to the provider
 *     (SES reports delivery a few seconds after that; no person opens and clicks so fast);
 *   - `burst`: another link of the same message was fetched less than BURST_MS before it (a
 *     person cannot click two different links within one second); the earlier fetch is then
 *     re-counted as a machine's too.
 * Everything else is a person. The same rule applies to any future open tracking (a pixel fetch).
 *
 * No rule on the client's network: the vendors publish their mail-flow ranges (Microsoft's
 * Exchange Online list, IDs 9 and 10, is for connections to Microsoft 365), not the addresses
 * their link scanners fetch from, so an IP list here would be guesswork (docs/click-classification.md).
 */
import { isbot } from 'isbot';

/** A fetch this soon after the message was sent (ms) is a scanner's, not a reader's. */
export const FRESH_MS = 20_000;
/** Two different links of one message fetched closer than this (ms): a machine walking the links. */
export const BURST_MS = 1_000;

/** Names mail-security gateways and link previewers put in their User-Agent, beyond isbot's list. */
const SCANNER_AGENTS = /safelinks|urlanalyzer|ms-office|msoffice|microsoft office|proofpoint|ppops|urldefense|mimecast|barracuda|ironport|cisco|sophos|forcepoint|trend ?micro|symantec|messagelabs|fireeye|zscaler|checkpoint|avanan|abnormal|vade|hornet|libwww|okhttp|axios|node-fetch|undici|headless/i;

/** Why a fetch is a machine's, in the order of the rule (docs/click-classification.md lists the same). */
export const MACHINE_REASONS = ['head', 'user-agent', 'fresh', 'burst'] as const;
export type MachineReason = (typeof MACHINE_REASONS)[number];

export interface ClickFacts {
  method: string;
  userAgent?: string;
  /** When the fetch arrived. */
  at: Date;
  /** The link target id fetched. */
  target: string;
  /** When the message carrying the link was handed to the provider, when known. */
  sentAt?: Date;
  /** The previous fetch of a link of the same message, when remembered. */
  previous?: { at: Date; target: string };
}

/** Another link of the same message fetched less than BURST_MS before (or after) this one. */
export const isBurst = (at: Date, target: string, previous: { at: Date; target: string } | undefined): boolean =>
  previous !== undefined && previous.target !== target && Math.abs(at.getTime() - previous.at.getTime()) < BURST_MS;

/** Why a fetch is a machine's (empty: a person's), in the order of the rule above. */
export const machineReasons = (f: ClickFacts): MachineReason[] => {
  const reasons: MachineReason[] = [];
  if (f.method.toUpperCase() === 'HEAD') reasons.push('head');
  const ua = f.userAgent?.trim() ?? '';
  if (!ua || isbot(ua) || SCANNER_AGENTS.test(ua)) reasons.push('user-agent');
  if (f.sentAt && f.at.getTime() - f.sentAt.getTime() < FRESH_MS) reasons.push('fresh');
  if (isBurst(f.at, f.target, f.previous)) reasons.push('burst');
  return reasons;
};
