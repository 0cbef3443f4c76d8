// Decodes QR codes from camera frames off the page's thread, with ZXing (vendor/zxing-library-0.23.0, Apache-2.0).
// In: {width, height, rgba: ArrayBuffer}; out: {text} or {text: null} when the frame holds no readable QR code.
'use strict';
importScripts('vendor/zxing-library-0.23.0/zxing.min.js');

const reader = new ZXing.QRCodeReader();
const hints = new Map([[ZXing.DecodeHintType.TRY_HARDER, true]]);

self.onmessage = event => {
  const { width, height, rgba } = event.data;
  const pixels = new Uint8ClampedArray(rgba);
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; i < luminance.length; i++, j += 4) {
    luminance[i] = (pixels[j] * 77 + pixels[j + 1] * 150 + pixels[j + 2] * 29) >> 8;
  }
  let text = null;
  try {
    const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.RGBLuminanceSource(luminance, width, height)));
    text = reader.decode(bitmap, hints).getText();
  } catch (notFound) {
    text = null; // no QR code in this frame
  } finally {
    reader.reset();
  }
  self.postMessage({ text });
};
