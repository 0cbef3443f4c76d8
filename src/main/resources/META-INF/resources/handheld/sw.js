// The handheld app's service worker: keeps the app shell (HTML, scripts, styles, icons, the QR decoder) in a cache so
// the app opens with no network. The data (offline kit, queue, photos) is not here: it lives in IndexedDB.
//
// Shell files: from the cache first, so the app opens at once with a weak signal or none (offline first); each answer
// from the cache also asks the network in the background and keeps what it gets for the next start, so a new version
// reaches the handheld at its next start with signal. A new sw.js (a new CACHE name) fetches the whole shell again at
// install. API calls (/api/...) are never touched: they go to the network as the page sends them.
'use strict';

const CACHE = 'hazchain-handheld-shell-v1';
const SHELL = [
  'index.html', 'app.css', 'manifest.json', 'icons/icon-192.png', 'icons/icon-512.png', 'scan-worker.js',
  'vendor/zxing-library-0.23.0/zxing.min.js',
  'js/app.js', 'js/db.js', 'js/i18n.js', 'js/ui.js', 'js/label.js', 'js/kit.js', 'js/session.js', 'js/queue.js', 'js/sync.js',
  'js/scan.js', 'js/photo.js', 'js/geo.js',
  'js/views/signin.js', 'js/views/round.js', 'js/views/load.js', 'js/views/store.js', 'js/views/receive.js', 'js/views/dispose.js',
  'js/views/queue.js', 'js/views/me.js', 'js/views/refusals.js',
];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL.map(p => new Request(p, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith('hazchain-handheld-shell-') && k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/handheld/')) {
    return; // the API and everything else: straight to the network
  }
  event.respondWith(shell(request, url));
});

async function shell(request, url) {
  const cache = await caches.open(CACHE);
  // one entry per file: a navigation to /handheld/ or /handheld/#/queue is the app's index
  const key = request.mode === 'navigate' || url.pathname === '/handheld/' ? 'index.html' : url.pathname.replace('/handheld/', '');
  const network = fetch(request).then(async response => {
    if (response.ok) {
      await cache.put(key, response.clone());
    }
    return response;
  });
  const cached = await cache.match(key);
  if (cached) {
    network.catch(() => { /* no network: the cached copy stays */ });
    return cached;
  }
  return network; // not cached yet (the first start): the network, or its own failure
}
