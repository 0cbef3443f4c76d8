// Who is signed in on this handheld, the shift and the kit; fetch the kit again, switch language, sign out.
import { t } from '../i18n.js';
import * as kits from '../kit.js';
import * as session from '../session.js';
import * as sync from '../sync.js';
import { el, mount, redraw, time, toast } from '../ui.js';

export async function render() {
  const s = session.shift();
  const k = kits.stored();
  const refresh = el('button', { type: 'button', class: 'wide secondary', id: 'kit-refresh', disabled: !navigator.onLine }, t('me.refreshKit'));
  refresh.addEventListener('click', async () => {
    try {
      await kits.refresh();
      toast(t('me.kitOk'), 'ok');
    } catch (e) {
      toast(t('me.kitFailed') + ' ' + e.message, 'bad');
    }
    redraw();
  });
  const out = el('button', { type: 'button', class: 'wide danger', id: 'signout' }, t('me.signout'));
  const error = el('p', { class: 'error', role: 'alert' });
  out.addEventListener('click', async () => {
    await sync.count();
    if (sync.state.pending) { error.textContent = t('me.signoutPending', { n: sync.state.pending }); return; }
    await session.signOut();
    location.hash = '#/signin';
  });
  mount(el('h2', {}, t('me.heading')),
    el('dl', { class: 'facts' },
      el('dt', {}, t('me.person')), el('dd', { id: 'me-user' }, s.displayName || s.username, ' (', s.username, ')'),
      el('dt', {}, t('me.roles')), el('dd', {}, (s.roles || []).map(r => t('role.' + r)).join('、')),
      el('dt', {}, t('me.device')), el('dd', { class: 'mono' }, s.deviceSerial),
      el('dt', {}, t('me.shiftEnds')), el('dd', {}, time(s.expiresAt)),
      el('dt', {}, t('me.kit')), el('dd', { id: 'me-kit' }, k ? k.kit.date + ' · ' + t('me.fetched', { at: time(k.fetchedAt) }) : t('banner.nokit')),
      el('dt', {}, t('me.keys')), el('dd', {}, k ? k.kit.labelKeys.keys.map(x => x.kid).join(', ') : '—')),
    refresh, out, error,
    el('p', { class: 'muted' }, t('me.install')));
}
