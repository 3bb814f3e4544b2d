import { IANAZone } from 'luxon';

/** True for a real IANA zone name (Intl knows it), false for offsets and made-up names. */
export const isRealTimeZone = (name: string): boolean =>
  /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name) && IANAZone.isValidZone(name);
