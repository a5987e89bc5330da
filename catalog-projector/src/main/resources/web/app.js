'use strict';
// The Meshbone catalog page: the table and product pages over /api, kept live by the /api/stream SSE feed.
// The table shows one page of what the server's filters match: the page never holds the whole catalog.

const PAGE_SIZE = 50;

const state = {
  rows: [],              // the page shown: ProductSummary, ordered by id
  total: 0,              // how many products the filters match
  offset: 0,             // where the page starts in the matches
  flash: new Set(),      // ids changed since the last render
  productId: null,       // the product page shown, if any
  snippetTab: 'java',
};

const $ = (selector, root = document) => root.querySelector(selector);

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c =>
    ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.message || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function toast(message) {
  const el = $('#error');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 4000);
}

// ---------- formatting ----------

const numberFormat = new Intl.NumberFormat('en');
const fmt = n => numberFormat.format(n ?? 0);

function ago(iso) {
  if (!iso) return '—';
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${Math.floor(seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** When a grant ends: never, in some time, or expired. */
function ends(iso) {
  if (!iso) return 'never';
  const ms = Date.parse(iso) - Date.now();
  return ms <= 0 ? `<span class="badge bad">expired ${ago(iso)}</span>` : `in ${duration(ms)}`;
}

function duration(ms) {
  if (ms == null) return '—';
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${+(s / 3600).toFixed(1)} h`;
  return `${+(s / 86400).toFixed(1)} d`;
}

const percent = r => r == null ? '—' : `${+(r * 100).toFixed(r < 0.01 ? 2 : 1)}%`;

function statusBadge(status) {
  const cls = { ACTIVE: 'ok', DEPRECATED: 'warn', RETIRED: '', UNREGISTERED: 'warn' }[status] ?? '';
  const label = status === 'UNREGISTERED' ? '⚑ Unregistered' : status.charAt(0) + status.slice(1).toLowerCase();
  return `<span class="badge ${cls}">${esc(label)}</span>`;
}

function sloBadges(slo) {
  const parts = [];
  if (slo.freshness.state === 'OK') parts.push('<span class="badge ok" title="Freshness objective holds">● fresh</span>');
  if (slo.freshness.state === 'BREACHED') parts.push('<span class="badge bad" title="No accepted record within the promised interval">● stale</span>');
  if (slo.violationRate.state === 'OK') parts.push('<span class="badge ok" title="Violation rate within objective">● quality</span>');
  if (slo.violationRate.state === 'BREACHED') parts.push('<span class="badge bad" title="Too many quarantined records in the last hour">● violations</span>');
  return parts.length ? parts.join('') : '<span class="badge none">no SLO</span>';
}

// ---------- catalog table ----------

function filters() {
  return {
    q: $('#search').value.trim(),
    domain: $('#filter-domain').value,
    status: $('#filter-status').value,
    pii: $('#filter-pii').checked,
    breached: $('#filter-breached').checked,
  };
}

let refreshTimer = null;
let refreshSeq = 0;

/** Search as you type: the page is fetched once the typing pauses, from the first match. */
function scheduleRefresh(delay = 150) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => { state.offset = 0; refresh(); }, delay);
}

// Filters and paging run on the server (full text covers descriptions and schema fields).
async function refresh() {
  const f = filters();
  const seq = ++refreshSeq;
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.domain) params.set('domain', f.domain);
  if (f.status) params.set('status', f.status);
  if (f.pii) params.set('pii', 'true');
  if (f.breached) params.set('slo', 'breached');
  params.set('offset', state.offset);
  params.set('limit', PAGE_SIZE);
  try {
    const list = await getJson(`/api/products?${params}`);
    if (seq !== refreshSeq) return;
    if (list.count === 0 && list.total > 0) { // the page emptied (products left): show the last one there is
      state.offset = Math.floor((list.total - 1) / PAGE_SIZE) * PAGE_SIZE;
      return refresh();
    }
    state.rows = list.products;
    state.total = list.total;
    renderTable();
  } catch (e) {
    toast(`Search failed: ${e.message}`);
  }
}

/** The headline figures and the domain filter, from /api/domains (the page does not hold every product). */
async function refreshStats() {
  const { domains } = await getJson('/api/domains');
  const sum = key => domains.reduce((n, d) => n + d[key], 0);
  $('#stat-products').textContent = fmt(sum('products'));
  $('#stat-domains').textContent = fmt(domains.length);
  $('#stat-breached').textContent = fmt(sum('breached'));
  $('#stat-unregistered').textContent = fmt(sum('unregistered'));
  const names = domains.map(d => d.domain);
  const select = $('#filter-domain');
  if (select.dataset.names === names.join('\n')) return; // rebuilt only when domains come or go: it may be open
  select.dataset.names = names.join('\n');
  const chosen = select.value;
  select.innerHTML = '<option value="">All domains</option>'
    + names.map(d => `<option value="${esc(d)}">${esc(d)}</option>`).join('');
  select.value = names.includes(chosen) ? chosen : '';
}

async function loadAll() {
  await Promise.all([refresh(), refreshStats()]);
}

function row(p) {
  const classes = [p.registered ? '' : 'flagged', state.flash.has(p.id) ? 'flash' : ''].join(' ').trim();
  return `<tr data-id="${esc(p.id)}" class="${classes}">
    <td><div class="product-cell">
      <a class="product-title" href="#/products/${encodeURIComponent(p.id)}">${esc(p.title)}</a>
      <code class="product-id">${esc(p.id)}</code></div></td>
    <td><span class="chip">${esc(p.domain)}</span></td>
    <td>${p.owner ? esc(p.owner) : '<span class="muted">—</span>'}</td>
    <td>${statusBadge(p.status)}${p.pii ? '<span class="badge pii" title="Holds personal data (protected on the public topic)">PII</span>' : ''}</td>
    <td>${sloBadges(p.slo)}</td>
    <td class="num">${fmt(p.counts.accepted)}</td>
    <td class="num ${p.counts.quarantined ? 'bad' : ''}">${fmt(p.counts.quarantined)}</td>
    <td class="muted">${ago(p.updatedAt)}</td>
  </tr>`;
}

function renderTable() {
  $('#products tbody').innerHTML = state.rows.map(row).join('');
  $('#empty').hidden = state.rows.length > 0;
  state.flash.clear();
  const first = state.rows.length ? state.offset + 1 : 0;
  $('#page-range').textContent = `${fmt(first)}–${fmt(state.offset + state.rows.length)} of ${fmt(state.total)}`;
  $('#page-prev').disabled = state.offset === 0;
  $('#page-next').disabled = state.offset + state.rows.length >= state.total;
}

function turnPage(delta) {
  state.offset = Math.max(0, state.offset + delta * PAGE_SIZE);
  refresh();
}

// ---------- product page ----------

function javaSnippet(p) {
  const topic = p.publicTopic ?? `${p.id}.v1`;
  return `<span class="c">// Maven: org.apache.kafka:kafka-clients, io.apicurio:apicurio-registry-avro-serde-kafka</span>
Properties props = new Properties();
props.put(<span class="s">"bootstrap.servers"</span>, <span class="s">"&lt;bootstrap-servers&gt;"</span>);
props.put(<span class="s">"group.id"</span>, <span class="s">"&lt;your-team&gt;.${esc(p.name || 'consumer')}-reader"</span>);
props.put(<span class="s">"auto.offset.reset"</span>, <span class="s">"earliest"</span>);
props.put(<span class="s">"key.deserializer"</span>, StringDeserializer.<span class="k">class</span>.getName());
props.put(<span class="s">"value.deserializer"</span>, AvroKafkaDeserializer.<span class="k">class</span>.getName());
props.put(<span class="s">"apicurio.registry.url"</span>, <span class="s">"&lt;registry&gt;/apis/registry/v3"</span>);
props.put(<span class="s">"apicurio.registry.use-id"</span>, <span class="s">"globalId"</span>);

<span class="k">try</span> (KafkaConsumer&lt;String, GenericRecord&gt; consumer = <span class="k">new</span> KafkaConsumer&lt;&gt;(props)) {
    consumer.subscribe(List.of(<span class="s">"${esc(topic)}"</span>));
    <span class="k">while</span> (<span class="k">true</span>) {
        <span class="k">for</span> (ConsumerRecord&lt;String, GenericRecord&gt; r : consumer.poll(Duration.ofSeconds(1))) {
            System.out.println(r.key() + <span class="s">" "</span> + r.value());
        }
    }
}`;
}

function cliSnippet(p) {
  const topic = p.publicTopic ?? `${p.id}.v1`;
  return `<span class="c"># Raw records (Apicurio framing: 0x00, global id, Avro binary)</span>
kafka-console-consumer.sh --bootstrap-server &lt;bootstrap-servers&gt; \\
  --topic ${esc(topic)} --from-beginning \\
  --property print.key=true

<span class="c"># Catalog entry as JSON</span>
curl -s ${esc(location.origin)}/api/products/${esc(encodeURIComponent(p.id))}`;
}

function plain(html) {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div.textContent;
}

function fieldRow(f) {
  const depth = (f.path.match(/\./g) || []).length;
  const cut = f.path.lastIndexOf('.');
  const path = cut < 0 ? esc(f.path)
    : `<span class="parent">${esc(f.path.slice(0, cut + 1))}</span>${esc(f.path.slice(cut + 1))}`;
  const pii = f.pii
    ? `<span class="badge pii">${esc(f.pii)}</span>` + (f.protection
      ? `<span class="badge outline" title="Protection on the public topic">→ ${esc(f.protection)}</span>`
      : '<span class="badge outline" title="Each field inside is protected on its own">→ each field</span>')
    : '<span class="badge none">—</span>';
  const allowed = (f.allowed ?? []).map(c => `<span class="badge warn" data-allowed="${esc(c)}"
      title="Governance's scan ignores ${esc(c)} in this field (&quot;pii.allow&quot;)">${esc(c)} allowed</span>`).join('');
  return `<tr class="${f.pii ? 'personal' : ''}" data-field="${esc(f.path)}">
    <td style="padding-left:${18 + depth * 14}px"><span class="field-path">${path}</span></td>
    <td><span class="field-type">${esc(f.type)}</span></td>
    <td class="nowrap">${pii}${allowed}</td>
    <td class="field-doc">${esc(f.doc)}</td>
  </tr>`;
}

/** How long refused records stay in the quarantine, as the cluster says (its topic's retention.ms). */
function quarantineLine(q) {
  if (!q) return '';
  const kept = q.retentionMillis == null ? 'for a time the catalog cannot read'
    : `for ${duration(q.retentionMillis)}, then deleted`;
  return `<p class="hint" id="quarantine-retention">Refused records are kept in <code>${esc(q.topic)}</code>
    (ops only) ${kept}.</p>`;
}

function sloBlock(p) {
  const fr = p.slo.freshness;
  const vr = p.slo.violationRate;
  const blocks = [];
  if (fr.maxIntervalMillis != null) {
    const used = fr.millisSinceLastAccepted == null ? 1 : Math.min(1, fr.millisSinceLastAccepted / fr.maxIntervalMillis);
    blocks.push(`<div class="slo" data-slo="freshness">
      <div class="slo-head"><span>Freshness</span>${fr.state === 'BREACHED' ? '<span class="badge bad">Breached</span>' : fr.state === 'OK' ? '<span class="badge ok">Holds</span>' : '<span class="badge">Not evaluated</span>'}</div>
      <div class="slo-line">At most ${duration(fr.maxIntervalMillis)} between accepted records</div>
      <div class="slo-line">Last accepted record: ${fr.millisSinceLastAccepted == null ? 'none yet' : duration(fr.millisSinceLastAccepted) + ' ago'}</div>
      <div class="meter"><span class="${fr.state === 'BREACHED' ? 'bad' : ''}" style="width:${Math.round(used * 100)}%"></span></div>
    </div>`);
  }
  if (vr.maxViolationRate != null) {
    const used = vr.lastHour == null ? 0 : Math.min(1, vr.lastHour / Math.max(vr.maxViolationRate, 1e-9));
    blocks.push(`<div class="slo" data-slo="violation-rate">
      <div class="slo-head"><span>Violation rate</span>${vr.state === 'BREACHED' ? '<span class="badge bad">Breached</span>' : vr.state === 'OK' ? '<span class="badge ok">Holds</span>' : '<span class="badge">Not evaluated</span>'}</div>
      <div class="slo-line">At most ${percent(vr.maxViolationRate)} of records quarantined over the last hour</div>
      <div class="slo-line">Last hour: ${percent(vr.lastHour)} (${fmt(p.countsLastHour.quarantined)} of ${fmt(p.countsLastHour.accepted + p.countsLastHour.quarantined)})</div>
      <div class="meter"><span class="${vr.state === 'BREACHED' ? 'bad' : ''}" style="width:${Math.round(used * 100)}%"></span></div>
    </div>`);
  }
  return blocks.length ? blocks.join('') : '<p class="muted">This product promises no service levels.</p>';
}

function renderProduct(p) {
  const fields = p.schema?.fields ?? [];
  const personal = fields.filter(f => f.pii).length;
  const byCode = Object.entries(p.quarantinedByCode).sort((a, b) => b[1] - a[1]);
  const maxCode = Math.max(1, ...byCode.map(e => e[1]));
  const contact = p.owner?.contact ?? '';
  const contactHtml = /^[^@\s]+@[^@\s]+$/.test(contact) ? `<a href="mailto:${esc(contact)}">${esc(contact)}</a>`
    : /^https?:\/\//.test(contact) ? `<a href="${esc(contact)}">${esc(contact)}</a>` : esc(contact || '—');

  $('#product-page').innerHTML = `
    <a class="back" href="#/">← All products</a>
    ${p.registered ? '' : `<div class="callout"><strong>Unregistered product.</strong> Governance saw records or violations
      for <code>${esc(p.id)}</code>, but no descriptor was ever announced on <code>mesh.products</code>. Its records are
      quarantined until the owning domain declares it.</div>`}
    <div class="card hero">
      <div>
        <div class="eyebrow">${esc(p.domain)}${p.owner ? ' · ' + esc(p.owner.team) : ''}</div>
        <h1>${esc(p.title)}</h1>
        <code class="product-id">${esc(p.id)}</code>
        ${p.description ? `<p class="description">${esc(p.description)}</p>` : ''}
        <div class="badges">
          ${statusBadge(p.status)}
          ${p.pii ? `<span class="badge pii">${personal} PII field${personal === 1 ? '' : 's'}</span>` : ''}
          ${p.compatibility ? `<span class="badge outline" title="Schema evolution rule">${esc(p.compatibility)}</span>` : ''}
          ${p.tags.map(t => `<span class="badge outline">#${esc(t)}</span>`).join('')}
        </div>
      </div>
      <div class="hero-counts">
        <span class="n">${fmt(p.counts.accepted)}</span><span class="n ${p.counts.quarantined ? 'bad' : ''}">${fmt(p.counts.quarantined)}</span><span class="n ${p.counts.warned ? 'warn' : ''}">${fmt(p.counts.warned)}</span>
        <span class="l">accepted</span><span class="l">quarantined</span><span class="l">warned</span>
        <span class="sub">Last hour: ${fmt(p.countsLastHour.accepted)} accepted · ${fmt(p.countsLastHour.quarantined)} quarantined · ${fmt(p.countsLastHour.warned)} warned</span>
      </div>
    </div>

    <div class="grid">
      <div class="stack">
        <div class="card section" id="schema">
          <div class="section-head"><h2>Schema</h2>
            <span class="meta">${p.schema ? `<code>${esc(p.schema.fullName)}</code> · v${p.schema.major}${p.schema.version ? ' · registry version ' + esc(p.schema.version) : ''}` : 'no contract yet'}</span></div>
          ${fields.length ? `<table><thead><tr><th>Field</th><th>Type</th><th>Personal data</th><th>Description</th></tr></thead>
            <tbody>${fields.map(fieldRow).join('')}</tbody></table>` : '<div class="section-body muted">No schema fields known.</div>'}
        </div>

        <div class="card section" id="consume">
          <div class="section-head"><h2>Consume it</h2>
            <div class="tabs">
              <button class="tab ${state.snippetTab === 'java' ? 'active' : ''}" data-tab="java">Java</button>
              <button class="tab ${state.snippetTab === 'cli' ? 'active' : ''}" data-tab="cli">CLI</button>
              <button class="copy" data-copy="snippet">Copy</button>
            </div></div>
          <div class="snippet"><pre id="snippet">${state.snippetTab === 'java' ? javaSnippet(p) : cliSnippet(p)}</pre></div>
        </div>

        <div class="card section" id="rules">
          <div class="section-head"><h2>Quality rules</h2><span class="meta">CEL over each record</span></div>
          <div class="section-body">${p.rules.length ? p.rules.map(r => `<div class="rule">
              <div class="rule-head"><span class="rule-id">${esc(r.id)}</span>
                <span class="badge ${r.action === 'QUARANTINE' ? 'bad' : 'warn'}">${r.action === 'QUARANTINE' ? 'quarantine' : 'warn'} on failure</span></div>
              <code>${esc(r.expression)}</code>
              ${r.description ? `<div class="field-doc">${esc(r.description)}</div>` : ''}</div>`).join('')
            : '<span class="muted">No quality rules declared.</span>'}</div>
        </div>

        <div class="card section" id="violations">
          <div class="section-head"><h2>Recent violations</h2><span class="meta">values are never shown</span></div>
          <div class="section-body">${quarantineLine(p.quarantine)}${p.recentViolations.length ? p.recentViolations.map(v => `<div class="violation">
              <span class="badge ${v.action === 'QUARANTINE' ? 'bad' : 'warn'}">${esc(v.code)}</span>
              <span>${esc(v.message)}</span>
              <span class="when" title="${esc(v.detectedAt)}">${ago(v.detectedAt)}</span>
              ${v.field || v.rule ? `<span class="where">${v.field ? 'field <code>' + esc(v.field) + '</code>' : ''} ${v.rule ? 'rule <code>' + esc(v.rule) + '</code>' : ''}</span>` : ''}
            </div>`).join('') : '<span class="muted">No violations. 🎉</span>'}</div>
        </div>
      </div>

      <div class="stack">
        <div class="card section" id="subscribe">
          <div class="section-head"><h2>Subscribe</h2><span class="meta">PII protected by governance</span></div>
          <div class="section-body">
            <div class="topic"><code id="topic-name">${esc(p.publicTopic ?? 'no public topic yet')}</code>
              <button class="copy" data-copy="topic">Copy</button></div>
            <p class="hint">Records keep the registry's global id, so the Apicurio deserializer resolves
              <code>${esc(p.versions.find(v => v.major === p.currentMajor)?.registryGroup ?? p.domain)}/${esc(p.versions.find(v => v.major === p.currentMajor)?.registryArtifact ?? p.name)}</code>.</p>
          </div>
        </div>

        <div class="card section" id="slos">
          <div class="section-head"><h2>Service levels</h2><span class="meta" title="Re-evaluated against the clock every few seconds; verdict last changed ${esc(p.slo.evaluatedAt)}">checked continuously</span></div>
          <div class="section-body">${sloBlock(p)}</div>
        </div>

        <div class="card section">
          <div class="section-head"><h2>Ownership</h2></div>
          <div class="section-body"><dl class="kv">
            <dt>Team</dt><dd>${esc(p.owner?.team ?? '—')}</dd>
            <dt>Contact</dt><dd>${contactHtml}</dd>
            <dt>Created</dt><dd title="${esc(p.createdAt)}">${ago(p.createdAt)}</dd>
            <dt>Updated</dt><dd title="${esc(p.updatedAt)}">${ago(p.updatedAt)}</dd>
          </dl></div>
        </div>

        <div class="card section" id="access">
          <div class="section-head"><h2>Who has access</h2><span class="meta">mesh access grant</span></div>
          ${p.access.length ? `<table><thead><tr><th>Team</th><th>Granted by</th><th>Granted</th><th>Ends</th></tr></thead><tbody>${p.access.map(a => `<tr>
              <td><code>${esc(a.team)}</code></td><td>${esc(a.grantedBy)}</td><td title="${esc(a.grantedAt)}">${ago(a.grantedAt)}</td>
              <td title="${esc(a.expiresAt ?? '')}">${ends(a.expiresAt)}</td></tr>`).join('')}
            </tbody></table>` : '<div class="section-body muted">No consumer team is granted this product yet.</div>'}
        </div>

        <div class="card section">
          <div class="section-head"><h2>Versions</h2><span class="meta">one public topic per major</span></div>
          ${p.versions.length ? `<table><tbody>${p.versions.map(v => `<tr>
              <td><strong>v${v.major}</strong></td><td><code>${esc(v.publicTopic)}</code></td><td>${statusBadge(v.status)}</td></tr>`).join('')}
            </tbody></table>` : '<div class="section-body muted">None announced.</div>'}
        </div>

        ${byCode.length ? `<div class="card section">
          <div class="section-head"><h2>Quarantined by reason</h2><span class="meta">all time</span></div>
          <div class="section-body">${byCode.map(([code, n]) => `<div class="bar-row"><code>${esc(code)}</code>
            <div class="bar"><span style="width:${Math.round(n / maxCode * 100)}%"></span></div><span class="num">${fmt(n)}</span></div>`).join('')}</div>
        </div>` : ''}
      </div>
    </div>`;
  state.detail = p;
}

async function showProduct(id) {
  try {
    renderProduct(await getJson(`/api/products/${encodeURIComponent(id)}`));
  } catch (e) {
    $('#product-page').innerHTML = `<a class="back" href="#/">← All products</a>
      <div class="card empty"><strong>${e.status === 404 ? 'No such product' : 'Could not load the product'}</strong>
      <span>${esc(e.message)}</span></div>`;
  }
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  const label = button.textContent;
  button.textContent = 'Copied';
  setTimeout(() => { button.textContent = label; }, 1200);
}

// ---------- routing ----------

function route() {
  const match = location.hash.match(/^#\/products\/(.+)$/);
  state.productId = match ? decodeURIComponent(match[1]) : null;
  $('#catalog-page').hidden = state.productId !== null;
  $('#product-page').hidden = state.productId === null;
  if (state.productId) {
    window.scrollTo(0, 0);
    $('#product-page').innerHTML = '<div class="card empty"><span>Loading…</span></div>';
    showProduct(state.productId);
  } else {
    renderTable();
    reloadSoon(); // what changed while a product was shown
  }
}

// ---------- live updates ----------

function connect() {
  const live = $('#live');
  const source = new EventSource('/api/stream');
  let connectedBefore = false;
  source.addEventListener('hello', () => {
    live.className = 'live on';
    $('.live-label', live).textContent = 'Live';
    if (connectedBefore) loadAll().catch(e => toast(e.message)); // catch up on what was missed while away
    connectedBefore = true;
  });
  source.addEventListener('product', event => {
    const p = JSON.parse(event.data);
    const shown = state.rows.findIndex(r => r.id === p.id);
    if (shown >= 0) { // on the page now: updated at once; whether it still matches comes with the next fetch
      state.rows[shown] = p;
      state.flash.add(p.id);
    }
    onChange(p.id, shown >= 0);
  });
  source.addEventListener('removed', event => onChange(JSON.parse(event.data).id, false));
  source.onerror = () => {
    live.className = 'live off';
    $('.live-label', live).textContent = 'Reconnecting…';
  };
}

let renderQueued = false;

// Bursts of changes render once per frame.
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderTable();
  });
}

let reloadTimer = null;

// Changes can move products into or out of the page and the figures: fetched again at most twice a second, however
// many changes arrive (a debounce would starve under a steady stream of them).
function reloadSoon() {
  if (reloadTimer) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    if (state.productId === null) loadAll().catch(e => toast(e.message));
  }, 500);
}

function onChange(id, shown) {
  if (state.productId === null) {
    if (shown) scheduleRender();
    reloadSoon();
  } else if (state.productId === id) {
    showProduct(id);
  }
}

// ---------- wiring ----------

document.addEventListener('DOMContentLoaded', () => {
  $('#search').addEventListener('input', () => scheduleRefresh());
  ['#filter-domain', '#filter-status', '#filter-pii', '#filter-breached']
    .forEach(s => $(s).addEventListener('change', () => scheduleRefresh(0)));
  $('#page-prev').addEventListener('click', () => turnPage(-1));
  $('#page-next').addEventListener('click', () => turnPage(1));
  $('#products tbody').addEventListener('click', event => {
    const tr = event.target.closest('tr[data-id]');
    if (tr && !event.target.closest('a')) location.hash = `#/products/${encodeURIComponent(tr.dataset.id)}`;
  });
  $('#product-page').addEventListener('click', event => {
    const tab = event.target.closest('[data-tab]');
    if (tab && state.detail) {
      state.snippetTab = tab.dataset.tab;
      renderProduct(state.detail);
    }
    const copy = event.target.closest('[data-copy]');
    if (copy) copyText(copy.dataset.copy === 'topic' ? $('#topic-name').textContent : plain($('#snippet').innerHTML), copy);
  });
  window.addEventListener('hashchange', route);
  loadAll().then(route).catch(e => toast(`Could not load the catalog: ${e.message}`));
  connect();
  setInterval(() => { if (state.productId === null) renderTable(); }, 30000); // keeps "updated … ago" honest
});
