// Real-browser test of the Khaldun UI: loads the page, applies a filter,
// opens an event, checks the evidence is highlighted, saves screenshots.
// Needs a running server: KHALDUN_URL (default http://127.0.0.1:8090).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const BASE = process.env.KHALDUN_URL || 'http://127.0.0.1:8090';
const SHOTS = process.env.SCREENSHOT_DIR || new URL('./screenshots/', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

test('map, filter, event page with highlighted evidence', { timeout: 120_000 }, async () => {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // the page must work offline: fail on any request that leaves the server
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(BASE)) foreign.push(r.url()); });
    page.on('dialog', (d) => { errors.push(`dialog opened: ${d.message()}`); d.dismiss(); });

    await page.goto(BASE + '/', { waitUntil: 'load' });
    await page.waitForSelector('body[data-loaded=true]', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('#map .cluster, #map path.leaflet-interactive').length > 0,
      null, { timeout: 30_000 });
    const total = await page.locator('#event-list li.ev').count();
    assert.ok(total > 0, 'the event list is empty');
    await page.waitForFunction(() => document.querySelectorAll('#map svg path').length > 50, null, { timeout: 30_000 })
      .catch(() => {});
    const outlines = await page.locator('#map svg path').count();
    assert.ok(outlines > 50, `expected country outlines on the map, got ${outlines} paths`);
    const bars = await page.locator('#timeline rect').count();
    assert.ok(bars > 0, 'the timeline has no bars');
    // precision-aware: events dated only to a month or year are counted apart, not piled on the 1st
    const every = await (await page.request.get(`${BASE}/api/events?limit=1000`)).json();
    const coarse = every.events.filter((e) => e.time_precision >= 3 && e.acled_event_type !== 'Strategic developments').length;
    if (coarse) {
      const axisText = (await page.locator('#timeline text').allTextContents()).join(' ');
      assert.ok(axisText.includes(`${coarse} dated only to a month or year`), `timeline says: ${axisText}`);
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/overview.png` });

    // spikes: admin1 units improbably busy for their baseline, listed above the events
    await page.waitForSelector('#spikes li.spike', { timeout: 15_000 });
    assert.match(await page.locator('#spikes li.spike').first().textContent(), /week of \d{4}-\d{2}-\d{2} · .*p = /);

    // the default view: political violence and demonstrations; strategic developments one click away
    const typesShown = await page.$$eval('#event-list li.ev', (ls) => ls.map((l) => l.dataset.type));
    assert.ok(!typesShown.includes('Strategic developments'), 'strategic developments are hidden by default');
    await page.locator('input[name=strategic]').check();
    await page.waitForFunction(() => [...document.querySelectorAll('#event-list li.ev')]
      .some((l) => l.dataset.type === 'Strategic developments'), null, { timeout: 15_000 });
    await page.locator('input[name=strategic]').uncheck();
    await page.waitForFunction(() => ![...document.querySelectorAll('#event-list li.ev')]
      .some((l) => l.dataset.type === 'Strategic developments'), null, { timeout: 15_000 });

    // apply a filter: the PLOVER type of the first listed event
    const firstType = (await page.locator('#event-list li.ev .sub').first().textContent()).trim();
    await page.locator(`#types input[value="${firstType}"]`).check();
    const listed = page.waitForResponse((r) => r.url().includes('/api/events?') && r.url().includes(`type=${firstType}`));
    await page.click('#apply');
    await listed;
    await page.waitForTimeout(300);
    const types = await page.locator('#event-list li.ev .sub').allTextContents();
    assert.ok(types.length > 0, 'the filter left no events');
    assert.ok(types.every((t) => t.trim() === firstType), `filter not applied: ${types}`);

    // open the first event
    await page.locator('#event-list li.ev a').first().click();
    await page.waitForSelector('#event-title', { timeout: 15_000 });
    await page.waitForSelector('.evidence mark.hl', { timeout: 15_000 });
    const kinds = await page.$$eval('.evidence mark.hl', (ms) => [...new Set(ms.map((m) => m.className))]);
    assert.ok(kinds.some((k) => k.includes('hl-trigger')), `no highlighted trigger: ${kinds}`);
    const parts = ['hl-actor', 'hl-target', 'hl-place', 'hl-date', 'hl-number'].filter((k) => kinds.some((c) => c.includes(k)));
    assert.ok(parts.length >= 2, `expected at least two of actor/target/place/date/number highlighted, got ${kinds}`);
    const status = await page.locator('#detail-view .status').first().textContent();
    assert.match(status, /asserted|reported|claimed|alleged|denied/);
    const chain = await page.locator('.chain li').count();
    assert.ok(chain > 0, 'no source chain');
    // no markup from article text became elements
    const injected = await page.locator('#detail-view script, #detail-view b').count();
    assert.equal(injected, 0, 'article text was rendered as HTML');
    await page.screenshot({ path: `${SHOTS}/event.png` });

    // the actor page opens from the event page
    const actorLink = page.locator('dl.facts a[href^="#/actor/"]').first();
    if (await actorLink.count()) {
      await actorLink.click();
      await page.waitForSelector('#detail-view h3', { timeout: 15_000 });
      await page.screenshot({ path: `${SHOTS}/actor.png` });
    }

    // the label layer: towns and admin units from the gazetteer once zoomed in
    await page.goto(BASE + '/#/', { waitUntil: 'load' });
    await page.waitForSelector('body[data-loaded=true]', { timeout: 30_000 });
    await page.fill('#place-search', 'Mopti');
    await page.waitForResponse((r) => r.url().includes('/api/places?q=Mopti'), { timeout: 15_000 });
    await page.press('#place-search', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('.place-label').length > 3, null, { timeout: 20_000 });
    const labels = await page.locator('.place-label').allTextContents();
    assert.ok(labels.some((l) => /Mopti|Sévaré|Djenné/.test(l)), `labels near Mopti: ${labels}`);
    await page.screenshot({ path: `${SHOTS}/labels.png` });

    // fallback markers: an event dated by its article's publication says so; a short id works
    const all = await (await page.request.get(`${BASE}/api/events?limit=1000`)).json();
    const fallback = all.events.find((e) => e.date_source === 'published');
    assert.ok(fallback, 'the demo has an event dated by publication');
    await page.goto(`${BASE}/#/event/${fallback.id.slice(0, 12)}`, { waitUntil: 'load' });
    await page.waitForSelector('#event-title', { timeout: 15_000 });
    const when = await page.locator('dl.facts dd').nth(1).textContent();
    assert.match(when, /on or shortly before .*date of publication/);
    assert.ok(await page.locator('dl.facts .fallback').count() >= 1, 'fallback marker');
    const heading = await page.locator('#event-title').textContent();
    assert.ok(heading.includes(fallback.acled_event_type), `ACLED type in the heading: ${heading}`);
    await page.waitForTimeout(800); // the map's pan animation
    await page.screenshot({ path: `${SHOTS}/event-fallback.png` });

    // an actor page: aliases, affiliation chain, description, its own map
    const actors = await (await page.request.get(`${BASE}/api/actors?limit=200`)).json();
    let profiled = null;
    for (const a of actors.filter((x) => !x.id.startsWith('name:'))) {
      const r = await page.request.get(`${BASE}/api/actors/${encodeURIComponent(a.id)}/profile`);
      if (r.ok() && (await r.json()).affiliations.length) { profiled = a; break; }
    }
    assert.ok(profiled, 'an actor of the demo has an affiliation chain');
    await page.goto(`${BASE}/#/actor/${encodeURIComponent(profiled.id)}`, { waitUntil: 'load' });
    await page.waitForSelector('#actor-title', { timeout: 15_000 });
    await page.waitForSelector('.profile .chain li', { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('#actor-map path.leaflet-interactive').length > 0, null, { timeout: 15_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/actor-page.png` });

    // the brief: a self-contained page whose every reference resolves
    await page.goto(`${BASE}/api/brief?country=ML`, { waitUntil: 'load' });
    assert.match(await page.locator('h1').textContent(), /Situation brief: Mali/);
    assert.ok(await page.locator('figure.map svg circle').count() > 0, 'events on the brief map');
    assert.ok(await page.locator('figure.chart svg rect').count() > 10, 'weekly chart');
    const dangling = await page.$$eval('a[href^="#e"]', (as) => as.map((a) => a.getAttribute('href'))
      .filter((h) => !document.getElementById(h.slice(1))));
    assert.deepEqual(dangling, [], 'every reference of the brief resolves');
    await page.screenshot({ path: `${SHOTS}/brief.png`, fullPage: true });

    assert.deepEqual(errors, [], 'page errors');
    assert.deepEqual(foreign, [], 'requests left the server (the UI must work offline)');
  } finally {
    await browser.close();
  }
});

test('a badge counts the events new since the last visit', { timeout: 60_000 }, async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    // a first visit long ago: every stored event is new
    await page.goto(BASE + '/', { waitUntil: 'load' });
    await page.evaluate(() => localStorage.setItem('khaldun.lastVisit', '2000-01-01T00:00:00Z'));
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#new-since', { timeout: 15_000 });
    const text = (await page.locator('#new-since').textContent()).trim();
    assert.match(text, /^[1-9]\d* new since your last visit$/);
    // the next visit: nothing new since this one
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('body[data-loaded=true]', { timeout: 30_000 });
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('#new-since').count(), 0, 'the badge came back with nothing new');
  } finally {
    await browser.close();
  }
});
