// Khaldun web UI. Every piece of data is inserted with text nodes (see `el`):
// article text is untrusted input and is never parsed as HTML.
import L from 'leaflet';
import 'leaflet.markercluster';
import { feature } from 'topojson-client';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import './app.css';

const TYPES = ['ASSAULT', 'FIGHT', 'COERCE', 'PROTEST', 'THREATEN', 'MOBILIZE', 'SANCTION', 'DEMAND',
  'DISAPPROVE', 'REJECT', 'CONSULT', 'AGREE', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'OTHER'];
// Markers, list and timeline are coloured by ACLED event type.
const COLOURS = {
  'Battles': '#7b241c', 'Explosions/Remote violence': '#e67e22', 'Violence against civilians': '#c0392b',
  'Protests': '#2471a3', 'Riots': '#8e44ad', 'Strategic developments': '#616a6b',
};
const OTHER_COLOUR = '#95a5a6';
const STATUSES = ['asserted', 'reported', 'claimed', 'alleged', 'denied'];
const SUB_TYPES = ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory',
  'Excessive force against protesters', 'Protest with intervention', 'Peaceful protest', 'Violent demonstration',
  'Mob violence', 'Chemical weapon', 'Air/drone strike', 'Suicide bomb', 'Shelling/artillery/missile attack',
  'Remote explosive/landmine/IED', 'Grenade', 'Sexual violence', 'Attack', 'Abduction/forced disappearance',
  'Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use', 'Headquarters or base established',
  'Looting/property destruction', 'Non-violent transfer of territory', 'Other'];
const HL_LABELS = { trigger: 'event', actor: 'actor', target: 'target', place: 'place', date: 'date', number: 'number', source: 'source' };

const colour = (t) => COLOURS[t] || OTHER_COLOUR;
const evColour = (ev) => colour(ev.acled_event_type);

/** Build an element. Strings and numbers become text nodes, never HTML. */
// Why deduplication put a report in its event: the link's score and evidence.
function mergedBy(r, reports) {
  const m = r.merged_by;
  if (!m) return '';
  const k = reports.findIndex((x) => x.article_id === m.article_id);
  const other = k >= 0 ? `report ${k + 1}` : `article ${m.article_id}`;
  return el('p', { class: 'merged-by' }, el('strong', {}, 'Merged: '),
    `score ${m.score.toFixed(2)} with ${other} (${m.evidence.join(', ')})`);
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'href') e.setAttribute('href', safeHref(v));
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Only http(s) and in-app links; anything else (javascript:, data:) becomes inert. */
function safeHref(u) {
  const s = String(u);
  if (s.startsWith('#/')) return s;
  try {
    const p = new URL(s, location.href);
    if (p.protocol === 'http:' || p.protocol === 'https:') return p.href;
  } catch (_) { /* fall through */ }
  return '#';
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${r.status} ${url}`);
  return r.json();
}

// ---------- filters ----------
const form = document.getElementById('filter-form');
const FILTER_NAMES = ['q', 'from', 'to', 'country', 'admin1', 'actor', 'sub_event_type', 'min_sources'];

function buildFilterControls() {
  const types = document.getElementById('types');
  for (const t of TYPES) {
    types.append(el('label', { class: 'chk' },
      el('input', { type: 'checkbox', name: 'type', value: t }), t.toLowerCase()));
  }
  const st = document.getElementById('statuses');
  for (const s of STATUSES) {
    st.append(el('label', { class: 'chk' }, el('input', { type: 'checkbox', name: 'status', value: s }), s));
  }
  const sel = form.elements.sub_event_type;
  for (const s of SUB_TYPES) sel.append(el('option', { value: s }, s));
}

function currentFilter() {
  const p = new URLSearchParams();
  for (const n of FILTER_NAMES) {
    const v = (form.elements[n].value || '').trim();
    if (v) p.set(n, n === 'country' ? v.toUpperCase() : v);
  }
  const types = [...form.querySelectorAll('input[name=type]:checked')].map((i) => i.value);
  if (types.length) p.set('type', types.join(','));
  const sts = [...form.querySelectorAll('input[name=status]:checked')].map((i) => i.value);
  if (sts.length) p.set('status', sts.join(','));
  return p;
}

function filterWithout(p, ...names) {
  const q = new URLSearchParams(p);
  for (const n of names) q.delete(n);
  return q;
}

// ---------- map ----------
const map = L.map('map', { worldCopyJump: true, minZoom: 2, maxZoom: 12, preferCanvas: false, attributionControl: true })
  .setView([14, 2], 4);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution('Outlines: Natural Earth via world-atlas');
const clusters = L.markerClusterGroup({
  showCoverageOnHover: false,
  maxClusterRadius: 40,
  iconCreateFunction(cluster) {
    // colour a cluster by its most frequent type
    const counts = {};
    for (const m of cluster.getAllChildMarkers()) counts[m.options.ptype] = (counts[m.options.ptype] || 0) + 1;
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
    const n = cluster.getChildCount();
    const size = n < 10 ? 30 : n < 100 ? 38 : 46;
    const div = el('div', { class: 'cluster', style: `background:${colour(top)};width:${size}px;height:${size}px;line-height:${size}px` }, String(n));
    return L.divIcon({ html: div, className: 'cluster-icon', iconSize: [size, size] });
  },
});
map.addLayer(clusters);
const legendCtl = L.control({ position: 'bottomleft' });
legendCtl.onAdd = () => el('div', { class: 'map-legend' },
  Object.entries(COLOURS).map(([k, c]) => el('div', {}, el('span', { class: 'swatch', style: `background:${c}` }), ` ${k}`)),
  el('div', {}, el('span', { class: 'swatch', style: `background:${OTHER_COLOUR}` }), ' other / uncoded'));
legendCtl.addTo(map);

/** Rings that cross the date line (Russia's Chukotka, Fiji, Antarctica) jump from +180 to
 * −180 and draw as stripes across the map: make each ring's longitudes continuous instead
 * (a ring may then run past 180°, which Leaflet draws where it belongs). */
function unwrapAntimeridian(geo) {
  const ring = (r) => {
    for (let i = 1; i < r.length; i++) {
      const d = r[i][0] - r[i - 1][0];
      if (d > 180) r[i] = [r[i][0] - 360, r[i][1]];
      else if (d < -180) r[i] = [r[i][0] + 360, r[i][1]];
    }
  };
  for (const f of geo.features) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const p of polys) for (const r of p) ring(r);
  }
  return geo;
}

let outlines = null;
async function loadOutlines() {
  try {
    const topo = await getJSON('/assets/countries-50m.json');
    const geo = unwrapAntimeridian(feature(topo, topo.objects.countries));
    outlines = geo;
    L.geoJSON(geo, { style: { color: '#8a8f94', weight: 0.6, fillColor: '#f3efe6', fillOpacity: 1 }, interactive: false })
      .addTo(map).bringToBack();
  } catch (e) {
    console.error('outlines', e);
  }
}

/** Marker radius: 5 px, growing with the square root of the fatalities (capped). */
const radiusOf = (ev) => 5 + 2 * Math.min(6, Math.sqrt(ev.killed || 0));

/** The default view shows political violence and demonstrations; strategic developments
 * are one click away (the "strategic developments" box). */
function shown(ev) {
  return form.elements.strategic.checked || ev.acled_event_type !== 'Strategic developments';
}

let lastEvents = [];
function drawMarkers(events) {
  lastEvents = events;
  clusters.clearLayers();
  densityLayer.clearLayers();
  if (form.elements.density.checked) { drawDensity(events); return; }
  const markers = [];
  for (const ev of events) {
    if (typeof ev.lat !== 'number' || typeof ev.lon !== 'number') continue;
    const m = L.circleMarker([ev.lat, ev.lon], {
      radius: radiusOf(ev), color: '#222', weight: 1, fillColor: evColour(ev), fillOpacity: 0.85, ptype: ev.acled_event_type,
    });
    m.bindTooltip(() => el('span', {}, `${ev.acled_sub_event_type || ev.plover_type} · ${ev.location || ''} · ${ev.date || ''}`));
    m.on('click', () => { location.hash = `#/event/${encodeURIComponent(ev.id)}`; });
    markers.push(m);
  }
  clusters.addLayers(markers);
}

// ---------- density by admin1 ----------
const densityLayer = L.layerGroup().addTo(map);
/** One circle per admin1 unit at the mean position of its events, area by event count. */
function drawDensity(events) {
  const by = new Map();
  for (const ev of events) {
    if (typeof ev.lat !== 'number' || typeof ev.lon !== 'number') continue;
    const key = `${ev.country || '?'}/${ev.admin1 || ev.location || '?'}`;
    const u = by.get(key) || { n: 0, killed: 0, lat: 0, lon: 0, label: [ev.admin1 || ev.location, ev.country].filter(Boolean).join(', ') };
    u.n += 1; u.killed += ev.killed || 0; u.lat += ev.lat; u.lon += ev.lon;
    by.set(key, u);
  }
  for (const u of by.values()) {
    const c = L.circleMarker([u.lat / u.n, u.lon / u.n], {
      radius: 6 + 4 * Math.sqrt(u.n), color: '#1f2d3a', weight: 1, fillColor: '#c0392b', fillOpacity: 0.45, className: 'density',
    });
    c.bindTooltip(() => el('span', {}, `${u.label}: ${u.n} event${u.n === 1 ? '' : 's'}, ${u.killed} killed`));
    densityLayer.addLayer(c);
  }
}

// ---------- the selected event, singled out ----------
const selectedLayer = L.layerGroup().addTo(map);
function single(ev) {
  selectedLayer.clearLayers();
  if (!ev || typeof ev.lat !== 'number' || typeof ev.lon !== 'number') return;
  L.circleMarker([ev.lat, ev.lon], { radius: radiusOf(ev) + 7, color: '#f1c40f', weight: 4, fill: false, interactive: false, className: 'selected-ring' })
    .addTo(selectedLayer);
}

// ---------- place labels (gazetteer, most populous first) ----------
const labelLayer = L.layerGroup().addTo(map);
let labelSeq = 0;
async function drawLabels() {
  const z = map.getZoom();
  const seq = ++labelSeq;
  if (z < 5) { labelLayer.clearLayers(); return; }
  const b = map.getBounds();
  const box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(3)).join(',');
  try {
    const hits = await getJSON(`/api/places/bbox?bbox=${box}&limit=${z >= 8 ? 80 : z >= 6 ? 40 : 20}`);
    if (seq !== labelSeq) return; // a later move won
    labelLayer.clearLayers();
    for (const h of hits) {
      const icon = L.divIcon({ className: 'place-label', html: el('span', {}, h.name), iconSize: null });
      L.marker([h.lat, h.lon], { icon, interactive: false, keyboard: false }).addTo(labelLayer);
    }
  } catch (_) { /* labels are optional */ }
}
map.on('moveend', drawLabels);

// ---------- timeline ----------
const tl = document.getElementById('timeline');
const SVGNS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

/** Fill periods with no events so the time axis is continuous. */
function fillGaps(series, bucket) {
  if (series.length < 2) return series;
  const by = new Map(series.map((r) => [r.period, r]));
  const out = [];
  const d = new Date(`${series[0].period}T00:00:00Z`);
  const end = series[series.length - 1].period;
  for (let i = 0; i < 3000; i++) {
    const p = d.toISOString().slice(0, 10);
    if (p > end) break;
    out.push(by.get(p) || { period: p, total: 0, by_type: {} });
    if (bucket === 'day') d.setUTCDate(d.getUTCDate() + 1);
    else if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out.length >= 3000 ? series : out;
}

/** Drop the sparse tails (up to 2% of events at each end) so outlying dates do not squash the chart. */
function trimTails(series) {
  const total = series.reduce((a, r) => a + r.total, 0);
  if (series.length < 20 || total < 50) return { rows: series, hidden: 0 };
  const cut = total * 0.02;
  let lo = 0, acc = 0;
  while (lo < series.length - 1 && acc + series[lo].total <= cut) acc += series[lo++].total;
  let hi = series.length - 1, acc2 = 0;
  while (hi > lo && acc2 + series[hi].total <= cut) acc2 += series[hi--].total;
  // only worth it when the tails stretch the axis (span shrinks by 30% or more)
  const day = (r) => Date.parse(`${r.period}T00:00:00Z`);
  const full = day(series[series.length - 1]) - day(series[0]);
  const kept = day(series[hi]) - day(series[lo]);
  if (!(full > 0) || kept > 0.7 * full) return { rows: series, hidden: 0 };
  return { rows: series.slice(lo, hi + 1), hidden: acc + acc2 };
}

/** The timeline's series, precision-aware: built from the events themselves so that an event
 * dated only to its month or year is counted apart instead of piled on the 1st (the store's
 * timeline cannot tell). Past 10,000 events it falls back to the store's daily counts. */
async function loadTimeline(p, bucket) {
  const events = [];
  let cursor = null;
  for (let i = 0; i < 10; i++) {
    const q = new URLSearchParams(p);
    q.set('limit', '1000');
    if (cursor) q.set('cursor', cursor);
    const page = await getJSON(`/api/events?${q}`);
    events.push(...page.events);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  if (cursor) return getJSON(`/api/stats/timeline?${p}&bucket=${bucket}`);
  const by = new Map();
  let coarse = 0;
  for (const ev of events.filter(shown)) {
    if (!ev.date) continue;
    if (ev.time_precision >= 3) { coarse += 1; continue; }
    let period = ev.date.slice(0, 10);
    if (bucket === 'week') {
      const d = new Date(`${period}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // back to Monday
      period = d.toISOString().slice(0, 10);
    }
    const r = by.get(period) || { period, total: 0, by_type: {} };
    const t = ev.acled_event_type || 'other';
    r.total += 1;
    r.by_type[t] = (r.by_type[t] || 0) + 1;
    by.set(period, r);
  }
  const series = [...by.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
  return { bucket, series, coarse };
}

/** Readable on first view: with no date filter, show the last two years of data and count
 * the earlier events instead of squeezing years of sparse bars into the strip. */
function recentYears(t) {
  if (form.elements.from.value || form.elements.to.value || t.rows.length < 2) return t;
  const last = Date.parse(`${t.rows[t.rows.length - 1].period}T00:00:00Z`);
  const cut = new Date(last - 730 * 86400000).toISOString().slice(0, 10);
  const keep = t.rows.filter((r) => r.period >= cut);
  if (keep.length === t.rows.length || !keep.length) return t;
  const earlier = t.rows.filter((r) => r.period < cut).reduce((a, r) => a + r.total, 0);
  return { rows: keep, hidden: t.hidden, earlier };
}

function drawTimeline(data) {
  tl.replaceChildren();
  const trimmed = recentYears(trimTails(data.series));
  const rows = fillGaps(trimmed.rows, data.bucket);
  const W = tl.clientWidth || 800, H = tl.clientHeight || 120, pad = { l: 36, r: 8, t: 8, b: 20 };
  const s = svg('svg', { width: W, height: H, class: 'tl-svg' });
  tl.append(s);
  if (!rows.length) {
    const t = svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'tl-empty' });
    t.textContent = 'No dated events';
    s.append(t);
    return;
  }
  const max = Math.max(...rows.map((r) => r.total));
  const iw = W - pad.l - pad.r, ih = H - pad.t - pad.b;
  const bw = iw / rows.length;
  // square-root scale: a spike does not flatten every other period
  const h = (v) => (Math.sqrt(v) / Math.sqrt(max)) * ih;
  const from = form.elements.from.value, to = form.elements.to.value;
  rows.forEach((r, i) => {
    let acc = 0;
    const g = svg('g', { class: 'tl-bar' });
    const inSel = (!from || r.period >= from.slice(0, 10) || nextPeriod(rows, i) > from) && (!to || r.period <= to);
    const barH = h(r.total);
    for (const [t, c] of Object.entries(r.by_type).filter(([t]) => form.elements.strategic.checked || t !== 'Strategic developments')) {
      const segH = r.total ? (barH * c) / r.total : 0;
      acc += segH;
      const rect = svg('rect', {
        x: pad.l + i * bw + 0.5, y: pad.t + ih - acc, width: Math.max(1, bw - 1), height: segH,
        fill: colour(t), opacity: inSel ? 1 : 0.3,
      });
      g.append(rect);
    }
    const title = svg('title');
    title.textContent = `${data.bucket} of ${r.period}: ${r.total} events`;
    g.append(title);
    s.append(g);
  });
  const axis = (txt, x, yy, anchor) => {
    const t = svg('text', { x, y: yy, 'text-anchor': anchor, class: 'tl-axis' });
    t.textContent = txt;
    s.append(t);
  };
  axis(String(max), pad.l - 4, pad.t + 10, 'end');
  axis('√', pad.l - 4, pad.t + ih / 2, 'end');
  axis('0', pad.l - 4, pad.t + ih, 'end');
  axis(rows[0].period, pad.l, H - 4, 'start');
  axis(rows[rows.length - 1].period, W - pad.r, H - 4, 'end');
  const notShown = [trimmed.hidden ? `${trimmed.hidden} events with outlying dates` : '',
    data.coarse ? `${data.coarse} dated only to a month or year` : '',
    trimmed.earlier ? `${trimmed.earlier} events before ${rows[0].period} (set From to see them)` : '']
    .filter(Boolean).join('; ');
  if (notShown) axis(`not shown: ${notShown}`, W / 2, H - 4, 'middle');
  // brushing
  const brush = svg('rect', { class: 'tl-brush', y: pad.t, height: ih, x: 0, width: 0, visibility: 'hidden' });
  s.append(brush);
  let start = null;
  const idx = (ev) => {
    const b = s.getBoundingClientRect();
    return Math.min(rows.length - 1, Math.max(0, Math.floor((ev.clientX - b.left - pad.l) / bw)));
  };
  s.addEventListener('mousedown', (ev) => { start = idx(ev); brush.setAttribute('visibility', 'visible'); move(ev); ev.preventDefault(); });
  const move = (ev) => {
    if (start === null) return;
    const a = Math.min(start, idx(ev)), b = Math.max(start, idx(ev));
    brush.setAttribute('x', pad.l + a * bw);
    brush.setAttribute('width', (b - a + 1) * bw);
  };
  s.addEventListener('mousemove', move);
  const end = (ev) => {
    if (start === null) return;
    const a = Math.min(start, idx(ev)), b = Math.max(start, idx(ev));
    start = null;
    form.elements.from.value = rows[a].period;
    form.elements.to.value = lastDay(rows[b].period, data.bucket);
    refresh();
  };
  s.addEventListener('mouseup', end);
  s.addEventListener('mouseleave', (ev) => { if (start !== null) end(ev); });
  s.addEventListener('dblclick', () => { form.elements.from.value = ''; form.elements.to.value = ''; refresh(); });
}

function nextPeriod(rows, i) {
  return i + 1 < rows.length ? rows[i + 1].period : '9999-12-31';
}

function lastDay(period, bucket) {
  const d = new Date(`${period}T00:00:00Z`);
  if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 6);
  else if (bucket === 'month') { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

// ---------- list ----------
const list = document.getElementById('event-list');
const moreBtn = document.getElementById('more');
let nextCursor = null;

function eventItem(ev) {
  return el('li', { class: 'ev', dataset: { id: ev.id, type: ev.acled_event_type || '' } },
    el('a', { href: `#/event/${encodeURIComponent(ev.id)}` },
      el('span', { class: 'swatch', style: `background:${evColour(ev)}` }),
      el('strong', {}, ev.acled_sub_event_type || ev.plover_type), ' ',
      el('span', { class: 'sub' }, ev.plover_type), ' ',
      el('span', { class: 'where' }, [ev.location, ev.country].filter(Boolean).join(', ')), ' ',
      el('span', { class: 'when' }, ev.date_source === 'published' ? `≤${ev.date}` : (ev.date || 'undated'))),
    el('div', { class: 'meta' },
      statusBadge(ev.status), ` ${ev.n_sources} source${ev.n_sources === 1 ? '' : 's'}`,
      ev.killed ? ` · ${ev.killed} killed` : '',
      ev.actor1 ? ` · ${ev.actor1.name}` : '', ev.actor2 ? ` → ${ev.actor2.name}` : ''),
    el('p', { class: 'summary' }, ev.summary || ''));
}

function statusBadge(s) {
  return el('span', { class: `status status-${STATUSES.includes(s) ? s : 'other'}` }, s);
}

async function loadList(p, append) {
  const q = new URLSearchParams(p);
  q.set('limit', '50');
  if (append && nextCursor) q.set('cursor', nextCursor);
  const page = await getJSON(`/api/events?${q}`);
  if (!append) list.replaceChildren();
  for (const ev of page.events.filter(shown)) list.append(eventItem(ev));
  nextCursor = page.next_cursor || null;
  moreBtn.hidden = !nextCursor;
  if (!list.children.length) list.append(el('li', { class: 'empty' }, 'No events match these filters.'));
}

let fitted = false;
async function loadMapEvents(p) {
  const all = [];
  let cursor = null;
  for (let i = 0; i < 10; i++) { // at most 10,000 markers
    const q = new URLSearchParams(p);
    q.set('limit', '1000');
    if (cursor) q.set('cursor', cursor);
    const page = await getJSON(`/api/events?${q}`);
    all.push(...page.events);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  const visible = all.filter(shown);
  drawMarkers(visible);
  if (!fitted && visible.length && !location.hash.startsWith('#/event/')) {
    fitted = true;
    const b = L.latLngBounds(visible.filter((e) => typeof e.lat === 'number').map((e) => [e.lat, e.lon]));
    if (b.isValid()) map.fitBounds(b, { padding: [20, 20], maxZoom: 7 });
  }
  const hidden = all.length - visible.length;
  document.getElementById('count').textContent = `${visible.length}${cursor ? '+' : ''} events${hidden ? ` (${hidden} strategic developments hidden)` : ''}`;
}

async function refresh() {
  const p = currentFilter();
  const bq = new URLSearchParams();
  for (const n of ['country', 'admin1', 'actor', 'from', 'to']) if (p.get(n)) bq.set(n, p.get(n));
  document.getElementById('brief-link').setAttribute('href', `/api/brief?${bq}`);
  for (const fmt of ['csv', 'geojson']) {
    const q = new URLSearchParams(p);
    q.set('format', fmt);
    q.set('limit', '1000');
    document.getElementById(`export-${fmt}`).setAttribute('href', `/api/events?${q}`);
  }
  const span = (form.elements.from.value && form.elements.to.value)
    ? (new Date(form.elements.to.value) - new Date(form.elements.from.value)) / 86400000 : 9999;
  const bucket = span <= 120 ? 'day' : 'week';
  try {
    await Promise.all([
      loadList(p, false),
      loadMapEvents(p),
      loadTimeline(filterWithout(p, 'from', 'to'), bucket).then(drawTimeline),
      loadSpikes(p),
    ]);
    document.body.dataset.loaded = 'true';
  } catch (e) {
    console.error(e);
    list.replaceChildren(el('li', { class: 'error' }, `Could not load events: ${e.message}`));
  }
}

// ---------- spikes ----------
/** Admin1 units whose weekly count is improbably high for their trailing baseline (the
 * server's Poisson test, `/api/stats/trends`), newest first; a click selects that week. */
async function loadSpikes(p) {
  const box = document.getElementById('spikes');
  const q = new URLSearchParams();
  for (const n of ['country', 'admin1', 'actor', 'from', 'to']) if (p.get(n)) q.set(n, p.get(n));
  q.set('by', 'admin1');
  q.set('limit', '100');
  let series = [];
  try { series = await getJSON(`/api/stats/trends?${q}`); } catch (_) { series = []; }
  const rows = [];
  for (const s of series) {
    for (const w of s.weeks) if (w.spike) rows.push({ s, w });
  }
  rows.sort((a, b) => (a.w.start < b.w.start ? 1 : -1));
  if (!rows.length) { box.replaceChildren(); return; }
  const end = (d) => { const x = new Date(`${d}T00:00:00Z`); x.setUTCDate(x.getUTCDate() + 6); return x.toISOString().slice(0, 10); };
  box.replaceChildren(el('h3', {}, 'Spikes'), el('ul', {}, rows.slice(0, 5).map(({ s, w }) => el('li', { class: 'spike' },
    el('a', {
      href: '#/',
      onclick: (e) => {
        e.preventDefault();
        const [cc, a1] = s.key.split('/');
        form.elements.country.value = cc;
        form.elements.admin1.value = a1 || '';
        form.elements.from.value = w.start;
        form.elements.to.value = end(w.start);
        fitted = false;
        refresh();
      },
    }, `week of ${w.start} · ${s.label}`),
    `: ${w.events} events (usual ${w.spike.baseline.toFixed(2)}/week, p = ${w.spike.p_value.toPrecision(2)})`))));
}

// ---------- event page ----------
const listView = document.getElementById('list-view');
const detailView = document.getElementById('detail-view');

function highlighted(text, highlights) {
  // offsets are code points
  const cps = Array.from(text);
  const out = el('p', { class: 'evidence' });
  let pos = 0;
  for (const h of [...highlights].sort((a, b) => a.start - b.start)) {
    if (h.start < pos || h.end > cps.length) continue;
    out.append(cps.slice(pos, h.start).join(''));
    out.append(el('mark', { class: `hl hl-${HL_LABELS[h.kind] ? h.kind : 'other'}`, title: HL_LABELS[h.kind] || h.kind },
      cps.slice(h.start, h.end).join('')));
    pos = h.end;
  }
  out.append(cps.slice(pos).join(''));
  return out;
}

function legend() {
  return el('p', { class: 'legend' }, 'Highlights: ',
    Object.entries(HL_LABELS).map(([k, v]) => el('mark', { class: `hl hl-${k}` }, v)));
}

function back() {
  return el('a', { href: '#/', class: 'back' }, '← all events');
}

function actorLink(a) {
  if (!a) return '—';
  const id = a.id || `name:${a.name}`;
  return el('a', { href: `#/actor/${encodeURIComponent(id)}` }, a.name);
}

async function showEvent(id) {
  listView.hidden = true;
  detailView.hidden = false;
  detailView.replaceChildren(el('p', {}, 'Loading…'));
  let d;
  try {
    d = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  } catch (e) {
    detailView.replaceChildren(back(), el('p', { class: 'error' }, `Event not found (${e.message}).`));
    return;
  }
  const ev = d.event;
  if (typeof ev.lat === 'number') map.setView([ev.lat, ev.lon], Math.max(map.getZoom(), 6));
  single(ev);
  const facts = el('dl', { class: 'facts' },
    el('dt', {}, 'Type'), el('dd', {}, `${ev.plover_type}${ev.plover_mode ? ` (${ev.plover_mode})` : ''} · ACLED: ${ev.acled_event_type || '—'} / ${ev.acled_sub_event_type || '—'}`),
    el('dt', {}, 'When'), el('dd', {}, whenText(ev)),
    el('dt', {}, 'Where'), el('dd', {}, [ev.location, ev.admin1, ev.country].filter(Boolean).join(', ') || 'unknown',
      ev.place_source === 'fallback' ? el('span', { class: 'fallback', title: 'No place in the event\'s sentences: the dateline or the country stands in' }, ' place not in the text (dateline or country)') : '',
      ev.geo_precision === 3 ? el('span', { class: 'fallback' }, ' region only') : ''),
    el('dt', {}, 'Actor'), el('dd', {}, actorLink(ev.actor1), ev.assoc_actor1 && ev.assoc_actor1.length ? ` with ${ev.assoc_actor1.join(', ')}` : ''),
    el('dt', {}, 'Target'), el('dd', {}, actorLink(ev.actor2)),
    el('dt', {}, 'Casualties'), el('dd', {}, [['killed', ev.killed], ['injured', ev.injured], ['abducted', ev.abducted], ['arrested', ev.arrested]]
      .filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${v} ${k}`).join(', ') || 'none reported'),
    el('dt', {}, 'Status'), el('dd', {}, statusBadge(ev.status), ev.claimant ? ` — ${ev.claimant}` : ''),
    el('dt', {}, 'Sources'), el('dd', {}, `${ev.n_sources}: ${(ev.sources || []).join('; ')}`),
    el('dt', {}, 'Reports'), el('dd', {}, String(ev.n_reports)));
  const reports = d.reports.map((r, i) => el('section', { class: 'report' },
    el('h3', {}, `Report ${i + 1}: `, r.url ? el('a', { href: r.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, r.title || r.url) : (r.title || r.article_id)),
    el('p', { class: 'meta' }, [r.publisher, r.published].filter(Boolean).join(', '), ' · ', statusBadge(r.status),
      r.claimant ? ` by ${r.claimant}` : '', r.denied_by ? ` · denied by ${r.denied_by}` : ''),
    mergedBy(r, d.reports),
    r.evidence.map((e) => highlighted(e.text, e.highlights)),
    el('div', { class: 'chain' }, el('strong', {}, 'Source chain: '),
      el('ol', {}, (r.sources || []).map((s) => el('li', {}, `${s.name} (${s.kind}${s.date ? `, ${s.date}` : ''})`))),
      r.republished_from && r.republished_from.length ? el('p', {}, 'Republished from: ', r.republished_from.join(' ← ')) : ''),
    el('a', { href: `/api/articles/${encodeURIComponent(r.article_id)}`, class: 'raw' }, 'article JSON')));
  detailView.replaceChildren(back(),
    el('h2', { id: 'event-title' }, el('span', { class: 'swatch', style: `background:${evColour(ev)}` }),
      `${ev.acled_event_type ? `${ev.acled_event_type}: ${ev.acled_sub_event_type}` : ev.plover_type} in ${ev.location || 'unknown place'}`),
    facts, legend(), ...reports);
}

/** The event's date as said honestly: a publication-date fallback is called one, and a
 * month-precision date is not read as its first day. */
function whenText(ev) {
  if (!ev.date) return 'unknown';
  if (ev.date_source === 'published') {
    return el('span', {}, `on or shortly before ${ev.date} `,
      el('span', { class: 'fallback', title: 'The text gives no date: the article\'s publication date stands in' }, 'date of publication'));
  }
  if (ev.time_precision >= 3) return `${ev.date.slice(0, 7)} (month only)`;
  if (ev.time_precision === 2) return `around ${ev.date} (within a few days)`;
  return ev.date;
}

// ---------- actor page ----------
async function showActor(id) {
  listView.hidden = true;
  detailView.hidden = false;
  detailView.replaceChildren(el('p', {}, 'Loading…'));
  let d;
  try {
    d = await getJSON(`/api/actors/${encodeURIComponent(id)}`);
  } catch (e) {
    detailView.replaceChildren(back(), el('p', { class: 'error' }, `Actor not found (${e.message}).`));
    return;
  }
  const a = d.actor;
  const max = Math.max(1, ...d.activity.map((p) => p.count));
  const bars = el('div', { class: 'activity' }, d.activity.map((p) => el('div', { class: 'abar', title: `${p.period}: ${p.count}` },
    el('span', { style: `height:${Math.round((p.count / max) * 60)}px` }), el('small', {}, p.period.slice(0, 7)))));
  const counts = (title, v) => el('section', {}, el('h3', {}, title),
    v.length ? el('ul', {}, v.map((n) => el('li', {}, `${n.name} (${n.count})`))) : el('p', {}, 'none'));
  // the knowledge base's profile: aliases, description, affiliation chain (absent for
  // actors known only by the name an article gave)
  let profile = null;
  if (!a.id.startsWith('name:')) {
    try { profile = await getJSON(`/api/actors/${encodeURIComponent(a.id)}/profile`); } catch (_) { profile = null; }
  }
  const profileView = profile ? el('section', { class: 'profile' },
    profile.description ? el('p', { class: 'description' }, profile.description) : '',
    profile.aliases && profile.aliases.length ? el('p', { class: 'aliases' }, el('strong', {}, 'Also called: '), profile.aliases.join('; ')) : '',
    profile.affiliations && profile.affiliations.length ? el('div', { class: 'chain' }, el('strong', {}, 'Affiliation chain: '),
      el('ul', {}, profile.affiliations.map((l) => el('li', { style: `margin-left:${(l.depth - 1) * 12}px` },
        `${l.child_name} → `, actorLink({ id: l.parent, name: l.parent_name }),
        l.from || l.to ? ` (${l.from || ''}–${l.to || ''})` : '')))) : '')
    : el('p', { class: 'meta' }, 'Not in the actor knowledge base: known by the name the articles give.');
  const mapDiv = el('div', { id: 'actor-map', class: 'actor-map' });
  detailView.replaceChildren(back(), el('h2', { id: 'actor-title' }, a.name), profileView,
    el('p', { class: 'meta' }, [a.id, a.sector, a.country, a.inter ? `ACLED inter ${a.inter}` : null].filter(Boolean).join(' · '),
      ` · ${a.n_events} events · `,
      el('a', { href: '#/', onclick: () => { form.elements.actor.value = a.id.startsWith('name:') ? a.name : a.id; setTimeout(refresh); } }, 'show on map')),
    el('h3', {}, 'Where'), mapDiv,
    el('h3', {}, 'Activity per month'), bars,
    counts('Affiliations (same side)', d.affiliations), counts('Counterparts', d.counterparts),
    el('h3', {}, 'Recent events'), el('ol', { class: 'events' }, d.recent_events.map(eventItem)));
  drawActorMap(mapDiv, a);
}

/** The actor's own map: its events (either side) on the outlines, fitted to them. */
let actorMap = null;
async function drawActorMap(div, a) {
  if (actorMap) { actorMap.remove(); actorMap = null; }
  const m = L.map(div, { zoomControl: false, attributionControl: false, minZoom: 1, maxZoom: 10 }).setView([14, 2], 3);
  actorMap = m;
  if (outlines) L.geoJSON(outlines, { style: { color: '#8a8f94', weight: 0.5, fillColor: '#f3efe6', fillOpacity: 1 }, interactive: false }).addTo(m);
  const q = new URLSearchParams({ actor: a.id.startsWith('name:') ? a.name : a.id, limit: '1000' });
  try {
    const page = await getJSON(`/api/events?${q}`);
    const pts = page.events.filter((e) => typeof e.lat === 'number');
    for (const ev of pts) {
      L.circleMarker([ev.lat, ev.lon], { radius: radiusOf(ev) - 1, color: '#222', weight: 1, fillColor: evColour(ev), fillOpacity: 0.85 })
        .on('click', () => { location.hash = `#/event/${encodeURIComponent(ev.id)}`; })
        .addTo(m);
    }
    m.invalidateSize();
    if (pts.length) m.fitBounds(L.latLngBounds(pts.map((e) => [e.lat, e.lon])), { padding: [15, 15], maxZoom: 5, animate: false });
  } catch (_) { /* the map is optional */ }
}

// ---------- routing ----------
function route() {
  const h = location.hash;
  let m;
  if ((m = h.match(/^#\/event\/(.+)$/))) showEvent(decodeURIComponent(m[1]));
  else if ((m = h.match(/^#\/actor\/(.+)$/))) showActor(decodeURIComponent(m[1]));
  else { detailView.hidden = true; listView.hidden = false; single(null); }
}

async function loadActors() {
  try {
    const actors = await getJSON('/api/actors?limit=200');
    document.getElementById('actor-list').replaceChildren(...actors.map((a) => el('option', { value: a.id.startsWith('name:') ? a.name : a.id }, a.name)));
  } catch (_) { /* optional */ }
}

// ---------- place search (gazetteer) ----------
const placeInput = document.getElementById('place-search');
let placeHits = [];
let placeTimer = null;
placeInput.addEventListener('input', () => {
  clearTimeout(placeTimer);
  const q = placeInput.value.trim();
  const hit = placeHits.find((h) => placeLabel(h) === q);
  if (hit) { goToPlace(hit); return; }
  if (q.length < 2) return;
  placeTimer = setTimeout(async () => {
    try {
      placeHits = await getJSON(`/api/places?q=${encodeURIComponent(q)}&limit=10`);
      document.getElementById('place-list').replaceChildren(...placeHits.map((h) => el('option', { value: placeLabel(h) })));
    } catch (_) { placeHits = []; }
  }, 200);
});
placeInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') { e.preventDefault(); if (placeHits.length) goToPlace(placeHits[0]); }
});
function placeLabel(h) {
  return [h.name, h.admin1, h.country].filter(Boolean).join(', ') + (h.n_events ? ` (${h.n_events} events)` : '');
}
function goToPlace(h) {
  if (typeof h.lat === 'number' && typeof h.lon === 'number') map.setView([h.lat, h.lon], 8);
}

buildFilterControls();
// applying filters re-fits the map to what they select
form.addEventListener('submit', (e) => { e.preventDefault(); fitted = false; location.hash = '#/'; refresh(); });
document.getElementById('reset').addEventListener('click', () => { form.reset(); fitted = false; refresh(); });
form.elements.strategic.addEventListener('change', () => refresh());
form.elements.density.addEventListener('change', () => drawMarkers(lastEvents));
moreBtn.addEventListener('click', () => loadList(currentFilter(), true));
window.addEventListener('hashchange', route);
let resizeTimer = null;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(refresh, 300); });
loadOutlines();
loadActors();
refresh();
route();
