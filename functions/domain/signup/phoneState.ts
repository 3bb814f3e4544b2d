/**
 * US state of a number's area code, only for states with stricter texting hours (S8).
 * The area code says where a number was issued, not where its owner is today; it is the
 * best signal available without asking, and it only ever narrows the window.
 */
const AREA_CODES: Record<string, string[]> = {
  FL: ['239', '305', '321', '324', '352', '386', '407', '448', '561', '645', '656', '689', '727', '728', '754', '772', '786', '813', '850', '863', '904', '941', '954'],
  OK: ['405', '539', '572', '580', '918'],
  MD: ['240', '301', '410', '443', '667'],
  MS: ['228', '601', '662', '769'],
  NJ: ['201', '551', '609', '640', '732', '848', '856', '862', '908', '973'],
  CT: ['203', '475', '860', '959'],
  TX: ['210', '214', '254', '281', '325', '346', '361', '409', '430', '432', '469', '512', '682', '713', '726', '737', '806', '817', '830', '832', '903', '915', '936', '940', '945', '956', '972', '979'],
  RI: ['401'],
};
const BY_CODE = new Map(Object.entries(AREA_CODES).flatMap(([state, codes]) => codes.map((c) => [c, state] as const)));

/** `+17135550100` → `TX`; undefined when the area code has no stricter rule. */
export const strictStateOfPhone = (e164: string): string | undefined =>
  e164.startsWith('+1') ? BY_CODE.get(e164.slice(2, 5)) : undefined;
