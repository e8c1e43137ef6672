// The entities page: entities by type with state, last operation, lock holder and backlog; signal; delete.
'use strict';

const entityList = { tokens: [null], page: 0 };

function entityPath(name, key) {
  return `entities/${encodeURIComponent(name)}/${encodeURIComponent(key === '' ? '$' : key)}`;
}

function stateText(state) {
  const text = state === null || state === undefined ? '(none)' : JSON.stringify(state);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

async function loadEntities() {
  const query = new URLSearchParams({ top: '25' });
  const name = $('entity-filter-name').value;
  if (name) query.set('name', name);
  const { items, next } = await dashboardPage(`entities?${query}`, entityList.tokens[entityList.page]);
  entityList.tokens[entityList.page + 1] = next || undefined;
  const body = $('entities').tBodies[0];
  body.replaceChildren();
  for (const entity of items) {
    const row = body.insertRow();
    row.dataset.entity = `${entity.name}/${entity.key}`;
    cell(row, `${entity.name}/${entity.key}`);
    cell(row, stateText(entity.state), 'details state');
    cell(row, entity.lastOperationTime);
    cell(row, entity.lockedBy ?? '');
    cell(row, entity.backlog === null ? '?' : String(entity.backlog));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'danger';
    remove.textContent = 'Delete';
    remove.setAttribute('aria-label', `Delete ${entity.name}/${entity.key}`);
    remove.addEventListener('click', () => deleteEntity(entity));
    row.insertCell().append(remove);
  }
  if (items.length === 0) cell(body.insertRow(), 'No entities with state.').colSpan = 6;
  $('entities-next').disabled = !next;
  $('entities-first').disabled = entityList.page === 0;
  $('entities-info').textContent = `Page ${entityList.page + 1}, ${items.length} entit${items.length === 1 ? 'y' : 'ies'}`;
}

async function refreshEntities() {
  try {
    await loadEntities();
  } catch (error) {
    say(error.message, true);
  }
}

/** A signal or a delete is queued, not applied: refresh now and once more a moment later, so its effect shows without waiting for the auto-refresh. */
async function refreshAfterSend() {
  await refreshEntities();
  setTimeout(refreshEntities, 1000);
}

async function deleteEntity(entity) {
  if (!window.confirm(`Delete the state of ${entity.name}/${entity.key}?`)) return;
  try {
    await call('DELETE', entityPath(entity.name, entity.key));
    say(`Delete sent to ${entity.name}/${entity.key}.`);
    await refreshAfterSend();
  } catch (error) {
    say(error.message, true);
  }
}

$('entity-filter').addEventListener('submit', (e) => {
  e.preventDefault();
  entityList.tokens = [null];
  entityList.page = 0;
  refreshEntities();
});
$('entities-next').addEventListener('click', () => { entityList.page += 1; refreshEntities(); });
$('entities-first').addEventListener('click', () => { entityList.page = 0; refreshEntities(); });
$('signal').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('signal-name').value.trim();
  const key = $('signal-key').value.trim();
  const operation = $('signal-operation').value.trim();
  try {
    await call('POST', `${entityPath(name, key)}?op=${encodeURIComponent(operation)}`, $('signal-input').value.trim() || undefined);
    say(`Signaled ${operation} to ${name}/${key}.`);
    await refreshAfterSend();
  } catch (error) {
    say(error.message, true);
  }
});
