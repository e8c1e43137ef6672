// The instance timeline: the bars of dashboard/api/instances/{id}/timeline drawn as a Gantt chart in plain SVG.
'use strict';

const svgNs = 'http://www.w3.org/2000/svg';
const timelineLayout = { label: 230, row: 22, bar: 14, right: 90, maxRows: 400 };

function svg(name, attributes, text) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function barLabel(bar) {
  const attempt = bar.attempt > 1 ? ` (attempt ${bar.attempt})` : '';
  const target = bar.target && bar.kind !== 'orchestration' ? ` → ${bar.target}` : '';
  return `${bar.kind === 'orchestration' ? 'orchestration ' : ''}${bar.name}${attempt}${target}`;
}

/** Draws the timeline into #timeline; the bars keep their data (kind, name, start, end, status) as attributes. */
function renderTimeline(timeline) {
  const host = $('timeline');
  host.replaceChildren();
  const bars = timeline.bars.slice(0, timelineLayout.maxRows);
  if (bars.length === 0) {
    host.textContent = 'No history yet.';
    return;
  }
  // Unanswered bars run to now while the execution runs, and to its end once it ended.
  const now = timeline.end ? Date.parse(timeline.end) : Date.now();
  const times = bars.flatMap((b) => [b.start, b.end]).filter(Boolean).map((t) => Date.parse(t));
  const t0 = Math.min(...times);
  const open = !timeline.end && bars.some((b) => !b.end);
  const t1 = Math.max(...times, open ? now : 0);
  const span = Math.max(t1 - t0, 1);
  const width = Math.max(host.clientWidth || 900, 600);
  const plot = width - timelineLayout.label - timelineLayout.right;
  const x = (t) => timelineLayout.label + ((t - t0) / span) * plot;
  const height = (bars.length + 1) * timelineLayout.row + 8;
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Timeline of ${timeline.instanceId}` });

  // Axis: start, middle and end of the execution, as offsets from its start.
  for (const fraction of [0, 0.5, 1]) {
    const at = timelineLayout.label + fraction * plot;
    chart.append(svg('line', { x1: at, x2: at, y1: 0, y2: height, class: 'axis' }));
    chart.append(svg('text', { x: at, y: height - 2, class: 'axis-label', 'text-anchor': fraction === 1 ? 'end' : 'start' }, `+${formatDuration(fraction * span)}`));
  }

  bars.forEach((bar, index) => {
    const y = index * timelineLayout.row + 4;
    const start = Date.parse(bar.start);
    const end = bar.end ? Date.parse(bar.end) : now;
    const ms = bar.end ? end - start : null;
    const group = svg('g', { class: `bar kind-${bar.kind} state-${bar.status}` });
    Object.assign(group.dataset, { kind: bar.kind, name: bar.name, start: bar.start, end: bar.end || '', status: bar.status });
    const detail = [barLabel(bar), `${bar.kind}, ${bar.status}`, bar.end ? `took ${formatDuration(ms)}` : 'pending', bar.detail].filter(Boolean).join('\n');
    group.append(svg('title', {}, detail));
    group.append(svg('text', { x: 4, y: y + timelineLayout.bar - 2, class: 'bar-label' }, barLabel(bar).slice(0, 34)));
    if (bar.start === bar.end) {
      const cx = x(start);
      const cy = y + timelineLayout.bar / 2;
      group.append(svg('path', { d: `M ${cx} ${cy - 6} L ${cx + 6} ${cy} L ${cx} ${cy + 6} L ${cx - 6} ${cy} Z`, class: 'point' }));
    } else {
      const left = x(start);
      group.append(svg('rect', { x: left, y, width: Math.max(x(end) - left, 2), height: timelineLayout.bar, rx: 2 }));
      group.append(svg('text', { x: Math.min(x(end) + 4, width - timelineLayout.right + 4), y: y + timelineLayout.bar - 2, class: 'bar-duration' }, bar.end ? formatDuration(ms) : bar.status));
    }
    chart.append(group);
  });
  host.append(chart);
  if (timeline.bars.length > bars.length || timeline.truncated) {
    host.append(Object.assign(document.createElement('p'), { className: 'note', textContent: `Showing the first ${bars.length} of ${timeline.bars.length} bars${timeline.truncated ? ' (history longer than the timeline reads)' : ''}.` }));
  }
}
