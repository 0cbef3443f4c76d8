// A scanned label checked offline, as the service checks it (cn.hazchain.label.LabelSigner): the QR holds
// https://<server>/v/<token>; the token is <labelId 37>.<kid 4>.<signature 86>, the signature Ed25519 over the ASCII
// bytes of "HZC1|<labelId>|<kid>", base64url without padding, in its one canonical spelling. The key is the offline
// kit's labelKeys entry with that kid; WebCrypto verifies it. A token that does not verify is not a HazChain label.
import { dashed } from './ui.js';

const ID = /^[0-9A-HJ-NP-RTUW-Y]{18}[0-9]{8}[0-9]{8}[0-9]{3}$/;
const KID = /^[a-z2-7]{4}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
export const TOKEN_LENGTH = 129;
const keys = new Map(); // kid + key → CryptoKey

/** The token inside what was scanned: a whole URL (…/v/<token>?…) or the token alone. */
export function tokenOf(scanned) {
  let s = String(scanned || '').trim();
  const at = s.lastIndexOf('/v/');
  if (at >= 0) {
    s = s.slice(at + 3);
    const end = s.search(/[?#]/);
    if (end >= 0) s = s.slice(0, end);
  }
  return s;
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - text.length % 4) % 4);
  const bin = atob(b64);
  return Uint8Array.from(bin, c => c.charCodeAt(0));
}

function toBase64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function publicKey(entry) {
  const id = entry.kid + '.' + entry.publicKey;
  if (!keys.has(id)) {
    keys.set(id, await crypto.subtle.importKey('raw', fromBase64Url(entry.publicKey), { name: 'Ed25519' }, false, ['verify']));
  }
  return keys.get(id);
}

/**
 * Checks a scan against the kit's label keys. Answers {ok: true, labelId, kid, wasteCode, token} for a genuine label;
 * else {ok: false, reason}: MALFORMED (not a label code: damaged, half read, something else), UNKNOWN_KEY or
 * BAD_SIGNATURE (not signed by HazChain, or altered: a forgery).
 */
export async function verify(scanned, labelKeys) {
  const token = tokenOf(scanned);
  if (token.length !== TOKEN_LENGTH || token[37] !== '.' || token[42] !== '.') return { ok: false, reason: 'MALFORMED' };
  const labelId = token.slice(0, 37);
  const kid = token.slice(38, 42);
  const signatureText = token.slice(43);
  if (!ID.test(labelId) || !KID.test(kid) || !SIGNATURE.test(signatureText)) return { ok: false, reason: 'MALFORMED' };
  let signature;
  try {
    signature = fromBase64Url(signatureText);
  } catch (e) {
    return { ok: false, reason: 'MALFORMED' };
  }
  if (signature.length !== 64 || toBase64Url(signature) !== signatureText) return { ok: false, reason: 'MALFORMED' };
  const entry = ((labelKeys && labelKeys.keys) || []).find(k => k.kid === kid);
  if (!entry) return { ok: false, reason: 'UNKNOWN_KEY', labelId };
  const message = new TextEncoder().encode('HZC1|' + labelId + '|' + kid);
  let genuine = false;
  try {
    genuine = await crypto.subtle.verify({ name: 'Ed25519' }, await publicKey(entry), signature, message);
  } catch (e) {
    genuine = false;
  }
  if (!genuine) return { ok: false, reason: 'BAD_SIGNATURE', labelId };
  return { ok: true, labelId, kid, token, wasteCode: dashed(labelId.slice(18, 26)) };
}
