// The receiver at the disposal site: the transfers on their way to it (from the kit), the arrival at the gate, and the
// receipt, container by container (RECEIVE: weighed, accepted or refused with the reason and what differs) or the
// whole transfer at once (POST /api/transfers/{number}/receipt, one line per container still on it, queued as a command).
import { t } from '../i18n.js';
import * as kits from '../kit.js';
import * as queue from '../queue.js';
import * as session from '../session.js';
import { scanField } from '../scan.js';
import { verify } from '../label.js';
import { chip, dashed, el, kg, labelText, mount, redraw, time, toast, verdict, weight } from '../ui.js';
import { refusal } from './refusals.js';

const ACCEPTANCE = ['ACCEPTED', 'PARTIALLY_REFUSED', 'REFUSED'];
const DISCREPANCIES = ['QUANTITY', 'WASTE_CODE', 'PHYSICAL_FORM', 'PACKAGING', 'HAZARDS'];

/** What the queue holds for a transfer: receipts by label (per container or in a whole-transfer receipt), the arrival. */
export async function local(number) {
  const received = new Map();
  for (const i of await queue.live('RECEIVE')) if (i.event.transferNumber === number) received.set(i.event.labelId, i);
  for (const i of await queue.liveCommands('/api/transfers/' + number + '/receipt')) {
    for (const line of i.command.body.lines) received.set(line.labelId, i);
  }
  const arrived = (await queue.live('ARRIVE')).find(i => i.event.transferNumber === number) || null;
  return { received, arrived };
}

export async function list() {
  const mine = kits.transfers().filter(tr => tr.side === 'RECEIVER');
  mount(el('h2', {}, t('receive.heading')),
    mine.length ? el('ul', { class: 'plain' }, mine.map(tr => el('li', {}, el('a', { class: 'card tap', href: '#/receive/' + tr.number, 'data-transfer': tr.number },
      el('h3', { class: 'mono' }, tr.number),
      el('p', {}, t('receive.from', { name: tr.shipperName })),
      el('p', { class: 'muted' }, tr.vehiclePlate || '', ' · ', t('receive.left', { at: time(tr.departedAt) }), ' · ',
        t('load.count', { n: tr.containers.filter(c => c.loaded).length }))))))
      : el('p', { id: 'no-transfer' }, t('receive.none')));
}

export async function transfer(number) {
  const tr = kits.transfer(number);
  if (!tr || tr.side !== 'RECEIVER') { mount(el('h2', {}, t('receive.heading')), el('p', { class: 'error' }, t('load.unknown'))); return; }
  const l = await local(number);
  const onRoad = tr.containers.filter(c => c.loaded);
  const waiting = onRoad.filter(c => !l.received.has(c.labelId));
  const arrived = Boolean(tr.arrivedAt || l.arrived);
  const result = el('section', { id: 'scan-result', 'aria-live': 'polite' });
  const onScan = async text => {
    const v = await verify(text, kits.kit().labelKeys);
    if (!v.ok) { result.replaceChildren(refusal(v)); return; }
    const c = onRoad.find(x => x.labelId === v.labelId);
    if (!c) { result.replaceChildren(verdict('bad', t('refuse.notOnTransfer', { number }), t('refuse.notOnTransferAdvice'))); return; }
    if (l.received.has(c.labelId)) { result.replaceChildren(verdict('warn', t('refuse.receivedTwice'), t('refuse.twiceAdvice'))); return; }
    result.replaceChildren(receiveForm(tr, c));
  };
  const arrive = async () => {
    await queue.record(queue.event('ARRIVE', { transferNumber: number }));
    toast(t('load.arrived'), 'ok');
    redraw();
  };
  mount(el('h2', {}, t('transfer'), ' ', el('span', { class: 'mono' }, number)),
    el('dl', { class: 'facts' }, el('dt', {}, t('receive.shipper')), el('dd', {}, tr.shipperName),
      el('dt', {}, t('load.vehicle')), el('dd', {}, tr.vehiclePlate || '—'),
      el('dt', {}, t('receive.departed')), el('dd', {}, time(tr.departedAt)),
      el('dt', {}, t('receive.count')), el('dd', { id: 'received-count' }, (onRoad.length - waiting.length) + ' / ' + onRoad.length)),
    arrived ? verdict('ok', t('load.isArrived', { at: time(tr.arrivedAt || l.arrived.event.clientTime) }))
      : el('button', { type: 'button', class: 'wide', id: 'arrive', onclick: arrive }, t('receive.arrive')),
    session.has('RECEIVER_OPERATOR') && waiting.length ? scanField(onScan, { prompt: 'scan.receive' }) : null,
    result,
    waiting.length > 1 ? el('a', { class: 'button secondary wide', id: 'whole', href: '#/receipt/' + number }, t('receive.whole', { n: waiting.length })) : null,
    el('ul', { class: 'plain card' }, onRoad.map(c => el('li', { 'data-label': c.labelId },
      el('div', { class: 'item-head' }, el('span', {}, dashed(c.labelId.slice(18, 26)), ' · ', t('declared'), ' ', kg(c.weightKg)),
        l.received.has(c.labelId) ? chip(l.received.get(c.labelId).status) : el('span', { class: 'chip todo' }, t('state.IN_TRANSIT'))),
      labelText(c.labelId)))),
    el('a', { class: 'button secondary wide', href: '#/receive' }, t('load.back')));
}

/** The receipt of one container: weight, acceptance, refused kg, what differs, why. */
function receiveForm(tr, c) {
  const code = kits.wasteCode(c.wasteCode);
  const w = el('input', { id: 'weight', type: 'number', inputmode: 'decimal', step: '0.01', min: '0.01', max: '5000', required: true });
  const refused = el('input', { id: 'refused-kg', type: 'number', inputmode: 'decimal', step: '0.01', min: '0.01', max: '5000' });
  const reason = el('textarea', { id: 'reason', rows: '2', maxlength: '300' });
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { id: 'receive-form', class: 'card current', novalidate: true },
    verdict('ok', t('label.genuine'), t('receive.onTransfer', { number: tr.number })), labelText(c.labelId),
    el('p', {}, c.wasteCode, code ? ' ' + code.description : '', ' · ', t('declared'), ' ', kg(c.weightKg)),
    el('label', { for: 'weight' }, t('weight.label')), w,
    el('fieldset', {}, el('legend', {}, t('receive.acceptance')),
      ACCEPTANCE.map((a, i) => el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'acceptance', value: a, checked: i === 0 }), t('acceptance.' + a)))),
    el('label', { for: 'refused-kg' }, t('receive.refusedKg')), refused,
    el('fieldset', {}, el('legend', {}, t('receive.discrepancies')),
      DISCREPANCIES.map(d => el('label', { class: 'choice' }, el('input', { type: 'checkbox', name: 'discrepancy', value: d }), t('discrepancy.' + d)))),
    el('label', { for: 'reason' }, t('receive.reason')), reason,
    el('button', { type: 'submit', class: 'wide', id: 'receive-submit' }, t('receive.submit')), error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const kgValue = weight(w.value);
    const acceptance = form.querySelector('input[name="acceptance"]:checked').value;
    const discrepancies = [...form.querySelectorAll('input[name="discrepancy"]:checked')].map(x => x.value);
    const why = reason.value.trim();
    const refusedKg = acceptance === 'PARTIALLY_REFUSED' ? weight(refused.value) : null;
    if (kgValue === null) { error.textContent = t('weight.invalid'); w.focus(); return; }
    if (acceptance === 'PARTIALLY_REFUSED' && (refusedKg === null || refusedKg >= kgValue)) { error.textContent = t('receive.refusedInvalid'); refused.focus(); return; }
    if ((acceptance !== 'ACCEPTED' || discrepancies.length) && !why) { error.textContent = t('receive.reasonNeeded'); reason.focus(); return; }
    await queue.record(queue.event('RECEIVE', { labelId: c.labelId, transferNumber: tr.number, weightKg: kgValue, acceptance,
      refusedKg: refusedKg === null ? undefined : refusedKg, discrepancies: discrepancies.length ? discrepancies : undefined, reason: why || undefined }));
    toast(t('receive.done', { what: t('acceptance.' + acceptance) }), 'ok');
    redraw();
  });
  setTimeout(() => w.focus(), 0);
  return form;
}

/** The whole transfer in one receipt: a line per container still on it, weights first filled in as declared. */
export async function whole(number) {
  const tr = kits.transfer(number);
  if (!tr || tr.side !== 'RECEIVER') { mount(el('h2', {}, t('receive.heading')), el('p', { class: 'error' }, t('load.unknown'))); return; }
  const l = await local(number);
  const waiting = tr.containers.filter(c => c.loaded && !l.received.has(c.labelId));
  const error = el('p', { class: 'error', role: 'alert', id: 'receipt-error' });
  const rows = waiting.map((c, i) => {
    const w = el('input', { id: 'w-' + i, type: 'number', inputmode: 'decimal', step: '0.01', min: '0.01', max: '5000', value: c.weightKg });
    const a = el('select', { id: 'a-' + i }, ACCEPTANCE.map(x => el('option', { value: x }, t('acceptance.' + x))));
    const r = el('input', { id: 'r-' + i, type: 'number', inputmode: 'decimal', step: '0.01', min: '0.01', max: '5000' });
    const why = el('input', { id: 'why-' + i, maxlength: '300' });
    // refused kg and the reason only for a line not simply accepted: a whole transfer is many lines on a small screen
    const refusal = el('div', { hidden: true }, el('label', { for: 'r-' + i }, t('receive.refusedKg')), r, el('label', { for: 'why-' + i }, t('receive.reason')), why);
    a.addEventListener('change', () => { refusal.hidden = a.value === 'ACCEPTED'; });
    return { c, w, a, r, why, node: el('fieldset', { 'data-label': c.labelId }, el('legend', {}, dashed(c.labelId.slice(18, 26)), ' · ', t('declared'), ' ', kg(c.weightKg)),
      labelText(c.labelId),
      el('div', { class: 'row' }, el('div', {}, el('label', { for: 'w-' + i }, t('weight.label')), w),
        el('div', {}, el('label', { for: 'a-' + i }, t('receive.acceptance')), a)),
      refusal) };
  });
  const form = el('form', { id: 'receipt-form', novalidate: true }, rows.map(x => x.node),
    el('button', { type: 'submit', class: 'wide', id: 'receipt-submit' }, t('receive.wholeSubmit', { n: rows.length })), error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const lines = [];
    for (const x of rows) {
      const kgValue = weight(x.w.value);
      const acceptance = x.a.value;
      const refusedKg = acceptance === 'PARTIALLY_REFUSED' ? weight(x.r.value) : null;
      const why = x.why.value.trim();
      if (kgValue === null) { error.textContent = t('weight.invalid'); x.w.focus(); return; }
      if (acceptance === 'PARTIALLY_REFUSED' && (refusedKg === null || refusedKg >= kgValue)) { error.textContent = t('receive.refusedInvalid'); x.r.focus(); return; }
      if (acceptance !== 'ACCEPTED' && !why) { error.textContent = t('receive.reasonNeeded'); x.why.focus(); return; }
      const line = { labelId: x.c.labelId, weightKg: kgValue, acceptance };
      if (refusedKg !== null) line.refusedKg = refusedKg;
      if (why) line.reason = why;
      lines.push(line);
    }
    await queue.command('/api/transfers/' + number + '/receipt', { lines, scan: queue.scanContext() }, { type: 'RECEIPT', transferNumber: number, lines: lines.length });
    toast(t('receive.wholeDone', { n: lines.length }), 'ok');
    location.hash = '#/receive/' + number;
  });
  mount(el('h2', {}, t('receive.wholeHeading'), ' ', el('span', { class: 'mono' }, number)), el('p', { class: 'muted' }, t('receive.wholeHelp')),
    rows.length ? form : el('p', {}, t('receive.nothingLeft')),
    el('a', { class: 'button secondary wide', href: '#/receive/' + number }, t('load.back')));
}
