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
  // ZXing looks for the finder patterns along rows: a few symbols it never finds upright (their data happens to hold
  // a finder-like run) it reads turned a quarter, so a frame that holds no code upright is tried once turned.
  let text = decode(luminance, width, height);
  if (text === null) {
    text = decode(quarterTurn(luminance, width, height), height, width);
  }
  self.postMessage({ text });
};

// The text of the QR code in a width x height luminance image, or null when ZXing reads none.
function decode(luminance, width, height) {
  try {
    const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.RGBLuminanceSource(luminance, width, height)));
    return reader.decode(bitmap, hints).getText();
  } catch (notFound) {
    return null; // no QR code in this frame
  } finally {
    reader.reset();
  }
}

// The image turned a quarter clockwise (height x width).
function quarterTurn(luminance, width, height) {
  const turned = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      turned[x * height + (height - 1 - y)] = luminance[y * width + x];
    }
  }
  return turned;
}
