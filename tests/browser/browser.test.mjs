// browser.test.mjs - the web interface in a real browser: Debian's chromium
// driven by playwright-core. Searches, opens a dossier, follows a footnote,
// opens the ownership picture and downloads it, visits the typology and the
// screening page, judges a duplicate pair in the review queue (and sees a contradiction
// refused), and loads pages of entities whose names are XSS payloads,
// asserting that nothing executes (no dialog, no marker set, no inline script
// or handler allowed by the CSP). Screenshots of the key pages go to SHOTS.
// Issue 18: the screening report (verdicts, evidence opened by keyboard, the
// CSV from the page), search (ranking, snippet, did you mean), the dossier
// (names, unique ids, links), deployments with the map and the change log,
// each at 1280 px checked for horizontal overflow, pictures for their names.
//
// usage: node browser.test.mjs BASE_URL SHOTS_DIR PROFILE_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [base, shots, profile] = process.argv.slice(2);
const url = (p) => new URL(p, base).toString();
let passed = 0, failed = 0;
const check = (cond, what) => {
  if (cond) passed++;
  else { failed++; console.error('FAIL: ' + what); }
};
fs.mkdirSync(shots, { recursive: true });

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || await context.newPage();
const dialogs = [];
const cspViolations = [];
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
const shot = async (name) => page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
const xssMarker = async () => page.evaluate(() => window.__xss);
// no horizontal overflow at 1280 px: the page is no wider than the window
const fits = async (what) => {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check(sw <= cw, what + ': no horizontal overflow at 1280 px (' + sw + ' > ' + cw + ')');
};
// every picture says what it shows
const alts = async (what) => {
  const bare = await page.evaluate(() => [...document.querySelectorAll('img:not([alt]), svg:not([aria-label]):not([aria-labelledby]):not([aria-hidden=true])')]
    .filter((e) => !e.closest('svg') || e.tagName.toLowerCase() === 'svg' && !e.parentElement.closest('svg'))
    .filter((e) => !(e.tagName.toLowerCase() === 'svg' && e.querySelector(':scope > title'))).length);
  check(bare === 0, what + ': every picture has alt text or a title (' + bare + ' without)');
};

try {
  // ---- home and search in Chinese -------------------------------------------------------
  let resp = await page.goto(url('/'));
  check(resp.status() === 200, 'home page status');
  check((resp.headers()['content-security-policy'] || '').includes("default-src 'none'"), 'CSP on pages');
  await shot('01-home');
  await page.fill('form.search input[name=q]', '海康');
  await page.selectOption('form.search select[name=schema]', 'Company');
  await Promise.all([page.waitForURL(/\/search\?/), page.click('form.search button[type=submit]')]);
  const hik = page.locator('ol.results a[href="/entity/co-hikvision"]');
  check(await hik.count() === 1, 'search 海康 (Company) lists Hikvision');
  check(page.url().includes('schema=Company'), 'the filter is in the URL');
  await shot('02-search');

  // ---- the dossier, a footnote -----------------------------------------------------------
  await Promise.all([page.waitForURL(/\/entity\/co-hikvision$/), hik.click()]);
  check(await page.locator('h1').first().innerText() === 'Hikvision', 'dossier heading');
  check((await page.content()).includes('杭州海康威视数字技术股份有限公司'), 'dossier shows the Chinese name');
  check(await page.locator('#statements .status').count() > 5, 'dossier: the status of every claim');
  check(await page.locator('#history tbody tr').count() >= 1, 'dossier: history');
  await shot('03-dossier');
  const ref = page.locator('sup a[href^="#fn"]').first();
  const target = (await ref.getAttribute('href')).slice(1);
  await ref.click();
  check(page.url().endsWith('#' + target), 'following a footnote changes the fragment');
  const note = page.locator('#' + target);
  check(await note.isVisible(), 'the footnote is visible');
  const box = await note.boundingBox();
  const vp = page.viewportSize();
  check(box && box.y >= -1 && box.y < vp.height, 'the footnote is scrolled into view');
  check((await note.innerText()).length > 10, 'the footnote has its citation text');
  await page.screenshot({ path: path.join(shots, '04-footnote.png') });
  // and back to the reference
  await note.locator('a[href^="#ref"]').click();
  check(page.url().includes('#ref'), 'the footnote links back');

  // ---- the ownership picture and its download ------------------------------------------------
  await Promise.all([page.waitForURL(/\/graph\//), page.click('nav.entity a[href^="/graph/"]')]);
  check(await page.locator('figure.graph svg').count() === 1, 'ownership picture: inline SVG');
  check((await page.locator('figure.graph svg text').allTextContents()).some((t) => t.includes('Hikvision')),
        'ownership picture labels');
  await shot('05-graph');
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]);
  const svgPath = path.join(shots, 'ownership.svg');
  await svgDownload.saveAs(svgPath);
  check(fs.readFileSync(svgPath, 'utf8').includes('<svg'), 'the SVG downloads');

  // ---- typology, exposure ---------------------------------------------------------------------
  resp = await page.goto(url('/typology'));
  check(resp.status() === 200 && await page.locator('table.typology tbody tr').count() > 10, 'typology table');
  await shot('06-typology');
  resp = await page.goto(url('/exposure/co-hikvision'));
  check(resp.status() === 200, 'legal exposure page');
  await shot('07-exposure');

  // ---- screening: upload and download once issue 6 is in ---------------------------------------
  resp = await page.goto(url('/screen'));
  const notYet = await page.locator('#notyet').count();
  if (notYet) {
    console.log('SKIP: screening upload and download: entity matching (issue 6) is not in this build; ' +
                'the page says so');
    check((await page.locator('#notyet').innerText()).includes('Not yet available'), 'screening: a clear not-yet page');
    await shot('08-screening');
  } else {
    const csv = path.join(shots, 'vendors.csv');
    fs.writeFileSync(csv, 'name,country\nHikvision,cn\n海康威视,cn\n<script>window.__xss=11</script>,us\nSwann,\n');
    await page.setInputFiles('form.screen input[type=file]', csv);
    await Promise.all([page.waitForURL(/\/screen$/), page.click('form.screen button[type=submit]:not(#download)')]);
    const rows = page.locator('table.screening tbody tr');
    check(await rows.count() === 4, 'screening: one row per vendor');
    check(await page.locator('table.screening a[href="/entity/co-hikvision"]').count() >= 2,
          'screening: Hikvision and 海康威视 both match Hikvision');
    check(await xssMarker() === undefined, 'screening: a hostile vendor name does not execute');
    // the answer first: a verdict and its strongest reason on every row
    check(await rows.nth(0).locator('span.verdict').innerText() === 'listed', 'screening: Hikvision is listed');
    check(await rows.nth(3).locator('span.verdict').innerText() === 'needs review' &&
          (await rows.nth(3).locator('p.reason').innerText()).includes('confidence low, unverified'),
          'screening: Swann (a low, unverified brand link) needs review, with the link\'s confidence');
    check(!(await rows.nth(0).innerText()).includes('co-cetc'), 'screening: names, not ids, in the text');
    // the evidence one click (or key) away
    const ev = rows.nth(0).locator('details');
    check(!(await ev.getAttribute('open') !== null), 'screening: the evidence starts folded');
    await ev.locator('summary').focus();
    await page.keyboard.press('Enter');
    check(await ev.getAttribute('open') !== null, 'screening: the evidence opens from the keyboard');
    check(await ev.locator('li.official').count() >= 3 && await ev.locator('li.history').count() >= 1,
          'screening: the official entries, then the curated history');
    await fits('screening report (evidence open)');
    await shot('08-screening');
    check((await page.locator('#rule-note').innerText()).includes('OFAC 50 Percent Rule'),
          'screening: OFAC is the control rule by default');
    // the download without sending the file again
    const [dl0] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const out0 = path.join(shots, 'screening-report-page.csv');
    await dl0.saveAs(out0);
    const report0 = fs.readFileSync(out0, 'utf8');
    check(report0.startsWith('line,input,country,verdict,reason') && report0.includes(',listed,'),
          'the report downloads as CSV from the page, without uploading again');
    await page.setInputFiles('form.screen input[type=file]', csv);
    await page.selectOption('#rule', 'uk');
    await Promise.all([page.waitForURL(/\/screen$/), page.click('form.screen button[type=submit]:not(#download)')]);
    check((await page.locator('#rule-note').innerText()).includes('UK ownership test') &&
          await page.locator('#rule').inputValue() === 'uk', 'screening: the control rule chosen in the form is used');
    await page.setInputFiles('form.screen input[type=file]', csv);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const out = path.join(shots, 'screening-report.csv');
    await dl.saveAs(out);
    const report = fs.readFileSync(out, 'utf8');
    check(report.startsWith('line,input,country,verdict,reason') && report.includes('co-hikvision'),
          'the screening report downloads as CSV');
  }

  // ---- issue 18: each page read as a reader would, at 1280 px, by keyboard ---------------------
  // search: the party first, its country and lists, the match marked; "did you mean"
  await page.goto(url('/search?q=Hikvision'));
  const first = page.locator('ol.results li').first();
  check(await first.locator('a').first().getAttribute('href') === '/entity/co-hikvision', 'search: the company first');
  check((await first.innerText()).includes('China') && await first.locator('.lists').count() === 1 &&
        await first.locator('mark').first().innerText() === 'Hikvision', 'search: country, lists, the match marked');
  await fits('search');
  await shot('10-search-ranked');
  await page.goto(url('/search?q=Hikvisoin'));
  const dym = page.locator('#did-you-mean a').first();
  check(await dym.count() === 1, 'search: did you mean');
  await dym.focus();
  await Promise.all([page.waitForURL(/\/entity\/co-hikvision$/), page.keyboard.press('Enter')]);
  check(true, 'search: the suggestion followed from the keyboard');
  // the dossier: names not ids, unique anchors, links, the pictures named
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  check(ids.length === new Set(ids).size, 'dossier: every id once (' + ids.filter((x, i) => ids.indexOf(x) !== i).join(',') + ')');
  check(await page.locator('article.dossier a[href="/entity/co-cetc"]').count() >= 1 &&
        !(await page.locator('article.dossier').innerText()).includes('co-cetc'), 'dossier: the parent by name, its id in the link');
  check(await page.locator('article.dossier a[href^="https://"]').count() > 3, 'dossier: web addresses are links');
  check((await page.locator('article.dossier').innerText()).includes('Grid-style surveillance systems used in Xinjiang'),
        'dossier: the alleged Xinjiang links');
  await alts('dossier');
  await fits('dossier');
  await shot('11-dossier');
  // keyboard: the first link after the header is reachable with Tab and has a visible focus
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement && document.activeElement.tagName !== 'BODY'),
        'dossier: Tab moves the focus to a control');
  // deployments with the map
  resp = await page.goto(url('/deployments'));
  check(resp.status() === 200, 'deployments page');
  const map = page.locator('figure.map svg');
  check(await map.count() === 1 && await map.getAttribute('role') === 'img' &&
        (await map.locator('title').first().textContent()).includes('National Intelligence Law'), 'deployments: the map, named');
  check(await map.locator('a').count() > 20, 'deployments: shaded countries link to their lists');
  await alts('deployments');
  await fits('deployments');
  await shot('12-deployments');
  const mm = map.locator('a[href="/deployments?country=mm"]');
  await mm.focus();
  await Promise.all([page.waitForURL(/country=mm/), page.keyboard.press('Enter')]);
  check(await page.locator('#cc-mm').count() === 1 && await page.locator('#cc-sa').count() === 0,
        'deployments: a country on the map opens its list, from the keyboard');
  check((await page.locator('#cc-mm').innerText()).includes('Huawei'), 'deployments: Myanmar lists Huawei');
  await fits('deployments of one country');
  // the change log and its feed
  resp = await page.goto(url('/changes'));
  check(resp.status() === 200 && await page.locator('table.changes tbody tr').count() >= 10, 'change log page');
  check((await page.locator('table.changes tbody tr').first().innerText()).includes('load'), 'change log: kind and origin');
  check(await page.locator('a[href="/changes.atom"]').count() === 1, 'change log: the Atom feed is linked');
  await fits('change log');
  await shot('13-changes');
  resp = await page.request.get(url('/changes.atom'));
  check(resp.status() === 200 && (resp.headers()['content-type'] || '').startsWith('application/atom+xml') &&
        (await resp.text()).includes('<entry>'), 'the Atom feed');

  // ---- the review queue: a known duplicate judged the same, by keyboard, with the token; the dossier
  // lists the referent and the judgement; a contradicting judgement is refused with its message --------
  const token = process.env.OV_TOKEN || '';
  check(token.startsWith('ovt_'), 'the test has a write token (OV_TOKEN)');
  const INTL = 'co-china-mobile-international-usa', INC = INTL + '-inc', USA = 'co-china-mobile-usa';
  const noOverflow = async (what) => {
    const o = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
    check(o.sw <= o.w, `${what}: no horizontal overflow at ${o.w} px (content ${o.sw} px wide)`);
  };
  await page.setViewportSize({ width: 1280, height: 900 });
  resp = await page.goto(url('/review'));
  check(resp.status() === 200 && await page.locator('li.candidate').count() === 20, 'review queue: 20 candidates');
  check(await page.locator('li.candidate').first().locator('section.side').count() === 2 &&
        (await page.locator('li.candidate p.why').first().innerText()).includes('Score'),
        'review queue: the two sides and the matcher\'s explanation');
  await page.screenshot({ path: path.join(shots, '10-review.png') });
  await noOverflow('review queue');
  resp = await page.goto(url('/review?entity=' + INTL));
  const pair = page.locator('li.candidate', { has: page.locator(`input[name=right][value="${INC}"]`) });
  check(await pair.count() === 1, 'review queue of one entity: the known duplicate pair');
  check((await pair.innerText()).includes('China Mobile International USA Inc.'), 'the pair: both names shown');
  // by keyboard only: reason, source, locator, token, then the Same button
  await pair.locator('input[name=reason]').focus();
  await page.keyboard.type('one company: the same name at the same address');
  await page.keyboard.press('Tab');
  await page.keyboard.type('src-curated-restricted-list-events');
  await page.keyboard.press('Tab');
  await page.keyboard.type('rows 12 and 13');
  await page.keyboard.press('Tab');
  await page.keyboard.type(token);
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.value) === 'same', 'keyboard: Tab reaches the Same button');
  await Promise.all([page.waitForURL(url('/review')), page.keyboard.press('Enter')]);
  check(await page.locator('#recorded').isVisible() && !page.url().includes('token'),
        'judged the same: recorded, and the token is not in the URL');
  const sameId = await page.locator('#recorded code.judgement').innerText();
  check(sameId.startsWith('jdg-'), 'the judgement id is shown');
  await Promise.all([page.waitForURL(/\/entity\//), page.click(`#recorded a[href="/entity/${INC}"]`)]);
  const res = page.locator('#resolution');
  check(await res.locator(`ul.referents a[href="/entity/${INTL}"]`).count() === 1, 'the dossier lists the referent');
  check(await res.locator('code.canonical').innerText() === INTL, 'the dossier gives the canonical id');
  const row = res.locator('table.judgements tr', { hasText: sameId });
  check(await row.count() === 1 && (await row.innerText()).includes('one company: the same name at the same address') &&
        (await row.innerText()).includes('rows 12 and 13') && (await row.innerText()).includes('tests'),
        'the dossier lists the judgement with its reason, citation and author');
  await res.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, '11-referents.png') });
  await noOverflow('dossier with referents');
  // two reviewers: the second opened the queue before the first judged; the first says "different"
  const page2 = await context.newPage();
  await page2.setViewportSize({ width: 1280, height: 900 });
  await page2.goto(url('/review?entity=' + USA));
  await page.goto(url('/review?entity=' + USA));
  const apart = page.locator('li.candidate', { has: page.locator(`input[name=left][value="${INC}"]`) });
  await apart.locator('input[name=reason]').fill('different legal persons');
  await apart.locator('input[name=token]').fill(token);
  await Promise.all([page.waitForURL(url('/review')), apart.locator('button[value=different]').click()]);
  check(await page.locator('#recorded').isVisible(), 'judged different');
  const diffId = await page.locator('#recorded code.judgement').innerText();
  // the second reviewer's "same" on the stale page contradicts it: refused, the message names the judgement
  const stale = page2.locator('li.candidate', { has: page2.locator(`input[name=left][value="${INTL}"]`) });
  await stale.locator('input[name=reason]').fill('the same group');
  await stale.locator('input[name=token]').fill(token);
  const [refusal] = await Promise.all([page2.waitForResponse((r) => r.request().method() === 'POST'),
                                       stale.locator('button[value=same]').click()]);
  await page2.waitForLoadState();
  check(refusal.status() === 409, 'a contradicting judgement is refused (409)');
  const msg = await page2.locator('#refused').innerText();
  check(msg.includes('cannot be the same') && msg.includes(diffId), 'the refusal names the conflicting judgement: ' + msg);
  check(await page2.locator('form.judge input[name=reason]').inputValue() === 'the same group' &&
        await page2.locator('form.judge input[name=token]').inputValue() === '',
        'the refused form keeps the reason, never the token');
  await page2.screenshot({ path: path.join(shots, '12-refused.png'), fullPage: true });
  const o2 = await page2.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  check(o2, 'refusal page: no horizontal overflow at 1280 px');
  await page2.close();
  await page.goto(url('/entity/' + USA));
  check(await page.locator('#resolution ul.referents').count() === 0 &&
        await page.locator('#resolution table.judgements tr', { hasText: diffId }).count() === 1,
        'nothing of the refused judgement was written');

  // ---- XSS: names from untrusted datasets must never execute ------------------------------------
  const hostile = ['/entity/xss-script', '/entity/xss-img', '/entity/xss-attr', '/entity/xss-json',
                   '/entity/xss-own', '/graph/xss-script', '/graph/xss-img', '/exposure/xss-script',
                   '/search?q=' + encodeURIComponent('<script>window.__xss=9</script>'),
                   '/search?q=xss', '/search?dataset=xss', '/typology', '/review', '/review?entity=xss-script',
                   '/entity/' + encodeURIComponent('<script>window.__xss=10</script>')];
  for (const p of hostile) {
    await page.goto(url(p));
    // hover and click over everything a handler could hang on
    for (const el of await page.locator('main a, main li, main td, main h1, svg text').all().then((a) => a.slice(0, 60)))
      await el.hover({ timeout: 1000 }).catch(() => {});
    check(await xssMarker() === undefined, 'nothing executed on ' + p);
    check(await page.locator('script').count() === 0, 'no script element on ' + p);
  }
  await page.goto(url('/entity/xss-img'));
  check((await page.locator('h1').first().innerText()).includes('<img src=x onerror='),
        'the payload is shown as text');
  await shot('09-xss-dossier');
  check(dialogs.length === 0, 'no dialog opened: ' + dialogs.join(' | '));
  console.log('CSP reports (blocked, expected to be none): ' + cspViolations.length);
} catch (err) {
  check(false, 'exception: ' + (err && err.stack || err));
} finally {
  await context.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
