// The driver's day: the round's stops in order (address, phone, open manifests), collecting at a stop (scan, weigh,
// photo), and the hand-over that ends it: the generator's staff check the containers and weights and enter their
// confirmation code, or the driver records why nothing was collected. The stop's collections are held (recorded, not
// sent) until then, so the confirmation travels with each of them; the stop's outcome is queued after them.
import { t } from '../i18n.js';
import * as kits from '../kit.js';
import * as queue from '../queue.js';
import * as session from '../session.js';
import { takePhoto } from '../photo.js';
import { scanField } from '../scan.js';
import { verify } from '../label.js';
import { chip, dashed, el, kg, labelText, mount, redraw, toast, verdict, weight } from '../ui.js';
import { refusal } from './refusals.js';

const OUTCOMES = ['NOTHING_TO_COLLECT', 'CLOSED', 'REFUSED_BY_GENERATOR'];

/** What the queue holds for a round: collections by label, outcomes by stop. */
async function local(roundId) {
  const collected = new Map();
  const outcomes = new Map();
  for (const i of await queue.items()) {
    if (i.kind !== 'event' || ['rejected', 'conflict'].includes(i.status)) continue;
    if (i.event.type === 'COLLECT') collected.set(i.event.labelId, i);
    if (i.event.type === 'STOP_OUTCOME' && i.event.roundId === roundId) outcomes.set(i.event.stopSeq, i);
  }
  return { collected, outcomes };
}

const done = (s, l) => Boolean(s.result || l.outcomes.has(s.seq));

/** The stop's outcome, in words: recorded by the server (kit) or queued here. */
function outcomeOf(s, l) {
  const o = s.result ? s.result.outcome : l.outcomes.has(s.seq) ? l.outcomes.get(s.seq).event.outcome : null;
  return o ? t('outcome.' + o) : null;
}

export async function rounds() {
  const list = kits.rounds();
  if (!list.length) {
    mount(el('h2', {}, t('round.heading')), el('p', { id: 'no-round' }, t(kits.kit() ? 'round.none' : 'banner.nokit')));
    return;
  }
  const sections = [];
  for (const r of list) {
    const l = await local(r.id);
    const next = r.stops.find(s => !done(s, l));
    sections.push(el('section', { 'data-round': r.id, 'aria-label': t('round.of', { plate: r.vehicle.plate }) },
      el('h3', {}, t('round.of', { plate: r.vehicle.plate }), ' · ', t('round.stops', { n: r.stops.length })),
      r.note ? el('p', { class: 'muted' }, r.note) : null,
      el('ol', { class: 'plain' }, r.stops.map(s => {
        const open = s.openManifests.reduce((n, m) => n + m.containers.length, 0);
        const here = s.openManifests.flatMap(m => m.containers).filter(c => l.collected.has(c.labelId)).length;
        const isDone = done(s, l);
        return el('li', {}, el('a', { class: 'card tap' + (isDone ? ' done' : '') + (s === next ? ' current' : ''), href: '#/stop/' + r.id + '/' + s.seq,
          'data-stop': s.seq },
        el('div', { class: 'item-head' }, el('h3', {}, s.seq + '. ' + s.generatorName),
          isDone ? el('span', { class: 'chip applied' }, outcomeOf(s, l)) : here ? el('span', { class: 'chip held' }, t('stop.busy')) : el('span', { class: 'chip todo' }, t('stop.todo'))),
        el('p', {}, s.address),
        el('p', { class: 'muted' }, t('stop.open', { m: s.openManifests.length, c: open }), here ? ' · ' + t('stop.scanned', { n: here }) : '')));
      }))));
  }
  mount(el('h2', {}, t('round.heading')), el('p', { class: 'muted' }, t('round.date', { date: kits.kit().date })), ...sections);
}

export async function stop(roundId, seq) {
  const r = kits.round(roundId);
  const s = kits.stop(roundId, seq);
  if (!r || !s) { mount(el('h2', {}, t('stop.heading')), el('p', { class: 'error' }, t('stop.unknown'))); return; }
  const rid = r.id;
  const l = await local(rid);
  const isDone = done(s, l);
  const result = el('section', { id: 'scan-result', 'aria-live': 'polite' });
  const canCollect = session.has('DRIVER', 'COLLECTOR_OPERATOR');

  const onScan = async text => {
    const v = await verify(text, kits.kit().labelKeys);
    if (!v.ok) { result.replaceChildren(refusal(v)); return; }
    if (!canCollect) { result.replaceChildren(verdict('bad', t('refuse.role'), t('refuse.roleAdvice'))); return; }
    const now = await local(rid);
    if (now.collected.has(v.labelId)) { result.replaceChildren(verdict('warn', t('refuse.twice'), t('refuse.twiceAdvice'))); return; }
    const found = kits.openContainer(s, v.labelId);
    if (!found) {
      const elsewhere = r.stops.find(o => kits.openContainer(o, v.labelId));
      result.replaceChildren(verdict('bad', t('refuse.notThisStop'), elsewhere ? t('refuse.otherStop', { seq: elsewhere.seq, name: elsewhere.generatorName })
        : t('refuse.notThisStopAdvice')));
      return;
    }
    result.replaceChildren(collectForm(r, s, found, isDone));
  };

  const manifests = s.openManifests.map(m => el('div', { class: 'card', 'data-manifest': m.number },
    el('h3', {}, t('manifest'), ' ', el('span', { class: 'mono' }, m.number)),
    el('ul', { class: 'plain' }, m.containers.map(c => {
      const q = l.collected.get(c.labelId);
      const code = kits.wasteCode(c.wasteCode);
      return el('li', { 'data-label': c.labelId },
        el('div', { class: 'item-head' }, el('span', {}, c.wasteCode, code ? ' ' + code.categoryName : ''),
          q ? chip(q.status) : el('span', { class: 'chip todo' }, t('stop.todo'))),
        labelText(c.labelId),
        el('p', { class: 'muted' }, t('container.' + c.containerType), ' ', c.volumeLitres, ' L · ', t('estimated'), ' ', kg(c.estimatedWeightKg),
          q ? ' · ' + t('weighed') + ' ' + kg(q.event.weightKg) : ''),
        q && q.status === 'held' ? el('button', { type: 'button', class: 'secondary', 'data-undo': c.labelId,
          onclick: async () => { await queue.dropHeld(q.seq); toast(t('stop.undone')); redraw(); } }, t('stop.undo')) : null);
    }))));
  const heldHere = [...l.collected.values()].filter(i => i.status === 'held' && i.stop && i.stop.roundId === rid && i.stop.seq === s.seq).length;
  // collected here and no longer open on the server (synced, the kit fetched again): listed from the queue
  const open = new Set(s.openManifests.flatMap(m => m.containers.map(c => c.labelId)));
  const gone = [...l.collected.values()].filter(i => i.stop && i.stop.roundId === rid && i.stop.seq === s.seq && !open.has(i.event.labelId));

  mount(el('h2', {}, t('stop.title', { seq: s.seq, name: s.generatorName })),
    el('p', {}, s.address),
    s.contactPhone ? el('p', {}, el('a', { class: 'button secondary', href: 'tel:' + s.contactPhone }, t('stop.call'), ' ', s.contactPhone)) : null,
    s.note ? el('p', { class: 'muted' }, s.note) : null,
    isDone ? verdict('ok', t('stop.done', { outcome: outcomeOf(s, l) })) : null,
    s.openManifests.length ? scanField(onScan, { prompt: 'scan.collect' }) : el('p', { id: 'stop-nothing' }, t('stop.nothingOpen')),
    result,
    ...manifests,
    gone.length ? el('div', { class: 'card', id: 'collected-here' }, el('h3', {}, t('stop.collected')),
      el('ul', { class: 'plain' }, gone.map(i => el('li', { 'data-label': i.event.labelId }, el('div', { class: 'item-head' },
        el('span', {}, dashed(i.event.labelId.slice(18, 26)), ' · ', kg(i.event.weightKg)), chip(i.status)), labelText(i.event.labelId))))) : null,
    isDone ? null : el('a', { class: 'button wide', id: 'finish-stop', href: '#/handover/' + rid + '/' + s.seq },
      heldHere ? t('stop.finishWith', { n: heldHere }) : t('stop.finish')),
    el('a', { class: 'button secondary wide', href: '#/round' }, t('round.back')));
}

/** Weigh (and photograph) a container found on the stop's manifests, then record its COLLECT. */
function collectForm(r, s, found, stopDone) {
  const c = found.container;
  const code = kits.wasteCode(c.wasteCode);
  const w = el('input', { id: 'weight', name: 'weight', type: 'number', inputmode: 'decimal', step: '0.01', min: '0.01', max: '5000',
    required: true, 'aria-describedby': 'weight-help' });
  const note = el('input', { id: 'note', name: 'note', maxlength: '500' });
  const error = el('p', { class: 'error', role: 'alert', id: 'collect-error' });
  const photos = [];
  const thumbs = el('div', { id: 'photos' });
  const photo = el('button', { type: 'button', class: 'secondary', id: 'take-photo' }, t('photo.take'));
  photo.addEventListener('click', async () => {
    const p = await takePhoto(kits.photoMaxBytes());
    if (p) { photos.push(p.sha256); thumbs.append(el('img', { class: 'thumb', src: p.url, alt: t('photo.alt', { n: photos.length }) })); }
    w.focus();
  });
  const form = el('form', { id: 'collect-form', class: 'card current', novalidate: true },
    verdict('ok', t('label.genuine'), t('label.onManifest', { number: found.manifestNumber })),
    labelText(c.labelId),
    el('dl', { class: 'facts' }, el('dt', {}, t('wasteCode')), el('dd', {}, c.wasteCode, code ? ' ' + code.description : ''),
      el('dt', {}, t('estimated')), el('dd', {}, kg(c.estimatedWeightKg))),
    el('label', { for: 'weight' }, t('weight.label')), w, el('p', { id: 'weight-help', class: 'muted' }, t('weight.help')),
    photo, thumbs,
    el('label', { for: 'note' }, t('note')), note,
    el('div', { class: 'row' }, el('button', { type: 'submit', id: 'collect-submit' }, t('collect.submit'))),
    error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const kgValue = weight(w.value);
    if (kgValue === null) { error.textContent = t('weight.invalid'); w.focus(); return; }
    await queue.record(queue.event('COLLECT', { labelId: c.labelId, manifestNumber: found.manifestNumber, weightKg: kgValue, roundId: r.id,
      photoSha256: photos.length ? photos : undefined, note: note.value.trim() || undefined }), { held: !stopDone, stop: { roundId: r.id, seq: s.seq }, photos });
    toast(t('collect.done', { kg: kg(kgValue) }), 'ok');
    redraw();
  });
  setTimeout(() => w.focus(), 0);
  return form;
}

/** The end of a stop: the generator's confirmation of what was collected, or why nothing was. */
export async function handover(roundId, seq) {
  const r = kits.round(roundId);
  const s = kits.stop(roundId, seq);
  if (!r || !s) { mount(el('h2', {}, t('stop.heading')), el('p', { class: 'error' }, t('stop.unknown'))); return; }
  const l = await local(r.id);
  if (done(s, l)) { location.replace('#/stop/' + r.id + '/' + s.seq); return; }
  const held = (await queue.items()).filter(i => i.status === 'held' && i.stop && i.stop.roundId === r.id && i.stop.seq === s.seq);
  const error = el('p', { class: 'error', role: 'alert', id: 'handover-error' });
  const finish = async (confirmation, outcome, reason) => {
    await queue.finishStop(r.id, s.seq, confirmation, queue.event('STOP_OUTCOME', { roundId: r.id, stopSeq: s.seq, outcome, reason }));
    toast(t('handover.done', { seq: s.seq }), 'ok');
    const after = await local(r.id);
    const next = r.stops.find(o => !done(o, after));
    location.hash = next ? '#/stop/' + r.id + '/' + next.seq : '#/round';
  };

  if (held.length) {
    const total = held.reduce((n, i) => n + i.event.weightKg, 0);
    const user = el('input', { id: 'confirm-user', name: 'username', autocomplete: 'off', autocapitalize: 'off' });
    const code = el('input', { id: 'confirm-code', name: 'code', type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: '12' });
    const form = el('form', { id: 'handover-form', novalidate: true },
      el('label', { for: 'confirm-user' }, t('handover.user')), user,
      el('label', { for: 'confirm-code' }, t('handover.code')), code,
      el('button', { type: 'submit', class: 'wide', id: 'handover-confirm' }, t('handover.confirm')), error);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (!user.value.trim() || !/^\d{4,12}$/.test(code.value.trim())) { error.textContent = t('handover.missing'); return; }
      await finish({ username: user.value.trim(), code: code.value.trim() }, 'COLLECTED');
    });
    mount(el('h2', {}, t('handover.heading', { name: s.generatorName })),
      el('p', {}, t('handover.ask')),
      el('ul', { class: 'plain card', id: 'handover-list' }, held.map(i => el('li', {}, labelText(i.event.labelId), el('div', { class: 'item-head' },
        el('span', {}, dashed(i.event.labelId.slice(18, 26))), el('b', {}, kg(i.event.weightKg)))))),
      el('p', { class: 'big', id: 'handover-total' }, t('handover.total', { n: held.length, kg: kg(total) })),
      form,
      el('button', { type: 'button', class: 'secondary wide', id: 'handover-skip', onclick: () => finish(null, 'COLLECTED') }, t('handover.skip')),
      el('p', { class: 'muted' }, t('handover.skipHelp')),
      el('a', { class: 'button secondary wide', href: '#/stop/' + r.id + '/' + s.seq }, t('handover.back')));
    return;
  }

  const reason = el('textarea', { id: 'outcome-reason', name: 'reason', rows: '2', maxlength: '300' });
  const form = el('form', { id: 'outcome-form', novalidate: true },
    el('fieldset', {}, el('legend', {}, t('outcome.ask')),
      OUTCOMES.map((o, i) => el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'outcome', value: o, checked: i === 0 }), t('outcome.' + o)))),
    el('label', { for: 'outcome-reason' }, t('outcome.reason')), reason,
    el('button', { type: 'submit', class: 'wide', id: 'outcome-submit' }, t('stop.finish')), error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const outcome = form.querySelector('input[name="outcome"]:checked').value;
    if (outcome === 'REFUSED_BY_GENERATOR' && !reason.value.trim()) { error.textContent = t('outcome.reasonNeeded'); reason.focus(); return; }
    await finish(null, outcome, reason.value.trim() || undefined);
  });
  mount(el('h2', {}, t('outcome.heading', { name: s.generatorName })), el('p', {}, t('outcome.none')), form,
    el('a', { class: 'button secondary wide', href: '#/stop/' + r.id + '/' + s.seq }, t('handover.back')));
}
