// The OrleansWorkflows dashboard (no build step, no CDN): plain scripts loaded in order by index.html, sharing these
// helpers. It calls the gateway's Durable Functions HTTP API and the dashboard's own JSON endpoints (dashboard/api/).
'use strict';

const api = new URL('../runtime/webhooks/durabletask/', document.baseURI);
const dashboardApi = new URL('api/', document.baseURI);
const $ = (id) => document.getElementById(id);
const continuationHeader = 'x-ms-continuation-token';

// When the gateway requires an API key, open the dashboard as /dashboard/?code=KEY: every call sends it along.
const apiKey = new URLSearchParams(location.search).get('code');

function withKey(url) {
  const target = new URL(url);
  if (apiKey) target.searchParams.set('code', apiKey);
  return target.toString();
}

function send(path, init = {}, base = api) {
  const headers = { ...(init.headers || {}) };
  if (apiKey) {
    headers['x-functions-key'] = apiKey;
  }
  return fetch(new URL(path, base), { ...init, headers });
}

async function failure(response, what) {
  let detail = response.statusText;
  try { detail = (await response.json()).detail || detail; } catch { /* not problem details */ }
  return new Error(`${what}: ${response.status} ${detail}`);
}

async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = body;
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await send(path, init);
  if (!response.ok && response.status !== 202) throw await failure(response, `${method} ${path}`);
  return response;
}

/** GETs a dashboard endpoint as JSON. */
async function dashboardGet(path) {
  const response = await send(path, {}, dashboardApi);
  if (!response.ok) throw await failure(response, `GET ${path}`);
  return response.json();
}

/** GETs one page of a paged list (the token travels in the x-ms-continuation-token header, both ways). */
async function dashboardPage(path, token) {
  const response = await send(path, { headers: token ? { [continuationHeader]: token } : {} }, dashboardApi);
  if (!response.ok) throw await failure(response, `GET ${path}`);
  return { items: await response.json(), next: response.headers.get(continuationHeader) || null };
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

function linkButton(text, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = text;
  button.addEventListener('click', onClick);
  return button;
}

function instanceLink(id) {
  const link = document.createElement('a');
  link.href = `#instance=${encodeURIComponent(id)}`;
  link.textContent = id;
  return link;
}

function fillOptions(list, names) {
  list.replaceChildren(...names.map((name) => Object.assign(document.createElement('option'), { value: name })));
}

/** The registered names (the silo's registry, when this host has one) for the start and signal forms. */
async function loadCatalog() {
  try {
    const catalog = await dashboardGet('catalog');
    fillOptions($('orchestration-names'), catalog.orchestrations);
    fillOptions($('entity-names'), catalog.entities);
    const select = $('entity-filter-name');
    for (const name of catalog.entities) select.append(new Option(name, name));
  } catch (error) {
    say(error.message, true);
  }
}

/** What an instance in a status can be asked to do (the API refuses the rest). */
const actionsByStatus = {
  Pending: ['terminate', 'suspend'],
  Running: ['terminate', 'suspend'],
  Suspended: ['resume', 'terminate'],
  ContinuedAsNew: ['terminate'],
  Failed: ['rewind', 'restart', 'purge'],
  Completed: ['restart', 'purge'],
  Terminated: ['restart', 'purge'],
  Canceled: ['restart', 'purge'],
};

const confirmations = {
  terminate: 'Terminate this instance?',
  suspend: 'Suspend this instance?',
  rewind: 'Rewind this failed instance?',
  restart: 'Restart this instance with its input under a new id?',
  purge: 'Purge this instance and its history? This cannot be undone.',
};

/** Runs an action on an instance after its confirmation; answers the new instance id of a restart. */
async function runAction(id, action) {
  if (confirmations[action] && !window.confirm(`${confirmations[action]}\n${id}`)) return null;
  const path = `instances/${encodeURIComponent(id)}`;
  if (action === 'purge') {
    await call('DELETE', path);
    say(`Purged ${id}.`);
    return null;
  }
  if (action === 'restart') {
    const payload = await (await call('POST', `${path}/restart`)).json();
    say(`Restarted as ${payload.id}.`);
    return payload.id;
  }
  await call('POST', `${path}/${action}?reason=${encodeURIComponent('dashboard')}`);
  say(`${action} sent to ${id}.`);
  return null;
}
