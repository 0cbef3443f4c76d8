// Where a scan was made: the handheld's last GPS fix, when it is recent. A scan without a fix is recorded without a place.
let last = null;
const FRESH_MS = 10 * 60 * 1000;

export function watch() {
  if (!('geolocation' in navigator)) return;
  try {
    navigator.geolocation.watchPosition(p => { last = { latitude: p.coords.latitude, longitude: p.coords.longitude, at: Date.now() }; },
      () => { /* no fix, or not allowed: scans go without a place */ }, { enableHighAccuracy: true, maximumAge: 60000 });
  } catch (ignored) { /* not available */ }
}

/** {latitude, longitude} of a fix not older than 10 minutes, else {}. */
export function place() {
  if (!last || Date.now() - last.at > FRESH_MS) return {};
  return { latitude: Math.round(last.latitude * 1e6) / 1e6, longitude: Math.round(last.longitude * 1e6) / 1e6 };
}
