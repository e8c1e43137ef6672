// The OrleansWorkflows dashboard: a plain client of the gateway's Durable Functions HTTP API (no build step).
'use strict';

const api = new URL('../runtime/webhooks/durabletask/', document.baseURI);
const $ = (id) => document.getElementById(id);
const state = { tokens: [null], page: 0, selected: null, historySkip: 0, timer: null };

// When the gateway requires an API key, open the dashboard as /dashboard/?code=KEY: every API call sends it along.
const apiKey = new URLSearchParams(location.search).get('code');

function send(path, init = {}) {
  const headers = { ...(init.headers || {}) };
  if (apiKey) {
    headers['x-functions-key'] = apiKey;
  }
  return fetch(new URL(path, api), { ...init, headers });
}

async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = body;
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await send(path, init);
  if (!response.ok && response.status !== 202) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch { /* not problem details */ }
    throw new Error(`${method} ${path}: ${response.status} ${detail}`);
  }
  return response;
}

function say(text, isError) {
  $('message').textContent = text;
  $('message').className = isError ? 'error' : '';
}

function pretty(value) {
  return value === null || value === undefined ? '(none)' : JSON.stringify(value, null, 2);
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

function statusCell(row, status) {
  cell(row, status, `status status-${status}`);
}

async function loadList() {
  const query = new URLSearchParams({ top: $('filter-top').value, showInput: 'false' });
  if ($('filter-status').value) query.set('runtimeStatus', $('filter-status').value);
  if ($('filter-prefix').value.trim()) query.set('instanceIdPrefix', $('filter-prefix').value.trim());
  const token = state.tokens[state.page];
  const response = await send(`instances?${query}`, { headers: token ? { 'x-ms-continuation-token': token } : {} });
  if (!response.ok) {
    say(`Listing failed: ${response.status}`, true);
    return;
  }
  const instances = await response.json();
  const next = response.headers.get('x-ms-continuation-token');
  state.tokens[state.page + 1] = next || undefined;
  const body = $('instances').tBodies[0];
  body.replaceChildren();
  for (const instance of instances) {
    const row = body.insertRow();
    row.dataset.instanceId = instance.instanceId;
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.textContent = instance.instanceId;
    open.addEventListener('click', () => select(instance.instanceId));
    row.insertCell().append(open);
    cell(row, instance.name);
    statusCell(row, instance.runtimeStatus);
    cell(row, instance.createdTime);
    cell(row, instance.lastUpdatedTime);
  }
  if (instances.length === 0) cell(body.insertRow(), 'No instances match.').colSpan = 5;
  $('next-page').disabled = !next;
  $('first-page').disabled = state.page === 0;
  $('page-info').textContent = `Page ${state.page + 1}, ${instances.length} instance(s)`;
}

async function select(id) {
  state.selected = id;
  state.historySkip = 0;
  $('history').tBodies[0].replaceChildren();
  $('detail').hidden = false;
  history.replaceState(null, '', `#instance=${encodeURIComponent(id)}`);
  await loadDetail();
  await loadHistory();
  $('detail-heading').scrollIntoView?.({ block: 'nearest' });
}

async function loadDetail() {
  const id = state.selected;
  if (!id) return;
  const response = await send(`instances/${encodeURIComponent(id)}`);
  if (response.status === 404) {
    say(`Instance ${id} no longer exists.`, true);
    closeDetail();
    return;
  }
  const status = await response.json();
  $('detail-id').textContent = status.instanceId;
  $('detail-name').textContent = status.name;
  $('detail-status').textContent = status.runtimeStatus;
  $('detail-status').className = `status status-${status.runtimeStatus}`;
  $('detail-created').textContent = status.createdTime;
  $('detail-updated').textContent = status.lastUpdatedTime;
  $('detail-input').textContent = pretty(status.input);
  $('detail-output').textContent = pretty(status.output);
  $('detail-custom').textContent = pretty(status.customStatus);
}

async function loadHistory() {
  const id = state.selected;
  const response = await call('GET', `instances/${encodeURIComponent(id)}/history?skip=${state.historySkip}&take=100`);
  const page = await response.json();
  const body = $('history').tBodies[0];
  page.events.forEach((event, i) => {
    const row = body.insertRow();
    cell(row, String(state.historySkip + i + 1));
    cell(row, event.eventType);
    cell(row, event.timestamp);
    const { eventType, timestamp, ...rest } = event;
    cell(row, JSON.stringify(rest), 'details');
  });
  state.historySkip = page.nextSkip ?? state.historySkip + page.events.length;
  $('more-history').hidden = page.nextSkip === null;
}

async function refreshHistoryTail() {
  if (state.selected && $('more-history').hidden) await loadHistory();
}

function closeDetail() {
  state.selected = null;
  $('detail').hidden = true;
  history.replaceState(null, '', '#');
}

const confirmations = {
  terminate: 'Terminate this instance?',
  rewind: 'Rewind this failed instance?',
  purge: 'Purge this instance and its history? This cannot be undone.',
};

async function act(action) {
  const id = state.selected;
  if (!id || (confirmations[action] && !window.confirm(confirmations[action]))) return;
  const path = `instances/${encodeURIComponent(id)}`;
  try {
    if (action === 'purge') {
      await call('DELETE', path);
      say(`Purged ${id}.`);
      closeDetail();
    } else if (action === 'restart') {
      const payload = await (await call('POST', `${path}/restart`)).json();
      say(`Restarted as ${payload.id}.`);
      await select(payload.id);
    } else {
      await call('POST', `${path}/${action}?reason=${encodeURIComponent('dashboard')}`);
      say(`${action} sent to ${id}.`);
      await loadDetail();
    }
    await loadList();
  } catch (error) {
    say(error.message, true);
  }
}

async function refresh() {
  try {
    await loadList();
    await loadDetail();
    await refreshHistoryTail();
  } catch (error) {
    say(error.message, true);
  }
}

function schedule() {
  clearInterval(state.timer);
  if ($('auto-refresh').checked) state.timer = setInterval(refresh, 5000);
}

$('filter').addEventListener('submit', (e) => {
  e.preventDefault();
  state.tokens = [null];
  state.page = 0;
  refresh();
});
$('next-page').addEventListener('click', () => { state.page += 1; loadList(); });
$('first-page').addEventListener('click', () => { state.page = 0; loadList(); });
$('auto-refresh').addEventListener('change', schedule);
$('close-detail').addEventListener('click', closeDetail);
$('more-history').addEventListener('click', loadHistory);
document.querySelectorAll('[data-action]').forEach((b) => b.addEventListener('click', () => act(b.dataset.action)));
$('raise').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const name = encodeURIComponent($('event-name').value.trim());
    await call('POST', `instances/${encodeURIComponent(state.selected)}/raiseEvent/${name}`, $('event-payload').value || 'null');
    say(`Event ${$('event-name').value} raised.`);
    await refresh();
  } catch (error) {
    say(error.message, true);
  }
});
$('start').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const id = $('start-id').value.trim();
    const path = `orchestrators/${encodeURIComponent($('start-name').value.trim())}${id ? `/${encodeURIComponent(id)}` : ''}`;
    const payload = await (await call('POST', path, $('start-input').value.trim() || undefined)).json();
    say(`Started ${payload.id}.`);
    await loadList();
    await select(payload.id);
  } catch (error) {
    say(error.message, true);
  }
});

const initial = new URLSearchParams(location.hash.slice(1)).get('instance');
refresh().then(() => initial && select(initial));
schedule();
