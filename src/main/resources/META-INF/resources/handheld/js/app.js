// HazChain handheld app: the screens of drivers, storage keepers and receivers over the handheld API, offline first.
// Plain ES modules, no build step. The shell is cached by the service worker (sw.js); the kit, the queue and the
// photos live in IndexedDB (db.js). Routes are hashes: #/round, #/stop/<round>/<seq>, #/load, #/queue, …
import * as db from './db.js';
import { lang, setLang, t } from './i18n.js';
import * as kits from './kit.js';
import * as session from './session.js';
import * as sync from './sync.js';
import { watch } from './geo.js';
import { drawing, el, toast } from './ui.js';
import * as signinView from './views/signin.js';
import * as roundView from './views/round.js';
import * as loadView from './views/load.js';
import * as storeView from './views/store.js';
import * as receiveView from './views/receive.js';
import * as disposeView from './views/dispose.js';
import * as queueView from './views/queue.js';
import * as meView from './views/me.js';

const ROUTES = [
  [/^#\/signin$/, signinView.render],
  [/^#\/round$/, roundView.rounds],
  [/^#\/stop\/(\d+)\/(\d+)$/, roundView.stop],
  [/^#\/handover\/(\d+)\/(\d+)$/, roundView.handover],
  [/^#\/load$/, loadView.list],
  [/^#\/load\/(\d{14})$/, loadView.transfer],
  [/^#\/store$/, storeView.store],
  [/^#\/lots$/, storeView.lots],
  [/^#\/receive$/, receiveView.list],
  [/^#\/receive\/(\d{14})$/, receiveView.transfer],
  [/^#\/receipt\/(\d{14})$/, receiveView.whole],
  [/^#\/dispose$/, disposeView.render],
  [/^#\/queue$/, queueView.render],
  [/^#\/me$/, meView.render],
];

/** The tabs of the signed-in person's roles, in the order of their day's work. */
export function tabs() {
  const list = [];
  if (session.has('DRIVER', 'COLLECTOR_OPERATOR')) list.push(['#/round', 'tab.round']);
  if (session.has('STORAGE_KEEPER')) list.push(['#/store', 'tab.store'], ['#/lots', 'tab.lots']);
  if (session.has('DRIVER', 'COLLECTOR_OPERATOR', 'STORAGE_KEEPER')) list.push(['#/load', 'tab.load']);
  if (session.has('RECEIVER_OPERATOR')) list.push(['#/receive', 'tab.receive'], ['#/dispose', 'tab.dispose']);
  list.push(['#/queue', 'tab.queue'], ['#/me', 'tab.me']);
  return list;
}

let currentView = null;
let routing = Promise.resolve();
let waiting = 0;

/**
 * Draws the screen of the current hash. Draws run one at a time (a screen reads IndexedDB before it draws): a draw
 * asked for while another runs waits for it, and of several waiting only the last is drawn, for the hash then current,
 * so a slow draw of a screen the person already left never covers the one they went to.
 */
function route() {
  waiting += 1;
  routing = routing.then(async () => {
    waiting -= 1;
    if (waiting === 0) await draw();
  });
  return routing;
}

async function draw() {
  const hash = location.hash || '';
  if (!session.shift() && hash !== '#/signin') { location.replace('#/signin'); return; }
  if (session.shift() && (!hash || hash === '#/' || hash === '#/signin' && session.usable())) { location.replace(tabs()[0][0]); return; }
  for (const [pattern, view] of ROUTES) {
    const m = hash.match(pattern);
    if (m) {
      currentView = view;
      drawChrome();
      drawing(hash);
      try {
        await view(...m.slice(1));
      } catch (e) {
        document.getElementById('view').replaceChildren(el('p', { class: 'error', role: 'alert' }, t('error.view') + ' ' + e.message));
      }
      return;
    }
  }
  location.replace(session.shift() ? tabs()[0][0] : '#/signin');
}

/** The header, the banner and the tabs, as the shift, the kit and the queue stand. */
function drawChrome() {
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  document.getElementById('title').textContent = t('app');
  document.querySelector('.skip').textContent = t('skip');
  const langButton = document.getElementById('lang');
  langButton.textContent = t('lang');
  langButton.setAttribute('lang', lang() === 'zh' ? 'en' : 'zh-CN');
  langButton.setAttribute('aria-label', t('lang.label'));
  drawBadge();
  const nav = document.getElementById('tabs');
  nav.setAttribute('aria-label', t('tabs'));
  nav.hidden = !session.shift();
  if (session.shift()) {
    const here = location.hash;
    nav.replaceChildren(...tabs().map(([href, key]) => el('a', { href, 'data-tab': href.slice(2),
      'aria-current': here === href || here.startsWith(href + '/') || (href === '#/round' && /^#\/(stop|handover)\//.test(here))
        || (href === '#/receive' && here.startsWith('#/receipt/')) ? 'page' : null },
    t(key), key === 'tab.queue' && sync.state.pending ? el('span', { class: 'count' }, String(sync.state.pending)) : null)));
  }
  const banner = document.getElementById('banner');
  const s = session.shift();
  let text = null;
  if (s && !session.usable()) text = t('banner.signin', { n: sync.state.pending });
  else if (s && !kits.kit()) text = t('banner.nokit');
  else if (s && kits.stale()) text = t('banner.stale', { date: kits.kit().date });
  banner.hidden = !text;
  banner.textContent = text || '';
  if (text && !session.usable()) banner.append(' ', el('a', { href: '#/signin', id: 'banner-signin' }, t('signin.again')));
}

/**
 * Shows the current screen again with what the sync or a new kit changed, unless the person is in the middle of
 * something: a form being filled in (weights, a hand-over), the camera, or a scan's verdict on screen.
 */
function refreshIfIdle() {
  if (!currentView || currentView === signinView.render || document.querySelector('.overlay, #view form:not(#scan-form)')) return;
  const verdict = document.querySelector('#scan-result');
  if (verdict && verdict.children.length) return; // a refusal or a confirmation being read
  route();
}

function drawBadge() {
  const badge = document.getElementById('sync-badge');
  const st = sync.state;
  let text;
  let kind;
  if (!navigator.onLine) { text = st.pending ? t('badge.offline', { n: st.pending }) : t('badge.offlineNone'); kind = 'offline'; }
  else if (st.running) { text = t('badge.syncing'); kind = 'pending'; }
  else if (st.pending) { text = t('badge.pending', { n: st.pending }); kind = st.failures ? 'trouble' : 'pending'; }
  else { text = t('badge.synced'); kind = 'ok'; }
  badge.textContent = text;
  badge.className = 'badge ' + kind;
  badge.dataset.state = kind;
  badge.setAttribute('aria-label', t('badge.label') + ': ' + text);
}

/** Errors nobody caught: shown (a person must know a scan did not go through) and kept for diagnosis. */
window.__errors = [];
function failed(message) {
  window.__errors.push(String(message));
  toast(t('error.view') + ' ' + message, 'bad', 8000);
}
window.addEventListener('error', e => failed(e.message));
window.addEventListener('unhandledrejection', e => failed(e.reason && e.reason.message ? e.reason.message : e.reason));

async function boot() {
  await db.open();
  await setLang((await db.setting('lang')) || 'zh', false);
  await session.load();
  await kits.load();
  watch();
  document.getElementById('lang').addEventListener('click', async () => {
    await setLang(lang() === 'zh' ? 'en' : 'zh', true);
    route();
  });
  document.getElementById('sync-badge').addEventListener('click', () => { location.hash = '#/queue'; });
  window.addEventListener('hashchange', route);
  window.addEventListener('hazchain:redraw', route);
  window.addEventListener('hazchain:sync', e => { drawChrome(); if (e.detail.changed || currentView === queueView.render) refreshIfIdle(); });
  window.addEventListener('hazchain:queue', () => drawChrome());
  window.addEventListener('hazchain:session', () => drawChrome());
  window.addEventListener('hazchain:kit', () => { drawChrome(); refreshIfIdle(); });
  window.addEventListener('online', drawChrome);
  window.addEventListener('offline', drawChrome);
  await sync.start();
  await route();
  document.body.dataset.ready = 'true';
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => { /* no cache: the app still works while online */ });
  }
}

boot();
