// The dashboard: reads the JSON API, redraws on each look the live stream announces.
// Everything from the target is set as text (textContent, SVG text nodes), never parsed as HTML.
'use strict';

const state = {
  targets: [], pid: null, view: 'tasks', snapshot: null, sequence: 0, byId: new Map(),
  selected: null, sort: { key: 'for', up: false }, fetching: false, behind: false,
  trace: null, traceSequence: -1, zoom: null,
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function api(path) {
  const sep = path.includes('?') ? '&' : '?';
  return state.pid === null ? path : path + sep + 'pid=' + encodeURIComponent(state.pid);
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return ms.toFixed(ms < 10 ? 1 : 0) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  if (ms < 3600000) return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  return (ms / 3600000).toFixed(1) + ' h';
}

function waitFor(task) { return task.inStateMs === null ? '' : (task.inStateExact ? '' : '≥ ') + duration(task.inStateMs); }
function focus(task) { return task.frames.length ? task.frames[task.focusFrame || 0] : null; }
function shortFunction(name) {
  const method = name.lastIndexOf('.');
  const type = method <= 0 ? -1 : name.lastIndexOf('.', method - 1);
  return name.substring(type + 1);
}
function where(task) {
  const frame = focus(task);
  if (!frame) return '';
  return shortFunction(frame.function) + '  ' + (frame.file ? frame.file + (frame.line >= 0 ? ':' + frame.line : '') : '');
}
function waits(task) { return task.waitingFor.map(edge => edge.description).join('; '); }

// ---- targets and the live stream ----

async function loadTargets() {
  state.targets = await getJson('/api/targets');
  if (state.pid === null || !state.targets.some(t => t.pid === state.pid)) {
    state.pid = state.targets.length ? state.targets[0].pid : null;
  }
  drawTargets();
  await refresh();
}

function drawTargets() {
  const nav = document.getElementById('targets');
  nav.replaceChildren(...state.targets.map(target => el('button', {
    class: (target.pid === state.pid ? 'active ' : '') + (target.status === 'ended' ? 'ended' : ''),
    title: target.reason || '', 'data-pid': target.pid,
    onclick: () => { state.pid = target.pid; state.selected = null; state.sequence = 0; state.trace = null; drawTargets(); refresh(); },
  }, `${target.pid} ${target.name}`)));
  drawStatus();
  document.getElementById('download-json').href = api('/api/trace.json');
  document.getElementById('download-chrome').href = api('/api/trace.chrome.json');
}

function drawStatus() {
  const target = state.targets.find(t => t.pid === state.pid);
  const line = document.getElementById('status');
  if (!target) { line.textContent = 'no target'; return; }
  const parts = [];
  if (target.status === 'ended' || target.status === 'failing') parts.push(target.reason);
  if (!target.takenAt && target.status === 'watching') parts.push('taking the first snapshot…');
  if (target.takenAt) parts.push('snapshot ' + new Date(target.takenAt).toLocaleTimeString() + ' (' + duration(target.snapshotMs) + ')');
  if (target.intervalMs) parts.push('every ' + duration(target.intervalMs));
  parts.push(target.recording ? 'recording' : ('not recording' + (target.notRecording ? ': ' + target.notRecording : '')));
  line.textContent = parts.join(' · ');
}

function listen() {
  const events = new EventSource('/api/events');
  events.addEventListener('targets', () => loadTargets().catch(show));
  events.addEventListener('look', message => {
    const look = JSON.parse(message.data);
    const index = state.targets.findIndex(t => t.pid === look.pid);
    if (index < 0) { loadTargets().catch(show); return; }
    state.targets[index] = look;
    if (look.pid === state.pid) {
      drawTargets();
      if (look.sequence !== state.sequence) refresh().catch(show);
    }
  });
}

async function refresh() {
  if (state.pid === null) { show(new Error('no target is served')); return; }
  const target = state.targets.find(t => t.pid === state.pid);
  // Until its first look there is nothing to fetch: the stream says when there is.
  if (!target || !target.sequence) return;
  if (state.fetching) { state.behind = true; return; }
  state.fetching = true;
  try {
    const sequence = target.sequence;
    const snapshot = await getJson(api('/api/snapshot'));
    state.sequence = sequence;
    state.snapshot = snapshot;
    state.byId = new Map(snapshot.tasks.map(task => [task.id, task]));
    draw();
  } finally {
    state.fetching = false;
    if (state.behind) { state.behind = false; refresh().catch(show); }
  }
}

function show(error) {
  const main = document.querySelector('main');
  let banner = document.getElementById('banner');
  if (!banner) { banner = el('div', { id: 'banner', class: 'banner' }); main.prepend(banner); }
  banner.textContent = error.message;
}

function clearBanner() { const banner = document.getElementById('banner'); if (banner) banner.remove(); }

// ---- views ----

function draw() {
  clearBanner();
  document.getElementById('deadlock-count').textContent = state.snapshot.deadlocks.length ? `(${state.snapshot.deadlocks.length})` : '';
  const drawn = ({ tasks: drawTasks, tree: drawTree, graph: drawGraph, deadlocks: drawDeadlocks, timeline: drawTimeline })[state.view]();
  if (drawn instanceof Promise) drawn.catch(show);
}

function selectView(view) {
  state.view = view;
  for (const button of document.querySelectorAll('#views button')) button.classList.toggle('active', button.dataset.view === view);
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== 'view-' + view;
  if (state.snapshot) draw();
}

function openTask(id) {
  state.selected = id;
  if (state.view !== 'tasks') selectView('tasks'); else drawTasks();
}

function taskLink(id) {
  const task = state.byId.get(id);
  return el('a', { class: 'task', href: '#' + id, onclick: event => { event.preventDefault(); openTask(id); } },
    id + (task ? ' ' + task.name : ''));
}

const SORTS = {
  id: t => t.id, kind: t => t.kind, name: t => t.name, state: t => t.state, where: where, waits: waits,
  for: t => (t.inStateMs === null ? -1 : t.inStateMs),
};

function matches(task, text) {
  if (!text) return true;
  const haystack = [task.id, task.name, task.state, waits(task)];
  for (const frame of task.frames) {
    haystack.push(frame.function, frame.file || '');
    for (const variable of frame.variables) haystack.push(variable.name, variable.value);
  }
  return haystack.some(value => value && value.toLowerCase().includes(text));
}

function fillSelect(select, values) {
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first, ...[...new Set(values)].sort().map(value => el('option', { value }, value)));
  select.value = [...select.options].some(o => o.value === chosen) ? chosen : '';
}

function drawTasks() {
  const tasks = state.snapshot.tasks;
  const kind = document.getElementById('kind-filter');
  const phase = document.getElementById('state-filter');
  fillSelect(kind, tasks.map(t => t.kind));
  fillSelect(phase, tasks.map(t => t.phase));
  const text = document.getElementById('filter').value.trim().toLowerCase();
  const shown = tasks.filter(t => (!kind.value || t.kind === kind.value) && (!phase.value || t.phase === phase.value) && matches(t, text));
  const key = SORTS[state.sort.key];
  shown.sort((a, b) => {
    const x = key(a), y = key(b);
    // Ties go by id, so that sorting the other way is the exact reverse.
    const order = (typeof x === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true }))
      || a.id.localeCompare(b.id, undefined, { numeric: true });
    return state.sort.up ? order : -order;
  });
  for (const th of document.querySelectorAll('#task-table th')) {
    th.classList.toggle('sorted', th.dataset.sort === state.sort.key);
    th.classList.toggle('up', th.dataset.sort === state.sort.key && state.sort.up);
  }
  document.getElementById('task-count').textContent = `${shown.length} of ${tasks.length} tasks`;
  const rows = shown.slice(0, 2000).map(task => el('tr', {
    class: task.id === state.selected ? 'selected' : '', 'data-id': task.id, onclick: () => openTask(task.id),
  }, el('td', {}, task.id), el('td', {}, task.kind), el('td', { title: task.name }, task.name),
  el('td', { class: 'state-' + task.phase }, task.state), el('td', {}, waitFor(task)),
  el('td', { title: where(task) }, where(task)), el('td', { title: waits(task) }, waits(task))));
  if (shown.length > 2000) rows.push(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, `${shown.length - 2000} more: narrow the filter`)));
  document.querySelector('#task-table tbody').replaceChildren(...rows);
  drawDetail();
}

function drawDetail() {
  const aside = document.getElementById('detail');
  const task = state.selected && state.byId.get(state.selected);
  if (!state.selected) { aside.hidden = true; return; }
  aside.hidden = false;
  if (!task) {
    aside.replaceChildren(el('h2', {}, state.selected), el('p', { class: 'empty' }, 'not in the latest snapshot: it ended or its id changed'));
    return;
  }
  const parts = [
    el('h2', { 'data-task': task.id }, `${task.id} ${task.kind} "${task.name}"`),
    el('div', {}, el('span', { class: 'state-' + task.phase }, task.state), task.inStateMs === null ? '' : ' for ' + waitFor(task)),
  ];
  const facts = Object.entries(task.facts);
  if (task.parent) facts.unshift(['parent', null]);
  if (facts.length) {
    parts.push(el('h3', {}, 'Facts'), ...facts.map(([label, value]) =>
      el('div', {}, label + ': ', label === 'parent' && value === null ? taskLink(task.parent) : value)));
  }
  parts.push(el('h3', {}, 'Async stack (innermost first)'));
  if (!task.frames.length) parts.push(el('div', { class: 'empty' }, 'no frames'));
  task.frames.forEach((frame, index) => {
    parts.push(el('div', { class: 'frame' + (index === task.focusFrame ? ' focus' : '') },
      (index === task.focusFrame ? '► ' : '  ') + shortFunction(frame.function) + '  ',
      el('span', { class: 'loc' }, frame.file ? frame.file + (frame.line >= 0 ? ':' + frame.line : '') : 'unknown source'),
      frame.note ? el('span', { class: 'note' }, '  ' + frame.note) : null));
    if (frame.variables.length) {
      parts.push(el('div', { class: 'vars' }, frame.variables.map(v =>
        el('div', {}, el('span', { class: 'name' }, v.name), ` = ${v.value}`, el('span', { class: 'loc' }, '  ' + v.type)))));
    }
  });
  parts.push(el('h3', {}, 'Waits for'));
  if (!task.waitingFor.length) parts.push(el('div', { class: 'empty' }, 'nothing the tool can name'));
  for (const edge of task.waitingFor) {
    parts.push(el('div', {}, `${edge.kind}: ${edge.description}`, edge.target ? ' → ' : '', edge.target ? taskLink(edge.target) : null));
  }
  parts.push(el('h3', {}, 'Waited for by'));
  if (!task.waitedBy.length) parts.push(el('div', { class: 'empty' }, 'no task'));
  for (const id of task.waitedBy) parts.push(el('div', {}, taskLink(id)));
  if (task.holds.length) {
    parts.push(el('h3', {}, 'Holds'), ...task.holds.map(r => el('div', {}, `${r.kind} ${r.type} ${r.id}`)));
  }
  aside.replaceChildren(...parts);
}

function drawTree() {
  const tasks = state.snapshot.tasks.filter(t => t.kind === 'coroutine');
  const children = new Map();
  for (const task of tasks) {
    const parent = task.parent && state.byId.has(task.parent) ? task.parent : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(task);
  }
  const branch = (parent, depth) => el('ul', {}, (children.get(parent) || []).map(task => el('li', {},
    taskLink(task.id), ' ', el('span', { class: 'state-' + task.phase }, task.state), ' ', waitFor(task),
    ' ', el('span', { class: 'hint' }, where(task)), depth < 64 && children.has(task.id) ? branch(task.id, depth + 1) : null)));
  document.getElementById('tree').replaceChildren(tasks.length ? branch(null, 0) : el('p', { class: 'empty' }, 'no coroutines in this snapshot'));
}

function cycleEdges() {
  const edges = new Set();
  for (const deadlock of state.snapshot.deadlocks) {
    deadlock.tasks.forEach((id, i) => edges.add(id + '>' + deadlock.tasks[(i + 1) % deadlock.tasks.length]));
  }
  return edges;
}

function drawGraph() {
  const cycles = cycleEdges();
  const edges = [];
  const nodes = new Set();
  for (const task of state.snapshot.tasks) {
    for (const edge of task.waitingFor) {
      if (edge.target && state.byId.has(edge.target)) {
        edges.push({ from: task.id, to: edge.target, kind: edge.kind, cycle: cycles.has(task.id + '>' + edge.target) });
        nodes.add(task.id); nodes.add(edge.target);
      }
    }
  }
  const box = document.getElementById('graph');
  if (!edges.length) { box.replaceChildren(el('p', { class: 'empty' }, 'no task waits for another task in this snapshot')); return; }
  // Layers: a node sits one column right of the farthest task that waits for it (cycles cut at the first revisit).
  const out = new Map([...nodes].map(n => [n, []]));
  for (const e of edges) out.get(e.from).push(e.to);
  const waitedOn = new Set(edges.map(e => e.to));
  const column = new Map();
  const visit = (node, depth, path) => {
    if (path.has(node) || (column.get(node) ?? -1) >= depth || depth > 200) return;
    column.set(node, depth);
    path.add(node);
    for (const next of out.get(node)) visit(next, depth + 1, path);
    path.delete(node);
  };
  for (const node of nodes) if (!waitedOn.has(node)) visit(node, 0, new Set());
  for (const node of nodes) if (!column.has(node)) visit(node, 0, new Set());
  const columns = [];
  for (const [node, c] of column) (columns[c] = columns[c] || []).push(node);
  const W = 230, H = 48, GX = 70, GY = 18;
  const position = new Map();
  // Each column in the mean row of the tasks that wait for its nodes, so that edges cross less.
  const row = new Map();
  columns.forEach((list, c) => {
    const rank = node => {
      const from = edges.filter(e => e.to === node && row.has(e.from)).map(e => row.get(e.from));
      return from.length ? from.reduce((x, y) => x + y, 0) / from.length : Infinity;
    };
    list.sort((a, b) => (rank(a) - rank(b)) || a.localeCompare(b, undefined, { numeric: true }))
      .forEach((node, r) => { row.set(node, r); position.set(node, { x: 10 + c * (W + GX), y: 10 + r * (H + GY) }); });
  });
  const hasBack = edges.some(e => column.get(e.to) <= column.get(e.from));
  const width = 20 + columns.length * (W + GX), height = 20 + Math.max(...columns.map(l => l.length)) * (H + GY) + (hasBack ? 50 : 0);
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'wait-for graph' });
  const defs = svg('defs');
  for (const [id, color] of [['arrow', '#8a94a6'], ['arrow-red', '#c8463b']]) {
    const marker = svg('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: color }));
    defs.append(marker);
  }
  root.append(defs);
  for (const e of edges) {
    const a = position.get(e.from), b = position.get(e.to);
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
    const back = x2 <= x1;
    const d = back ? `M ${a.x + W / 2} ${a.y + H} C ${a.x + W / 2} ${a.y + H + 60}, ${b.x + W / 2} ${b.y + H + 60}, ${b.x + W / 2} ${b.y + H}`
      : `M ${x1} ${y1} C ${x1 + GX / 2} ${y1}, ${x2 - GX / 2} ${y2}, ${x2} ${y2}`;
    root.append(svg('path', { d, class: 'edge' + (e.cycle ? ' cycle' : ''), 'data-from': e.from, 'data-to': e.to }));
    // A label sits by the arrow's head, where it cannot be taken for another edge's.
    root.append(svg('text', { x: back ? (a.x + b.x + W) / 2 : x2 - 6, y: back ? Math.max(a.y, b.y) + H + 40 : y2 - 5,
      'text-anchor': back ? 'middle' : 'end', class: 'edge-label' }, e.kind));
  }
  for (const [node, p] of position) {
    const task = state.byId.get(node);
    const inCycle = edges.some(e => e.cycle && (e.from === node || e.to === node));
    const g = svg('g', { class: 'node' + (inCycle ? ' cycle' : ''), transform: `translate(${p.x},${p.y})`, 'data-id': node });
    g.addEventListener('click', () => openTask(node));
    g.append(svg('rect', { width: W, height: H, rx: 4 }));
    g.append(svg('text', { x: 6, y: 15 }, `${task.id} ${task.kind}`.slice(0, 36)));
    g.append(svg('text', { x: 6, y: 29 }, task.name.slice(0, 36)));
    g.append(svg('text', { x: 6, y: 43 }, (task.state + ' ' + waitFor(task)).slice(0, 36)));
    root.append(g);
  }
  box.replaceChildren(root);
}

function drawDeadlocks() {
  const box = document.getElementById('deadlocks');
  if (!state.snapshot.deadlocks.length) { box.replaceChildren(el('p', { class: 'empty' }, 'no deadlock in this snapshot')); return; }
  box.replaceChildren(...state.snapshot.deadlocks.map((deadlock, i) => el('div', { class: 'deadlock' },
    el('strong', {}, `Deadlock ${i + 1}: `), ...deadlock.tasks.flatMap((id, j) => [j ? ' → ' : '', taskLink(id)]), ' → ', taskLink(deadlock.tasks[0]),
    el('pre', {}, deadlock.description))));
}

// ---- timeline ----

async function drawTimeline() {
  const box = document.getElementById('timeline');
  if (state.traceSequence !== state.sequence) {
    state.trace = await getJson(api('/api/trace.json'));
    state.traceSequence = state.sequence;
  }
  const events = state.trace.events || [];
  if (!events.length) {
    box.replaceChildren(el('p', { class: 'empty' }, 'nothing recorded yet: events appear as tasks suspend, resume, block and complete'));
    return;
  }
  const start = events[0].nanos, end = Math.max(events[events.length - 1].nanos, start + 1);
  if (!state.zoom || state.zoom.start < start || state.zoom.recording !== state.trace.takenAt) {
    state.zoom = { start, end, recording: state.trace.takenAt, whole: true };
  }
  if (state.zoom.whole) { state.zoom.start = start; state.zoom.end = end; }
  const byTask = new Map();
  for (const event of events) {
    if (!event.task) continue;
    if (!byTask.has(event.task)) byTask.set(event.task, []);
    byTask.get(event.task).push(event);
  }
  const tracks = [...byTask.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 150);
  const LABEL = 260, ROW = 18, width = Math.max(600, box.clientWidth || 1100), height = 30 + tracks.length * ROW;
  const span = state.zoom.end - state.zoom.start;
  const x = nanos => LABEL + (nanos - state.zoom.start) / span * (width - LABEL - 10);
  const root = svg('svg', { width, height, role: 'img', 'aria-label': 'recorded timeline' });
  for (let i = 0; i <= 5; i++) {
    const t = state.zoom.start + span * i / 5;
    root.append(svg('text', { x: x(t), y: 12, class: 'axis', 'text-anchor': i === 5 ? 'end' : 'start' }, '+' + duration((t - start) / 1e6)));
    root.append(svg('line', { x1: x(t), x2: x(t), y1: 16, y2: height, stroke: '#eef0f4' }));
  }
  const clip = svg('clipPath', { id: 'lanes' });
  clip.append(svg('rect', { x: LABEL, y: 0, width: width - LABEL, height }));
  root.append(clip);
  tracks.forEach(([id, list], row) => {
    const y = 22 + row * ROW;
    const task = state.byId.get(id);
    const label = svg('text', { x: 4, y: y + 11, class: 'label' }, (id + ' ' + (task ? task.name : '')).slice(0, 40));
    label.addEventListener('click', () => openTask(id));
    root.append(label);
    const lane = svg('g', { 'clip-path': 'url(#lanes)' });
    list.forEach((event, i) => {
      const next = list[i + 1];
      const until = next ? next.nanos : (event.kind === 'completed' || event.kind === 'future completed' ? event.nanos : end);
      const kind = event.kind === 'resumed' || event.kind === 'created' || event.kind === 'unblocked' ? 'run'
        : event.kind === 'suspended' ? 'suspended' : ['blocked', 'parked', 'waited', 'slept', 'pinned'].includes(event.kind) ? 'blocked' : null;
      if (event.kind === 'future completed') {
        lane.append(svg('rect', { x: x(event.nanos) - 1.5, y, width: 3, height: ROW - 4, class: 'mark-future' }, ''));
      } else if (kind && until > state.zoom.start && event.nanos < state.zoom.end) {
        const rect = svg('rect', { x: x(event.nanos), y, width: Math.max(1, x(until) - x(event.nanos)), height: ROW - 4, class: 'seg-' + kind });
        rect.append(svg('title', {}, `${event.kind} ${event.function || ''} ${event.location || ''} for ${duration((until - event.nanos) / 1e6)}`));
        lane.append(rect);
      }
    });
    root.append(lane);
  });
  root.addEventListener('wheel', event => {
    event.preventDefault();
    const at = state.zoom.start + (event.offsetX - LABEL) / (width - LABEL - 10) * span;
    zoom(event.deltaY < 0 ? 0.7 : 1 / 0.7, Math.min(Math.max(at, state.zoom.start), state.zoom.end));
  }, { passive: false });
  root.addEventListener('mousedown', down => {
    const from = { x: down.clientX, start: state.zoom.start, end: state.zoom.end };
    const move = m => {
      const shift = (from.x - m.clientX) / (width - LABEL - 10) * (from.end - from.start);
      state.zoom = { ...state.zoom, start: from.start + shift, end: from.end + shift, whole: false };
      drawTimeline().catch(show);
    };
    const up = () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  });
  const more = byTask.size - tracks.length;
  box.replaceChildren(root, more > 0 ? el('p', { class: 'hint' }, `${more} more tasks with fewer events are not drawn`) : '');
}

function zoom(factor, around) {
  const z = state.zoom;
  const center = around ?? (z.start + z.end) / 2;
  state.zoom = { ...z, start: center - (center - z.start) * factor, end: center + (z.end - center) * factor, whole: false };
  drawTimeline().catch(show);
}

// ---- wiring ----

document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('#views button')) button.addEventListener('click', () => selectView(button.dataset.view));
  for (const th of document.querySelectorAll('#task-table th')) {
    th.addEventListener('click', () => {
      state.sort = { key: th.dataset.sort, up: state.sort.key === th.dataset.sort ? !state.sort.up : th.dataset.sort !== 'for' };
      drawTasks();
    });
  }
  for (const id of ['filter', 'kind-filter', 'state-filter']) document.getElementById(id).addEventListener('input', () => state.snapshot && drawTasks());
  document.getElementById('zoom-in').addEventListener('click', () => zoom(0.5));
  document.getElementById('zoom-out').addEventListener('click', () => zoom(2));
  document.getElementById('zoom-reset').addEventListener('click', () => { state.zoom = null; drawTimeline().catch(show); });
  loadTargets().catch(show);
  listen();
});
