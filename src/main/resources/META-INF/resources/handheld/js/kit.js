// The offline kit (GET /api/mobile/v1/offline-kit): label keys, the day's rounds, transfers, storage points, receivers
// and limits, kept in IndexedDB with its ETag and fetched again (If-None-Match) whenever there is signal. The checks
// here are what the kit allows: each action is checked against them before it is queued.
import * as db from './db.js';
import { api } from './session.js';

let current = null;

export async function load() {
  current = await db.setting('kit');
  return current;
}

/** {kit, etag, fetchedAt}, or null before the first download. */
export const stored = () => current;
export const kit = () => (current ? current.kit : null);

/** Downloads the kit when it changed (304 otherwise); throws when there is no network or the shift is refused. */
export async function refresh() {
  const headers = current && current.etag ? { 'If-None-Match': current.etag } : {};
  const res = await api('/api/mobile/v1/offline-kit', { headers, raw: true });
  const now = new Date().toISOString();
  const changed = !(res.status === 304 && current);
  current = changed ? { kit: await res.json(), etag: res.headers.get('ETag'), fetchedAt: now, checkedAt: now }
    : Object.assign({}, current, { checkedAt: now });
  await db.saveSetting('kit', current);
  if (changed) window.dispatchEvent(new CustomEvent('hazchain:kit'));
  return current;
}

/** Whether the kit is for another day than today on this handheld (a kit of yesterday lists yesterday's rounds). */
export function stale() {
  const k = kit();
  if (!k) return false;
  const d = new Date();
  const today = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  return k.date !== today;
}

export const rounds = () => (kit() && kit().rounds) || [];
export const round = id => rounds().find(r => r.id === Number(id)) || null;
export const stop = (roundId, seq) => { const r = round(roundId); return r ? r.stops.find(s => s.seq === Number(seq)) || null : null; };
export const transfers = () => (kit() && kit().transfers) || [];
export const transfer = number => transfers().find(t => t.number === number) || null;
export const storagePoints = () => (kit() && kit().storagePoints) || [];
export const held = () => (kit() && kit().held) || [];
export const methods = () => (kit() && kit().treatmentMethods) || [];
export const maxEvents = () => Math.max(1, Math.min(500, (kit() && kit().limits && kit().limits.maxEventsPerSync) || 100));
export const photoMaxBytes = () => (kit() && kit().limits && kit().limits.photoMaxBytes) || 4 * 1024 * 1024;

/** The catalogue entry of a waste code (name, category, hazards), if the kit has it. */
export const wasteCode = code => ((kit() && kit().wasteCodes) || []).find(w => w.code === code) || null;

/** The container of a stop's open manifests with this label, and its manifest number, or null: not for this pickup. */
export function openContainer(stopOfRound, labelId) {
  for (const m of (stopOfRound && stopOfRound.openManifests) || []) {
    const c = m.containers.find(x => x.labelId === labelId);
    if (c) return { manifestNumber: m.number, container: c };
  }
  return null;
}

/** The licences of the signed-in receiver's own organisation. */
function ownLicences() {
  const k = kit();
  if (!k) return [];
  const mine = (k.receivers || []).find(r => r.partyId === k.user.partyId);
  return mine ? mine.licences : [];
}

/** Whether one of the receiver's licences covers this waste code with this treatment method (as the service checks it). */
export function licencePermits(code, method) {
  const category = 'HW' + code.slice(-2);
  return ownLicences().some(l => (l.permittedCodes.includes(code) || l.permittedCategories.includes(category))
    && (!l.permittedMethods || l.permittedMethods.length === 0 || l.permittedMethods.includes(method)));
}
