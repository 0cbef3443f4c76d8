// Scanning as the handhelds do it. First the built-in scanner ("keyboard wedge"): it types the code into the focused
// field and ends with Enter, so each screen that scans has one field that keeps the focus; Enter hands the code over.
// The field asks for no on-screen keyboard (inputmode=none) unless the person chooses to type. Second the camera:
// frames go to a worker that decodes QR codes with ZXing (vendored, see vendor/), and the text is handed over the same way.
import { t } from './i18n.js';
import { el, toast } from './ui.js';

/**
 * A scan field: a form whose input takes the wedge's characters; onScan(text) is called for each code (Enter or the
 * camera). Returns the form; the field is focused when shown and after each scan.
 */
export function scanField(onScan, { prompt = 'scan.prompt' } = {}) {
  const input = el('input', { id: 'scan-input', name: 'scan', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
    inputmode: 'none', enterkeyhint: 'done', 'aria-describedby': 'scan-help' });
  const typing = el('button', { type: 'button', class: 'secondary', id: 'scan-type', 'aria-pressed': 'false' }, t('scan.type'));
  const camera = el('button', { type: 'button', class: 'secondary', id: 'scan-camera' }, t('scan.camera'));
  let busy = false;
  const hand = async text => {
    const code = String(text || '').trim();
    if (!code || busy) return;
    busy = true;
    try {
      await onScan(code);
      // what the scan came to (a refusal, a form to weigh) is shown where the person looks: scrolled into view
      const result = document.getElementById('scan-result');
      if (result && result.children.length) result.scrollIntoView({ block: 'start' });
    } catch (e) {
      toast(t('error.view') + ' ' + e.message, 'bad', 8000);
      throw e;
    } finally {
      busy = false;
      if (input.isConnected && !document.querySelector('.overlay') && !document.querySelector('#scan-result form')) input.focus({ preventScroll: true });
    }
  };
  const form = el('form', { class: 'scan', id: 'scan-form', onsubmit: e => { e.preventDefault(); const v = input.value; input.value = ''; hand(v); } },
    el('label', { for: 'scan-input' }, t(prompt)),
    input,
    el('p', { id: 'scan-help', class: 'muted' }, t('scan.help')),
    el('div', { class: 'row' }, camera, typing));
  typing.addEventListener('click', () => {
    const on = input.getAttribute('inputmode') === 'none';
    input.setAttribute('inputmode', on ? 'text' : 'none');
    typing.setAttribute('aria-pressed', String(on));
    input.focus();
  });
  camera.addEventListener('click', () => scanWithCamera(hand));
  setTimeout(() => input.focus({ preventScroll: true }), 0);
  return form;
}

let worker = null;

function decoder() {
  if (!worker) worker = new Worker('scan-worker.js');
  return worker;
}

/** Opens the camera over the screen until a QR code is read (handed to onText) or the person cancels. */
export async function scanWithCamera(onText) {
  const video = el('video', { playsinline: true, muted: true, autoplay: true, 'aria-label': t('scan.cameraView') });
  const status = el('p', { role: 'status', id: 'camera-status' }, t('scan.cameraStarting'));
  const cancel = el('button', { type: 'button', class: 'secondary', id: 'camera-cancel' }, t('cancel'));
  const overlay = el('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('scan.camera') }, video, status,
    el('div', { class: 'bar' }, cancel));
  document.body.append(overlay);
  cancel.focus();
  let stream = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (stream) stream.getTracks().forEach(track => track.stop());
    overlay.remove();
  };
  cancel.addEventListener('click', stop);
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  } catch (e) {
    status.textContent = t('scan.noCamera');
    return;
  }
  if (stopped) { stream.getTracks().forEach(track => track.stop()); return; }
  video.srcObject = stream;
  await video.play().catch(() => {});
  status.textContent = t('scan.cameraAim');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let frames = 0;
  // one frame to the decoder; null when it holds no code. A decoder that does not answer in time is replaced.
  const next = () => new Promise(resolve => {
    if (stopped || !video.videoWidth) { setTimeout(() => resolve(null), 150); return; }
    const scale = Math.min(1, 960 / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const w = decoder();
    const late = setTimeout(() => { w.terminate(); worker = null; resolve(null); }, 5000);
    w.onmessage = m => { clearTimeout(late); resolve(m.data && m.data.text ? m.data.text : null); };
    w.onerror = () => { clearTimeout(late); w.terminate(); worker = null; resolve(null); };
    w.postMessage({ width: frame.width, height: frame.height, rgba: frame.data.buffer }, [frame.data.buffer]);
  });
  while (!stopped) {
    const text = await next();
    overlay.dataset.frames = String(++frames);
    if (text && !stopped) {
      stop();
      onText(text);
      return;
    }
    await new Promise(r => setTimeout(r, 120));
  }
}
