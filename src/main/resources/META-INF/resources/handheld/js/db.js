// IndexedDB: where everything the app must keep with no network lives, so it survives a reload, a closed tab and a
// restarted browser. Three stores:
//   settings  key → value: the device serial, the shift (token and person), the offline kit and its ETag, sync state
//   queue     every scan and command recorded, by seq (the order they were made): status held | pending | applied |
//             rejected | conflict, with the server's answer once it came
//   photos    scan photos by SHA-256, with their bytes until uploaded
// Writes that record a scan or the server's answer use strict durability: committed to disk before they report success.

const NAME = 'hazchain-handheld';
const VERSION = 1;
let opening = null;

export function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('settings');
        db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true }).createIndex('status', 'status');
        db.createObjectStore('photos', { keyPath: 'sha256' });
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
    });
  }
  return opening;
}

/** A request's result as a promise. */
export const done = request => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

/**
 * Runs fn(transaction) in one transaction and resolves with fn's result once the transaction has committed (not
 * before: a tab closed earlier leaves nothing half-written). fn may only await requests of this transaction.
 */
export async function tx(stores, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(stores, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
    let result;
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
    Promise.resolve().then(() => fn(t)).then(r => { result = r; }, e => { try { t.abort(); } catch (ignored) { /* done already */ } reject(e); });
  });
}

export const get = (store, key) => tx([store], 'readonly', t => done(t.objectStore(store).get(key)));
export const all = store => tx([store], 'readonly', t => done(t.objectStore(store).getAll()));
export const put = (store, value, key) => tx([store], 'readwrite', t => done(key === undefined ? t.objectStore(store).put(value)
  : t.objectStore(store).put(value, key)));
export const remove = (store, key) => tx([store], 'readwrite', t => done(t.objectStore(store).delete(key)));

/** A setting, or the fallback when none is stored. */
export async function setting(key, fallback = null) {
  const v = await get('settings', key);
  return v === undefined ? fallback : v;
}

export const saveSetting = (key, value) => put('settings', value, key);
