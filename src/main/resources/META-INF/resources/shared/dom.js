// One DOM builder for the regulator dashboard (/dashboard/) and the pickup workspace (/workspace/), loaded before
// each app's app.js. Event handlers are attached with addEventListener (attributes "on…" are never set), so the
// apps' strict CSP (no inline script) holds for everything built with it.
'use strict';

/* exported el */
/** An element: attrs.class is its class, attrs.onX a listener of event X, other attrs attributes; children nodes or text. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}
