// Live line charts in plain SVG, and a reader of the Prometheus text format the gateway's /metrics serves.
'use strict';

const chartLayout = { width: 380, height: 150, left: 48, bottom: 18, top: 8, points: 60 };

/** Parses Prometheus text exposition into name -> [{ labels, value }]. */
function parsePrometheus(text) {
  const families = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    for (const pair of (match[2] || '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    const value = Number(match[3]);
    if (!families.has(match[1])) families.set(match[1], []);
    families.get(match[1]).push({ labels, value });
  }
  return families;
}

/** The sum over every series of the first family whose name matches. */
function metricSum(families, pattern) {
  for (const [name, series] of families) {
    if (pattern.test(name)) return series.reduce((total, s) => total + (Number.isFinite(s.value) ? s.value : 0), 0);
  }
  return null;
}

function createChart(container, title, seriesNames, unit) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.dataset.chart = title;
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const plot = svg('svg', { width: chartLayout.width, height: chartLayout.height, viewBox: `0 0 ${chartLayout.width} ${chartLayout.height}`, role: 'img', 'aria-label': title });
  const legend = document.createElement('p');
  legend.className = 'legend';
  seriesNames.forEach((name, i) => {
    const item = document.createElement('span');
    item.className = `series-${i}`;
    item.textContent = name;
    legend.append(item);
  });
  figure.append(caption, plot, legend);
  container.append(figure);
  const data = seriesNames.map(() => []);

  function render() {
    plot.replaceChildren();
    const values = data.flat().filter((v) => v !== null);
    const peak = Math.max(0, ...values);
    figure.dataset.peak = String(peak);
    figure.dataset.points = String(values.length);
    const max = Math.max(1, peak * 1.1);
    const w = chartLayout.width - chartLayout.left - 4;
    const h = chartLayout.height - chartLayout.bottom - chartLayout.top;
    const x = (i) => chartLayout.left + (i / (chartLayout.points - 1)) * w;
    const y = (v) => chartLayout.top + h - (v / max) * h;
    plot.append(svg('line', { x1: chartLayout.left, x2: chartLayout.left, y1: chartLayout.top, y2: chartLayout.top + h, class: 'axis' }));
    plot.append(svg('line', { x1: chartLayout.left, x2: chartLayout.left + w, y1: chartLayout.top + h, y2: chartLayout.top + h, class: 'axis' }));
    plot.append(svg('text', { x: chartLayout.left - 4, y: chartLayout.top + 8, 'text-anchor': 'end', class: 'axis-label' }, formatNumber(max)));
    plot.append(svg('text', { x: chartLayout.left - 4, y: chartLayout.top + h, 'text-anchor': 'end', class: 'axis-label' }, '0'));
    plot.append(svg('text', { x: chartLayout.left + w, y: chartLayout.height - 4, 'text-anchor': 'end', class: 'axis-label' }, unit));
    data.forEach((points, s) => {
      const offset = chartLayout.points - points.length;
      let path = '';
      points.forEach((v, i) => {
        if (v === null) return;
        const isolated = (points[i - 1] ?? null) === null && (points[i + 1] ?? null) === null;
        if (isolated) plot.append(svg('circle', { cx: x(offset + i).toFixed(1), cy: y(v).toFixed(1), r: 2.5, class: `dot series-${s}` }));
        path += `${path && points[i - 1] !== null ? 'L' : 'M'} ${x(offset + i).toFixed(1)} ${y(v).toFixed(1)} `;
      });
      if (path) plot.append(svg('path', { d: path, class: `line series-${s}` }));
    });
  }

  return {
    push(values) {
      values.forEach((v, i) => {
        data[i].push(v);
        if (data[i].length > chartLayout.points) data[i].shift();
      });
      render();
    },
    render,
  };
}

function formatNumber(value) {
  if (value >= 100) return String(Math.round(value));
  if (value >= 1) return value.toFixed(1);
  return value.toPrecision(2);
}
