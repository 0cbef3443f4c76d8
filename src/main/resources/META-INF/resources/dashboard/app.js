// HazChain regulator workspace: a small single-page app over the JSON API (no framework, no external assets).
// Signs in with POST /api/auth/token and keeps the token in sessionStorage (gone when the tab closes).
'use strict';

const T = {
  zh: {
    title: '危废全程监管工作台', 'nav.overview': '总览', 'nav.search': '查询', signout: '退出', lang: 'English',
    'login.heading': '监管人员登录', 'login.username': '用户名', 'login.password': '密码', 'login.submit': '登录',
    'login.failed': '登录失败：用户名或密码错误', 'login.forbidden': '此账号不是监管或管理账号',
    'kpi.rate': '安全处置率（本年）', 'rate.detail': '已处置 {d} kg / 已收集 {c} kg', 'alerts.byTown': '未处理预警（按镇街）',
    tonnage: '收集量（按类别、月份，kg）', 'rate.byTown': '安全处置率（分项）', 'g.town': '按镇街', 'g.category': '按废物类别', 'g.month': '按月份',
    'nav.map': '地图', 'map.parties': '单位与在途车辆', 'map.partiesNote': '按经纬度绘制，不含底图；在途转移标在车载定位的最新位置（线为其轨迹），无定位时标在最近一次扫码的位置', 'map.tracked': '车载定位',
    'k.GENERATOR': '产废单位', 'k.STORAGE_POINT': '贮存点', 'k.RECEIVER': '接收单位', 'k.COLLECTOR': '收集单位', 'k.TRANSIT': '在途转移', 'search.heading': '容器查询',
    'f.town': '镇街', 'f.code': '废物代码', 'f.category': '废物类别', 'f.state': '状态', 'f.flag': '标记', 'f.from': '起始日期', 'f.to': '截止日期',
    'search.submit': '查询', 'export.csv': '导出 CSV', 'export.xlsx': '导出 Excel', 'search.count': '共 {n} 个容器',
    'search.count.containers': '共 {n} 个容器', 'search.count.manifests': '共 {n} 份收集联单', 'search.count.transfers': '共 {n} 份转移联单',
    'f.kind': '查询对象', 'k.containers': '容器', 'k.manifests': '收集联单', 'k.transfers': '转移联单', 'm.number': '联单编号', 'm.pickup': '收集日期',
    'm.containers': '容器数', 'm.kg': '重量 kg', 't.number': '转移联单编号', 't.shipper': '移出人', 't.receiver': '接受人', 't.vehicle': '车牌号',
    't.generators': '产废单位数', M_OPEN: '待收集', M_IN_PROGRESS: '收运中', M_CLOSED: '已办结', M_CANCELLED: '已作废',
    T_OPEN: '待装车', T_IN_TRANSIT: '运输中', T_RECEIVED: '已接收', T_CLOSED: '已办结',
    'c.label': '标签编号', 'c.state': '状态', 'c.code': '代码', 'c.generator': '产废单位', 'c.town': '镇街', 'c.kg': '重量 kg', 'c.flags': '标记',
    'container.heading': '容器', 'map.heading': '轨迹地点', 'map.note': '按事件顺序连接的 GPS 位置（经纬度示意，不含底图）',
    'trail.heading': '全程留痕', 't.event': '事件', 't.time': '时间（服务器/终端）', 't.actor': '操作人 / 单位', 't.device': '设备',
    't.place': '位置', 't.kg': 'kg', 't.photos': '照片', 't.flags': '标记', none: '无', noData: '暂无数据',
    'fact.state': '状态', 'fact.code': '废物代码', 'fact.generator': '产废单位', 'fact.manifest': '联单编号', 'fact.collected': '收集重量',
    'fact.storage': '贮存点', 'fact.transfer': '转移联单', 'fact.receiver': '接收单位', 'fact.received': '接收重量', 'fact.refused': '拒收重量',
    'fact.method': '处置方式',
    LABEL_ISSUED: '开具标签', CONTAINER_COLLECTED: '收集', CONTAINER_STORED: '入库贮存', CONTAINER_ADDED_TO_LOT: '组批', CONTAINER_LOADED: '装车转移',
    CONTAINER_RECEIVED: '接收', CONTAINER_REFUSED: '拒收', CONTAINER_DISPOSED: '利用处置', CONTAINER_CANCELLED: '作废', PICKUP_CONFIRMED: '产废单位确认交接', PICKUP_DISPUTED: '产废单位异议', TRANSFER_DEPARTED: '发车', TRANSFER_ARRIVED: '到达', DISCREPANCY_ACKNOWLEDGED: '移出人确认差异',
    ISSUED: '待收集', COLLECTED: '已收集', IN_STORAGE: '贮存中', IN_TRANSIT: '运输中', RECEIVED: '已接收', REFUSED: '已拒收',
    DISPOSED: '已处置', CANCELLED: '已作废',
    'nav.alerts': '预警', 'nav.audit': '存证核验', 'alerts.heading': '预警处置', 'a.rule': '规则', 'a.state': '状态', 'a.town': '镇街',
    'a.severity': '级别', 'a.subject': '对象', 'a.measure': '数值 / 阈值', 'a.first': '首次发现', 'alerts.count': '共 {n} 条预警',
    OPEN: '待处理', ACKNOWLEDGED: '已知悉', CLOSED: '已关闭', LOW: '低', MEDIUM: '中', HIGH: '高',
    'alert.heading': '预警', 'alert.details': '情况', 'alert.parties': '相关单位', 'alert.history': '处置记录', 'alert.note': '处置说明（必填）',
    'alert.ack': '标记已知悉', 'alert.close': '关闭预警', 'alert.noteRequired': '请填写处置说明', 'alert.container': '查看容器全程',
    'h.type': '步骤', 'h.at': '时间', 'h.actor': '操作人', 'h.note': '说明', OPENED: '发现', AUTO_RESOLVED: '自动解除', BY_USER: '人工关闭',
    'audit.heading': '存证链核验', 'audit.run': '立即核验', 'audit.intact': '完整：全部事件哈希链与签名检查点均核验通过',
    'audit.broken': '发现断裂：事件 {e}（容器 {c}，序号 {s}）：{p}', 'audit.counts': '核验事件 {e} 条、链 {c} 条、签名检查点 {k} 个',
    'audit.note': '逐条重算每个容器事件链的 SHA-256 哈希，并核验平台签名的检查点（Ed25519）。',
    'nav.handovers': '交接异常', 'disc.heading': '未确认的接收差异', 'rev.heading': '待答复的更正申请', 'd.transfer': '转移联单',
    'd.label': '容器', 'd.types': '差异', 'd.reason': '说明', 'd.by': '记录人', 'd.at': '时间', 'r.field': '更正项', 'r.change': '原值 → 新值',
    'r.due': '答复期限', 'r.overdue': '已逾期', QUANTITY: '数量', NAME: '名称', HAZARD: '危险特性', FORM: '形态', PACKAGING: '包装',
    WEIGHT: '重量', WASTE_CODE: '废物代码', ACCEPTANCE: '接收结论', METHOD: '处置方式', CERTIFICATE: '处置证明',
    'nav.balance': '物料平衡', 'mb.heading': '物料平衡（按单位）', 'mb.kind': '单位类型', 'mb.party': '单位', 'mb.figures': '数量 kg', 'mb.returned': '退回',
    'mb.held': '期末结存 kg', 'mb.diff': '差异', GENERATOR: '产废单位', COLLECTOR: '收集单位', STORAGE_POINT: '贮存点', RECEIVER: '接收单位',
    'mb.collected': '收集', 'mb.stored': '入库', 'mb.shipped': '转移发运', 'mb.received': '接收', 'mb.refused': '拒收', 'mb.disposed': '处置',
    'audit.pdf': '产废单位审计报告 PDF',
  },
  en: {
    title: 'Hazardous-waste regulator workspace', 'nav.overview': 'Overview', 'nav.search': 'Search', signout: 'Sign out', lang: '中文',
    'login.heading': 'Regulator sign-in', 'login.username': 'Username', 'login.password': 'Password', 'login.submit': 'Sign in',
    'login.failed': 'Sign-in failed: wrong username or password', 'login.forbidden': 'This account is not a regulator or administrator',
    'kpi.rate': 'Safe disposal rate (this year)', 'rate.detail': '{d} kg disposed / {c} kg collected', 'alerts.byTown': 'Open alerts by town',
    tonnage: 'Collected by category and month (kg)', 'rate.byTown': 'Safe disposal rate, drilled down', 'g.town': 'by town', 'g.category': 'by category', 'g.month': 'by month',
    'nav.map': 'Map', 'map.parties': 'Parties and vehicles on the road', 'map.partiesNote': 'Drawn from coordinates, no base map; a transfer on the road is shown at its tracker\'s newest position (the line is its track), else where it was last scanned', 'map.tracked': 'tracker',
    'k.GENERATOR': 'Generators', 'k.STORAGE_POINT': 'Storage points', 'k.RECEIVER': 'Receivers', 'k.COLLECTOR': 'Collectors', 'k.TRANSIT': 'Transfers on the road', 'search.heading': 'Container search',
    'f.town': 'Town', 'f.code': 'Waste code', 'f.category': 'Category', 'f.state': 'State', 'f.flag': 'Flag', 'f.from': 'From', 'f.to': 'To',
    'search.submit': 'Search', 'export.csv': 'Export CSV', 'export.xlsx': 'Export Excel', 'search.count': '{n} containers',
    'search.count.containers': '{n} containers', 'search.count.manifests': '{n} pickup manifests', 'search.count.transfers': '{n} transfers',
    'f.kind': 'Records', 'k.containers': 'Containers', 'k.manifests': 'Pickup manifests', 'k.transfers': 'Transfers', 'm.number': 'Manifest',
    'm.pickup': 'Pickup date', 'm.containers': 'Containers', 'm.kg': 'kg', 't.number': 'Transfer', 't.shipper': 'Shipper', 't.receiver': 'Receiver',
    't.vehicle': 'Vehicle', 't.generators': 'Generators', M_OPEN: 'Open', M_IN_PROGRESS: 'In progress', M_CLOSED: 'Closed', M_CANCELLED: 'Cancelled',
    T_OPEN: 'Open', T_IN_TRANSIT: 'In transit', T_RECEIVED: 'Received', T_CLOSED: 'Closed',
    'c.label': 'Label ID', 'c.state': 'State', 'c.code': 'Code', 'c.generator': 'Generator', 'c.town': 'Town', 'c.kg': 'kg', 'c.flags': 'Flags',
    'container.heading': 'Container', 'map.heading': 'Places on the trail', 'map.note': 'GPS positions joined in event order (a sketch, no base map)',
    'trail.heading': 'Full trail', 't.event': 'Event', 't.time': 'Time (server / device)', 't.actor': 'Actor / party', 't.device': 'Device',
    't.place': 'Place', 't.kg': 'kg', 't.photos': 'Photos', 't.flags': 'Flags', none: 'none', noData: 'No data yet',
    'fact.state': 'State', 'fact.code': 'Waste code', 'fact.generator': 'Generator', 'fact.manifest': 'Manifest', 'fact.collected': 'Collected',
    'fact.storage': 'Storage point', 'fact.transfer': 'Transfer', 'fact.receiver': 'Receiver', 'fact.received': 'Received', 'fact.refused': 'Refused',
    'fact.method': 'Disposal method',
    LABEL_ISSUED: 'Label issued', CONTAINER_COLLECTED: 'Collected', CONTAINER_STORED: 'Stored', CONTAINER_ADDED_TO_LOT: 'Added to lot', CONTAINER_LOADED: 'Loaded',
    CONTAINER_RECEIVED: 'Received', CONTAINER_REFUSED: 'Refused', CONTAINER_DISPOSED: 'Disposed', CONTAINER_CANCELLED: 'Cancelled', PICKUP_CONFIRMED: 'Pickup confirmed', PICKUP_DISPUTED: 'Pickup disputed', TRANSFER_DEPARTED: 'Departed', TRANSFER_ARRIVED: 'Arrived', DISCREPANCY_ACKNOWLEDGED: 'Discrepancy acknowledged',
    ISSUED: 'Issued', COLLECTED: 'Collected', IN_STORAGE: 'In storage', IN_TRANSIT: 'In transit', RECEIVED: 'Received', REFUSED: 'Refused',
    DISPOSED: 'Disposed', CANCELLED: 'Cancelled',
    'nav.alerts': 'Alerts', 'nav.audit': 'Audit check', 'alerts.heading': 'Alerts inbox', 'a.rule': 'Rule', 'a.state': 'State', 'a.town': 'Town',
    'a.severity': 'Severity', 'a.subject': 'Subject', 'a.measure': 'Figure / limit', 'a.first': 'First seen', 'alerts.count': '{n} alerts',
    OPEN: 'Open', ACKNOWLEDGED: 'Acknowledged', CLOSED: 'Closed', LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High',
    'alert.heading': 'Alert', 'alert.details': 'What was found', 'alert.parties': 'Parties concerned', 'alert.history': 'History',
    'alert.note': 'Note (required)', 'alert.ack': 'Acknowledge', 'alert.close': 'Close alert', 'alert.noteRequired': 'Write what was checked or done',
    'alert.container': 'Open the container\'s trail',
    'h.type': 'Step', 'h.at': 'When', 'h.actor': 'By', 'h.note': 'Note', OPENED: 'Opened', AUTO_RESOLVED: 'resolved automatically', BY_USER: 'closed by a user',
    'audit.heading': 'Audit chain check', 'audit.run': 'Verify now', 'audit.intact': 'Intact: every event hash chain and signed checkpoint verified',
    'audit.broken': 'Broken at event {e} (container {c}, seq {s}): {p}', 'audit.counts': '{e} events in {c} chains and {k} signed checkpoints checked',
    'audit.note': 'Recomputes the SHA-256 hash chain of every container\'s events and checks the platform\'s signed checkpoints (Ed25519).',
    'nav.handovers': 'Hand-over issues', 'disc.heading': 'Receipt discrepancies not acknowledged', 'rev.heading': 'Revisions awaiting an answer',
    'd.transfer': 'Transfer', 'd.label': 'Container', 'd.types': 'Discrepancy', 'd.reason': 'Reason', 'd.by': 'Recorded by', 'd.at': 'When',
    'r.field': 'Field', 'r.change': 'Old → new', 'r.due': 'Answer due', 'r.overdue': 'overdue', QUANTITY: 'Quantity', NAME: 'Name',
    HAZARD: 'Hazard', FORM: 'Form', PACKAGING: 'Packaging', WEIGHT: 'Weight', WASTE_CODE: 'Waste code', ACCEPTANCE: 'Acceptance',
    METHOD: 'Method', CERTIFICATE: 'Certificate',
    'nav.balance': 'Mass balance', 'mb.heading': 'Mass balance by party', 'mb.kind': 'Kind of party', 'mb.party': 'Party', 'mb.figures': 'Figures kg', 'mb.returned': 'returned', 'mb.held': 'Held at end kg', 'mb.diff': 'Differences', GENERATOR: 'Generators', COLLECTOR: 'Collectors',
    STORAGE_POINT: 'Storage points', RECEIVER: 'Receivers', 'mb.collected': 'collected', 'mb.stored': 'stored', 'mb.shipped': 'shipped',
    'mb.received': 'received', 'mb.refused': 'refused', 'mb.disposed': 'disposed', 'audit.pdf': 'Generator audit report PDF',
  },
};

const RULES = ['STORAGE_OVERDUE_AT_GENERATOR', 'STORAGE_OVERDUE_AT_STORAGE_POINT', 'STORAGE_POINT_OVER_CAPACITY', 'TRANSFER_NOT_RECEIVED',
  'WEIGHT_DEVIATION', 'UNLICENSED_RECEIPT', 'UNCOLLECTED', 'NO_PICKUP', 'PICKUP_UNCONFIRMED', 'RECEIVED_NOT_DISPOSED', 'LICENCE_EXPIRING'];

let lang = localStorage.getItem('hazchain.lang') || 'zh';
const $ = (sel, root = document) => root.querySelector(sel);

function t(key, vars) {
  let s = (T[lang] && T[lang][key]) || T.zh[key] || key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replace('{' + k + '}', v);
  return s;
}

function translate(root = document) {
  root.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('#lang').textContent = t('lang');
}

// el() comes from /shared/dom.js, shared with the workspace

const kg = n => (n === null || n === undefined ? '—' : Number(n).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 }));
const pct = r => (r === null || r === undefined ? '—' : (Number(r) * 100).toFixed(1) + ' %');

// ---- API --------------------------------------------------------------------------------------------------------

// sign-in, token and api() come from /shared/session.js, shared with the pickup workspace; the dashboard's own key
const session = hazchainSession('hazchain', () => { location.hash = '#/login'; });
const { token, api, signOut } = session;

async function signIn(username, password) {
  await session.signIn(username, password, ['REGULATOR', 'ADMIN']);
}

// ---- views ------------------------------------------------------------------------------------------------------

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
      await signIn($('#username').value.trim(), $('#password').value);
      location.hash = '#/overview';
    } catch (e) {
      $('#login-error').textContent = e.status === 403 ? t('login.forbidden') : t('login.failed');
    }
  });
}

function bars(container, rows, ok) {
  container.replaceChildren();
  if (!rows.length) { container.append(el('p', { class: 'muted' }, t('noData'))); return; }
  const max = Math.max(...rows.map(r => r.value), 1e-9);
  for (const r of rows) {
    const bar = el('div', { class: 'bar' + (ok ? ' ok' : '') });
    bar.style.width = (100 * r.value / max) + '%';
    container.append(el('div', Object.assign({ class: 'row' }, r.title ? { title: r.title } : {}), el('span', {}, r.label), el('div', {}, bar), el('span', {}, r.text)));
  }
}

async function showOverview() {
  const view = mount('tpl-overview');
  const year = new Date().getFullYear();
  const from = year + '-01-01';
  const to = new Date().toISOString().slice(0, 10);
  // the rate, drilled down by town, category or month (the same period)
  const rateBy = async groupBy => {
    try {
      const r = await api(`/api/indicators/safe-disposal-rate?from=${from}&to=${to}&groupBy=${groupBy}`);
      const total = r.total || {};
      $('#rate', view).textContent = Number(total.collectedKg || 0) > 0 ? pct(total.rate) : '—';
      $('#rate-detail', view).textContent = t('rate.detail', { d: kg(total.disposedKg || 0), c: kg(total.collectedKg || 0) });
      const groups = (r.groups || []).slice().sort((a, b) => (groupBy === 'month' ? String(a.key).localeCompare(String(b.key)) : 0));
      bars($('#rate-by-town', view), groups.map(x => ({ label: x.label || x.key || '—', value: Number(x.rate || 0),
        text: pct(x.rate), title: kg(x.disposedKg) + ' / ' + kg(x.collectedKg) + ' kg' })), true);
      $('#rate-by-town', view).dataset.groupBy = groupBy;
    } catch (e) {
      $('#rate-detail', view).textContent = t('noData');
    }
  };
  $('#rate-group', view).addEventListener('change', ev => rateBy(ev.target.value));
  rateBy('town');
  api('/api/alerts/summary').then(r => {
    bars($('#alerts-by-town', view), (r.byTown || []).filter(x => x.total > 0)
      .map(x => ({ label: x.key || '—', value: x.total, text: String(x.total) })));
  }).catch(() => bars($('#alerts-by-town', view), []));
  api(`/api/indicators/tonnage?from=${from}&to=${to}&groupBy=category,month`).then(r => tonnageTable($('#tonnage', view), r.rows || []))
    .catch(() => tonnageTable($('#tonnage', view), []));
}

function tonnageTable(container, rows) {
  container.replaceChildren();
  if (!rows.length) { container.append(el('p', { class: 'muted' }, t('noData'))); return; }
  const months = [...new Set(rows.map(r => r.month))].sort();
  const cats = [...new Set(rows.map(r => r.category))].sort();
  const table = el('table', { id: 'tonnage-table' });
  table.append(el('thead', {}, el('tr', {}, el('th', {}, ''), ...months.map(m => el('th', {}, m)))));
  const body = el('tbody');
  for (const c of cats) {
    const name = (rows.find(r => r.category === c) || {}).categoryName || '';
    body.append(el('tr', {}, el('th', { title: name }, c), ...months.map(m => {
      const hit = rows.find(r => r.category === c && r.month === m);
      return el('td', {}, hit ? kg(hit.collectedKg) : '');
    })));
  }
  table.append(body);
  container.append(table);
}

let searchPage = 0;

function searchParams(form) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) p.set(k, String(v).trim());
  return p;
}

// What the search lists: containers, pickup manifests or transfers (the same filters work on the three kinds).
const KINDS = {
  containers: { states: ['ISSUED', 'COLLECTED', 'IN_STORAGE', 'IN_TRANSIT', 'RECEIVED', 'REFUSED', 'DISPOSED', 'CANCELLED'], sort: '-lastEventAt',
    head: ['c.label', 'c.state', 'c.code', 'c.generator', 'c.town', 'c.kg', 'c.flags'],
    row: c => [el('code', {}, c.labelId), t(c.state), c.wasteCode, c.generatorName || '', c.generatorTown || '', kg(c.lastWeightKg ?? c.estimatedWeightKg), flags(c)],
    key: c => c.labelId, open: c => '#/container/' + c.labelId },
  manifests: { states: ['OPEN', 'IN_PROGRESS', 'CLOSED', 'CANCELLED'], sort: '-issuedAt',
    head: ['m.number', 'c.state', 'c.generator', 'c.town', 'm.pickup', 'm.containers', 'm.kg', 'c.flags'],
    row: m => [el('code', {}, m.number), t('M_' + m.state), m.generatorName || '', m.generatorTown || '', m.pickupDate || '', m.containers,
      kg(m.collectedWeightKg ?? m.estimatedWeightKg), flags(m)],
    key: m => m.number },
  transfers: { states: ['OPEN', 'IN_TRANSIT', 'RECEIVED', 'CLOSED'], sort: '-issuedAt',
    head: ['t.number', 'c.state', 't.shipper', 't.receiver', 't.vehicle', 'm.containers', 't.generators', 'm.kg', 'c.flags'],
    row: x => [el('code', {}, x.number), t('T_' + x.state), x.shipperName || '', x.receiverName || '', x.vehiclePlate || '', x.containers, x.generators,
      kg(x.receivedWeightKg ?? x.collectedWeightKg), flags(x)],
    key: x => x.number },
};
const flags = r => el('span', {}, ...(r.flags || []).map(f => el('span', { class: 'flag' }, f)));

async function showSearch() {
  const view = mount('tpl-search');
  const form = $('#search-form', view);
  const kindSelect = $('#f-kind', view);
  const kind = () => KINDS[kindSelect.value] ? kindSelect.value : 'containers';
  const states = () => {
    const select = $('#f-state', view);
    select.replaceChildren(el('option', { value: '' }, ''), ...KINDS[kind()].states.map(x => el('option', { value: x },
      t(kind() === 'containers' ? x : (kind() === 'manifests' ? 'M_' : 'T_') + x))));
  };
  const head = () => {
    $('#results thead', view).replaceChildren(el('tr', {}, ...KINDS[kind()].head.map(h => el('th', {}, t(h)))));
  };
  let latest = 0;
  const run = async () => {
    const mine = ++latest; // answers of an older search that arrive late are dropped
    const k = KINDS[kind()];
    const filters = () => { const p = searchParams(form); p.delete('kind'); return p; };
    const p = filters();
    p.set('page', searchPage);
    p.set('size', 20);
    p.set('sort', k.sort);
    $('#export-csv', view).href = `/api/search/${kind()}.csv?` + filters();
    $('#export-xlsx', view).href = `/api/search/${kind()}.xlsx?` + filters();
    const body = $('#results tbody', view);
    body.replaceChildren();
    head();
    try {
      const r = await api(`/api/search/${kind()}?` + p);
      if (mine !== latest) return;
      $('#search-count', view).textContent = t('search.count.' + kind(), { n: r.total });
      $('#page', view).textContent = (r.page + 1) + ' / ' + Math.max(r.totalPages, 1);
      for (const item of r.items) {
        const attrs = { 'data-key': k.key(item) };
        if (kind() === 'containers') Object.assign(attrs, { class: 'link', 'data-label': item.labelId, onclick: () => { location.hash = k.open(item); } });
        body.append(el('tr', attrs, ...k.row(item).map(v => el('td', {}, v))));
      }
    } catch (e) {
      $('#search-count', view).textContent = e.message;
    }
  };
  kindSelect.addEventListener('change', () => { searchPage = 0; $('#f-state', view).value = ''; states(); run(); });
  form.addEventListener('submit', ev => { ev.preventDefault(); searchPage = 0; run(); });
  $('#prev', view).addEventListener('click', () => { if (searchPage > 0) { searchPage--; run(); } });
  $('#next', view).addEventListener('click', () => { searchPage++; run(); });
  // Excel/CSV downloads need the token: fetch them and hand the file to the browser.
  for (const id of ['#export-csv', '#export-xlsx']) {
    $(id, view).addEventListener('click', ev => {
      ev.preventDefault();
      download(ev.currentTarget.href, kind() + (id === '#export-csv' ? '.csv' : '.xlsx'));
    });
  }
  states();
  run();
}

async function showContainer(labelId) {
  const view = mount('tpl-container');
  $('#c-label', view).textContent = labelId;
  const [lineage, trail] = await Promise.all([
    api('/api/containers/' + encodeURIComponent(labelId) + '/lineage'),
    api('/api/containers/' + encodeURIComponent(labelId) + '/trail'),
  ]).catch(e => { $('#c-facts', view).append(el('dd', {}, e.message)); return [null, []]; });
  if (lineage) {
    const facts = $('#c-facts', view);
    const add = (k, v) => { if (v !== null && v !== undefined && v !== '') facts.append(el('dt', {}, t(k)), el('dd', {}, v)); };
    add('fact.state', t(lineage.state));
    add('fact.code', lineage.wasteCode);
    add('fact.generator', lineage.generator);
    add('fact.manifest', lineage.manifestNumber);
    add('fact.collected', lineage.collectedKg === null ? null : kg(lineage.collectedKg) + ' kg');
    add('fact.storage', lineage.storagePoint);
    add('fact.transfer', lineage.transferNumber);
    add('fact.receiver', lineage.receiver);
    add('fact.received', lineage.receivedKg === null ? null : kg(lineage.receivedKg) + ' kg');
    add('fact.refused', lineage.refusedKg === null || Number(lineage.refusedKg) === 0 ? null : kg(lineage.refusedKg) + ' kg');
    add('fact.method', lineage.disposalMethod);
  }
  const body = $('#trail tbody', view);
  for (const e of trail) {
    const time = new Date(e.serverTime).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') +
      (e.clientTime ? ' / ' + new Date(e.clientTime).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') : '');
    body.append(el('tr', { class: 'event' }, el('td', {}, e.seq), el('td', {}, t(e.type)), el('td', {}, time),
      el('td', {}, e.actor + ' / ' + e.actorParty), el('td', {}, e.deviceId || ''),
      el('td', {}, e.latitude === null ? '' : e.latitude.toFixed(4) + ', ' + e.longitude.toFixed(4)),
      el('td', {}, e.weightKg === null ? '' : kg(e.weightKg)),
      el('td', {}, ...(e.photoSha256 || []).map(photo)),
      el('td', {}, ...[...(e.clockFlags || []), ...(e.weightDeviation ? ['WEIGHT_DEVIATION'] : [])].map(f => el('span', { class: 'flag' }, f)))));
  }
  drawMap($('#map', view), trail.filter(e => e.latitude !== null && e.longitude !== null));
}

let alertsPage = 0;

// The alerts inbox: filter, page, open one.
async function showAlerts() {
  const view = mount('tpl-alerts');
  const form = $('#alerts-form', view);
  const rule = $('#a-rule', view);
  for (const r of RULES) rule.append(el('option', { value: r }, r));
  let latest = 0;
  const run = async () => {
    const mine = ++latest;
    const p = searchParams(form);
    p.set('page', alertsPage);
    p.set('size', 20);
    const body = $('#alerts tbody', view);
    body.replaceChildren();
    try {
      const r = await api('/api/alerts?' + p);
      if (mine !== latest) return;
      $('#alerts-count', view).textContent = t('alerts.count', { n: r.total });
      $('#alerts-page', view).textContent = (r.page + 1) + ' / ' + Math.max(r.totalPages, 1);
      for (const a of r.items) {
        body.append(el('tr', { class: 'link alert ' + a.state.toLowerCase(), 'data-alert': a.id, onclick: () => { location.hash = '#/alert/' + a.id; } },
          el('td', {}, el('span', { class: 'sev ' + a.severity.toLowerCase() }, t(a.severity))), el('td', {}, title(a)),
          el('td', {}, el('code', {}, a.subjectKey)), el('td', {}, a.town || ''), el('td', {}, figure(a)), el('td', {}, t(a.state)),
          el('td', {}, when(a.firstSeen))));
      }
    } catch (e) {
      $('#alerts-count', view).textContent = e.message;
    }
  };
  form.addEventListener('submit', ev => { ev.preventDefault(); alertsPage = 0; run(); });
  $('#alerts-prev', view).addEventListener('click', () => { if (alertsPage > 0) { alertsPage--; run(); } });
  $('#alerts-next', view).addEventListener('click', () => { alertsPage++; run(); });
  run();
}

const title = a => (lang === 'zh' ? (a.title.split(' / ')[1] || a.title) : a.title.split(' / ')[0]);
const figure = a => kg(a.measure) + ' / ' + kg(a.threshold) + ' ' + a.unit;
const when = iso => (iso ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') : '');

// One alert: what, who, its history; acknowledge or close it with a note.
async function showAlert(id) {
  const view = mount('tpl-alert');
  let detail;
  try {
    detail = await api('/api/alerts/' + encodeURIComponent(id));
  } catch (e) {
    $('#alert-error', view).textContent = e.message;
    return;
  }
  const a = detail.alert;
  $('#alert-title', view).textContent = title(a);
  const facts = $('#alert-facts', view);
  const add = (k, v) => facts.append(el('dt', {}, t(k)), el('dd', {}, v));
  add('a.state', el('span', { id: 'alert-state' }, t(a.state)));
  add('a.severity', t(a.severity));
  add('a.subject', el('code', {}, a.subjectKey));
  add('a.town', a.town || '—');
  add('a.measure', figure(a));
  add('a.first', when(a.firstSeen));
  add('alert.details', a.details);
  add('alert.parties', (a.partyIds || []).join(', '));
  if (a.subjectKind === 'CONTAINER') {
    $('#alert-links', view).append(el('a', { href: '#/container/' + encodeURIComponent(a.subjectKey), class: 'button secondary' }, t('alert.container')));
  }
  const body = $('#alert-history tbody', view);
  for (const h of detail.history) {
    body.append(el('tr', { class: 'step' }, el('td', {}, t(h.type) + (h.reason ? ' · ' + t(h.reason) : '')), el('td', {}, when(h.at)),
      el('td', {}, h.actor || '—'), el('td', {}, h.note || h.details || '')));
  }
  const form = $('#alert-form', view);
  form.hidden = a.state === 'CLOSED';
  $('#alert-ack', view).hidden = a.state !== 'OPEN';
  const act = async what => {
    const note = $('#alert-note', view).value.trim();
    if (!note) { $('#alert-error', view).textContent = t('alert.noteRequired'); return; }
    try {
      await api('/api/alerts/' + a.id + '/' + what, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ note }) });
      showAlert(a.id);
    } catch (e) {
      $('#alert-error', view).textContent = e.message;
    }
  };
  $('#alert-ack', view).addEventListener('click', () => act('acknowledge'));
  $('#alert-close', view).addEventListener('click', () => act('close'));
}

// The audit chain, verified on request.
function showAudit() {
  const view = mount('tpl-audit');
  $('#audit-run', view).addEventListener('click', async () => {
    const out = $('#audit-result', view);
    out.textContent = '…';
    out.className = '';
    try {
      const r = await api('/api/audit/verify');
      const b = r.firstBroken;
      out.className = r.intact ? 'ok' : 'error';
      out.replaceChildren(el('strong', {}, r.intact ? t('audit.intact') : t('audit.broken', { e: b.eventId, c: b.containerId, s: b.seq, p: b.problem })),
        el('br'), el('span', { class: 'muted', id: 'audit-counts' }, t('audit.counts', { e: r.eventsChecked, c: r.chainsChecked, k: r.checkpointsChecked })));
    } catch (e) {
      out.className = 'error';
      out.textContent = e.message;
    }
  });
}

// Hand-overs that wait on someone: receipts' discrepancies the shipper has not acknowledged, revisions not answered.
async function showHandovers() {
  const view = mount('tpl-handovers');
  const discBody = $('#discrepancies tbody', view);
  const revBody = $('#revisions tbody', view);
  const [disc, revs] = await Promise.all([
    api('/api/discrepancies?status=OPEN&size=200').catch(e => ({ items: [], error: e.message })),
    api('/api/revisions?status=PENDING&size=200').catch(e => ({ items: [], error: e.message })),
  ]);
  $('#disc-count', view).textContent = disc.error || String(disc.total ?? disc.items.length);
  $('#rev-count', view).textContent = revs.error || String(revs.total ?? revs.items.length);
  for (const d of disc.items) {
    discBody.append(el('tr', { class: 'discrepancy' }, el('td', {}, el('code', {}, d.transferNumber)),
      el('td', {}, el('a', { href: '#/container/' + encodeURIComponent(d.labelId) }, el('code', {}, d.labelId))),
      el('td', {}, ...(d.types || []).map(x => el('span', { class: 'flag' }, t(x)))), el('td', {}, d.reason || ''),
      el('td', {}, d.recordedBy || ''), el('td', {}, when(d.recordedAt))));
  }
  if (!disc.items.length) discBody.append(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, t('noData'))));
  for (const r of revs.items) {
    revBody.append(el('tr', { class: 'revision' + (r.overdue ? ' overdue' : '') },
      el('td', {}, el('a', { href: '#/container/' + encodeURIComponent(r.labelId) }, el('code', {}, r.labelId)), ' #' + r.correctedSeq),
      el('td', {}, t(r.field)), el('td', {}, (r.oldValue ?? '—') + ' → ' + r.newValue), el('td', {}, r.reason || ''),
      el('td', {}, r.requestedBy || ''), el('td', {}, r.dueBy + (r.overdue ? ' · ' + t('r.overdue') : ''))));
  }
  if (!revs.items.length) revBody.append(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, t('noData'))));
}

// The mass balance of every party of a kind over a period: what came in, went out, is held, and what does not add up.
async function showBalance() {
  const view = mount('tpl-balance');
  const form = $('#mb-form', view);
  const year = new Date().getFullYear();
  $('#mb-from', view).value = year + '-01-01';
  $('#mb-to', view).value = new Date().toISOString().slice(0, 10);
  let latest = 0;
  const run = async () => {
    const mine = ++latest; // an older answer arriving late is dropped
    const p = searchParams(form);
    p.set('size', 200);
    const body = $('#balance tbody', view);
    try {
      const r = await api('/api/mass-balance?' + p);
      if (mine !== latest) return;
      body.replaceChildren();
      for (const x of r.rows.items) {
        // the figures that apply to the kind (null where one does not), as MassBalance defines them
        const figures = [['mb.collected', x.collectedKg], ['mb.stored', x.storedKg], ['mb.shipped', x.shippedKg], ['mb.received', x.receivedKg],
          ['mb.refused', x.refusedKg], ['mb.returned', x.returnedKg], ['mb.disposed', x.disposedKg]].filter(v => v[1] !== null && v[1] !== undefined);
        const kgs = list => list.map(([k, v]) => t(k) + ' ' + kg(v)).join(' · ') || '—';
        const pdf = p.get('kind') === 'GENERATOR'
          ? el('a', { href: '#', class: 'pdf', onclick: ev => { ev.preventDefault(); download(`/api/generators/${x.partyId}/audit-report.pdf?from=${p.get('from')}&to=${p.get('to')}`, 'audit-' + x.partyId + '.pdf'); } }, 'PDF')
          : '';
        body.append(el('tr', { class: 'balance', 'data-party': x.partyId }, el('td', {}, x.name, el('br'), el('span', { class: 'muted' }, x.town || '')),
          el('td', {}, kgs(figures)), el('td', {}, kg(x.heldAtEndKg)),
          el('td', {}, ...(x.differences || []).filter(d => Number(d.kg) !== 0).map(d => el('span', { class: 'flag', title: d.formula }, d.name + ' ' + kg(d.kg)))), el('td', {}, pdf)));
      }
      if (!r.rows.items.length) body.append(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, t('noData'))));
    } catch (e) {
      if (mine !== latest) return;
      body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'error' }, e.message)));
    }
  };
  form.addEventListener('submit', ev => { ev.preventDefault(); run(); });
  run();
}

// A file the API serves to signed-in users only: fetched with the token and handed to the browser.
async function download(path, name) {
  const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const link = el('a', { href: url, download: name });
  document.body.append(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// A scan's photo, fetched with the token (the page loads nothing it is not allowed to).
function photo(sha) {
  const img = el('img', { class: 'photo', alt: sha.slice(0, 8), title: sha });
  fetch('/api/photos/' + sha, { headers: { Authorization: 'Bearer ' + token() } })
    .then(r => (r.ok ? r.blob() : Promise.reject(new Error(r.status))))
    .then(b => { img.src = URL.createObjectURL(b); })
    .catch(() => { img.replaceWith(el('code', { title: sha }, sha.slice(0, 8) + '…')); });
  return img;
}

// Where the parties are, and the transfers on the road (at their last scan), from coordinates only.
async function showMap() {
  const view = mount('tpl-map');
  const kinds = ['GENERATOR', 'STORAGE_POINT', 'COLLECTOR', 'RECEIVER'];
  const pages = await Promise.all(kinds.map(k => api(`/api/parties?kind=${k}&size=200`).catch(() => ({ items: [] }))));
  const points = [];
  kinds.forEach((k, i) => pages[i].items.filter(p => p.latitude !== null && p.longitude !== null)
    .forEach(p => points.push({ kind: k, lat: p.latitude, lon: p.longitude, name: p.name })));
  // one container of each transfer on the road: its latest scan with a position is where the transfer was last seen
  const onRoad = await api('/api/search/containers?state=IN_TRANSIT&size=200').catch(() => ({ items: [] }));
  const byTransfer = new Map();
  for (const c of onRoad.items) if (c.transferNumber && !byTransfer.has(c.transferNumber)) byTransfer.set(c.transferNumber, c.labelId);
  const tracks = [];
  for (const [number, labelId] of byTransfer) {
    // the vehicle tracker's feed (docs/feeds.md): its latest 200 positions as a line, the newest as where it is
    const size = await api('/api/tracks/transfers/' + encodeURIComponent(number) + '?size=1').catch(() => null);
    const total = size ? size.points.total : 0;
    const track = total ? await api(`/api/tracks/transfers/${encodeURIComponent(number)}?size=200&page=${Math.floor((total - 1) / 200)}`).catch(() => null) : null;
    const line = track ? track.points.items : [];
    if (line.length) {
      tracks.push(line);
      const newest = line[line.length - 1];
      points.push({ kind: 'TRANSIT', lat: newest.lat, lon: newest.lon, name: number + ' · ' + t('map.tracked') + ' ' + when(newest.time) });
      continue;
    }
    const trail = await api('/api/containers/' + encodeURIComponent(labelId) + '/trail').catch(() => []);
    const last = trail.filter(e => e.latitude !== null && e.longitude !== null).pop();
    if (last) points.push({ kind: 'TRANSIT', lat: last.latitude, lon: last.longitude, name: number + ' · ' + t(last.type) + ' ' + when(last.serverTime) });
  }
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 800 520');
  svg.setAttribute('id', 'parties-svg');
  $('#parties-map', view).replaceChildren(svg);
  const legend = $('#parties-legend', view);
  const colour = { GENERATOR: '#5b6878', STORAGE_POINT: '#b26a00', COLLECTOR: '#1d2733', RECEIVER: '#1b7a3a', TRANSIT: '#b3261e' };
  for (const k of [...kinds, 'TRANSIT']) {
    const n = points.filter(p => p.kind === k).length;
    const dot = el('span', { class: 'dot' });
    dot.style.background = colour[k];
    legend.append(el('span', { class: 'legend', 'data-kind': k }, dot, t('k.' + k) + ' ' + n));
  }
  if (!points.length) return;
  const lats = [...points.map(p => p.lat), ...tracks.flat().map(p => p.lat)], lons = [...points.map(p => p.lon), ...tracks.flat().map(p => p.lon)];
  const minLat = Math.min(...lats) - 0.02, maxLat = Math.max(...lats) + 0.02, minLon = Math.min(...lons) - 0.02, maxLon = Math.max(...lons) + 0.02;
  const x = lon => 20 + 760 * (lon - minLon) / (maxLon - minLon);
  const y = lat => 500 - 480 * (lat - minLat) / (maxLat - minLat);
  for (const line of tracks) {
    const track = document.createElementNS(ns, 'polyline');
    track.setAttribute('points', line.map(p => x(p.lon) + ',' + y(p.lat)).join(' '));
    track.setAttribute('fill', 'none'); track.setAttribute('stroke', colour.TRANSIT); track.setAttribute('stroke-width', '2');
    track.setAttribute('class', 'track');
    svg.append(track);
  }
  for (const p of points) {
    const shape = document.createElementNS(ns, p.kind === 'TRANSIT' ? 'rect' : 'circle');
    if (p.kind === 'TRANSIT') {
      shape.setAttribute('x', x(p.lon) - 7); shape.setAttribute('y', y(p.lat) - 7); shape.setAttribute('width', 14); shape.setAttribute('height', 14);
    } else {
      shape.setAttribute('cx', x(p.lon)); shape.setAttribute('cy', y(p.lat)); shape.setAttribute('r', p.kind === 'GENERATOR' ? 4 : 8);
    }
    shape.setAttribute('fill', colour[p.kind]);
    shape.setAttribute('class', 'point ' + p.kind.toLowerCase());
    const tip = document.createElementNS(ns, 'title');
    tip.textContent = t('k.' + p.kind) + ': ' + p.name;
    shape.append(tip);
    svg.append(shape);
  }
}

// A sketch of the places on the trail: positions scaled into the box, joined in event order.
function drawMap(container, points) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 400 280');
  svg.setAttribute('id', 'map-svg');
  container.replaceChildren(svg);
  if (!points.length) { const tx = document.createElementNS(ns, 'text'); tx.setAttribute('x', 20); tx.setAttribute('y', 140); tx.textContent = t('noData'); svg.append(tx); return; }
  const lats = points.map(p => p.latitude), lons = points.map(p => p.longitude);
  const pad = 0.01;
  const minLat = Math.min(...lats) - pad, maxLat = Math.max(...lats) + pad, minLon = Math.min(...lons) - pad, maxLon = Math.max(...lons) + pad;
  const x = lon => 30 + 340 * (lon - minLon) / (maxLon - minLon);
  const y = lat => 250 - 220 * (lat - minLat) / (maxLat - minLat);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', points.map(p => x(p.longitude) + ',' + y(p.latitude)).join(' '));
  line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#b3261e'); line.setAttribute('stroke-width', '2'); line.setAttribute('stroke-dasharray', '6 4');
  svg.append(line);
  points.forEach((p, i) => {
    const c = document.createElementNS(ns, 'circle');
    c.setAttribute('cx', x(p.longitude)); c.setAttribute('cy', y(p.latitude)); c.setAttribute('r', 7); c.setAttribute('fill', '#1d2733');
    c.setAttribute('class', 'place');
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', x(p.longitude) + 10); label.setAttribute('y', y(p.latitude) - 8); label.setAttribute('font-size', '12');
    label.textContent = (i + 1) + ' ' + t(p.type);
    svg.append(c, label);
  });
}

// ---- routing ----------------------------------------------------------------------------------------------------

function route() {
  const hash = location.hash || '#/overview';
  const signedIn = !!token();
  $('#nav').hidden = !signedIn;
  $('#signout').hidden = !signedIn;
  const me = JSON.parse(sessionStorage.getItem('hazchain.me') || 'null');
  $('#who').textContent = signedIn && me ? me.username + ' · ' + me.partyName : '';
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', hash.startsWith(a.getAttribute('href'))));
  if (!signedIn) { if (hash !== '#/login') location.hash = '#/login'; else showLogin(); return; }
  if (hash.startsWith('#/container/')) showContainer(decodeURIComponent(hash.slice('#/container/'.length)));
  else if (hash.startsWith('#/alert/')) showAlert(decodeURIComponent(hash.slice('#/alert/'.length)));
  else if (hash.startsWith('#/alerts')) showAlerts();
  else if (hash.startsWith('#/audit')) showAudit();
  else if (hash.startsWith('#/handovers')) showHandovers();
  else if (hash.startsWith('#/balance')) showBalance();
  else if (hash.startsWith('#/map')) showMap();
  else if (hash.startsWith('#/search')) showSearch();
  else if (hash === '#/login') location.hash = '#/overview';
  else showOverview();
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
  $('#lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('hazchain.lang', lang); translate(); route(); });
  $('#signout').addEventListener('click', signOut);
  translate();
  route();
});
