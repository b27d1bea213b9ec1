// The fleet dashboard's page: renders each snapshot the server pushes on /events (the FleetView of
// `mms fleet status --json` as "view", one row per node as "nodes"). It computes no fleet state of its
// own: states, reasons and revisions are the server's. Text from the store only ever goes in through
// textContent, never as markup.
'use strict';

/** Problems first: the order the server sorts rows in. */
const STATES = ['rejected', 'failed', 'stale', 'pending', 'unreadable', 'unmanaged', 'stopped', 'live', 'converged'];
const PROBLEM_STATES = new Set(['rejected', 'failed', 'stale', 'unreadable']);
const BROKEN_ARCHIVES = new Set(['error', 'verify_failed']);
const INSTALLED_ARCHIVES = new Set(['verified', 'downloaded']);
/** Rows drawn at once; more on request, so ten thousand nodes do not freeze the page. */
const ROWS_PER_PAGE = 1000;
/** Nodes named in a problem line before "and N more". */
const NAMED = 5;
/** A group with more nodes than this starts collapsed, unless it holds problems. */
const COLLAPSE_ABOVE = 50;

const ui = {
  filter: '',
  state: 'all',
  groupBy: 'state',
  sort: { key: 'state', dir: 1 },
  only: null,          // {label, nodes: Set} from a clicked problem line
  expanded: new Set(), // groups opened by hand
  collapsed: new Set(), // groups closed by hand
  limit: ROWS_PER_PAGE,
};
let snapshot = null;
let receivedAt = 0;

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const number = (n) => n.toLocaleString('en-US');
const plural = (n, word) => `${number(n)} ${word}${n === 1 ? '' : 's'}`;

/** The server's time now: the snapshot's time plus how long ago it arrived. */
function serverNow() {
  return snapshot ? Date.parse(snapshot.time) + (Date.now() - receivedAt) : Date.now();
}

function ago(time) {
  const seconds = Math.max(0, Math.round((serverNow() - Date.parse(time)) / 1000));
  if (seconds < 90) return `${seconds}s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86400)}d ago`;
}

function timeElement(time) {
  return el('time', { datetime: time, title: time, 'data-ago': time }, ago(time));
}

/** A machine cell's class: bad (failing), warn (not running or not installed yet), ok. */
function machineHealth(machine) {
  if (!machine) return 'none';
  if (machine.error || BROKEN_ARCHIVES.has(machine.archive)) return 'bad';
  if (!machine.state || (machine.archive && !INSTALLED_ARCHIVES.has(machine.archive))) return 'warn';
  return 'ok';
}

function isProblem(row) {
  return PROBLEM_STATES.has(row.state) || row.machines.some((m) => machineHealth(m) === 'bad');
}

/** Why a row is where it is: the server's reason, when it was last seen, its machines' errors. */
function rowReasons(row) {
  const reasons = [];
  if (row.reason) reasons.push(row.reason);
  for (const m of row.machines) {
    if (m.error && !(row.reason || '').includes(m.error)) reasons.push(`${m.name}: ${m.error}`);
  }
  return reasons;
}

function searchText(row) {
  const parts = [row.identity, row.state, row.revision || '', row.agent || '', ...rowReasons(row)];
  for (const m of row.machines) parts.push(m.name, m.version || '', m.state || '', m.archive || '');
  return parts.join('\n').toLowerCase();
}

// --- header, summary and panels

function renderHeader(view) {
  const spec = view.specification;
  const target = $('specification');
  target.replaceChildren();
  if (spec) {
    target.append('Specification ', el('strong', {}, `${spec.bucket} > ${spec.key}`), ': ',
      el('strong', {}, `revision ${spec.revision}`), ` (digest ${spec.digest.slice(0, 12)}), put `,
      timeElement(spec.created), ` · store ${snapshot.store}`);
  } else {
    target.append('No specification in the store yet', ` · store ${snapshot.store}`);
  }
  const problems = [];
  if (snapshot.error) problems.push(`cannot read the store: ${snapshot.error}`);
  if (spec && spec.problem) problems.push(`no node can apply revision ${spec.revision}: ${spec.problem}`);
  const banner = $('banner');
  banner.hidden = problems.length === 0;
  banner.textContent = problems.join(' — ');
}

function tile(kind, count, label, onclick, extra) {
  return el('button', { type: 'button', class: `tile ${kind}`, onclick, 'data-tile': label },
    el('span', { class: 'count' }, count), el('span', { class: 'label' }, label), extra);
}

function renderSummary(view) {
  const c = view.convergence;
  const n = view.nodes;
  const counts = countStates();
  const show = (state) => () => { ui.state = state; ui.only = null; ui.limit = ROWS_PER_PAGE; renderNodes(); };
  const percent = c.managed ? c.percent : 0;
  const tiles = [];
  if (view.specification) {
    const filled = el('span');
    filled.style.width = `${percent}%`; // through the CSSOM: the content security policy refuses style attributes
    tiles.push(tile(c.managed && c.converged === c.managed ? 'ok converged' : 'warn converged',
      `${number(c.converged)} / ${number(c.managed)}`, `converged (${percent}%)`, show('converged'),
      el('div', { class: 'bar', title: `${percent}% of managed live nodes run revision ${view.specification.revision}` },
        filled)));
  }
  const kinds = { rejected: 'bad', failed: 'bad', stale: 'warn', pending: 'warn', unreadable: 'bad' };
  for (const state of ['rejected', 'failed', 'pending', 'stale', 'stopped', 'unmanaged', 'unreadable']) {
    const count = counts[state] || 0;
    if (count === 0 && !['rejected', 'failed', 'pending', 'stale'].includes(state)) continue;
    tiles.push(tile(count > 0 ? (kinds[state] || 'off') : 'off', number(count), state, show(state)));
  }
  tiles.push(tile('off', `${number(n.live)} / ${number(n.reporting)}`, 'live / reporting', show('all')));
  $('summary').replaceChildren(...tiles);
}

function countStates() {
  const counts = {};
  for (const row of snapshot.nodes) counts[row.state] = (counts[row.state] || 0) + 1;
  return counts;
}

function problemLine(kind, kindClass, group, verb) {
  const nodes = group.nodes;
  const named = nodes.slice(0, NAMED).join(', ') + (nodes.length > NAMED ? ` and ${number(nodes.length - NAMED)} more` : '');
  return el('li', {
    class: 'group-link', title: 'show only these nodes', onclick: () => {
      ui.only = { label: `${kind}: ${group.reason}`, nodes: new Set(nodes) };
      ui.state = 'all';
      ui.limit = ROWS_PER_PAGE;
      renderNodes();
    },
  }, el('span', { class: `kind ${kindClass}` }, `${kind} ${verb} ${plural(nodes.length, 'node')}:`),
  el('span', { class: 'reason' }, group.reason), el('div', { class: 'who' }, named));
}

function renderProblems(view) {
  const lines = [];
  for (const g of view.convergence.rejected) lines.push(problemLine('Rejected', 'bad', g, 'by'));
  for (const g of view.convergence.failed) lines.push(problemLine('Failed', 'bad', g, 'on'));
  const failed = new Set(view.convergence.failed.map((g) => g.reason));
  for (const g of view.failures) if (!failed.has(g.reason)) lines.push(problemLine('Failing', 'bad', g, 'on'));
  for (const g of view.nodes.unreadable) lines.push(problemLine('Unreadable', 'bad', g, 'record of'));
  if (view.nodes.stale.length) {
    lines.push(problemLine('Stale', 'warn', {
      reason: 'no record for 3 heartbeats', nodes: view.nodes.stale.map((s) => s.identity),
    }, ''));
  }
  for (const g of view.convergence.pending) lines.push(problemLine('Pending', 'warn', g, 'on'));
  $('problems').replaceChildren(el('h2', {}, 'Problems'),
    lines.length ? el('ul', {}, ...lines) : el('p', { class: 'none' }, 'none'));
}

function renderVersions(view) {
  const lines = [];
  if (view.revisions.length) {
    lines.push(el('li', {}, el('span', { class: 'kind' }, 'specification:'),
      view.revisions.map((r) => `${r.label} on ${plural(r.nodes, 'node')}`).join(', ')));
  }
  for (const m of view.machines) {
    lines.push(el('li', {}, el('span', { class: 'kind' }, `${m.name}:`),
      m.versions.map((v) => `${v.label} on ${plural(v.nodes, 'node')}`).join(', ')));
  }
  $('versions').replaceChildren(el('h2', {}, 'Versions on live nodes'),
    lines.length ? el('ul', {}, ...lines) : el('p', { class: 'none' }, 'no machine reported yet'));
}

// --- the table

/** The machine columns: those of the specification's entries and the others, the manager last. */
function machineColumns() {
  const names = new Set();
  for (const row of snapshot.nodes) for (const m of row.machines) names.add(m.name);
  return [...names].sort((a, b) => (a === 'mms_manager') - (b === 'mms_manager') || a.localeCompare(b));
}

function compareVersions(a, b) {
  return (a || '').localeCompare(b || '', 'en', { numeric: true });
}

function sortKey(row, key) {
  switch (key) {
    case 'identity': return row.identity;
    case 'state': return STATES.indexOf(row.state) - (isProblem(row) && row.state === 'converged' ? 0.5 : 0);
    case 'revision': return row.revision || '';
    case 'agent': return row.agent || '';
    case 'reason': return rowReasons(row).join(' ');
    default: {
      const m = row.machines.find((x) => x.name === key.slice(2));
      return m ? `${m.version || ''} ${m.state || ''}` : '';
    }
  }
}

function compareRows(a, b) {
  const { key, dir } = ui.sort;
  const x = sortKey(a, key);
  const y = sortKey(b, key);
  const order = typeof x === 'number' ? x - y : compareVersions(x, y);
  return dir * order || a.identity.localeCompare(b.identity, 'en', { numeric: true });
}

function visibleRows() {
  const words = ui.filter.toLowerCase().split(/\s+/).filter(Boolean);
  return snapshot.nodes.filter((row) => {
    if (ui.only && !ui.only.nodes.has(row.identity)) return false;
    if (ui.state === 'problems' && !isProblem(row)) return false;
    if (ui.state !== 'all' && ui.state !== 'problems' && row.state !== ui.state) return false;
    if (words.length === 0) return true;
    const text = searchText(row);
    return words.every((w) => text.includes(w));
  }).sort(compareRows);
}

function groupOf(row) {
  switch (ui.groupBy) {
    case 'state': return row.state;
    case 'revision': return row.revision || (row.state === 'unreadable' ? 'unreadable record' : 'not managed from it');
    default: return '';
  }
}

/** States problem first; revisions newest first, then the unknown and none. */
function compareGroups(a, b) {
  if (ui.groupBy === 'state') return STATES.indexOf(a) - STATES.indexOf(b);
  const revision = (label) => (/^revision (\d+)$/.exec(label) || [0, -1])[1];
  return revision(b) - revision(a) || a.localeCompare(b);
}

function isCollapsed(group, rows) {
  if (ui.collapsed.has(group)) return true;
  if (ui.expanded.has(group)) return false;
  return rows.length > COLLAPSE_ABOVE && !rows.some(isProblem);
}

function renderHead(columns) {
  const header = (key, label) => el('th', {
    scope: 'col', 'data-key': key,
    'aria-sort': ui.sort.key === key ? (ui.sort.dir > 0 ? 'ascending' : 'descending') : undefined,
    onclick: () => {
      ui.sort = { key, dir: ui.sort.key === key ? -ui.sort.dir : 1 };
      renderNodes();
    },
  }, label);
  $('fleet').tHead.replaceChildren(el('tr', {}, header('identity', 'node'), header('state', 'state'),
    header('revision', 'revision'), ...columns.map((name) => header(`m:${name}`, name)),
    header('reason', 'why'), header('agent', 'agent')));
}

function machineCell(machine) {
  const health = machineHealth(machine);
  if (!machine) return el('td', { class: 'm none' }, '—');
  const details = [];
  if (machine.checksum) details.push(`checksum ${machine.checksum.slice(0, 12)}`);
  if (machine.archive) details.push(`archive ${machine.archive}`);
  if (machine.manager_state) details.push(`manager ${machine.manager_state}`);
  if (machine.error) details.push(`error: ${machine.error}`);
  return el('td', { class: `m ${health}`, title: details.join('\n') || undefined, 'data-machine': machine.name },
    el('span', { class: 'version' }, machine.version || (health === 'bad' ? 'failed' : 'installing')),
    machine.state ? el('span', { class: 'state' }, machine.state) : null);
}

function nodeRow(row, columns) {
  const byName = new Map(row.machines.map((m) => [m.name, m]));
  const why = el('td', { class: 'reason' }, rowReasons(row).join('; '));
  if (row.last_seen) why.append(row.reason ? ' · ' : '', row.state === 'stopped' ? 'stopped ' : 'last seen ',
    timeElement(row.last_seen));
  return el('tr', { class: isProblem(row) ? 'problem' : undefined, 'data-node': row.identity, 'data-state': row.state },
    el('td', { class: 'identity' }, row.identity),
    el('td', {}, el('span', { class: `badge ${row.state}` }, row.state)),
    el('td', { class: 'revision' }, row.revision || ''),
    ...columns.map((name) => machineCell(byName.get(name))),
    why,
    el('td', { class: 'agent' }, row.agent || ''));
}

function renderStateFilter() {
  const counts = countStates();
  const problems = snapshot.nodes.filter(isProblem).length;
  const options = [['all', `all (${number(snapshot.nodes.length)})`], ['problems', `problems (${number(problems)})`]];
  for (const state of STATES) if (counts[state]) options.push([state, `${state} (${number(counts[state])})`]);
  if (!options.some(([value]) => value === ui.state)) options.push([ui.state, `${ui.state} (0)`]);
  const select = $('state-filter');
  select.replaceChildren(...options.map(([value, label]) => el('option', { value }, label)));
  select.value = ui.state;
}

function renderNodes() {
  if (!snapshot) return;
  renderStateFilter();
  const columns = machineColumns();
  renderHead(columns);
  const rows = visibleRows();
  const body = document.createDocumentFragment();
  const width = columns.length + 5;
  let drawn = 0;
  const groups = new Map();
  for (const row of rows) {
    const group = groupOf(row);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(row);
  }
  for (const [group, members] of [...groups].sort(([a], [b]) => compareGroups(a, b))) {
    const collapsed = ui.groupBy !== 'none' && isCollapsed(group, members);
    if (ui.groupBy !== 'none') {
      body.append(el('tr', { class: 'group', 'data-group': group },
        el('th', {
          colspan: width, 'aria-expanded': String(!collapsed), onclick: () => {
            (collapsed ? ui.expanded : ui.collapsed).add(group);
            (collapsed ? ui.collapsed : ui.expanded).delete(group);
            renderNodes();
          },
        }, el('span', { class: 'caret' }, collapsed ? '▸' : '▾'), `${group} — ${plural(members.length, 'node')}`)));
    }
    if (collapsed) continue;
    for (const row of members) {
      if (drawn >= ui.limit) break;
      body.append(nodeRow(row, columns));
      drawn++;
    }
  }
  $('fleet').tBodies[0].replaceChildren(body);
  const hidden = rows.length - drawn;
  const more = $('more');
  more.hidden = drawn < ui.limit || hidden <= 0;
  more.textContent = `show ${number(Math.min(hidden, ROWS_PER_PAGE))} more of ${number(hidden)}`;
  $('shown').textContent = `${plural(rows.length, 'node')} shown of ${number(snapshot.nodes.length)}`;
  const only = $('only');
  only.hidden = !ui.only;
  if (ui.only) {
    only.replaceChildren(`only ${ui.only.label} `, el('button', {
      type: 'button', title: 'show every node', 'aria-label': 'show every node',
      onclick: () => { ui.only = null; renderNodes(); },
    }, '✕'));
  }
}

// --- the stream

function setConnection(state, text) {
  const connection = $('connection');
  connection.className = `connection ${state}`;
  connection.textContent = text;
}

function showConnection() {
  if (!snapshot) return;
  if (snapshot.reading) setConnection('reading', 'reading the fleet…');
  else setConnection('live', `live · ${plural(snapshot.nodes.length, 'node')} · changed ${ago(snapshot.time)}`);
}

function render() {
  renderHeader(snapshot.view);
  renderSummary(snapshot.view);
  renderProblems(snapshot.view);
  renderVersions(snapshot.view);
  renderNodes();
  showConnection();
  document.body.dataset.snapshot = snapshot.time;
}

function connect() {
  const source = new EventSource('events');
  source.addEventListener('fleet', (event) => {
    snapshot = JSON.parse(event.data);
    receivedAt = Date.now();
    render();
  });
  source.addEventListener('open', showConnection);
  source.addEventListener('error', () => {
    setConnection('lost', source.readyState === EventSource.CLOSED
      ? 'disconnected: reload the page' : 'connection lost, reconnecting…');
  });
}

function tick() {
  for (const node of document.querySelectorAll('[data-ago]')) node.textContent = ago(node.dataset.ago);
  if (snapshot && $('connection').classList.contains('live')) showConnection();
}

$('filter').addEventListener('input', (event) => {
  ui.filter = event.target.value;
  ui.limit = ROWS_PER_PAGE;
  renderNodes();
});
$('state-filter').addEventListener('change', (event) => {
  ui.state = event.target.value;
  ui.limit = ROWS_PER_PAGE;
  renderNodes();
});
$('group-by').addEventListener('change', (event) => {
  ui.groupBy = event.target.value;
  renderNodes();
});
$('more').addEventListener('click', () => {
  ui.limit += ROWS_PER_PAGE;
  renderNodes();
});
setInterval(tick, 1000);
connect();
