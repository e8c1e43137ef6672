// The cluster page: silos and activations per grain type (dashboard/api/cluster), and live charts of this host's
// metrics read from its Prometheus endpoint (../metrics) every 2 s.
'use strict';

const metricsUrl = new URL('../metrics', document.baseURI);
const cluster = { charts: null, previous: null, timer: null };

// Each chart: a title, its series, the unit, and how a series' value is read from two scrapes (rates and interval means).
const chartDefinitions = [
  {
    title: 'Throughput', unit: 'per s', series: [
      ['instances started', (f) => metricSum(f, /^orleansworkflows_instances_started(_total)?$/), 'rate'],
      ['instances ended', (f) => metricSum(f, /^orleansworkflows_instances_ended(_total)?$/), 'rate'],
      ['activities run', (f) => metricSum(f, /^orleansworkflows_activity_duration(_seconds)?_count$/), 'rate'],
    ],
  },
  {
    title: 'Latency (mean over 2 s)', unit: 'ms', series: [
      ['activity', (f) => meanParts(f, 'activity_duration'), 'mean'],
      ['episode', (f) => meanParts(f, 'episode_duration'), 'mean'],
      ['store commit', (f) => meanParts(f, 'store_commit_duration'), 'mean'],
    ],
  },
  {
    title: 'Backlog', unit: 'messages', series: [
      ['inbox', (f) => metricSum(f, /^orleansworkflows_inbox_backlog(_messages)?$/), 'value'],
      ['outbox', (f) => metricSum(f, /^orleansworkflows_outbox_backlog(_messages)?$/), 'value'],
    ],
  },
  {
    title: 'Gateway requests', unit: 'per s', series: [
      ['requests', (f) => metricSum(f, /^orleansworkflows_gateway_requests(_total)?$/), 'rate'],
      ['errors', (f) => metricSum(f, /^orleansworkflows_gateway_errors(_total)?$/), 'rate'],
    ],
  },
];

function meanParts(families, name) {
  const sum = metricSum(families, new RegExp(`^orleansworkflows_${name}(_seconds)?_sum$`));
  const count = metricSum(families, new RegExp(`^orleansworkflows_${name}(_seconds)?_count$`));
  return sum === null || count === null ? null : { sum, count };
}

function seriesValue(kind, now, before, seconds) {
  if (now === null) return null;
  if (kind === 'value') return now;
  if (before === null || before === undefined) return null;
  if (kind === 'rate') return Math.max(0, (now - before) / seconds);
  const count = now.count - before.count;
  return count > 0 ? ((now.sum - before.sum) / count) * 1000 : null;
}

async function scrapeMetrics() {
  const response = await send(metricsUrl, { headers: { Accept: 'text/plain' } });
  if (!response.ok) {
    $('metrics-note').textContent = `No metrics: ${metricsUrl.pathname} answered ${response.status} (the host maps no Prometheus endpoint there).`;
    return;
  }
  const families = parsePrometheus(await response.text());
  const at = Date.now();
  const readings = chartDefinitions.map((chart) => chart.series.map(([, read]) => read(families)));
  if (!cluster.charts) {
    const container = $('charts');
    container.replaceChildren();
    cluster.charts = chartDefinitions.map((chart) => createChart(container, chart.title, chart.series.map(([name]) => name), chart.unit));
  }
  const seconds = cluster.previous ? (at - cluster.previous.at) / 1000 : 0;
  chartDefinitions.forEach((chart, c) => {
    cluster.charts[c].push(chart.series.map(([, , kind], s) =>
      seriesValue(kind, readings[c][s], cluster.previous?.readings[c][s], seconds)));
  });
  cluster.previous = { at, readings };
  $('metrics-note').textContent = 'Metrics of the process serving this page (with an embedded silo, its engine too), every 2 s.';
}

async function loadCluster() {
  const overview = await dashboardGet('cluster');
  const silos = $('silos').tBodies[0];
  silos.replaceChildren();
  for (const silo of overview.silos) {
    const row = silos.insertRow();
    row.dataset.silo = silo.address;
    cell(row, silo.address);
    cell(row, silo.name);
    cell(row, silo.host);
    cell(row, silo.status, `silo-${silo.status}`);
    cell(row, silo.startTime);
    cell(row, silo.lastAliveTime);
    cell(row, String(silo.activations));
  }
  const types = $('grain-types').tBodies[0];
  types.replaceChildren();
  for (const type of overview.grainTypes) {
    const row = types.insertRow();
    // Orleans names a grain type by its class and assembly: the class's own name is shown, the full one on hover.
    cell(row, type.grainType.split(',')[0].split('.').pop()).title = type.grainType;
    cell(row, String(type.activations));
    cell(row, Object.entries(type.perSilo).map(([silo, n]) => `${silo}: ${n}`).join(', '));
  }
}

async function refreshCluster() {
  try {
    await loadCluster();
  } catch (error) {
    say(error.message, true);
  }
}

function startCluster() {
  clearInterval(cluster.timer);
  const tick = () => scrapeMetrics().catch((error) => { $('metrics-note').textContent = error.message; });
  tick();
  cluster.timer = setInterval(tick, 2000);
}

function stopCluster() {
  clearInterval(cluster.timer);
  cluster.timer = null;
}
