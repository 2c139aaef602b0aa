// ISO 3166-1 alpha-2: the country codes a boutique may carry (the 249 officially assigned).
import { CachetError } from './errors.js';

const CODES = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
  BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
  EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK
  HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB
  LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
  NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU
  RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN
  TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

/** Codes people write that ISO 3166-1 reserves for something else, and the one they mean. */
const MEANT: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR', EN: 'GB' };

/**
 * The ISO 3166-1 alpha-2 code of `text` (any case), checked against the assigned codes.
 * @throws CachetError `ERR_INVALID_ARGUMENT` naming the code meant, where one is (UK → GB).
 */
export function parseCountryCode(text: string): string {
  const code = text.trim().toUpperCase();
  if (CODES.has(code)) return code;
  const meant = MEANT[code];
  throw new CachetError(
    'ERR_INVALID_ARGUMENT',
    `"${text}" is not an ISO 3166-1 country code${meant ? `: ${code} is written ${meant}` : ' (two letters, like FR or GB)'}`,
  );
}
