// The instance page: status, parent and children, payloads, the timeline, the history table by pages, the actions.
'use strict';

const detail = { id: null, status: null, historySkip: 0, historyTake: 50 };

/** Opens an instance's page (the address keeps it: #instance=ID). */
async function openInstance(id) {
  if (location.hash !== `#instance=${encodeURIComponent(id)}`) {
    history.pushState(null, '', `#instance=${encodeURIComponent(id)}`);
    noteRoute();
  }
  await showInstance(id);
}

async function showInstance(id) {
  detail.id = id;
  detail.historySkip = 0;
  showView('detail');
  $('history').tBodies[0].replaceChildren();
  $('timeline').replaceChildren();
  $('export-history').href = withKey(new URL(`instances/${encodeURIComponent(id)}/history/export`, api));
  await refreshInstance();
  $('detail-heading').scrollIntoView?.({ block: 'nearest' });
}

async function refreshInstance() {
  if (!detail.id) return;
  try {
    if (await loadDetail()) {
      await Promise.all([loadTimeline(), loadHistoryPage()]);
    }
  } catch (error) {
    say(error.message, true);
  }
}

async function loadDetail() {
  const id = detail.id;
  const response = await send(`instances/${encodeURIComponent(id)}`);
  if (response.status === 404) {
    say(`Instance ${id} no longer exists.`, true);
    closeInstance();
    return false;
  }
  if (!response.ok && response.status !== 202) throw await failure(response, `GET instances/${id}`);
  const status = await response.json();
  detail.status = status.runtimeStatus;
  $('detail-id').textContent = status.instanceId;
  $('detail-name').textContent = status.name;
  $('detail-version').textContent = status.version ?? '(unversioned)';
  $('detail-waiting').textContent = status.waitingFor ?? '(nothing outside its code)';
  $('detail-status').textContent = status.runtimeStatus;
  $('detail-status').className = `status status-${status.runtimeStatus}`;
  $('detail-created').textContent = status.createdTime;
  $('detail-updated').textContent = status.lastUpdatedTime;
  $('detail-input').textContent = pretty(status.input);
  const failed = status.runtimeStatus === 'Failed';
  $('detail-output').textContent = failed ? '(none)' : pretty(status.output);
  $('detail-failure').textContent = failed ? pretty(status.output) : '(none)';
  $('detail-custom').textContent = pretty(status.customStatus);
  const allowed = actionsByStatus[status.runtimeStatus] || [];
  document.querySelectorAll('#detail [data-action]').forEach((b) => { b.hidden = !allowed.includes(b.dataset.action); });
  $('raise').hidden = !['Pending', 'Running', 'Suspended'].includes(status.runtimeStatus);
  return true;
}

async function loadTimeline() {
  const timeline = await dashboardGet(`instances/${encodeURIComponent(detail.id)}/timeline`);
  renderTimeline(timeline);
  const parent = $('detail-parent');
  parent.replaceChildren(timeline.parentInstanceId ? instanceLink(timeline.parentInstanceId) : '(none)');
  const children = [...new Set(timeline.bars.filter((b) => b.kind === 'suborchestration' && b.target).map((b) => b.target))];
  const target = $('detail-children');
  target.replaceChildren();
  children.forEach((child, i) => target.append(...(i > 0 ? [', '] : []), instanceLink(child)));
  if (children.length === 0) target.textContent = '(none)';
}

async function loadHistoryPage() {
  const id = detail.id;
  const response = await call('GET', `instances/${encodeURIComponent(id)}/history?skip=${detail.historySkip}&take=${detail.historyTake}`);
  const page = await response.json();
  const body = $('history').tBodies[0];
  body.replaceChildren();
  page.events.forEach((event, i) => {
    const row = body.insertRow();
    cell(row, String(detail.historySkip + i + 1));
    cell(row, event.eventType);
    cell(row, event.timestamp);
    const { eventType, timestamp, ...rest } = event;
    cell(row, JSON.stringify(rest), 'details');
  });
  $('history-previous').disabled = detail.historySkip === 0;
  $('history-next').disabled = page.nextSkip === null;
  $('history-info').textContent = `Events ${detail.historySkip + 1}-${detail.historySkip + page.events.length}`;
}

function closeInstance() {
  detail.id = null;
  history.pushState(null, '', '#instances');
  noteRoute();
  showView('list-section');
}

async function instanceAction(action) {
  const id = detail.id;
  try {
    const restarted = await runAction(id, action);
    if (action === 'purge' && !restarted) {
      const purged = !(await send(`instances/${encodeURIComponent(id)}`)).ok;
      if (purged) closeInstance();
    }
    await refreshList();
    if (restarted) await openInstance(restarted);
    else if (detail.id) await refreshInstance();
  } catch (error) {
    say(error.message, true);
  }
}

document.querySelectorAll('#detail [data-action]').forEach((b) => b.addEventListener('click', () => instanceAction(b.dataset.action)));
$('close-detail').addEventListener('click', closeInstance);
$('history-previous').addEventListener('click', () => {
  detail.historySkip = Math.max(0, detail.historySkip - detail.historyTake);
  loadHistoryPage().catch((error) => say(error.message, true));
});
$('history-next').addEventListener('click', () => {
  detail.historySkip += detail.historyTake;
  loadHistoryPage().catch((error) => say(error.message, true));
});
$('raise').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const name = encodeURIComponent($('event-name').value.trim());
    await call('POST', `instances/${encodeURIComponent(detail.id)}/raiseEvent/${name}`, $('event-payload').value || 'null');
    say(`Event ${$('event-name').value} raised.`);
    await refreshInstance();
  } catch (error) {
    say(error.message, true);
  }
});
