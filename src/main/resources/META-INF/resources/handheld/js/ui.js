// Small DOM helpers shared by the views: element building (no innerHTML of data), messages, formats.
import { t, lang } from './i18n.js';

/** el('button', {class: 'x', onclick: f}, 'text', child…): attributes, listeners (on…), children (strings are text). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

let shown = null;
let current = null;

/** The route being drawn (the app draws one screen at a time): what mount() marks the view with. */
export function drawing(hash) {
  current = hash;
}

/**
 * Replaces the view's content. On a new screen, focus moves to its heading (a screen reader announces it) and the page
 * scrolls to the top; the same screen drawn again with fresh data keeps the scroll and the focus where they were.
 */
export function mount(...children) {
  const view = document.getElementById('view');
  const route = current === null ? location.hash : current;
  const fresh = shown !== route;
  shown = route;
  const scroll = window.scrollY;
  view.dataset.route = route;
  view.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  const heading = view.querySelector('h2');
  if (heading) heading.tabIndex = -1;
  if (fresh) {
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  } else {
    window.scrollTo(0, scroll);
  }
  return view;
}

/** Draws the current screen again (after an action recorded something): whatever screen the person is on by then. */
export function redraw() {
  window.dispatchEvent(new CustomEvent('hazchain:redraw'));
}

let toastTimer = null;
/** A short message over the tabs (role=alert: read out at once). kind: ok | bad | (none). */
export function toast(text, kind = '', ms = 3500) {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.className = kind;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, ms);
}

/** A verdict box: a refusal or a confirmation in words a driver reads, with what to do. */
export function verdict(kind, title, advice) {
  return el('div', { class: 'verdict ' + kind, role: kind === 'bad' ? 'alert' : 'status', 'data-verdict': kind }, title,
    advice ? el('p', {}, advice) : null);
}

export const kg = n => (n === null || n === undefined || n === '' ? '—'
  : Number(n).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 }) + ' kg');

export const time = iso => (iso ? new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB',
  { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—');

/** A label ID as people read it off the drum: the last 14 characters (date and sequence) stand out. */
export function labelText(labelId) {
  return el('span', { class: 'mono' }, labelId ? labelId.slice(0, 23) : '', el('b', {}, labelId ? labelId.slice(23) : ''));
}

/** 9002490 8 → 900-249-08 */
export const dashed = digits => digits.slice(0, 3) + '-' + digits.slice(3, 6) + '-' + digits.slice(6, 8);

/** A status chip: colour and word. */
export const chip = status => el('span', { class: 'chip ' + status, 'data-status': status }, t('status.' + status));

/** A weight typed by a person: a number of kg with at most 2 decimals in 0.01–5000, else null. */
export function weight(text) {
  const v = Number(String(text).replace(',', '.').trim());
  if (!Number.isFinite(v) || v < 0.01 || v > 5000) return null;
  return Math.round(v * 100) / 100;
}

/** A v4 UUID from the platform's random source. */
export const uuid = () => crypto.randomUUID();
