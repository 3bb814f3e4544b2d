/** Thrown when the catalog has no template with this id in this language. */
export class UnknownTemplate extends Error {
  constructor(
    readonly channel: 'email' | 'sms',
    readonly templateId: string,
    readonly language: string,
  ) {
    super(`No ${channel} template "${templateId}" in language "${language}"`);
    this.name = new.target.name;
  }
}
