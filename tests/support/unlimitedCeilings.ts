/**
 * Confirmation ceilings (issue 12) out of the way: suites sign up hundreds of example.com
 * addresses and +1 714 numbers within one simulated hour. tests/integration/smsPumping.test.ts sets its own.
 */
export const UNLIMITED_CEILINGS = {
  CARECAST_CONFIRM_SMS_PER_HOUR: '1000000',
  CARECAST_CONFIRM_SMS_PER_COUNTRY_PER_HOUR: '1000000',
  CARECAST_CONFIRM_SMS_PER_AREA_CODE_PER_HOUR: '1000000',
  CARECAST_CONFIRM_EMAIL_PER_HOUR: '1000000',
  CARECAST_CONFIRM_EMAIL_PER_DOMAIN_PER_HOUR: '1000000',
};
