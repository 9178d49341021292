// Streamgate's live dashboard: one server-sent event per interval from /dashboard/stream (a sample of the app's own
// meters, see Snapshot.java), shown as numbers and as small time-series charts (uPlot). Plain JavaScript, no build
// step. Every text from the server is set with textContent, never parsed as HTML.
'use strict';

const HISTORY = 300; // samples kept per chart: five minutes at the default interval of one second
const PALETTE = ['#2f855a', '#d69e2e', '#dd6b20', '#c53030', '#3182ce', '#805ad5', '#319795', '#d53f8c', '#718096'];
const STATUS_COLOURS = { '2xx': '#2f855a', '3xx': '#3182ce', '4xx': '#d69e2e', '5xx': '#c53030' };

const charts = new Map();
const elements = new Map(); // the page's parts by key, created when a sample first names them

function format(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) {
    return Math.round(value).toLocaleString('en-US');
  }
  if (magnitude >= 100 || Number.isInteger(value)) {
    return value.toFixed(0);
  }
  return value.toFixed(magnitude >= 10 ? 1 : 2);
}

// An axis tick: short, so that large counts fit (12k, 1.2M).
function tick(value) {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) {
    return (value / 1e6).toFixed(magnitude >= 1e7 ? 0 : 1) + 'M';
  }
  if (magnitude >= 1e4) {
    return (value / 1e3).toFixed(0) + 'k';
  }
  return format(value);
}

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// A small time-series chart: one line per series, the series appearing as the samples name them.
class Chart {
  constructor(container, title) {
    this.root = element('div', { class: 'chart', 'data-chart': title });
    this.root.append(element('h4', {}, title));
    this.plotArea = element('div');
    this.root.append(this.plotArea);
    container.append(this.root);
    this.times = [];
    this.series = new Map();
    this.colours = new Map();
    this.plot = null;
    new ResizeObserver(() => this.plot && this.plot.setSize(this.size())).observe(this.plotArea);
  }

  size() {
    return { width: Math.max(200, this.plotArea.clientWidth), height: 120 };
  }

  colour(name, index) {
    if (!this.colours.has(name)) {
      this.colours.set(name, STATUS_COLOURS[name] || PALETTE[index % PALETTE.length]);
    }
    return this.colours.get(name);
  }

  push(time, values) {
    let changed = this.plot === null;
    for (const name of Object.keys(values)) {
      if (!this.series.has(name)) {
        this.series.set(name, new Array(this.times.length).fill(null));
        changed = true;
      }
    }
    this.times.push(time);
    for (const [name, points] of this.series) {
      const value = values[name];
      points.push(value === undefined || value === null ? null : value);
    }
    if (this.times.length > HISTORY) {
      this.times.shift();
      for (const points of this.series.values()) {
        points.shift();
      }
    }
    const data = [this.times, ...this.series.values()];
    const points = [...this.series.values()].reduce((sum, s) => sum + s.filter((v) => v !== null).length, 0);
    this.root.dataset.points = String(points);
    if (changed) {
      this.draw(data);
    } else {
      this.plot.setData(data);
    }
  }

  draw(data) {
    if (this.plot) {
      this.plot.destroy();
    }
    const names = [...this.series.keys()];
    this.plot = new uPlot({
      ...this.size(),
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: {
        x: { time: true },
        y: { range: (plot, min, max) => [0, max > 0 ? max * 1.15 : 1] },
      },
      axes: [
        { size: 24, space: 70, font: '10px system-ui' },
        { size: 40, font: '10px system-ui', values: (plot, ticks) => ticks.map(tick) },
      ],
      series: [{}, ...names.map((name, index) => ({
        label: name,
        stroke: this.colour(name, index),
        width: 1.5,
        points: { show: false },
        value: (plot, value) => format(value),
      }))],
    }, data, this.plotArea);
  }
}

function chart(key, container, title) {
  if (!charts.has(key)) {
    charts.set(key, new Chart(container, title));
  }
  return charts.get(key);
}

// A list of labelled numbers (<dl>), each kept by its key so that the page only updates text.
function figures(list, entries) {
  for (const [key, label, value] of entries) {
    let item = elements.get('figure:' + key);
    if (!item) {
      const wrapper = element('div');
      wrapper.append(element('dt', {}, label));
      item = element('dd', { 'data-figure': key });
      wrapper.append(item);
      list.append(wrapper);
      elements.set('figure:' + key, item);
    }
    item.textContent = format(value);
  }
}

function sum(values) {
  const present = Object.values(values || {}).filter((v) => v !== null && v !== undefined);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
}

function httpFigures(prefix, http) {
  const perSecond = http.requests_per_second || {};
  return [
    [prefix + '.per_second', 'requests/s', sum(perSecond)],
    [prefix + '.2xx', '2xx/s', perSecond['2xx']],
    [prefix + '.4xx', '4xx/s', perSecond['4xx']],
    [prefix + '.5xx', '5xx/s', perSecond['5xx']],
    [prefix + '.p50', 'p50 ms', http.p50_ms],
    [prefix + '.p99', 'p99 ms', http.p99_ms],
    [prefix + '.requests', 'requests', http.requests],
  ];
}

function httpCharts(key, container, time, http) {
  chart(key + '.rate', container, 'requests/s by status class').push(time, http.requests_per_second || {});
  chart(key + '.latency', container, 'latency ms').push(time, { p50: http.p50_ms, p99: http.p99_ms });
}

function seriesLabel(tags) {
  const values = Object.values(tags || {});
  return values.length === 0 ? 'value' : values.join(' ');
}

function systemCard(system) {
  const id = 'system-' + system.name;
  let card = document.getElementById(id);
  if (!card) {
    card = element('article', { class: 'card system', id, 'data-system': system.name });
    card.append(element('h2', {}, system.name));
    card.append(element('dl', { class: 'figures http' }));
    card.append(element('dl', { class: 'figures meters' }));
    card.append(element('div', { class: 'charts' }));
    document.getElementById('systems').append(card);
  }
  return card;
}

function renderSystem(time, system) {
  const card = systemCard(system);
  const key = system.name;
  figures(card.querySelector('dl.http'), httpFigures(key + '.http', system.http));
  const chartArea = card.querySelector('.charts');
  httpCharts('system.' + key, chartArea, time, system.http);
  const prefix = 'streamgate.' + key + '.';
  for (const meter of system.meters) {
    const shortName = (meter.name.startsWith(prefix) ? meter.name.substring(prefix.length) : meter.name)
      .replaceAll('.', ' ');
    const counted = meter.type !== 'gauge';
    const values = {};
    const numbers = [];
    for (const series of meter.series) {
      const label = seriesLabel(series.tags);
      values[label] = counted ? series.per_second : series.value;
      const name = meter.series.length === 1 ? shortName : shortName + ' ' + label;
      numbers.push([key + '.' + meter.name + '.' + label, name, series.value]);
    }
    figures(card.querySelector('dl.meters'), numbers);
    // A counter that never counted anything (e.g. dropped statuses) is a number, not a flat line to look at.
    const chartKey = 'meter.' + meter.name;
    if (!counted || charts.has(chartKey) || meter.series.some((series) => series.value > 0)) {
      chart(chartKey, chartArea, shortName + (counted ? ' /s' : '')).push(time, values);
    }
  }
}

function renderProduce(time, topics) {
  const card = document.getElementById('produce');
  card.hidden = topics.length === 0;
  const body = card.querySelector('tbody');
  const fields = ['per_second', 'p50_ms', 'p99_ms', 'errors'];
  for (const topic of topics) {
    let row = elements.get('topic:' + topic.topic);
    if (!row) {
      row = element('tr', { 'data-topic': topic.topic });
      row.append(element('td', {}, topic.topic));
      for (const field of fields) {
        row.append(element('td', { 'data-figure': 'produce.' + topic.topic + '.' + field }));
      }
      body.append(row);
      elements.set('topic:' + topic.topic, row);
    }
    fields.forEach((field, index) => {
      row.cells[index + 1].textContent = format(topic[field]);
    });
  }
  if (topics.length > 0) {
    const area = card.querySelector('.charts');
    chart('produce.rate', area, 'acknowledged/s by topic')
      .push(time, Object.fromEntries(topics.map((t) => [t.topic, t.per_second])));
    chart('produce.p99', area, 'p99 ms, publish to ack')
      .push(time, Object.fromEntries(topics.map((t) => [t.topic, t.p99_ms])));
    if (charts.has('produce.errors') || topics.some((t) => t.errors > 0)) {
      chart('produce.errors', area, 'errors/s by topic')
        .push(time, Object.fromEntries(topics.map((t) => [t.topic, t.errors_per_second])));
    }
  }
}

function renderOutbox(time, outbox) {
  const card = document.getElementById('outbox');
  card.hidden = !outbox;
  if (!outbox) {
    return;
  }
  figures(card.querySelector('dl'), [
    ['outbox.waiting', 'waiting rows', outbox.waiting],
    ['outbox.oldest', 'oldest age s', outbox.oldest_age_seconds],
    ['outbox.per_second', 'published/s', outbox.published_per_second],
    ['outbox.lag_p50', 'lag p50 ms', outbox.lag_p50_ms],
    ['outbox.lag_p99', 'lag p99 ms', outbox.lag_p99_ms],
    ['outbox.published', 'published', outbox.published],
    ['outbox.failures', 'publish failures', outbox.publish_failures],
  ]);
  const area = card.querySelector('.charts');
  chart('outbox.waiting', area, 'waiting rows').push(time, { waiting: outbox.waiting });
  chart('outbox.lag', area, 'lag ms, append to ack').push(time, { p50: outbox.lag_p50_ms, p99: outbox.lag_p99_ms });
}

function renderConsumers(time, consumers) {
  const card = document.getElementById('consumers');
  card.hidden = consumers.length === 0;
  const groups = card.querySelector('.groups');
  for (const consumer of consumers) {
    const key = consumer.group + '/' + consumer.topic;
    let group = elements.get('subscription:' + key);
    if (!group) {
      group = element('div', { 'data-subscription': key });
      group.append(element('h3', {}, consumer.group + ' ← ' + consumer.topic));
      group.append(element('dl', { class: 'figures' }));
      group.append(element('div', { class: 'charts' }));
      groups.append(group);
      elements.set('subscription:' + key, group);
    }
    const lag = consumer.lag || {};
    figures(group.querySelector('dl'), [
      ['consumer.' + key + '.per_second', 'consumed/s', consumer.consumed_per_second],
      ['consumer.' + key + '.lag', 'lag (all partitions)', sum(lag)],
      ['consumer.' + key + '.dead_lettered', 'dead-lettered', consumer.dead_lettered],
      ['consumer.' + key + '.retries', 'retries', consumer.retries],
      ['consumer.' + key + '.consumed', 'consumed', consumer.consumed],
    ]);
    const area = group.querySelector('.charts');
    chart('consumer.' + key + '.lag', area, 'lag per partition, records')
      .push(time, Object.fromEntries(Object.entries(lag).map(([partition, records]) => ['p' + partition, records])));
    chart('consumer.' + key + '.rate', area, 'consumed/s').push(time, { consumed: consumer.consumed_per_second });
  }
}

function renderOther(time, http, edge) {
  const card = document.getElementById('other');
  card.hidden = false;
  figures(card.querySelector('dl'), [
    ...httpFigures('other', http),
    ['edge.connections', 'connections open', edge.connections_open],
    ['edge.rate_limited', 'rate-limited/s', edge.rate_limited_per_second],
  ]);
  httpCharts('other', card.querySelector('.charts'), time, http);
}

function renderHealth(health) {
  const list = document.getElementById('health');
  for (const [dependency, status] of Object.entries(health)) {
    let item = elements.get('dependency:' + dependency);
    if (!item) {
      item = element('li', { 'data-dependency': dependency });
      list.append(item);
      elements.set('dependency:' + dependency, item);
    }
    item.className = status;
    item.textContent = dependency.replace('_', ' ') + ' ' + status;
  }
}

function render(sample) {
  const time = Date.parse(sample.time) / 1000;
  renderHealth(sample.health);
  for (const system of sample.systems) {
    renderSystem(time, system);
  }
  renderProduce(time, sample.produce);
  renderOutbox(time, sample.outbox);
  renderConsumers(time, sample.consumers);
  renderOther(time, sample.other_routes, sample.edge);
  if (sample.interval_seconds !== null) {
    document.getElementById('interval').textContent = sample.interval_seconds.toFixed(1) + ' s';
  }
  document.getElementById('updated').textContent = 'Last sample: ' + new Date(time * 1000).toLocaleTimeString();
  document.body.dataset.samples = String(Number(document.body.dataset.samples || 0) + 1);
}

function connect() {
  const connection = document.getElementById('connection');
  const source = new EventSource('stream');
  source.addEventListener('open', () => {
    connection.className = 'live';
    connection.textContent = 'live';
  });
  source.addEventListener('sample', (event) => render(JSON.parse(event.data)));
  // EventSource reconnects by itself (the server ends streams when the application stops).
  source.addEventListener('error', () => {
    connection.className = 'lost';
    connection.textContent = 'reconnecting…';
  });
}

connect();
