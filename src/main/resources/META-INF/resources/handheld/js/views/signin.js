// Sign in for a shift on this enrolled device. Needs signal once; the shift token and the offline kit are then kept.
import * as db from '../db.js';
import { t } from '../i18n.js';
import * as kits from '../kit.js';
import * as session from '../session.js';
import * as sync from '../sync.js';
import { el, mount } from '../ui.js';

/** Words for a refused sign-in, by the problem's stable code. */
function why(e) {
  if (e instanceof session.NetworkError) return t('signin.offline');
  const known = ['invalid-credentials', 'device-unknown', 'device-revoked', 'device-not-yours', 'forbidden', 'login-locked', 'login-throttled'];
  return known.includes(e.code) ? t('signin.' + e.code) + (e.message && e.code !== 'invalid-credentials' ? ' (' + e.message + ')' : '') : e.message;
}

export async function render() {
  const device = await db.setting('device', {});
  const previous = session.shift();
  const serial = el('input', { id: 'device-serial', name: 'deviceSerial', required: true, autocomplete: 'off', autocapitalize: 'characters',
    value: device.serial || '' });
  const username = el('input', { id: 'username', name: 'username', required: true, autocomplete: 'username', autocapitalize: 'off',
    value: previous ? previous.username : '' });
  const password = el('input', { id: 'password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' });
  const error = el('p', { id: 'signin-error', class: 'error', role: 'alert' });
  const submit = el('button', { id: 'signin-submit', type: 'submit', class: 'wide' }, t('signin.submit'));
  const form = el('form', { id: 'signin-form', novalidate: true }, 
    el('label', { for: 'device-serial' }, t('signin.device')), serial,
    el('label', { for: 'username' }, t('signin.username')), username,
    el('label', { for: 'password' }, t('signin.password')), password,
    submit, error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    if (!serial.value.trim() || !username.value.trim() || !password.value) { error.textContent = t('signin.missing'); return; }
    submit.disabled = true;
    submit.textContent = t('signin.busy');
    try {
      await session.signIn(serial.value.trim(), username.value.trim(), password.value);
      try {
        await kits.refresh();
      } catch (kitError) {
        // signed in; the kit comes with the next signal
      }
      sync.syncNow();
      location.hash = '#/';
    } catch (err) {
      error.textContent = why(err);
      submit.disabled = false;
      submit.textContent = t('signin.submit');
      password.value = '';
      password.focus();
    }
  });
  const pending = sync.state.pending;
  mount(el('h2', {}, t(previous ? 'signin.again' : 'signin.heading')),
    previous && previous.ended ? el('p', { class: 'error' }, t('signin.ended'), ' ', String(previous.ended)) : null,
    pending ? el('p', { class: 'muted', id: 'signin-pending' }, t('signin.pending', { n: pending })) : null,
    form,
    el('p', { class: 'muted' }, t('signin.help')));
  (serial.value ? (username.value ? password : username) : serial).focus();
}
