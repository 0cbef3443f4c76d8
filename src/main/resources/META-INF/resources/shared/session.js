// Sign-in, the bearer token and the JSON API helper, one copy for the regulator dashboard (/dashboard/) and the pickup
// workspace (/workspace/). Each app keeps its own token under its own sessionStorage key (gone when the tab closes),
// so signing in to one does not sign in to the other. Served from /shared/ with the same strict headers as both apps
// (script-src 'self' covers it); neither app has a service worker, so nothing caches an old copy.
'use strict';

/* exported hazchainSession */
/**
 * key: the app's storage prefix ('hazchain' for the dashboard, 'hazchain.ws' for the workspace);
 * onSignedOut: what the app does when the token is gone or refused (show its sign-in form).
 */
function hazchainSession(key, onSignedOut) {
  const token = () => sessionStorage.getItem(key + '.token');
  const me = () => JSON.parse(sessionStorage.getItem(key + '.me') || 'null');

  function signOut() {
    sessionStorage.removeItem(key + '.token');
    sessionStorage.removeItem(key + '.me');
    onSignedOut();
  }

  /**
   * fetch with the token; options.json is sent as a JSON body, options.raw answers a Blob. A problem answer becomes
   * an Error whose message is its detail (what to fix) and whose status and problem are the answer's.
   */
  async function api(path, options = {}) {
    const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
    if (token()) headers.Authorization = 'Bearer ' + token();
    const init = Object.assign({}, options, { headers });
    if (options.json !== undefined) { headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(options.json); }
    const res = await fetch(path, init);
    if (res.status === 401 && !path.startsWith('/api/auth/token')) { signOut(); throw new Error('unauthenticated'); }
    if (!res.ok) {
      const problem = await res.json().catch(() => ({}));
      const err = new Error(problem.detail || res.statusText);
      err.status = res.status; err.problem = problem;
      throw err;
    }
    if (options.response) return res;
    return res.status === 204 ? null : (options.raw ? res.blob() : res.json());
  }

  /** Signs in and keeps the token when the account has one of the roles the app serves; else a 403 Error, signed out. */
  async function signIn(username, password, roles) {
    const r = await api('/api/auth/token', { method: 'POST', json: { username, password } });
    sessionStorage.setItem(key + '.token', r.access_token);
    const who = await api('/api/auth/me');
    if (!roles.some(role => who.roles.includes(role))) {
      sessionStorage.removeItem(key + '.token');
      const e = new Error('forbidden'); e.status = 403; throw e;
    }
    sessionStorage.setItem(key + '.me', JSON.stringify(who));
    return who;
  }

  /** A file the API answers with the token, saved by the browser under its name. */
  async function download(path, name) {
    const blob = await api(path, { raw: true, headers: { Accept: '*/*' } });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  return { token, me, api, signIn, signOut, download };
}
