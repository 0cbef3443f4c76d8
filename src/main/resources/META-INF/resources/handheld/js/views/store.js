// The storage keeper: scanning arriving containers into a storage point (STORE, weighed), and consolidating stored
// containers of one waste code into a lot (POST /api/lots, queued as a command with its commandId).
import * as db from '../db.js';
import { t } from '../i18n.js';
import * as kits from '../kit.js';
import * as queue from '../queue.js';
import * as session from '../session.js';
import { takePhoto } from '../photo.js';
import { scanField } from '../scan.js';
import { verify } from '../label.js';
import { chip, el, kg, labelText, mount, redraw, toast, verdict, weight } from '../ui.js';
import { refusal } from './refusals.js';

/** The storage point chooser: the keeper's own point first; a select when the organisation has several. */
async function pointPicker(onChange) {
  const points = kits.storagePoints();
  const k = kits.kit();
  const saved = await db.setting('storagePoint');
  const chosen = points.find(p => p.partyId === saved) || points.find(p => k && p.partyId === k.user.partyId) || points[0];
  if (!chosen) return { node: el('p', { class: 'error' }, t('store.noPoint')), point: null };
  const select = el('select', { id: 'storage-point' }, points.map(p => el('option', { value: p.partyId, selected: p === chosen }, p.name)));
  select.addEventListener('change', async () => { await db.saveSetting('storagePoint', Number(select.value)); onChange(); });
  return { node: el('div', {}, el('label', { for: 'storage-point' }, t('store.point')), select), point: chosen };
}

export async function store() {
  if (!session.has('STORAGE_KEEPER')) { mount(el('h2', {}, t('store.heading')), verdict('bad', t('refuse.role'))); return; }
  const picker = await pointPicker(store);
  const result = el('section', { id: 'scan-result', 'aria-live': 'polite' });
  const stored = (await queue.live('STORE')).reverse();
  const onScan = async text => {
    const v = await verify(text, kits.kit().labelKeys);
    if (!v.ok) { result.replaceChildren(refusal(v)); return; }
    if (stored.some(i => i.event.labelId === v.labelId && i.event.storagePointId === picker.point.partyId)) {
      result.replaceChildren(verdict('warn', t('refuse.storedTwice'), t('refuse.twiceAdvice')));
      return;
    }
    result.replaceChildren(storeForm(v, picker.point));
  };
  mount(el('h2', {}, t('store.heading')), picker.node,
    picker.point ? scanField(onScan, { prompt: 'scan.store' }) : null, result,
    stored.length ? el('h3', {}, t('store.recent')) : null,
    el('ul', { class: 'plain', id: 'stored-list' }, stored.slice(0, 30).map(i => el('li', { 'data-label': i.event.labelId },
      el('div', { class: 'item-head' }, el('span', {}, i.event.labelId.slice(18, 26), ' · ', kg(i.event.weightKg)), chip(i.status)),
      labelText(i.event.labelId)))));
}

function storeForm(v, point) {
  const code = kits.wasteCode(v.wasteCode);
  const w = el('input', { id: 'weight', type: 'number', inputmode: 'decimal', step: '0.01', min: '0.01', max: '5000', required: true });
  const error = el('p', { class: 'error', role: 'alert' });
  const photos = [];
  const thumbs = el('div');
  const photo = el('button', { type: 'button', class: 'secondary', id: 'take-photo' }, t('photo.take'));
  photo.addEventListener('click', async () => {
    const p = await takePhoto(kits.photoMaxBytes());
    if (p) { photos.push(p.sha256); thumbs.append(el('img', { class: 'thumb', src: p.url, alt: t('photo.alt', { n: photos.length }) })); }
  });
  const form = el('form', { id: 'store-form', class: 'card current', novalidate: true },
    verdict('ok', t('label.genuine'), t('store.into', { name: point.name })), labelText(v.labelId),
    el('p', {}, v.wasteCode, code ? ' ' + code.description : ''),
    el('label', { for: 'weight' }, t('weight.label')), w, photo, thumbs,
    el('button', { type: 'submit', class: 'wide', id: 'store-submit' }, t('store.submit')), error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const kgValue = weight(w.value);
    if (kgValue === null) { error.textContent = t('weight.invalid'); w.focus(); return; }
    await queue.record(queue.event('STORE', { labelId: v.labelId, storagePointId: point.partyId, weightKg: kgValue,
      photoSha256: photos.length ? photos : undefined }), { photos });
    toast(t('store.done', { kg: kg(kgValue) }), 'ok');
    redraw();
  });
  setTimeout(() => w.focus(), 0);
  return form;
}

export async function lots() {
  if (!session.has('STORAGE_KEEPER')) { mount(el('h2', {}, t('lots.heading')), verdict('bad', t('refuse.role'))); return; }
  const picker = await pointPicker(lots);
  const draft = await db.setting('lotDraft', { labels: [], wasteCode: null });
  const result = el('section', { id: 'scan-result', 'aria-live': 'polite' });
  const save = async () => { await db.saveSetting('lotDraft', draft); redraw(); };
  const onScan = async text => {
    const v = await verify(text, kits.kit().labelKeys);
    if (!v.ok) { result.replaceChildren(refusal(v)); return; }
    if (draft.labels.includes(v.labelId)) { result.replaceChildren(verdict('warn', t('refuse.twice'), t('refuse.twiceAdvice'))); return; }
    if (draft.wasteCode && draft.wasteCode !== v.wasteCode) {
      result.replaceChildren(verdict('bad', t('refuse.lotCode', { code: v.wasteCode, lot: draft.wasteCode }), t('refuse.lotCodeAdvice')));
      return;
    }
    draft.wasteCode = v.wasteCode;
    draft.labels.push(v.labelId);
    await save();
  };
  const create = async () => {
    await queue.command('/api/lots', { storagePointId: picker.point.partyId, wasteCode: draft.wasteCode, labelIds: draft.labels,
      scan: queue.scanContext() }, { type: 'LOT', wasteCode: draft.wasteCode, labels: draft.labels.length });
    toast(t('lots.done', { n: draft.labels.length }), 'ok');
    await db.saveSetting('lotDraft', { labels: [], wasteCode: null });
    redraw();
  };
  const made = (await queue.liveCommands('/api/lots')).reverse();
  mount(el('h2', {}, t('lots.heading')), picker.node, el('p', { class: 'muted' }, t('lots.help')),
    picker.point ? scanField(onScan, { prompt: 'scan.lot' }) : null, result,
    draft.labels.length ? el('div', { class: 'card current', id: 'lot-draft' },
      el('h3', {}, t('lots.draft', { code: draft.wasteCode, n: draft.labels.length })),
      el('ul', { class: 'plain' }, draft.labels.map(l => el('li', { 'data-label': l }, labelText(l),
        el('button', { type: 'button', class: 'secondary', onclick: async () => {
          draft.labels = draft.labels.filter(x => x !== l);
          if (!draft.labels.length) draft.wasteCode = null;
          await save();
        } }, t('lots.remove'))))),
      el('button', { type: 'button', class: 'wide', id: 'lot-create', onclick: create }, t('lots.create'))) : null,
    made.length ? el('h3', {}, t('lots.recent')) : null,
    el('ul', { class: 'plain', id: 'lot-list' }, made.map(i => el('li', {}, el('div', { class: 'item-head' },
      el('span', {}, i.summary.wasteCode, ' · ', t('lots.count', { n: i.summary.labels }), i.result && i.result.id ? ' · #' + i.result.id : ''),
      chip(i.status))))));
}
