// The shift: who is signed in on this handheld, with the shift token of POST /api/mobile/v1/sessions. Kept in IndexedDB
// so the app keeps working after a reload with no network; the token lasts one shift (12 h by default). Every call to
// the service goes through api(), which turns an application/problem+json answer into an ApiError with its stable code.
import * as db from './db.js';

let current = null;

/** A failed call: status, the problem's stable code (the last segment of its type), its bilingual title and detail. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || ('HTTP ' + status));
    this.status = status;
    this.code = problem && problem.type ? String(problem.type).split('/').pop() : 'http-' + status;
    this.title = problem && problem.title;
    this.problem = problem || {};
  }
}

/** No answer at all: no network, or the service did not answer in time. */
export class NetworkError extends Error {
}

export async function load() {
  current = await db.setting('session');
  return current;
}

export const shift = () => current;
export const roles = () => (current && current.roles) || [];
export const has = (...wanted) => wanted.some(r => roles().includes(r));
/** Whether the shift token is still worth sending (the server may still refuse it: the session can be ended early). */
export const usable = () => Boolean(current && current.access_token && !current.ended && Date.parse(current.expiresAt) > Date.now());

/** Calls the service with the shift token. Throws NetworkError (no answer) or ApiError (an answer other than 2xx/304). */
export async function api(path, { method = 'GET', body, headers = {}, raw = false, timeoutMs = 30000 } = {}) {
  const h = Object.assign({ Accept: 'application/json' }, headers);
  if (current && current.access_token) h.Authorization = 'Bearer ' + current.access_token;
  let payload = body;
  if (body !== undefined && !(body instanceof Blob) && typeof body !== 'string') {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(path, { method, headers: h, body: payload, signal: abort.signal, cache: 'no-store' });
  } catch (e) {
    throw new NetworkError(e.message);
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 401 && current && path !== '/api/mobile/v1/sessions') {
    const problem = await res.json().catch(() => ({}));
    await markEnded(problem.detail || 'signed out');
    throw new ApiError(401, problem);
  }
  if (!res.ok && res.status !== 304) {
    const problem = await res.json().catch(() => null);
    throw new ApiError(res.status, problem);
  }
  if (raw) return res;
  return res.status === 204 || res.status === 304 ? null : res.json();
}

/** Signs in on this device: the shift token and who it is. */
export async function signIn(deviceSerial, username, password) {
  const previous = current;
  current = null;
  try {
    const s = await api('/api/mobile/v1/sessions', { method: 'POST', body: { deviceSerial, username, password } });
    current = Object.assign({ signedInAt: new Date().toISOString() }, s);
    await db.saveSetting('session', current);
    await db.saveSetting('device', { serial: s.deviceSerial });
    return current;
  } catch (e) {
    current = previous;
    throw e;
  }
}

/** The server refused the token (session ended, device revoked, shift over): keep the queue, ask to sign in again. */
async function markEnded(detail) {
  if (!current) return;
  current = Object.assign({}, current, { ended: detail || true });
  await db.saveSetting('session', current);
  window.dispatchEvent(new CustomEvent('hazchain:session'));
}

/** Signs out on the server when there is signal (best effort) and forgets the token here; the queue stays. */
export async function signOut() {
  try {
    if (usable()) await api('/api/mobile/v1/sessions/current', { method: 'DELETE', timeoutMs: 5000 });
  } catch (e) {
    // no signal, or already ended: the token is forgotten here all the same
  }
  current = null;
  await db.remove('settings', 'session');
}
