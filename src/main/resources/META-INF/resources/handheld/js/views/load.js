// Loading onto a transfer (driver, operator, storage keeper): the kit's transfers of the shipper's side, each with the
// containers declared on it. A scanned container is loaded only when it verifies and is declared on the transfer; the
// vehicle leaves (DEPART) only when every declared container still with the shipper is loaded; the driver records the
// arrival (ARRIVE) at the receiver's gate.
import { t } from '../i18n.js';
import * as kits from '../kit.js';
import * as queue from '../queue.js';
import * as session from '../session.js';
import { scanField } from '../scan.js';
import { verify } from '../label.js';
import { chip, dashed, el, kg, labelText, mount, redraw, time, toast, verdict } from '../ui.js';
import { refusal } from './refusals.js';

const TO_LOAD = ['COLLECTED', 'IN_STORAGE'];

/** What the queue holds for a transfer: loads by label, and whether a departure or arrival is queued. */
export async function local(number) {
  const loads = new Map();
  let departed = null;
  let arrived = null;
  for (const type of ['LOAD', 'DEPART', 'ARRIVE']) {
    for (const i of await queue.live(type)) {
      if (i.event.transferNumber !== number) continue;
      if (type === 'LOAD') loads.set(i.event.labelId, i);
      if (type === 'DEPART') departed = i;
      if (type === 'ARRIVE') arrived = i;
    }
  }
  return { loads, departed, arrived };
}

export async function list() {
  const mine = kits.transfers().filter(tr => tr.side === 'SHIPPER' || tr.side === 'CARRIER');
  mount(el('h2', {}, t('load.heading')),
    mine.length ? el('ul', { class: 'plain' }, mine.map(tr => el('li', {}, el('a', { class: 'card tap', href: '#/load/' + tr.number, 'data-transfer': tr.number },
      el('div', { class: 'item-head' }, el('h3', { class: 'mono' }, tr.number), el('span', { class: 'chip todo' }, t('side.' + tr.side))),
      el('p', {}, t('load.to', { name: tr.receiverName })),
      el('p', { class: 'muted' }, tr.vehiclePlate || '', ' · ', tr.plannedDate, ' · ', t('load.count', { n: tr.containers.length }))))))
      : el('p', { id: 'no-transfer' }, t('load.none')));
}

export async function transfer(number) {
  const tr = kits.transfer(number);
  if (!tr) { mount(el('h2', {}, t('load.heading')), el('p', { class: 'error' }, t('load.unknown'))); return; }
  const l = await local(number);
  const departed = Boolean(tr.departedAt || l.departed);
  const arrived = Boolean(tr.arrivedAt || l.arrived);
  const isLoaded = c => c.loaded || l.loads.has(c.labelId);
  const result = el('section', { id: 'scan-result', 'aria-live': 'polite' });
  const carrier = session.has('DRIVER', 'COLLECTOR_OPERATOR');

  const onScan = async text => {
    const v = await verify(text, kits.kit().labelKeys);
    if (!v.ok) { result.replaceChildren(refusal(v)); return; }
    const c = tr.containers.find(x => x.labelId === v.labelId);
    if (!c) { result.replaceChildren(verdict('bad', t('refuse.notDeclared', { number }), t('refuse.notDeclaredAdvice'))); return; }
    if (isLoaded(c)) { result.replaceChildren(verdict('warn', t('refuse.loadedTwice'), t('refuse.twiceAdvice'))); return; }
    if (!TO_LOAD.includes(c.state)) { result.replaceChildren(verdict('bad', t('refuse.notWithShipper', { state: t('state.' + c.state) }))); return; }
    await queue.record(queue.event('LOAD', { labelId: c.labelId, transferNumber: number }));
    toast(t('load.done', { code: c.wasteCode }), 'ok');
    redraw();
  };

  const depart = async () => {
    const missing = tr.containers.filter(c => TO_LOAD.includes(c.state) && !isLoaded(c));
    if (missing.length) {
      result.replaceChildren(verdict('bad', t('refuse.notLoaded', { n: missing.length }), missing.map(c => c.labelId.slice(-11)).join('、')));
      result.scrollIntoView();
      return;
    }
    await queue.record(queue.event('DEPART', { transferNumber: number }));
    toast(t('load.departed'), 'ok');
    redraw();
  };
  const arrive = async () => {
    await queue.record(queue.event('ARRIVE', { transferNumber: number }));
    toast(t('load.arrived'), 'ok');
    redraw();
  };
  const loadedCount = tr.containers.filter(isLoaded).length;

  mount(el('h2', {}, t('transfer'), ' ', el('span', { class: 'mono' }, number)),
    el('dl', { class: 'facts' }, el('dt', {}, t('load.receiver')), el('dd', {}, tr.receiverName),
      el('dt', {}, t('load.vehicle')), el('dd', {}, tr.vehiclePlate || '—'),
      el('dt', {}, t('load.planned')), el('dd', {}, tr.plannedDate),
      el('dt', {}, t('load.loaded')), el('dd', { id: 'loaded-count' }, loadedCount + ' / ' + tr.containers.length)),
    departed ? verdict('ok', t('load.isDeparted', { at: time(tr.departedAt || l.departed.event.clientTime) })) : null,
    arrived ? verdict('ok', t('load.isArrived', { at: time(tr.arrivedAt || l.arrived.event.clientTime) })) : null,
    !departed && tr.side === 'SHIPPER' ? scanField(onScan, { prompt: 'scan.load' }) : null,
    result,
    el('ul', { class: 'plain card' }, tr.containers.map(c => el('li', { 'data-label': c.labelId },
      el('div', { class: 'item-head' }, el('span', {}, dashed(c.labelId.slice(18, 26)), ' · ', kg(c.weightKg)),
        isLoaded(c) ? chip(l.loads.has(c.labelId) ? l.loads.get(c.labelId).status : 'applied') : el('span', { class: 'chip todo' }, t('state.' + c.state))),
      labelText(c.labelId)))),
    !departed && carrier ? el('button', { type: 'button', class: 'wide', id: 'depart', onclick: depart }, t('load.depart')) : null,
    departed && !arrived && carrier ? el('button', { type: 'button', class: 'wide', id: 'arrive', onclick: arrive }, t('load.arrive')) : null,
    el('a', { class: 'button secondary wide', href: '#/load' }, t('load.back')));
}
