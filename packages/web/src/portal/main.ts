/**
 * The public portal (/portal/): plain TypeScript and the DOM, no framework and no staff code — it calls only the
 * anonymous public API (/api/public/…). Chinese first, English on request (remembered in localStorage). Text from
 * the server is always set as text (textContent), never as HTML.
 */
import './portal.css';
import { riskMap } from './portal-map.ts';
import { type Lang, t } from './portal.messages.ts';

// biome-ignore lint/suspicious/noExplicitAny: the public API's JSON, read field by field (the portal carries no generated types)
type Json = Record<string, any>;

let lang: Lang = localStorage.getItem('portal.lang') === 'en' ? 'en' : 'zh';
const root = document.getElementById('portal')!;

/** Element helper: tag, attributes, children (strings become text nodes). */
function h(
  tag: string,
  attrs: Record<string, string | undefined> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}
const svg = (tag: string, attrs: Record<string, string>) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
};

async function get(path: string): Promise<Json> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'omit' });
  if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
  return res.json();
}

const pick = (zh: string, en: string | null | undefined) => (lang === 'en' && en ? en : zh);
const fmtDate = (iso: string) =>
  new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
const fmtDay = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', dateStyle: 'medium' });
const num = (n: number | null, k: number) => (n === null ? `<${k}` : String(n));

function link(href: string, text: string, attrs: Record<string, string> = {}) {
  const a = h('a', { href, ...attrs }, text);
  a.addEventListener('click', (e) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || !href.startsWith('/portal')) return;
    e.preventDefault();
    history.pushState(null, '', href);
    void render();
  });
  return a;
}

function shell(content: HTMLElement) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  const toggle = h('button', { class: 'lang', type: 'button', lang: lang === 'en' ? 'zh-CN' : 'en' }, t(lang, 'switchLang'));
  toggle.addEventListener('click', () => {
    lang = lang === 'en' ? 'zh' : 'en';
    localStorage.setItem('portal.lang', lang);
    void render();
  });
  const header = h(
    'header',
    { class: 'top' },
    h('h1', {}, link('/portal/', t(lang, 'title'))),
    h(
      'nav',
      { 'aria-label': t(lang, 'navLabel') },
      link('/portal/', t(lang, 'navHome')),
      link('/portal/bulletins', t(lang, 'navBulletins')),
      link('/portal/report', t(lang, 'navReport')),
      link('/portal/health', t(lang, 'navHealth')),
      h('a', { href: '/api/public/open-data/daily.csv' }, t(lang, 'navOpenData')),
    ),
    toggle,
  );
  const footer = h(
    'footer',
    {},
    h('p', {}, t(lang, 'footer')),
    h(
      'p',
      {},
      h('a', { href: '/api/public/feed.atom' }, 'Atom'),
      ' · ',
      h('a', { href: '/api/public/open-data/daily.json' }, 'JSON'),
      ' · ',
      h('a', { href: '/api/public/open-data/daily.csv' }, 'CSV'),
    ),
  );
  const main = h('main', { id: 'main', tabindex: '-1' }, content);
  root.replaceChildren(header, main, footer);
}

function curve(daily: { date: string; reported: number }[]) {
  const w = 560;
  const hgt = 140;
  const max = Math.max(1, ...daily.map((d) => d.reported));
  const bw = w / daily.length;
  const chart = svg('svg', { viewBox: `0 0 ${w} ${hgt + 20}`, class: 'chart', role: 'img', 'aria-labelledby': 'curve-title' });
  const title = svg('title', { id: 'curve-title' });
  title.textContent = t(lang, 'curveAlt', { days: daily.length, max });
  chart.append(title);
  daily.forEach((d, i) => {
    const bh = (d.reported / max) * hgt;
    chart.append(svg('rect', { x: String(i * bw + 1), y: String(hgt - bh), width: String(Math.max(1, bw - 2)), height: String(bh) }));
  });
  const first = svg('text', { x: '0', y: String(hgt + 16), 'font-size': '12', fill: '#57606a' });
  first.textContent = daily[0]?.date.slice(5) ?? '';
  const last = svg('text', { x: String(w), y: String(hgt + 16), 'font-size': '12', 'text-anchor': 'end', fill: '#57606a' });
  last.textContent = daily[daily.length - 1]?.date.slice(5) ?? '';
  chart.append(first, last);
  const table = h(
    'table',
    { class: 'sr-only' },
    h('caption', {}, t(lang, 'curveCaption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t(lang, 'date')), h('th', { scope: 'col' }, t(lang, 'reported')))),
    h('tbody', {}, ...daily.map((d) => h('tr', {}, h('td', {}, d.date), h('td', {}, String(d.reported))))),
  );
  return h('div', {}, chart, table);
}

function figuresBlock(f: Json) {
  const k = f.byTownship.k;
  const cards = h(
    'div',
    { class: 'cards' },
    h('div', { class: 'card' }, h('div', { class: 'n' }, String(f.totals.newReported)), h('div', { class: 'l' }, t(lang, 'newReported'))),
    h(
      'div',
      { class: 'card' },
      h('div', { class: 'n' }, String(f.totals.cumulative)),
      h('div', { class: 'l' }, t(lang, 'cumulative', { from: fmtDay(f.cumulativeFrom) })),
    ),
    h(
      'div',
      { class: 'card' },
      h('div', { class: 'n' }, String(f.trend.last7)),
      h('div', { class: 'l' }, t(lang, 'last7', { prev: f.trend.previous7 })),
    ),
  );
  const rows = f.byTownship.rows as Json[];
  const table = f.byTownship.withheld
    ? h('p', { class: 'meta' }, t(lang, 'withheld'))
    : h(
        'table',
        {},
        h('caption', { class: 'meta' }, t(lang, 'byTownship', { k })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t(lang, 'township')),
            h('th', { scope: 'col', class: 'num' }, t(lang, 'newShort')),
            h('th', { scope: 'col', class: 'num' }, t(lang, 'cumulativeShort')),
          ),
        ),
        h(
          'tbody',
          {},
          ...rows.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, pick(r.name, r.nameEn)),
              h('td', { class: 'num' }, num(r.newReported, k)),
              h('td', { class: 'num' }, num(r.cumulative, k)),
            ),
          ),
        ),
      );
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'meta' },
      t(lang, 'asOf', { day: fmtDay(f.reportDate), disease: f.disease ? pick(f.disease.name, f.disease.nameEn) : t(lang, 'allDiseases') }),
    ),
    cards,
    h('h3', {}, t(lang, 'curve')),
    curve(f.trend.daily),
    table,
    f.byAgeSex ? ageSexTable(f.byAgeSex) : null,
  );
}

/** The cumulative cases by age band and sex (bands in years; suppressed entries shown as "<k"). */
function ageSexTable(a: Json) {
  const k = a.k;
  if (a.withheld) return h('p', { class: 'meta' }, t(lang, 'ageSexWithheld'));
  const band = (b: string) => (b === 'unknown' || b === 'all' ? t(lang, `band.${b}`) : b);
  const cols = ['male', 'female', 'unknown'] as const;
  return h(
    'table',
    {},
    h('caption', { class: 'meta' }, t(lang, 'byAgeSex', { k })),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t(lang, 'ageBand')),
        h('th', { scope: 'col', class: 'num' }, t(lang, 'male')),
        h('th', { scope: 'col', class: 'num' }, t(lang, 'female')),
        h('th', { scope: 'col', class: 'num' }, t(lang, 'sexUnknown')),
        h('th', { scope: 'col', class: 'num' }, t(lang, 'total')),
      ),
    ),
    h(
      'tbody',
      {},
      ...(a.rows as Json[]).map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, band(r.band)),
          ...cols.map((c) => h('td', { class: 'num' }, num(r[c], k))),
          h('td', { class: 'num' }, num(r.total, k)),
        ),
      ),
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, band('all')),
        ...cols.map((c) => h('td', { class: 'num' }, num(a.totals[c], k))),
        h('td', { class: 'num' }, String(a.total)),
      ),
    ),
  );
}

function bulletinItem(b: Json) {
  return h(
    'li',
    {},
    b.status === 'withdrawn' ? h('span', { class: 'badge withdrawn' }, t(lang, 'withdrawnBadge')) : null,
    b.corrected ? h('span', { class: 'badge corrected' }, t(lang, 'correctedBadge')) : null,
    link(`/portal/bulletins/${b.id}`, pick(b.title, b.titleEn)),
    h('div', { class: 'meta' }, `${t(lang, `kind.${b.kind}`)} · ${fmtDate(b.publishedAt)}`),
  );
}

/** The risk areas on the district's map (SVG), labelled with every area's name and level. */
function riskMapOf(map: Json | null, items: Json[]) {
  if (!map) return null;
  const nameOf = (a: Json) => `${t(lang, `risk.${a.level}`)}：${pick(a.name, a.nameEn)}${a.drawn ? t(lang, 'riskMapDrawn') : ''}`;
  const label =
    items.length === 0 ? t(lang, 'riskMapNone') : t(lang, 'riskMapLabel', { areas: items.map(nameOf).join(lang === 'en' ? '; ' : '；') });
  const svg = riskMap(map, items, { label, nameOf, townshipName: (x) => pick(x.name, x.nameEn) });
  if (!svg) return null;
  const legend = h(
    'p',
    { class: 'legend', 'aria-hidden': 'true' },
    ...['high', 'medium', 'low'].map((l) => h('span', { class: `badge ${l}` }, t(lang, `risk.${l}`))),
  );
  return h('figure', { class: 'map' }, svg, legend);
}

/** A bulletin's images with their alt text (the server re-encoded them without metadata). */
function imagesOf(images: Json[]) {
  if (images.length === 0) return null;
  return h(
    'section',
    { 'aria-label': t(lang, 'images') },
    ...images.map((i) =>
      h(
        'figure',
        { class: 'image' },
        h('img', {
          src: i.url,
          alt: pick(i.alt, i.altEn),
          width: String(i.width),
          height: String(i.height),
          loading: 'lazy',
          decoding: 'async',
        }),
        h('figcaption', { class: 'meta' }, pick(i.alt, i.altEn)),
      ),
    ),
  );
}

function riskList(items: Json[]) {
  if (items.length === 0) return h('p', {}, t(lang, 'noRisk'));
  return h(
    'ul',
    { class: 'list' },
    ...items.map((a) =>
      h(
        'li',
        {},
        h('span', { class: `badge ${a.level}` }, t(lang, `risk.${a.level}`)),
        h('strong', {}, pick(a.name, a.nameEn)),
        h('div', { class: 'meta' }, `${fmtDay(a.startsOn)} – ${a.endsOn ? fmtDay(a.endsOn) : t(lang, 'untilFurther')}`),
        a.note ? h('div', {}, pick(a.note, a.noteEn)) : null,
      ),
    ),
  );
}

/** Body text: paragraphs, '## ' headings, '- ' lists and '|' tables — built as elements, never as HTML. */
function article(text: string) {
  const out = h('div', { class: 'article' });
  const blocks = text.replace(/\r/g, '').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => l.trim().startsWith('|'))) {
      const cells = (l: string) =>
        l
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((c) => c.trim());
      const body = lines.filter((l) => !/^\|\s*-{3,}/.test(l.trim()));
      const [head, ...rest] = body;
      out.append(
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ...cells(head!).map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...rest.map((r) => h('tr', {}, ...cells(r).map((c) => h('td', {}, c))))),
        ),
      );
    } else if (lines.every((l) => l.trim().startsWith('- '))) {
      out.append(h('ul', {}, ...lines.map((l) => h('li', {}, l.trim().slice(2)))));
    } else if (lines[0]!.startsWith('## ')) {
      out.append(h('h3', {}, lines[0]!.slice(3)));
      if (lines.length > 1) out.append(h('p', {}, lines.slice(1).join('\n')));
    } else {
      out.append(h('p', {}, lines.join('\n')));
    }
  }
  return out;
}

async function home() {
  const [situation, list, risk, services, map] = await Promise.all([
    get('/api/public/situation'),
    get('/api/public/bulletins?pageSize=8'),
    get('/api/public/risk-areas'),
    get('/api/public/services'),
    get('/api/public/map').catch(() => null),
  ]);
  document.title = t(lang, 'title');
  return h(
    'div',
    {},
    h(
      'section',
      { 'aria-labelledby': 'sit' },
      h('h2', { id: 'sit' }, t(lang, 'situation')),
      situation.figures ? figuresBlock(situation.figures) : h('p', {}, t(lang, 'noSituation')),
    ),
    h(
      'div',
      { class: 'two' },
      h(
        'section',
        { 'aria-labelledby': 'latest' },
        h('h2', { id: 'latest' }, t(lang, 'latest')),
        h('ul', { class: 'list' }, ...list.items.map(bulletinItem)),
        link('/portal/bulletins', t(lang, 'allBulletins')),
      ),
      h(
        'section',
        { 'aria-labelledby': 'risk' },
        h('h2', { id: 'risk' }, t(lang, 'riskAreas')),
        riskMapOf(map, risk.items),
        riskList(risk.items),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'clinics' },
      h('h2', { id: 'clinics' }, t(lang, 'clinics')),
      h(
        'ul',
        { class: 'list' },
        ...services.hotlines.map((l: Json) =>
          h('li', {}, h('strong', {}, pick(l.name, l.nameEn)), ' ', h('a', { href: `tel:${l.phone.replace(/[^\d+]/g, '')}` }, l.phone)),
        ),
        ...services.feverClinics.map((c: Json) =>
          h(
            'li',
            {},
            h('strong', {}, pick(c.name, c.nameEn)),
            h('div', { class: 'meta' }, [pick(c.townshipName, c.townshipNameEn), c.address].filter(Boolean).join(' · ')),
            c.phone ? h('a', { href: `tel:${c.phone.replace(/[^\d+]/g, '')}` }, c.phone) : null,
          ),
        ),
      ),
    ),
  );
}

async function bulletinList() {
  const list = await get('/api/public/bulletins?pageSize=100');
  document.title = `${t(lang, 'navBulletins')} · ${t(lang, 'title')}`;
  return h('section', {}, h('h2', {}, t(lang, 'navBulletins')), h('ul', { class: 'list' }, ...list.items.map(bulletinItem)));
}

async function bulletinPage(id: string) {
  const b = await get(`/api/public/bulletins/${encodeURIComponent(id)}`);
  const map = b.riskAreas.length > 0 ? await get('/api/public/map').catch(() => null) : null;
  document.title = `${pick(b.title, b.titleEn)} · ${t(lang, 'title')}`;
  const parts: (HTMLElement | null)[] = [
    h('h2', {}, pick(b.title, b.titleEn)),
    h(
      'p',
      { class: 'meta' },
      `${t(lang, `kind.${b.kind}`)} · ${t(lang, 'publishedAt', { at: fmtDate(b.publishedAt) })} · ${t(lang, 'version', { v: b.version })}`,
    ),
  ];
  if (b.status === 'withdrawn')
    parts.push(
      h(
        'div',
        { class: 'notice withdrawn', role: 'note' },
        h('strong', {}, t(lang, 'withdrawnNotice', { at: fmtDate(b.withdrawnAt) })),
        h('p', {}, b.withdrawnReason ?? ''),
      ),
    );
  if (b.status === 'superseded')
    parts.push(
      h(
        'div',
        { class: 'notice', role: 'note' },
        t(lang, 'supersededNotice'),
        ' ',
        link(`/portal/bulletins/${b.latestId}`, t(lang, 'readLatest')),
      ),
    );
  if (b.correctionNote)
    parts.push(
      h(
        'div',
        { class: 'notice', role: 'note' },
        h('strong', {}, t(lang, 'correctionNote')),
        h('p', {}, pick(b.correctionNote, b.correctionNoteEn)),
      ),
    );
  parts.push(article(pick(b.body, b.bodyEn)));
  parts.push(imagesOf(b.images ?? []));
  if (b.figures) parts.push(h('section', {}, h('h3', {}, t(lang, 'figures')), figuresBlock(b.figures)));
  if (b.riskAreas.length > 0)
    parts.push(h('section', {}, h('h3', {}, t(lang, 'riskAreas')), riskMapOf(map, b.riskAreas), riskList(b.riskAreas)));
  if (b.versions.length > 1)
    parts.push(
      h(
        'section',
        {},
        h('h3', {}, t(lang, 'versions')),
        h(
          'ul',
          { class: 'list' },
          ...b.versions.map((v: Json) =>
            h(
              'li',
              {},
              link(`/portal/bulletins/${v.id}`, t(lang, 'version', { v: v.version })),
              ` · ${fmtDate(v.publishedAt)} · ${t(lang, `status.${v.status}`)}`,
              v.correctionNote ? h('div', { class: 'meta' }, pick(v.correctionNote, v.correctionNoteEn)) : null,
            ),
          ),
        ),
      ),
    );
  return h('article', {}, ...parts);
}

async function reportForm() {
  const places = await get('/api/public/places');
  document.title = `${t(lang, 'navReport')} · ${t(lang, 'title')}`;
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const kind = h(
    'select',
    { id: 'kind', name: 'kind', required: '' },
    h('option', { value: 'symptoms' }, t(lang, 'kindSymptoms')),
    h('option', { value: 'rumour' }, t(lang, 'kindRumour')),
  ) as HTMLSelectElement;
  const place = h(
    'select',
    { id: 'place', name: 'place' },
    h('option', { value: '' }, t(lang, 'placeNone')),
    ...places.items.map((p: Json) => h('option', { value: p.id }, `${p.level === 'community' ? '　' : ''}${pick(p.name, p.nameEn)}`)),
  ) as HTMLSelectElement;
  const day = h('input', { id: 'day', name: 'day', type: 'date' }) as HTMLInputElement;
  const text = h('textarea', {
    id: 'text',
    name: 'text',
    rows: '5',
    maxlength: '1000',
    required: '',
    'aria-describedby': 'text-help',
  }) as HTMLTextAreaElement;
  const form = h(
    'form',
    { novalidate: '' },
    h('label', { for: 'kind' }, t(lang, 'formKind')),
    kind,
    h('label', { for: 'text' }, t(lang, 'formText')),
    text,
    h('p', { id: 'text-help', class: 'meta' }, t(lang, 'formTextHelp')),
    h('label', { for: 'place' }, t(lang, 'formPlace')),
    place,
    h('label', { for: 'day' }, t(lang, 'formDay')),
    day,
    h('button', { type: 'submit' }, t(lang, 'formSend')),
    status,
  ) as HTMLFormElement;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.className = '';
    if (text.value.trim() === '') {
      status.className = 'error';
      status.textContent = t(lang, 'formEmpty');
      text.focus();
      return;
    }
    const res = await fetch('/api/public/reports', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: kind.value, text: text.value, placeId: place.value || null, occurredOn: day.value || null }),
    });
    if (res.ok) {
      const body = await res.json();
      form.reset();
      status.className = 'ok';
      status.textContent = t(lang, 'formThanks', { ref: body.reference });
    } else {
      status.className = 'error';
      status.textContent = res.status === 429 ? t(lang, 'formTooMany') : t(lang, 'formInvalid');
    }
  });
  return h('section', {}, h('h2', {}, t(lang, 'navReport')), h('p', {}, t(lang, 'formIntro')), form);
}

/** Health education materials (GET /api/public/education), filtered by audience and language in the address. */
async function healthPage() {
  const params = new URLSearchParams(location.search);
  const audience = params.get('audience') ?? '';
  const language = params.get('language') ?? '';
  const query = new URLSearchParams();
  if (audience) query.set('audience', audience);
  if (language) query.set('language', language);
  const [list, all] = await Promise.all([get(`/api/public/education?${query.toString()}`), get('/api/public/education')]);
  document.title = `${t(lang, 'healthTitle')} · ${t(lang, 'title')}`;
  const audiences = ['general', 'schools', 'port_river_workers', 'elderly', 'migrants', 'businesses'];
  const languages = [...new Set((all.items as Json[]).map((m) => String(m.language)))].sort();
  const href = (a: string, l: string) => {
    const q = new URLSearchParams();
    if (a) q.set('audience', a);
    if (l) q.set('language', l);
    const s = q.toString();
    return `/portal/health${s ? `?${s}` : ''}`;
  };
  const chips = (items: [string, string][], current: string, make: (v: string) => string) =>
    h('p', { class: 'chips' }, ...items.map(([v, label]) => (v === current ? h('strong', {}, label) : link(make(v), label))));
  return h(
    'section',
    {},
    h('h2', {}, t(lang, 'healthTitle')),
    h('p', {}, t(lang, 'healthIntro')),
    chips([['', t(lang, 'healthAllAudiences')], ...audiences.map((a): [string, string] => [a, t(lang, `audience.${a}`)])], audience, (a) =>
      href(a, language),
    ),
    chips([['', t(lang, 'healthAllLanguages')], ...languages.map((l): [string, string] => [l, t(lang, `language.${l}`)])], language, (l) =>
      href(audience, l),
    ),
    list.items.length === 0
      ? h('p', {}, t(lang, 'healthNone'))
      : h(
          'ul',
          { class: 'list' },
          ...(list.items as Json[]).map((m) =>
            h(
              'li',
              { lang: m.language },
              h('strong', {}, m.title),
              h(
                'div',
                { class: 'meta' },
                `${t(lang, `audience.${m.audience}`)} · ${t(lang, `language.${m.language}`)} · ${fmtDate(m.publishedAt)}`,
              ),
              m.summary ? h('p', {}, m.summary) : null,
              m.body ? article(m.body) : null,
              m.url && /^https?:\/\//.test(m.url) ? h('a', { href: m.url, rel: 'noopener noreferrer' }, t(lang, 'healthOpen')) : null,
            ),
          ),
        ),
  );
}

async function render() {
  const path = location.pathname.replace(/\/+$/, '');
  try {
    const m = path.match(/^\/portal\/bulletins\/([0-9a-fA-F-]{36})$/);
    const content = m
      ? await bulletinPage(m[1]!)
      : path === '/portal/bulletins'
        ? await bulletinList()
        : path === '/portal/report'
          ? await reportForm()
          : path === '/portal/health'
            ? await healthPage()
            : await home();
    shell(content);
  } catch (err) {
    shell(
      h('p', { class: 'error', role: 'alert' }, (err as { status?: number }).status === 404 ? t(lang, 'notFound') : t(lang, 'loadFailed')),
    );
  }
}

window.addEventListener('popstate', () => void render());
void render();
