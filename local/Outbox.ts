/**
 * Everything the local SES and SMS endpoints received, for `/outbox` and `/api/dev/outbox`.
 * Appended to a JSON-lines file under the data directory so a restart keeps it.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export interface OutboxEntry {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  from: string;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
  headers?: Record<string, string>;
  /** SES message tags as sent (O10). */
  tags?: Record<string, string>;
  sentAt: string;
}

export class Outbox {
  private readonly entries: OutboxEntry[] = [];

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.entries.push(JSON.parse(line) as OutboxEntry);
    }
  }

  add(entry: OutboxEntry): void {
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  /** Oldest first. */
  all(): OutboxEntry[] {
    return [...this.entries];
  }
}
