// A photo of the container from the camera, for the scan's evidence: taken from the live picture, shrunk until it fits the
// kit's photoMaxBytes, named by the SHA-256 of its bytes (the event carries the hash; the bytes wait in IndexedDB until
// they are uploaded with PUT /api/mobile/v1/photos/{sha256}).
import * as db from './db.js';
import { t } from './i18n.js';
import { el } from './ui.js';

const hex = buffer => Array.from(new Uint8Array(buffer), b => b.toString(16).padStart(2, '0')).join('');

async function jpeg(canvas, quality) {
  return new Promise(resolve => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/** Opens the camera; resolves with {sha256, url} of the stored photo, or null when cancelled or no camera. */
export function takePhoto(maxBytes) {
  return new Promise(async resolve => {
    const video = el('video', { playsinline: true, muted: true, autoplay: true, 'aria-label': t('photo.view') });
    const status = el('p', { role: 'status' }, t('photo.aim'));
    const shoot = el('button', { type: 'button', id: 'photo-shoot' }, t('photo.shoot'));
    const cancel = el('button', { type: 'button', class: 'secondary', id: 'photo-cancel' }, t('cancel'));
    const overlay = el('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('photo.take') }, video, status,
      el('div', { class: 'bar' }, cancel, shoot));
    document.body.append(overlay);
    let stream = null;
    const close = value => { if (stream) stream.getTracks().forEach(track => track.stop()); overlay.remove(); resolve(value); };
    cancel.addEventListener('click', () => close(null));
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (e) {
      status.textContent = t('scan.noCamera');
      shoot.disabled = true;
      return;
    }
    video.srcObject = stream;
    await video.play().catch(() => {});
    shoot.focus();
    shoot.addEventListener('click', async () => {
      shoot.disabled = true;
      const canvas = document.createElement('canvas');
      let side = 1280;
      let blob = null;
      for (let attempt = 0; attempt < 6; attempt++) {
        const scale = Math.min(1, side / Math.max(video.videoWidth, video.videoHeight));
        canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
        canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
        canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
        blob = await jpeg(canvas, attempt < 2 ? 0.8 : 0.6);
        if (blob && blob.size <= maxBytes) break;
        side = Math.round(side * 0.7);
      }
      if (!blob || blob.size > maxBytes) { status.textContent = t('photo.tooLarge'); shoot.disabled = false; return; }
      const sha256 = hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
      await db.put('photos', { sha256, type: 'image/jpeg', blob, size: blob.size, takenAt: new Date().toISOString() });
      close({ sha256, url: URL.createObjectURL(blob) });
    });
  });
}
