// The receiver disposes of received containers and the platform issues their certificate (POST
// /api/disposal-certificates, queued as a command): containers held (from the kit, or received on this handheld), ticked
// by scanning or by hand; the method must be one the receiver's licence permits for each container's waste code.
import { t, lang } from '../i18n.js';
import * as kits from '../kit.js';
import * as queue from '../queue.js';
import * as session from '../session.js';
import { scanField } from '../scan.js';
import { verify } from '../label.js';
import { chip, dashed, el, kg, labelText, mount, redraw, toast, verdict } from '../ui.js';
import { refusal } from './refusals.js';

const chosen = new Set();

/** Containers this receiver may dispose of: held per the kit, and received here (not refused), not yet in a disposal. */
async function candidates() {
  const list = new Map(kits.held().filter(h => h.acceptance !== 'REFUSED').map(h => [h.labelId, { labelId: h.labelId, wasteCode: h.wasteCode, kg: h.receivedKg }]));
  for (const i of await queue.live('RECEIVE')) {
    if (i.event.acceptance !== 'REFUSED') list.set(i.event.labelId, { labelId: i.event.labelId, wasteCode: dashed(i.event.labelId.slice(18, 26)), kg: i.event.weightKg });
  }
  for (const c of await queue.liveCommands('/api/transfers/')) {
    for (const line of (c.command.body.lines || [])) {
      if (line.acceptance !== 'REFUSED') list.set(line.labelId, { labelId: line.labelId, wasteCode: dashed(line.labelId.slice(18, 26)), kg: line.weightKg });
    }
  }
  for (const d of await queue.liveCommands('/api/disposal-certificates')) d.command.body.labelIds.forEach(id => list.delete(id));
  return [...list.values()];
}

function today() {
  const d = new Date();
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

export async function render() {
  if (!session.has('RECEIVER_OPERATOR')) { mount(el('h2', {}, t('dispose.heading')), verdict('bad', t('refuse.role'))); return; }
  const list = await candidates();
  for (const id of [...chosen]) if (!list.some(c => c.labelId === id)) chosen.delete(id);
  const result = el('section', { id: 'scan-result', 'aria-live': 'polite' });
  const onScan = async text => {
    const v = await verify(text, kits.kit().labelKeys);
    if (!v.ok) { result.replaceChildren(refusal(v)); return; }
    if (!list.some(c => c.labelId === v.labelId)) { result.replaceChildren(verdict('bad', t('refuse.notHeld'), t('refuse.notHeldAdvice'))); return; }
    chosen.add(v.labelId);
    redraw();
  };
  const method = el('select', { id: 'method' }, kits.methods().map(m => el('option', { value: m.code }, m.code + ' ' + (lang() === 'zh' ? m.nameZh : m.nameEn))));
  const date = el('input', { id: 'disposed-on', type: 'date', value: today(), max: today() });
  const note = el('input', { id: 'dispose-note', maxlength: '500' });
  const error = el('p', { class: 'error', role: 'alert', id: 'dispose-error' });
  const submit = async () => {
    const picked = list.filter(c => chosen.has(c.labelId));
    if (!picked.length) { error.textContent = t('dispose.noneChosen'); return; }
    const bad = picked.filter(c => !kits.licencePermits(c.wasteCode, method.value));
    if (bad.length) { error.textContent = t('refuse.method', { method: method.value, codes: [...new Set(bad.map(c => c.wasteCode))].join('、') }); return; }
    await queue.command('/api/disposal-certificates', { labelIds: picked.map(c => c.labelId), method: method.value, disposedOn: date.value,
      note: note.value.trim() || undefined }, { type: 'CERTIFICATE', method: method.value, labels: picked.length });
    chosen.clear();
    toast(t('dispose.done', { n: picked.length }), 'ok');
    redraw();
  };
  const made = (await queue.liveCommands('/api/disposal-certificates')).reverse();
  mount(el('h2', {}, t('dispose.heading')),
    list.length ? scanField(onScan, { prompt: 'scan.dispose' }) : el('p', { id: 'nothing-held' }, t('dispose.none')), result,
    list.length ? el('fieldset', { id: 'held-list' }, el('legend', {}, t('dispose.choose', { n: chosen.size, total: list.length })),
      list.map(c => el('label', { class: 'choice', 'data-label': c.labelId }, el('input', { type: 'checkbox', value: c.labelId, checked: chosen.has(c.labelId),
        onchange: e => { if (e.target.checked) chosen.add(c.labelId); else chosen.delete(c.labelId); } }),
      el('span', {}, c.wasteCode, ' · ', kg(c.kg), el('br'), labelText(c.labelId))))) : null,
    list.length ? el('div', {}, el('label', { for: 'method' }, t('dispose.method')), method, el('label', { for: 'disposed-on' }, t('dispose.date')), date,
      el('label', { for: 'dispose-note' }, t('note')), note,
      el('button', { type: 'button', class: 'wide', id: 'dispose-submit', onclick: submit }, t('dispose.submit')), error) : null,
    made.length ? el('h3', {}, t('dispose.recent')) : null,
    el('ul', { class: 'plain' }, made.map(i => el('li', {}, el('div', { class: 'item-head' },
      el('span', {}, i.summary.method, ' · ', t('lots.count', { n: i.summary.labels }), i.result && i.result.number ? ' · ' + i.result.number : ''), chip(i.status))))));
}
