// The queue on screen: what waits to be sent, what the server recorded, and what it refused or found in conflict, each
// with the server's own words (detail) and its stable reason code. Sync now, or let it go by itself when signal returns.
import { t } from '../i18n.js';
import * as queue from '../queue.js';
import * as session from '../session.js';
import * as sync from '../sync.js';
import { chip, el, kg, labelText, mount, time } from '../ui.js';

const SHOWN = 300;

function what(i) {
  if (i.kind === 'command') return t('command.' + i.summary.type);
  return t('event.' + i.event.type);
}

function facts(i) {
  const parts = [];
  if (i.kind === 'event') {
    const e = i.event;
    if (e.weightKg !== undefined) parts.push(kg(e.weightKg));
    if (e.manifestNumber) parts.push(t('manifest') + ' ' + e.manifestNumber);
    if (e.transferNumber) parts.push(t('transfer') + ' ' + e.transferNumber);
    if (e.type === 'STOP_OUTCOME') parts.push(t('stop.title', { seq: e.stopSeq, name: '' }).trim(), t('outcome.' + e.outcome));
    if (e.acceptance) parts.push(t('acceptance.' + e.acceptance));
    if (e.photoSha256) parts.push(t('queue.photos', { n: e.photoSha256.length }));
    if (e.confirmation) parts.push(t('queue.confirmed', { user: e.confirmation.username }));
  } else {
    const s = i.summary;
    if (s.transferNumber) parts.push(t('transfer') + ' ' + s.transferNumber);
    if (s.wasteCode) parts.push(s.wasteCode);
    if (s.method) parts.push(s.method);
    parts.push(t('lots.count', { n: s.labels || s.lines }));
    if (i.result && i.result.number) parts.push(i.result.number);
  }
  return parts.join(' · ');
}

function item(i, me) {
  const r = i.result || {};
  const note = i.status === 'held' ? t('queue.heldNote')
    : i.status === 'pending' && i.user !== me ? t('queue.otherUser', { user: i.user })
      : i.status === 'pending' && i.lastTry ? t('queue.retry', { detail: i.lastTry.detail || i.lastTry.reason }) : null;
  return el('li', { 'data-seq': i.seq, 'data-status': i.status, 'data-type': i.kind === 'event' ? i.event.type : i.summary.type,
    'data-client-event-id': i.kind === 'event' ? i.event.clientEventId : i.command.body.commandId, 'data-label': i.kind === 'event' ? i.event.labelId || '' : '' },
  el('div', { class: 'item-head' }, el('b', {}, what(i)), chip(i.status)),
  i.kind === 'event' && i.event.labelId ? labelText(i.event.labelId) : null,
  el('p', { class: 'muted' }, time(i.kind === 'event' ? i.event.clientTime : i.createdAt), facts(i) ? ' · ' + facts(i) : ''),
  note ? el('p', { class: 'muted' }, note) : null,
  ['rejected', 'conflict'].includes(i.status) ? el('div', { class: 'detail ' + i.status, 'data-reason': r.reason || '' },
    r.reason && t('reason.' + r.reason) !== 'reason.' + r.reason ? el('p', {}, el('b', {}, t('reason.' + r.reason))) : null,
    el('p', { class: 'server' }, t('queue.server'), ' ', r.detail || r.title || '', r.reason ? ' (' + r.reason + ')' : '')) : null,
  i.status === 'applied' && r.result === 'DUPLICATE' ? el('p', { class: 'muted' }, t('queue.duplicate')) : null);
}

export async function render() {
  const all = await queue.items();
  const me = session.shift() ? session.shift().username : null;
  const c = { todo: 0, applied: 0, rejected: 0, conflict: 0 };
  all.forEach(i => { c[['held', 'pending'].includes(i.status) ? 'todo' : i.status] += 1; });
  const st = sync.state;
  const status = !navigator.onLine ? t('queue.offline')
    : st.running ? t('badge.syncing')
      : st.lastError === 'signin' ? t('queue.signin')
        : st.failures ? t('queue.backoff', { s: Math.max(0, Math.round((st.nextAt - Date.now()) / 1000)), error: st.lastError })
          : st.lastOkAt ? t('queue.lastOk', { at: time(st.lastOkAt) }) : t('queue.never');
  const button = el('button', { type: 'button', class: 'wide', id: 'sync-now', disabled: !navigator.onLine || st.running || !session.usable(),
    onclick: () => sync.syncNow() }, t('queue.syncNow'));
  mount(el('h2', {}, t('queue.heading')),
    el('div', { class: 'counts', id: 'queue-counts' },
      el('div', { 'data-count': 'todo' }, el('b', {}, c.todo), t('queue.todo')),
      el('div', { 'data-count': 'applied' }, el('b', {}, c.applied), t('status.applied')),
      el('div', { 'data-count': 'rejected' }, el('b', {}, c.rejected), t('status.rejected')),
      el('div', { 'data-count': 'conflict' }, el('b', {}, c.conflict), t('status.conflict'))),
    el('p', { id: 'sync-status', role: 'status' }, status),
    button,
    el('ul', { class: 'plain', id: 'queue-list' }, all.slice(-SHOWN).reverse().map(i => item(i, me))));
}
