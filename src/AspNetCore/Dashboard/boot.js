// Starts the dashboard: one view at a time chosen by the address (#instances, #instance=ID, #entities, #cluster), and
// the auto-refresh of the view shown.
'use strict';

const views = ['list-section', 'detail', 'entities-section', 'cluster-section'];
let refreshTimer = null;
let currentView = null;

function showView(view) {
  currentView = view;
  for (const id of views) $(id).hidden = id !== view;
  document.querySelectorAll('nav.tabs a').forEach((a) => {
    const active = a.dataset.view === view || (view === 'detail' && a.dataset.view === 'list-section');
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (view === 'cluster-section') startCluster();
  else stopCluster();
}

async function route() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('instance')) {
    await showInstance(hash.get('instance'));
  } else if (location.hash === '#entities') {
    showView('entities-section');
    await refreshEntities();
  } else if (location.hash === '#cluster') {
    showView('cluster-section');
    await refreshCluster();
  } else {
    detail.id = null;
    showView('list-section');
  }
}

/** The auto-refresh: the list always (an instance page's actions show up there), and the view shown. */
async function refreshShown() {
  await refreshList();
  if (currentView === 'detail') await refreshInstance();
  else if (currentView === 'entities-section') await refreshEntities();
  else if (currentView === 'cluster-section') await refreshCluster();
}

function schedule() {
  clearInterval(refreshTimer);
  if ($('auto-refresh').checked) refreshTimer = setInterval(refreshShown, 5000);
}

$('auto-refresh').addEventListener('change', schedule);
// Links (#instance=ID, the tabs) and the back and forward buttons: browsers fire popstate, hashchange or both; the
// address routed last is remembered so that one change is routed once.
let routedAddress = null;
function noteRoute() { routedAddress = location.href; }
function routeChange() {
  if (location.href === routedAddress) return;
  noteRoute();
  route();
}
window.addEventListener('popstate', routeChange);
window.addEventListener('hashchange', routeChange);
loadCatalog();
noteRoute();
refreshList().then(route);
schedule();
