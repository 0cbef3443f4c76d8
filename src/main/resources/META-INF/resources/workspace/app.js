// HazChain pickup workspace (issue #17): a generator asks for pickups and follows them to their manifests, labels and
// ledger; a collector's operator accepts, declines, issues manifests and plans the day's rounds. Plain JS over the
// JSON API, no external assets; the token lives in sessionStorage (gone when the tab closes).
'use strict';

const T = {
  zh: {
    title: '危废收运工作台', signout: '退出', lang: 'English', 'login.heading': '产废单位 / 收运单位登录', 'login.username': '用户名',
    'login.password': '密码', 'login.submit': '登录', 'login.failed': '登录失败：用户名或密码错误',
    'login.forbidden': '此账号不是产废单位或收运调度账号', 'req.heading': '申请收运', 'req.collector': '收运单位', 'req.earliest': '最早日期',
    'req.latest': '最晚日期', 'req.open': '营业开始', 'req.close': '营业结束', 'req.code': '废物代码', 'req.form': '形态', 'req.components': '主要成分',
    'req.type': '容器', 'req.count': '件数', 'req.litres': '每件容积 L', 'req.kg': '预估总重 kg', 'req.submit': '提交申请', 'req.done': '已提交申请 #{id}',
    'alerts.heading': '我的预警', 'alerts.none': '暂无预警', 'mine.heading': '我的收运申请', 'c.id': '编号', 'c.status': '状态', 'c.days': '日期',
    'c.codes': '废物', 'c.kg': 'kg', 'c.manifest': '联单 / 标签', 'c.note': '说明', 'c.generator': '产废单位', 'c.window': '营业时间',
    'c.actions': '操作', 'ledger.heading': '危险废物管理台账', 'export.csv': '导出 CSV', 'export.xlsx': '导出 Excel', 'l.month': '月份',
    'l.code': '废物代码', 'l.generated': '产生 kg（件）', 'l.out': '转移 kg（件）', 'l.kept': '月末贮存 kg（件）', 'in.heading': '收运申请',
    accept: '接受', decline: '拒绝', 'decline.reason': '拒绝理由', manifest: '生成联单', labels: '标签', 'plan.heading': '智能排线',
    'plan.date': '日期', 'plan.seconds': '求解秒数', 'plan.submit': '排线', 'plan.running': '正在排线……', 'plan.done': '已排线：{p} 个申请，{k} 公里，规则冲突 {b} 项',
    'plan.unplanned': '未能安排', 'plan.stop': '站点', 'plan.arrival': '预计到达', noData: '暂无数据', 'scheduled.on': '排期 {d}',
    REQUESTED: '待处理', ACCEPTED: '已接受', SCHEDULED: '已排期', DECLINED: '已拒绝', WITHDRAWN: '已撤回',
  },
  en: {
    title: 'Hazardous-waste pickup workspace', signout: 'Sign out', lang: '中文', 'login.heading': 'Generator / collector sign-in',
    'login.username': 'Username', 'login.password': 'Password', 'login.submit': 'Sign in', 'login.failed': 'Sign-in failed: wrong username or password',
    'login.forbidden': 'This account is neither a generator\'s staff nor a collector\'s operator', 'req.heading': 'Request a pickup',
    'req.collector': 'Collector', 'req.earliest': 'Earliest day', 'req.latest': 'Latest day', 'req.open': 'Opens', 'req.close': 'Closes',
    'req.code': 'Waste code', 'req.form': 'Form', 'req.components': 'Main components', 'req.type': 'Container', 'req.count': 'Containers',
    'req.litres': 'Litres each', 'req.kg': 'Estimated kg', 'req.submit': 'Send request', 'req.done': 'Request #{id} sent', 'alerts.heading': 'My alerts',
    'alerts.none': 'No alerts', 'mine.heading': 'My pickup requests', 'c.id': 'No.', 'c.status': 'Status', 'c.days': 'Days', 'c.codes': 'Waste',
    'c.kg': 'kg', 'c.manifest': 'Manifest / labels', 'c.note': 'Note', 'c.generator': 'Generator', 'c.window': 'Opening hours', 'c.actions': 'Actions',
    'ledger.heading': 'Hazardous-waste ledger', 'export.csv': 'Export CSV', 'export.xlsx': 'Export Excel', 'l.month': 'Month', 'l.code': 'Waste code',
    'l.generated': 'Generated kg (containers)', 'l.out': 'Handed over kg (containers)', 'l.kept': 'In storage at month end kg (containers)',
    'in.heading': 'Pickup requests', accept: 'Accept', decline: 'Decline', 'decline.reason': 'Reason', manifest: 'Issue manifest', labels: 'Labels',
    'plan.heading': 'Plan the rounds', 'plan.date': 'Day', 'plan.seconds': 'Solver seconds', 'plan.submit': 'Plan', 'plan.running': 'Planning…',
    'plan.done': 'Planned: {p} requests, {k} km, {b} rules broken', 'plan.unplanned': 'Not planned', 'plan.stop': 'Stop', 'plan.arrival': 'Arrives',
    noData: 'No data yet', 'scheduled.on': 'scheduled {d}',
    REQUESTED: 'Requested', ACCEPTED: 'Accepted', SCHEDULED: 'Scheduled', DECLINED: 'Declined', WITHDRAWN: 'Withdrawn',
  },
};

let lang = localStorage.getItem('hazchain.lang') || 'zh';
const $ = (sel, root = document) => root.querySelector(sel);
const t = (key, vars) => Object.entries(vars || {}).reduce((s, [k, v]) => s.replace('{' + k + '}', v), (T[lang] && T[lang][key]) || T.zh[key] || key);
const tomorrow = () => new Date(Date.now() + 86400000 + 8 * 3600000).toISOString().slice(0, 10);
const plusDays = (d, n) => new Date(Date.parse(d) + n * 86400000).toISOString().slice(0, 10);

function translate(root = document) {
  root.querySelectorAll('[data-t]').forEach(e => { e.textContent = t(e.dataset.t); });
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('#lang').textContent = t('lang');
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

const token = () => sessionStorage.getItem('hazchain.ws.token');
const me = () => JSON.parse(sessionStorage.getItem('hazchain.ws.me') || 'null');

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  if (token()) headers.Authorization = 'Bearer ' + token();
  if (options.json !== undefined) { headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(options.json); }
  const res = await fetch(path, Object.assign({}, options, { headers }));
  if (res.status === 401 && !path.startsWith('/api/auth/token')) { signOut(); throw new Error('unauthenticated'); }
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}));
    const err = new Error(problem.detail || res.statusText); err.status = res.status; throw err;
  }
  return res.status === 204 ? null : (options.raw ? res.blob() : res.json());
}

/** A file the API answers with the token, saved by the browser under its name. */
async function download(path, name) {
  const blob = await api(path, { raw: true, headers: { Accept: '*/*' } });
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a); a.click(); a.remove();
}

function signOut() {
  sessionStorage.removeItem('hazchain.ws.token'); sessionStorage.removeItem('hazchain.ws.me'); location.hash = '#/login'; route();
}

function mount(id) {
  const view = $('#view');
  view.replaceChildren($('#' + id).content.cloneNode(true));
  translate(view);
  return view;
}

function showLogin() {
  const view = mount('tpl-login');
  $('#login-form', view).addEventListener('submit', async ev => {
    ev.preventDefault();
    $('#login-error').textContent = '';
    try {
      const r = await api('/api/auth/token', { method: 'POST', json: { username: $('#username').value.trim(), password: $('#password').value } });
      sessionStorage.setItem('hazchain.ws.token', r.access_token);
      const who = await api('/api/auth/me');
      if (!who.roles.includes('GENERATOR_STAFF') && !who.roles.includes('COLLECTOR_OPERATOR')) {
        sessionStorage.removeItem('hazchain.ws.token');
        $('#login-error').textContent = t('login.forbidden');
        return;
      }
      sessionStorage.setItem('hazchain.ws.me', JSON.stringify(who));
      location.hash = '#/home';
      route();
    } catch (e) {
      $('#login-error').textContent = t('login.failed');
    }
  });
}

const statusBadge = s => el('span', { class: 'status ' + s }, t(s));
const codes = r => r.lines.map(l => l.wasteCode + ' ×' + l.containers).join(', ');

// ---- generator ----------------------------------------------------------------------------------------------------

async function showGenerator() {
  const view = mount('tpl-generator');
  $('#r-earliest', view).value = tomorrow();
  $('#r-latest', view).value = plusDays(tomorrow(), 7);
  const collectors = await api('/api/parties?kind=COLLECTOR&size=50');
  $('#r-collector', view).replaceChildren(...collectors.items.map(c => el('option', { value: c.id }, c.name)));
  $('#request-form', view).addEventListener('submit', async ev => {
    ev.preventDefault();
    $('#r-message').textContent = '';
    try {
      const r = await api('/api/pickup-requests', { method: 'POST', json: {
        requestId: crypto.randomUUID(), collectorPartyId: Number($('#r-collector').value), earliestDate: $('#r-earliest').value,
        latestDate: $('#r-latest').value, windowStart: $('#r-open').value.slice(0, 5), windowEnd: $('#r-close').value.slice(0, 5),
        lines: [{ wasteCode: $('#r-code').value.trim(), physicalForm: $('#r-form').value, mainComponents: $('#r-components').value.trim(),
          containerType: $('#r-type').value, containers: Number($('#r-count').value), volumeLitres: Number($('#r-litres').value),
          estimatedKg: Number($('#r-kg').value) }] } });
      $('#r-message').textContent = t('req.done', { id: r.id });
      await generatorRequests();
    } catch (e) {
      $('#r-message').textContent = e.message;
    }
  });
  const year = new Date().getFullYear();
  $('#ledger-year', view).textContent = year;
  const ledgerPath = '/api/generators/' + me().partyId + '/ledger?year=' + year;
  $('#ledger-csv', view).addEventListener('click', () => download(ledgerPath + '&format=csv', 'ledger-' + year + '.csv'));
  $('#ledger-xlsx', view).addEventListener('click', () => download(ledgerPath + '&format=xlsx', 'ledger-' + year + '.xlsx'));
  await Promise.all([generatorRequests(), ledger(ledgerPath), alerts()]);
}

async function generatorRequests() {
  const page = await api('/api/pickup-requests?size=50');
  const body = $('#g-requests tbody');
  body.replaceChildren(...page.items.map(r => el('tr', { 'data-id': r.id },
    el('td', {}, '#' + r.id), el('td', {}, statusBadge(r.status)),
    el('td', {}, r.earliestDate + ' – ' + r.latestDate, r.scheduledDate ? el('div', { class: 'muted' }, t('scheduled.on', { d: r.scheduledDate })) : null),
    el('td', {}, codes(r)), el('td', {}, r.estimatedKg),
    el('td', {}, r.manifestNumber ? manifestLinks(r.manifestNumber) : '—'),
    el('td', { class: 'muted' }, r.reason || r.note || ''))));
  if (!page.items.length) body.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, t('noData'))));
}

function manifestLinks(number) {
  return el('span', {}, el('code', {}, number), ' ',
    el('button', { type: 'button', class: 'secondary', onclick: () => download('/api/manifests/' + number + '/manifest.pdf', number + '.pdf') }, 'PDF'),
    el('button', { type: 'button', class: 'secondary', onclick: () => download('/api/manifests/' + number + '/labels.pdf', number + '-labels.pdf') }, t('labels')));
}

async function ledger(path) {
  const l = await api(path);
  const body = $('#ledger tbody');
  body.replaceChildren(...l.rows.map(r => el('tr', {}, el('td', {}, r.month), el('td', {}, r.wasteCode + ' ' + r.wasteName),
    el('td', {}, r.generatedKg + ' (' + r.generatedContainers + ')'), el('td', {}, r.handedOverKg + ' (' + r.handedOverContainers + ')'),
    el('td', {}, r.inStorageKg + ' (' + r.inStorageContainers + ')'))));
  if (!l.rows.length) body.append(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, t('noData'))));
}

async function alerts() {
  const page = await api('/api/alerts?size=10');
  const list = $('#g-alerts');
  list.replaceChildren(...page.items.map(a => el('li', {}, el('span', { class: 'flag' }, a.severity), a.title)));
  if (!page.items.length) list.append(el('li', { class: 'muted' }, t('alerts.none')));
}

// ---- collector ----------------------------------------------------------------------------------------------------

async function showCollector() {
  const view = mount('tpl-collector');
  $('#p-date', view).value = tomorrow();
  const fleet = await api('/api/round-plans/fleet');
  $('#p-fleet', view).replaceChildren(...fleet.vehicles.map((v, i) => el('label', {},
    el('input', { type: 'checkbox', class: 'p-vehicle', value: v.id, checked: '' }), v.plate + ' ' + v.capacityKg + ' kg',
    el('select', { class: 'p-driver' }, ...fleet.drivers.map((d, j) => {
      const o = el('option', { value: d.userId }, d.displayName || d.username);
      if (j === i % Math.max(fleet.drivers.length, 1)) o.selected = true;
      return o;
    })))));
  $('#plan-form', view).addEventListener('submit', async ev => {
    ev.preventDefault();
    const vehicles = [...document.querySelectorAll('#p-fleet label')].filter(l => $('.p-vehicle', l).checked)
      .map(l => ({ vehicleId: Number($('.p-vehicle', l).value), driverUserId: Number($('.p-driver', l).value) }));
    $('#p-message').textContent = t('plan.running');
    try {
      const plan = await api('/api/round-plans', { method: 'POST', json: { requestId: crypto.randomUUID(), date: $('#p-date').value, vehicles,
        seconds: Number($('#p-seconds').value) } });
      showPlan(plan);
      await collectorRequests();
    } catch (e) {
      $('#p-message').textContent = e.message;
    }
  });
  await collectorRequests();
  const existing = await api('/api/round-plans?size=1&date=' + $('#p-date').value);
  if (existing.items.length && !existing.items[0].supersededAt) showPlan(existing.items[0]);
}

async function collectorRequests() {
  const page = await api('/api/pickup-requests?size=50');
  const body = $('#c-requests tbody');
  body.replaceChildren(...page.items.map(r => el('tr', { 'data-id': r.id },
    el('td', {}, '#' + r.id), el('td', {}, r.generatorName), el('td', {}, statusBadge(r.status)),
    el('td', {}, r.earliestDate + ' – ' + r.latestDate, r.scheduledDate ? el('div', { class: 'muted' }, t('scheduled.on', { d: r.scheduledDate })) : null),
    el('td', {}, r.windowStart + '–' + r.windowEnd), el('td', {}, codes(r)), el('td', {}, r.estimatedKg),
    el('td', {}, r.manifestNumber ? manifestLinks(r.manifestNumber) : '—'), el('td', {}, ...actions(r)))));
  if (!page.items.length) body.append(el('tr', {}, el('td', { colspan: 9, class: 'muted' }, t('noData'))));
}

function actions(r) {
  const act = (path, json) => async () => {
    $('#c-message').textContent = '';
    try { await api('/api/pickup-requests/' + r.id + path, { method: 'POST', json }); await collectorRequests(); } catch (e) { $('#c-message').textContent = e.message; }
  };
  const out = [];
  if (r.status === 'REQUESTED') {
    out.push(el('button', { type: 'button', class: 'accept', onclick: act('/accept') }, t('accept')));
    const reason = el('input', { class: 'reason', placeholder: t('decline.reason') });
    out.push(reason, el('button', { type: 'button', class: 'secondary decline', onclick: () => act('/decline', { reason: reason.value })() }, t('decline')));
  }
  if ((r.status === 'ACCEPTED' || r.status === 'SCHEDULED') && !r.manifestNumber) {
    out.push(el('button', { type: 'button', class: 'issue', onclick: act('/manifest') }, t('manifest')));
  }
  return out;
}

function showPlan(plan) {
  $('#p-message').textContent = t('plan.done', { p: plan.plannedRequests, k: (plan.metres / 1000).toFixed(1), b: plan.broken.length });
  const box = $('#plan');
  box.replaceChildren(...plan.rounds.map(r => el('div', { class: 'round', 'data-round': r.roundId },
    el('h2', {}, r.plate + ' · ' + r.shift + ' · ' + (r.metres / 1000).toFixed(1) + ' km · ' + r.kg + ' kg · ' + r.litres + ' L'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, t('plan.stop')), el('th', {}, t('c.generator')), el('th', {}, t('plan.arrival')),
      el('th', {}, t('c.window')), el('th', {}, t('c.codes')), el('th', {}, t('c.kg')))),
      el('tbody', {}, ...r.stops.map(s => el('tr', {}, el('td', {}, s.seq), el('td', {}, s.generatorName), el('td', {}, s.plannedArrival),
        el('td', {}, s.window), el('td', {}, s.codes.join(', ')), el('td', {}, s.kg))))))));
  if (plan.unplanned.length) {
    box.append(el('h2', {}, t('plan.unplanned')), el('ul', { class: 'plain' }, ...plan.unplanned.map(u => el('li', {}, '#' + u.pickupRequestId + ' ' + u.reason))));
  }
}

// ---- routing ------------------------------------------------------------------------------------------------------

async function route() {
  const who = me();
  $('#signout').hidden = !who;
  $('#who').textContent = who ? who.username + ' · ' + who.partyName : '';
  if (!token() || !who) { showLogin(); return; }
  try {
    if (who.roles.includes('COLLECTOR_OPERATOR')) await showCollector(); else await showGenerator();
  } catch (e) {
    if (e.message !== 'unauthenticated') $('#view').append(el('p', { class: 'error' }, e.message));
  }
}

$('#lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('hazchain.lang', lang); route(); });
$('#signout').addEventListener('click', signOut);
translate();
route();
