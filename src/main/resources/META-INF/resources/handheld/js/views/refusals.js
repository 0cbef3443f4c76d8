// Refusals of a scanned code in words a driver reads: what it means and what to do.
import { t } from '../i18n.js';
import { verdict } from '../ui.js';

/** A label that did not verify offline: forged or altered (bad signature, unknown key), or not a label code at all. */
export function refusal(v) {
  if (v.reason === 'MALFORMED') return verdict('bad', t('refuse.malformed'), t('refuse.malformedAdvice'));
  return verdict('bad', t('refuse.forged'), t('refuse.forgedAdvice'));
}
