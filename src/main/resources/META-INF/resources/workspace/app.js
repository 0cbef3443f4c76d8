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
    'req.addLine': '＋ 添加一种废物', 'req.removeLine': '删除此行', 'draft.heading': '危险废物管理计划（草稿）', 'draft.csv': '下载草稿 CSV',
    'd.category': '类别', 'd.hazard': '危险特性', 'd.history': '近12个月 kg（件）', 'd.planned': '计划年产生量 kg', 'd.collectors': '收集单位',
    'l.revised': '含更正', 'l.revisedNote': '“含更正”：该月数据已按对方批准的更正（重量、废物代码）计算。',
    'plan.queued': '排线任务 #{id} 已排队……', 'plan.solving': '正在排线：{s} / {l} 秒，当前最优 {b}', 'plan.failed': '排线失败：{d}',
    'plan.replan': '按固定重新排线', 'plan.pinHelp': '勾选“固定”的站点按所选车辆（及第几站）排，其余由求解器安排。',
    'plan.pin': '固定', 'plan.vehicle': '车辆', 'plan.seq': '第几站', 'plan.any': '任意', 'plan.pinned': '已固定',
    'exec.show': '执行情况', 'exec.summary': '计划 {pk} 公里 / GPS {gk} 公里 · 计划 {pkg} kg / 已收 {ckg} kg · 已结束 {e} / 已收集 {c} / 共 {n} 站 · 收集时段 {fl}',
    'exec.outcome': '结果', 'exec.collected': '已收 kg（件）', 'exec.first': '收集时间', COLLECTED: '已收集', NOTHING_TO_COLLECT: '无废物',
    CLOSED: '未营业', REFUSED_BY_GENERATOR: '产废单位拒交', 'plan.room': '贮存点剩余容量 {r} kg（上限减去现有贮存量）',
    'rounds.heading': '收运路线：计划与执行', 'rounds.show': '查看', 'rounds.stops': '{n} 站',
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
    'req.addLine': '+ Add a waste', 'req.removeLine': 'Remove', 'draft.heading': 'Management plan (draft)', 'draft.csv': 'Download the draft (CSV)',
    'd.category': 'Category', 'd.hazard': 'Hazard', 'd.history': 'Last 12 months kg (containers)', 'd.planned': 'Planned kg a year',
    'd.collectors': 'Collectors', 'l.revised': 'revised', 'l.revisedNote': '"revised": the month\'s figures include corrections (weight, waste code) the other party approved.',
    'plan.queued': 'Planning job #{id} queued…', 'plan.solving': 'Planning: {s} of {l} s, best so far {b}', 'plan.failed': 'Planning failed: {d}',
    'plan.replan': 'Re-plan with the pins', 'plan.pinHelp': 'Stops marked "pin" keep the chosen vehicle (and visit); the solver places the rest.',
    'plan.pin': 'Pin', 'plan.vehicle': 'Vehicle', 'plan.seq': 'Visit', 'plan.any': 'any', 'plan.pinned': 'pinned',
    'exec.show': 'Execution', 'exec.summary': 'planned {pk} km / GPS {gk} km · planned {pkg} kg / collected {ckg} kg · {e} ended / {c} collected / {n} stops · collections {fl}',
    'exec.outcome': 'Outcome', 'exec.collected': 'Collected kg (containers)', 'exec.first': 'Collected at', COLLECTED: 'Collected',
    NOTHING_TO_COLLECT: 'Nothing to collect', CLOSED: 'Closed', REFUSED_BY_GENERATOR: 'Refused by the generator',
    'plan.room': 'Storage point room left: {r} kg (its limit less what it holds)', 'rounds.heading': 'Rounds: planned against done',
    'rounds.show': 'Show', 'rounds.stops': '{n} stops',
  },
};

let lang = localStorage.getItem('hazchain.lang') || 'zh';
const $ = (sel, root = document) => root.querySelector(sel);
const t = (key, vars) => Object.entries(vars || {}).reduce((s, [k, v]) => s.replace('{' + k + '}', v), (T[lang] && T[lang][key]) || T.zh[key] || key);
const today = () => new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86400000 + 8 * 3600000).toISOString().slice(0, 10);
const plusDays = (d, n) => new Date(Date.parse(d) + n * 86400000).toISOString().slice(0, 10);

function translate(root = document) {
  root.querySelectorAll('[data-t]').forEach(e => { e.textContent = t(e.dataset.t); });
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('#lang').textContent = t('lang');
}

// el() comes from /shared/dom.js, shared with the dashboard

// sign-in, token, api() and download() come from /shared/session.js, shared with the dashboard; the workspace's own key
const session = hazchainSession('hazchain.ws', () => { location.hash = '#/login'; route(); });
const { token, me, api, download, signOut } = session;

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
      await session.signIn($('#username').value.trim(), $('#password').value, ['GENERATOR_STAFF', 'COLLECTOR_OPERATOR']);
      location.hash = '#/home';
      route();
    } catch (e) {
      $('#login-error').textContent = e.status === 403 ? t('login.forbidden') : t('login.failed');
    }
  });
}

const statusBadge = s => el('span', { class: 'status ' + s }, t(s));
const codes = r => r.lines.map(l => l.wasteCode + ' ×' + l.containers).join(', ');

// ---- generator ----------------------------------------------------------------------------------------------------

/** A waste line of the request form (the first cannot be removed: a request has at least one). */
function addLine() {
  const box = $('#r-lines');
  box.append($('#tpl-line').content.cloneNode(true));
  const line = box.lastElementChild;
  translate(line);
  const remove = $('.l-remove', line);
  if (box.children.length === 1) remove.hidden = true; else remove.addEventListener('click', () => line.remove());
  return line;
}

const lineOf = l => ({ wasteCode: $('.l-code', l).value.trim(), physicalForm: $('.l-form', l).value, mainComponents: $('.l-components', l).value.trim(),
  containerType: $('.l-type', l).value, containers: Number($('.l-count', l).value), volumeLitres: Number($('.l-litres', l).value),
  estimatedKg: Number($('.l-kg', l).value) });

async function showGenerator() {
  const view = mount('tpl-generator');
  $('#r-earliest', view).value = tomorrow();
  $('#r-latest', view).value = plusDays(tomorrow(), 7);
  addLine();
  $('#r-add-line', view).addEventListener('click', addLine);
  const collectors = await api('/api/parties?kind=COLLECTOR&size=50');
  $('#r-collector', view).replaceChildren(...collectors.items.map(c => el('option', { value: c.id }, c.name)));
  $('#request-form', view).addEventListener('submit', async ev => {
    ev.preventDefault();
    $('#r-message').textContent = '';
    try {
      const r = await api('/api/pickup-requests', { method: 'POST', json: {
        requestId: crypto.randomUUID(), collectorPartyId: Number($('#r-collector').value), earliestDate: $('#r-earliest').value,
        latestDate: $('#r-latest').value, windowStart: $('#r-open').value.slice(0, 5), windowEnd: $('#r-close').value.slice(0, 5),
        lines: [...document.querySelectorAll('#r-lines .line')].map(lineOf) } });
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
  const draftPath = '/api/generators/' + me().partyId + '/management-plan-draft';
  $('#draft-csv', view).addEventListener('click', () => download(draftPath + '?format=csv', 'management-plan-draft-' + (year + 1) + '.csv'));
  await Promise.all([generatorRequests(), ledger(ledgerPath), alerts(), draft(draftPath)]);
}

async function draft(path) {
  const d = await api(path);
  $('#draft-year').textContent = d.planYear;
  $('#draft-note').textContent = d.note + ' (' + d.historyFrom + ' – ' + d.historyTo + ')';
  const body = $('#draft tbody');
  body.replaceChildren(...d.wastes.map(w => el('tr', { 'data-code': w.wasteCode }, el('td', {}, w.wasteCode),
    el('td', {}, (w.category || '') + ' ' + (w.categoryName || '')), el('td', {}, w.hazard || ''),
    el('td', {}, w.lastTwelveMonthsKg + ' (' + w.containers + ')'), el('td', {}, w.plannedAnnualKg), el('td', {}, w.collectors.join('、')))));
  if (!d.wastes.length) body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, t('noData'))));
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
    el('td', {}, r.generatedKg + ' (' + r.generatedContainers + ')'),
    el('td', {}, r.handedOverKg + ' (' + r.handedOverContainers + ')', r.revisedContainers ? el('span', { class: 'flag revised' }, t('l.revised')) : null),
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
    await planJob('/api/round-plans', { requestId: crypto.randomUUID(), date: $('#p-date').value, vehicles, seconds: Number($('#p-seconds').value) });
  });
  $('#replan', view).addEventListener('click', () => {
    const pins = [...document.querySelectorAll('#plan tr[data-request]')].filter(r => $('.pin', r).checked).map(r => {
      const pin = { pickupRequestId: Number(r.dataset.request), vehicleId: Number($('.pin-vehicle', r).value) };
      if ($('.pin-seq', r).value) pin.position = Number($('.pin-seq', r).value);
      return pin;
    });
    planJob('/api/round-plans/' + $('#plan').dataset.plan + '/replan', { requestId: crypto.randomUUID(), pins, seconds: Number($('#p-seconds').value) });
  });
  $('#e-date', view).value = today();
  $('#rounds-form', view).addEventListener('submit', ev => { ev.preventDefault(); rounds($('#e-date').value); });
  await collectorRequests();
  await rounds($('#e-date').value);
  const existing = await api('/api/round-plans?size=1&date=' + $('#p-date').value);
  // unless a plan made meanwhile is already shown: an answer that comes late must not put the older plan back
  if (existing.items.length && !existing.items[0].supersededAt && !$('#plan').dataset.plan) showPlan(existing.items[0]);
}

let requestsAsked = 0;

async function collectorRequests() {
  // two refreshes may overlap (a plan's and a re-plan's): only the last asked for is drawn, an older answer never covers it
  const asked = ++requestsAsked;
  const page = await api('/api/pickup-requests?size=50');
  if (asked !== requestsAsked) return;
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

/**
 * Planning is a job (POST answers 202 with its Location): the page polls it, showing the solver's progress, until it
 * is DONE (the plan is shown) or FAILED (the reason). A resend of the same requestId would find the same job.
 * The buttons come back with the plan, not after the request list's refresh: a plan on the page can be re-planned at
 * once (a click on the still-disabled button while the list was loading used to be lost).
 */
async function planJob(path, body) {
  $('#p-message').textContent = t('plan.running');
  $('#p-submit').disabled = true; $('#replan').disabled = true;
  let planned = false;
  try {
    const res = await api(path, { method: 'POST', json: body, response: true });
    const location = res.headers.get('Location');
    let job = await res.json();
    $('#p-message').textContent = t('plan.queued', { id: job.id });
    while (job.state === 'QUEUED' || job.state === 'RUNNING') {
      await new Promise(done => setTimeout(done, 500));
      job = await api(location);
      if (job.progress) {
        $('#p-message').textContent = t('plan.solving', { s: (job.progress.millisSpent / 1000).toFixed(1), l: job.progress.secondsLimit, b: job.progress.bestScore || '…' });
      }
    }
    if (job.state === 'DONE') {
      showPlan(job.plan);
      planned = true;
    } else {
      $('#p-message').textContent = t('plan.failed', { d: job.problem && job.problem.detail });
    }
  } catch (e) {
    $('#p-message').textContent = e.message;
  } finally {
    $('#p-submit').disabled = false; $('#replan').disabled = false;
  }
  // the requests it scheduled now say so
  if (planned) await collectorRequests().catch(e => { $('#c-message').textContent = e.message; });
}

function showPlan(plan) {
  $('#p-message').textContent = t('plan.done', { p: plan.plannedRequests, k: (plan.metres / 1000).toFixed(1), b: plan.broken.length });
  const box = $('#plan');
  box.dataset.plan = plan.id;
  const room = el('p', { class: 'muted room' }, t('plan.room', { r: plan.storageRoomKg }));
  const vehicles = plan.rounds.map(r => ({ id: r.vehicleId, plate: r.plate }));
  const pinControls = (r, s) => {
    const select = el('select', { class: 'pin-vehicle', 'aria-label': t('plan.vehicle') }, ...vehicles.map(v => {
      const o = el('option', { value: v.id }, v.plate);
      if (v.id === r.vehicleId) o.selected = true;
      return o;
    }));
    const seq = el('input', { class: 'pin-seq', type: 'number', min: 1, max: 100, placeholder: t('plan.any'), 'aria-label': t('plan.seq') });
    if (s.pinnedSeq) seq.value = s.pinnedSeq;
    const pin = el('input', { class: 'pin', type: 'checkbox', 'aria-label': t('plan.pin') });
    if (s.pinned) pin.checked = true;
    select.addEventListener('change', () => { pin.checked = true; });
    seq.addEventListener('input', () => { pin.checked = true; });
    return [el('label', { class: 'pin-label' }, pin, t('plan.pin')), select, seq];
  };
  box.replaceChildren(...plan.rounds.map(r => el('div', { class: 'round', 'data-round': r.roundId },
    el('h2', {}, r.plate + ' · ' + r.shift + ' · ' + (r.metres / 1000).toFixed(1) + ' km · ' + r.kg + ' kg · ' + r.litres + ' L ',
      el('button', { type: 'button', class: 'secondary exec', onclick: ev => execution(r.roundId, ev.target.closest('.round')) }, t('exec.show'))),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, t('plan.stop')), el('th', {}, t('c.generator')), el('th', {}, t('plan.arrival')),
      el('th', {}, t('c.window')), el('th', {}, t('c.codes')), el('th', {}, t('c.kg')), el('th', {}, t('plan.pin') + ' · ' + t('plan.vehicle') + ' · ' + t('plan.seq')))),
      el('tbody', {}, ...r.stops.map(s => el('tr', { 'data-request': s.pickupRequestIds[0], 'data-seq': s.seq }, el('td', {}, s.seq,
        s.pinned ? el('span', { class: 'flag pinned' }, t('plan.pinned') + (s.pinnedSeq ? ' #' + s.pinnedSeq : '')) : null),
        el('td', {}, s.generatorName), el('td', {}, s.plannedArrival), el('td', {}, s.window), el('td', {}, s.codes.join(', ')), el('td', {}, s.kg),
        el('td', { class: 'pins' }, ...pinControls(r, s)))))),
    el('div', { class: 'execution' }))));
  box.prepend(room);
  if (plan.unplanned.length) {
    box.append(el('h2', {}, t('plan.unplanned')), el('ul', { class: 'plain' }, ...plan.unplanned.map(u => el('li', {}, '#' + u.pickupRequestId + ' ' + u.reason))));
  }
  $('#replan-box').hidden = !plan.rounds.length;
}

/** The day's rounds, planned by the solver or by hand, each with its execution a click away. */
async function rounds(day) {
  const page = await api('/api/rounds?size=50&date=' + day);
  const box = $('#e-rounds');
  box.dataset.day = day;
  box.replaceChildren(...page.items.map(r => el('div', { class: 'round', 'data-round': r.id },
    el('h2', {}, r.vehicle.plate + ' · ' + (r.driver.displayName || r.driver.username) + ' · ' + t('rounds.stops', { n: r.stops.length }) + ' ',
      el('button', { type: 'button', class: 'secondary exec', onclick: ev => execution(r.id, ev.target.closest('.round')) }, t('exec.show'))),
    r.note ? el('p', { class: 'muted' }, r.note) : null, el('div', { class: 'execution' }))));
  if (!page.items.length) box.append(el('p', { class: 'muted' }, t('noData')));
}

const clock = iso => (iso ? new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }) : '—');

/** A round planned against done: per stop the planned arrival and kg against the handheld's outcome and the collections. */
async function execution(roundId, roundBox) {
  const x = await api('/api/round-plans/rounds/' + roundId + '/execution');
  const box = $('.execution', roundBox);
  box.replaceChildren(el('p', { class: 'muted exec-summary' }, t('exec.summary', { pk: x.plannedMetres === null ? '—' : (x.plannedMetres / 1000).toFixed(1),
    gk: (x.gpsMetres / 1000).toFixed(1), pkg: x.plannedKg, ckg: x.collectedKg, e: x.stopsEnded, c: x.stopsCollected, n: x.stops,
    fl: x.firstCollectionAt ? clock(x.firstCollectionAt) + '–' + clock(x.lastCollectionAt) : '—' })),
  el('table', { class: 'exec-table' }, el('thead', {}, el('tr', {}, el('th', {}, t('plan.stop')), el('th', {}, t('c.generator')), el('th', {}, t('plan.arrival')),
    el('th', {}, t('c.kg')), el('th', {}, t('exec.outcome')), el('th', {}, t('exec.collected')), el('th', {}, t('exec.first')))),
  el('tbody', {}, ...x.stopsDetail.map(s => el('tr', {}, el('td', {}, s.seq), el('td', {}, s.generatorName), el('td', {}, s.plannedArrival || '—'),
    el('td', {}, s.plannedKg === null ? '—' : s.plannedKg),
    el('td', {}, s.outcome ? t(s.outcome) : '—', s.outcomeReason ? el('div', { class: 'muted' }, s.outcomeReason) : null),
    el('td', {}, s.collectedKg + ' (' + s.collectedContainers + ')'),
    el('td', {}, s.firstCollectionAt ? clock(s.firstCollectionAt) + (s.lastCollectionAt !== s.firstCollectionAt ? '–' + clock(s.lastCollectionAt) : '') : '—'))))));
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
