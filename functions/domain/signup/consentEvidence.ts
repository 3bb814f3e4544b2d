/** Who gave or confirmed consent, as the ledger keeps it (S1): IP and user agent (at most 512 characters). */
export const consentEvidence = (meta: { ip?: string | undefined; userAgent?: string | undefined }): { ip?: string; userAgent?: string } => ({
  ...(meta.ip ? { ip: meta.ip } : {}),
  ...(meta.userAgent ? { userAgent: meta.userAgent.slice(0, 512) } : {}),
});
