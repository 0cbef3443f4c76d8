// Sending the queue when there is signal (mobile-api/README.md, "Recording offline and syncing"):
// - oldest first, in the order scans were made; events in batches of at most the kit's maxEventsPerSync, a command
//   (web API call with a commandId) on its own, in its place in the order;
// - an item leaves 'pending' only when the server's answer is stored, all answers of a batch in one IndexedDB
//   transaction: a tab closed mid-sync leaves the batch pending, and its resend is answered DUPLICATE event by event
//   (the same clientEventId), never recorded twice;
// - no answer, 5xx or 429: the whole batch stays, the next try waits 2 s, 4 s, 8 s … up to 5 min (with jitter);
//   a result marked retryable stays pending; 401: the queue waits for a new sign-in;
// - one sync at a time across tabs (Web Locks); photos are uploaded after their events.
import * as db from './db.js';
import * as kits from './kit.js';
import * as session from './session.js';
import { items } from './queue.js';

const FIRST_DELAY_MS = 2000;
const MAX_DELAY_MS = 5 * 60 * 1000;
const KIT_EVERY_MS = 10 * 60 * 1000;

export const state = { running: false, failures: 0, nextAt: 0, lastOkAt: null, lastError: null, lastTryAt: null, pending: 0, toSend: 0 };

/** Tells the screens how the sync stands; changed: answers were stored (what the screens show may differ now). */
function emit(changed = false) {
  window.dispatchEvent(new CustomEvent('hazchain:sync', { detail: { changed } }));
}

function delay(failures) {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.5 + Math.random() / 2));
}

/** Sends what is pending now, if there is signal and a shift; resolves when this try is over. */
export async function syncNow() {
  if (!navigator.onLine) return; // nothing to try: the 'online' event starts a sync
  if (!session.usable()) {
    if (state.lastError !== 'signin') { state.lastError = 'signin'; emit(); }
    return;
  }
  if (navigator.locks) {
    await navigator.locks.request('hazchain-sync', { ifAvailable: true }, lock => (lock ? run() : null));
  } else if (!state.running) {
    await run();
  }
}

async function run() {
  state.running = true;
  state.lastTryAt = new Date().toISOString();
  emit();
  let max = kits.maxEvents();
  let sent = false;
  try {
    for (;;) {
      const me = session.shift().username;
      const pending = (await items()).filter(i => i.status === 'pending' && i.user === me);
      if (!pending.length) break;
      if (pending[0].kind === 'command') {
        await sendCommand(pending[0]);
        sent = true;
        continue;
      }
      const batch = [];
      for (const i of pending) {
        if (i.kind !== 'event' || batch.length >= max) break;
        batch.push(i);
      }
      let answer;
      try {
        answer = await session.api('/api/mobile/v1/sync', { method: 'POST', body: { events: batch.map(i => i.event) }, timeoutMs: 120000 });
      } catch (e) {
        if (e instanceof session.ApiError && e.status === 413 && max > 1) { max = Math.max(1, Math.floor(max / 2)); continue; }
        throw e;
      }
      sent = true;
      const progress = await storeAnswers(batch, answer);
      await uploadPhotos(new Set(answer.missingPhotos || []));
      if (!progress) throw new Error('the server asked to send these events again later');
    }
    await uploadPhotos(null);
    if (sent) refreshKit(); // what was recorded changes the kit (open manifests, transfers)
    state.failures = 0;
    state.nextAt = 0;
    state.lastOkAt = new Date().toISOString();
    state.lastError = null;
  } catch (e) {
    if (e instanceof session.ApiError && e.status === 401) {
      state.lastError = 'signin';
    } else {
      state.failures += 1;
      state.nextAt = Date.now() + delay(state.failures);
      state.lastError = e.message || String(e);
    }
  } finally {
    state.running = false;
    await db.saveSetting('sync', { failures: state.failures, nextAt: state.nextAt, lastOkAt: state.lastOkAt, lastError: state.lastError });
    await count();
    emit(sent);
  }
}

const OUTCOME = { APPLIED: 'applied', REJECTED: 'rejected', CONFLICT: 'conflict' };

/** Stores a batch's answers in one transaction; true when at least one event got a final answer. */
async function storeAnswers(batch, answer) {
  const byId = new Map((answer.results || []).map(r => [r.clientEventId, r]));
  const at = new Date().toISOString();
  return db.tx(['queue'], 'readwrite', async t => {
    const store = t.objectStore('queue');
    let progress = false;
    for (const sent of batch) {
      const item = await db.done(store.get(sent.seq));
      const r = byId.get(sent.event.clientEventId);
      if (!item || item.status !== 'pending' || !r) continue;
      if (r.retryable) {
        item.lastTry = { at, reason: r.reason, detail: r.detail };
      } else {
        const outcome = r.result === 'DUPLICATE' ? r.original : r.result;
        item.status = OUTCOME[outcome] || 'rejected';
        item.result = r;
        item.resultAt = at;
        if (item.event.confirmation) delete item.event.confirmation.code; // checked by the server: not kept after the sync
        progress = true;
      }
      await db.done(store.put(item));
    }
    return progress;
  });
}

/** Sends one command; its answer is stored, or the error thrown for a retry (no answer, 5xx, 429, 401). */
async function sendCommand(item) {
  let result;
  let status;
  try {
    const body = await session.api(item.command.path, { method: item.command.method, body: item.command.body });
    status = 'applied';
    result = { status: 200, number: body && body.number, id: body && body.id, state: body && body.state };
  } catch (e) {
    if (!(e instanceof session.ApiError) || e.status === 401 || e.status === 429 || e.status >= 500) throw e;
    status = e.status === 409 ? 'conflict' : 'rejected';
    result = { status: e.status, reason: e.code, title: e.title, detail: e.message };
  }
  await db.tx(['queue'], 'readwrite', async t => {
    const store = t.objectStore('queue');
    const now = await db.done(store.get(item.seq));
    if (now && now.status === 'pending') {
      Object.assign(now, { status, result, resultAt: new Date().toISOString() });
      await db.done(store.put(now));
    }
  });
}

/** Uploads photos not uploaded yet (only these, when a set is given); keeps a photo the server refused, with why. */
async function uploadPhotos(only) {
  for (const p of await db.all('photos')) {
    if (p.uploaded || p.refused || (only && !only.has(p.sha256))) continue;
    try {
      await session.api('/api/mobile/v1/photos/' + p.sha256, { method: 'PUT', body: p.blob, headers: { 'Content-Type': p.type }, timeoutMs: 120000 });
      p.uploaded = new Date().toISOString();
      delete p.blob;
    } catch (e) {
      if (!(e instanceof session.ApiError) || e.status === 401 || e.status === 429 || e.status >= 500) throw e;
      p.refused = e.message;
    }
    await db.put('photos', p);
  }
}

/** Counts what is still to send: pending (to trigger a sync) and with the held ones (for the header). */
export async function count() {
  const all = await items();
  state.pending = all.filter(i => i.status === 'pending' || i.status === 'held').length;
  state.toSend = all.filter(i => i.status === 'pending').length;
  return state.toSend;
}

let lastKitAt = 0;

async function refreshKit() {
  if (!navigator.onLine || !session.usable()) return;
  try {
    await kits.refresh();
    lastKitAt = Date.now();
  } catch (e) {
    // no signal: the kit in hand stays
  }
}

/** Starts syncing by itself: at start, when the network comes back, after each scan, and every few seconds while due. */
export async function start() {
  const saved = await db.setting('sync', {});
  Object.assign(state, { failures: saved.failures || 0, nextAt: saved.nextAt || 0, lastOkAt: saved.lastOkAt || null, lastError: saved.lastError || null });
  await count();
  let soon = null;
  const trigger = () => { clearTimeout(soon); soon = setTimeout(() => syncNow(), 300); };
  window.addEventListener('online', () => { state.failures = 0; state.nextAt = 0; trigger(); refreshKit(); emit(); });
  window.addEventListener('offline', () => emit());
  window.addEventListener('hazchain:queue', async () => { await count(); emit(); if (state.toSend) trigger(); });
  setInterval(async () => {
    if (!state.running && navigator.onLine && session.usable() && Date.now() >= state.nextAt && (await count()) > 0) syncNow();
    if (Date.now() - lastKitAt > KIT_EVERY_MS) refreshKit();
  }, 5000);
  if (navigator.onLine) { trigger(); refreshKit(); }
}
