// The instances list: filters, counts per status, one server-side page at a time, sortable columns, row actions.
'use strict';

// The filters of the list: form control -> query parameter of dashboard/api/instances and /counts. A new filter of the
// store's query (e.g. a version) is one more entry here and one <label> in index.html.
const listFilters = [
  { control: 'filter-status', param: 'runtimeStatus', counts: false },
  { control: 'filter-name', param: 'name' },
  { control: 'filter-prefix', param: 'prefix' },
  { control: 'filter-version', param: 'version' },
  { control: 'filter-from', param: 'createdFrom', time: true },
  { control: 'filter-to', param: 'createdTo', time: true },
];

// The columns of the list: a new column is one more entry here (key of the row JSON, header, optional renderer).
const listColumns = [
  { key: 'instanceId', title: 'Instance id', render: (row, item) => row.insertCell().append(linkButton(item.instanceId, () => openInstance(item.instanceId))) },
  { key: 'name', title: 'Name' },
  { key: 'version', title: 'Version' },
  { key: 'runtimeStatus', title: 'Status', render: (row, item) => statusCell(row, item.runtimeStatus) },
  { key: 'createdTime', title: 'Created (UTC)' },
  { key: 'lastUpdatedTime', title: 'Last updated (UTC)' },
];

const list = { tokens: [null], page: 0, items: [], sortKey: null, sortDescending: false, countsAge: 0 };

function filterQuery(forCounts) {
  const query = new URLSearchParams();
  for (const filter of listFilters) {
    if (forCounts && filter.counts === false) continue;
    const value = $(filter.control).value.trim();
    if (value) query.set(filter.param, filter.time ? `${value}Z` : value);
  }
  return query;
}

function renderListHeader() {
  const head = $('instances').tHead.rows[0];
  head.replaceChildren();
  for (const column of listColumns) {
    const th = document.createElement('th');
    th.scope = 'col';
    const sorted = list.sortKey === column.key;
    th.setAttribute('aria-sort', sorted ? (list.sortDescending ? 'descending' : 'ascending') : 'none');
    const button = linkButton(column.title + (sorted ? (list.sortDescending ? ' ▼' : ' ▲') : ''), () => sortList(column.key));
    button.className = 'link sort';
    button.dataset.sort = column.key;
    th.append(button);
    head.append(th);
  }
  const actions = document.createElement('th');
  actions.scope = 'col';
  actions.textContent = 'Actions';
  head.append(actions);
}

function sortList(key) {
  list.sortDescending = list.sortKey === key ? !list.sortDescending : false;
  list.sortKey = key;
  renderListHeader();
  renderListRows();
}

function sortedItems() {
  if (!list.sortKey) return list.items;
  const key = list.sortKey;
  const sign = list.sortDescending ? -1 : 1;
  return [...list.items].sort((a, b) => sign * String(a[key] ?? '').localeCompare(String(b[key] ?? '')));
}

function actionSelect(item) {
  const select = document.createElement('select');
  select.setAttribute('aria-label', `Actions for ${item.instanceId}`);
  select.append(new Option('Choose…', ''));
  for (const action of actionsByStatus[item.runtimeStatus] || []) select.append(new Option(action, action));
  select.addEventListener('change', async () => {
    const action = select.value;
    select.value = '';
    if (!action) return;
    try {
      const restarted = await runAction(item.instanceId, action);
      await loadList();
      if (restarted) await openInstance(restarted);
    } catch (error) {
      say(error.message, true);
    }
  });
  return select;
}

function renderListRows() {
  const body = $('instances').tBodies[0];
  body.replaceChildren();
  for (const item of sortedItems()) {
    const row = body.insertRow();
    row.dataset.instanceId = item.instanceId;
    for (const column of listColumns) {
      if (column.render) column.render(row, item);
      else cell(row, item[column.key]);
    }
    row.insertCell().append(actionSelect(item));
  }
  if (list.items.length === 0) cell(body.insertRow(), 'No instances match.').colSpan = listColumns.length + 1;
}

async function loadList() {
  const query = filterQuery(false);
  query.set('top', $('filter-top').value);
  const { items, next } = await dashboardPage(`instances?${query}`, list.tokens[list.page]);
  list.items = items;
  list.tokens[list.page + 1] = next || undefined;
  renderListRows();
  $('next-page').disabled = !next;
  $('first-page').disabled = list.page === 0;
  $('page-info').textContent = `Page ${list.page + 1}, ${items.length} instance(s)`;
  if (items.length > 0 && performance.getEntriesByName('instances-painted').length === 0) {
    // The first rows on screen: the browser tests read this mark (first paint of the list).
    requestAnimationFrame(() => performance.mark('instances-painted'));
  }
}

async function loadCounts() {
  const result = await dashboardGet(`counts?${filterQuery(true)}`);
  const target = $('counts');
  target.replaceChildren();
  for (const [status, count] of Object.entries(result.counts)) {
    if (count === 0) continue;
    const link = document.createElement('a');
    link.href = '#instances';
    link.className = `chip status-${status}`;
    link.dataset.status = status;
    link.textContent = `${status}: ${count.toLocaleString('en')}${result.complete ? '' : '+'}`;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      $('filter-status').value = status;
      searchList();
    });
    target.append(link);
  }
  if (!result.complete) {
    target.append(Object.assign(document.createElement('span'), {
      className: 'note', textContent: ` (first ${result.scanned.toLocaleString('en')} counted; the store has no count query)` }));
  } else if (target.childElementCount === 0) {
    target.textContent = 'No instances.';
  }
}

function searchList() {
  list.tokens = [null];
  list.page = 0;
  list.countsAge = 0;
  refreshList();
}

/** Reloads the page shown; the counts, which walk the index, only every sixth time (30 s at the 5 s refresh). */
async function refreshList() {
  try {
    await loadList();
  } catch (error) {
    say(error.message, true);
  }
  // Not awaited: the counts never hold up the list's first paint.
  if (list.countsAge++ % 6 === 0) loadCounts().catch((error) => say(error.message, true));
}

renderListHeader();
$('filter').addEventListener('submit', (e) => {
  e.preventDefault();
  searchList();
});
$('next-page').addEventListener('click', () => { list.page += 1; loadList().catch((error) => say(error.message, true)); });
$('first-page').addEventListener('click', () => { list.page = 0; loadList().catch((error) => say(error.message, true)); });
$('start').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const id = $('start-id').value.trim();
    const path = `orchestrators/${encodeURIComponent($('start-name').value.trim())}${id ? `/${encodeURIComponent(id)}` : ''}`;
    const payload = await (await call('POST', path, $('start-input').value.trim() || undefined)).json();
    say(`Started ${payload.id}.`);
    await loadList();
    await openInstance(payload.id);
  } catch (error) {
    say(error.message, true);
  }
});
