// The queue of scans: every scan is written to IndexedDB the moment it is made, as the event the handheld API takes
// (a fresh clientEventId, the handheld's clock), before anything is shown as done. An item is
//   {seq, kind: 'event' | 'command', status, user, createdAt, event | command, stop?, result?, photos?}
// status:  held     a collection at a stop not finished yet: it waits for the generator's confirmation (not sent)
//          pending  to send; stays pending until the server's answer is stored (a resend is harmless: same id)
//          applied  recorded in the custody chain (APPLIED, or DUPLICATE of an applied one)
//          rejected refused by the server (result.detail says why); kept, never resent
//          conflict someone else already recorded it, or a step is missing (result.detail); kept, never resent
// A command is a web API call with a commandId (a lot, a whole-transfer receipt, a disposal): the same rules.
import * as db from './db.js';
import { place } from './geo.js';
import { shift } from './session.js';
import { uuid } from './ui.js';

export const OPEN = ['held', 'pending'];

function changed() {
  window.dispatchEvent(new CustomEvent('hazchain:queue'));
}

/** Every item, oldest first. */
export const items = () => db.all('queue');

/** An event as the handheld API takes it: type, the fields given, a new clientEventId, the clock now, the place. */
export function event(type, fields) {
  const e = Object.assign({ clientEventId: uuid(), type, clientTime: new Date().toISOString() }, place(), fields);
  for (const k of Object.keys(e)) if (e[k] === undefined || e[k] === null || e[k] === '') delete e[k];
  return e;
}

/** Records an event: pending (to send), or held with its stop (sent when the stop is finished). */
export async function record(e, { held = false, stop = null, photos = [] } = {}) {
  const item = { kind: 'event', status: held ? 'held' : 'pending', user: shift().username, createdAt: new Date().toISOString(), event: e };
  if (stop) item.stop = stop;
  if (photos.length) item.photos = photos;
  item.seq = await db.put('queue', item);
  changed();
  return item;
}

/** Records a web API command (POST path body); the body carries a fresh commandId, which makes a resend harmless. */
export async function command(path, body, summary) {
  const full = Object.assign({ commandId: uuid() }, body);
  const item = { kind: 'command', status: 'pending', user: shift().username, createdAt: new Date().toISOString(),
    command: { method: 'POST', path, body: full }, summary };
  item.seq = await db.put('queue', item);
  changed();
  return item;
}

/** The scan context a web command carries, as the handheld's events do: device, clock, place. */
export function scanContext() {
  return Object.assign({ deviceId: shift().deviceSerial, clientTime: new Date().toISOString() }, place());
}

/** Drops a held collection (the driver took it back before finishing the stop: it was never sent). */
export async function dropHeld(seq) {
  await db.tx(['queue'], 'readwrite', async t => {
    const store = t.objectStore('queue');
    const item = await db.done(store.get(seq));
    if (item && item.status === 'held') await db.done(store.delete(seq));
  });
  changed();
}

/**
 * Finishes a stop in one transaction: its held collections become pending, each with the generator's confirmation
 * (when given), and the stop's outcome is queued after them.
 */
export async function finishStop(roundId, stopSeq, confirmation, outcome) {
  await db.tx(['queue'], 'readwrite', async t => {
    const store = t.objectStore('queue');
    for (const item of await db.done(store.getAll())) {
      if (item.status === 'held' && item.stop && item.stop.roundId === roundId && item.stop.seq === stopSeq) {
        if (confirmation) item.event.confirmation = confirmation;
        item.status = 'pending';
        await db.done(store.put(item));
      }
    }
    await db.done(store.put({ kind: 'event', status: 'pending', user: shift().username, createdAt: new Date().toISOString(),
      stop: { roundId, seq: stopSeq }, event: outcome }));
  });
  changed();
}

/** Items of a type (COLLECT, LOAD, …) that are not refused: what the handheld counts as done or on its way. */
export async function live(type) {
  return (await items()).filter(i => i.kind === 'event' && i.event.type === type && !['rejected', 'conflict'].includes(i.status));
}

/** Commands to a path prefix that are not refused. */
export async function liveCommands(prefix) {
  return (await items()).filter(i => i.kind === 'command' && i.command.path.startsWith(prefix) && !['rejected', 'conflict'].includes(i.status));
}

export async function counts() {
  const c = { held: 0, pending: 0, applied: 0, rejected: 0, conflict: 0 };
  for (const i of await items()) c[i.status] = (c[i.status] || 0) + 1;
  return c;
}
