// The flight report (`./hoverla report FILE.ulg`) rendered by a real browser: headless Chromium
// (Debian's, driven by playwright-core) opens the page from file://, and the test checks that no
// script failed, that every chart drew on its canvas, and keeps a full-page screenshot in
// test-output/. Needs Chromium (HOVERLA_CHROMIUM, default /usr/bin/chromium) and the real
// test-data set (HOVERLA_TESTDATA, default ../shared/data beside the repository).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { REPO_ROOT, ensureBuilt, runHoverla } from '../lib/sitl.mjs'

const CHROMIUM = process.env.HOVERLA_CHROMIUM || '/usr/bin/chromium'
const DATA = process.env.HOVERLA_TESTDATA
  ? resolve(REPO_ROOT, process.env.HOVERLA_TESTDATA)
  : resolve(REPO_ROOT, '..', 'shared', 'data')
const OUTPUT = join(REPO_ROOT, 'e2e', 'test-output')
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Every .ulg file under dir (the simulator writes ROOT/YYYY-MM-DD/HH_MM_SS.ulg). */
function findLogs (dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...findLogs(p))
    else if (name.endsWith('.ulg')) out.push(p)
  }
  return out
}

describe('flight report in headless Chromium', () => {
  let context = null
  let work = null

  before(async () => {
    if (!existsSync(CHROMIUM)) return
    ensureBuilt()
    work = mkdtempSync(join(tmpdir(), 'hoverla-report-'))
    mkdirSync(OUTPUT, { recursive: true })
    // A fresh profile each run: no state from an earlier browser, no first-run or sync traffic.
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 }
    })
  })

  after(async () => {
    if (context) await context.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  /** Writes the report of log, opens it, checks it and saves a screenshot; returns what it saw. */
  async function renderAndCheck (log, screenshot) {
    const html = join(work, screenshot.replace(/\.png$/, '.html'))
    const printed = await runHoverla(['report', log, '-o', html], { timeoutMs: 180_000 })
    assert.match(printed, /Report written to/)
    const page = await context.newPage()
    const errors = []
    page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()) })
    page.on('pageerror', e => errors.push('page error: ' + e.message))
    // Nothing may leave the machine: the page is self-contained.
    const requests = []
    page.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()) })
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' })
    await page.waitForSelector('body[data-charts-drawn]', { timeout: 30_000 })
    const seen = await page.evaluate(() => {
      const canvases = [...document.querySelectorAll('canvas')]
      const drawn = canvases.map(c => {
        // Some pixel with non-zero alpha: the canvas was painted, not just created.
        const g = c.getContext('2d')
        const px = g.getImageData(0, 0, c.width, c.height).data
        let painted = 0
        for (let i = 3; i < px.length; i += 4 * 7) if (px[i] !== 0) painted++
        return { w: c.width, h: c.height, painted }
      })
      return {
        chartDivs: document.querySelectorAll('div.chart').length,
        trackCanvas: document.getElementById('track-canvas') ? 1 : 0,
        histogram: document.getElementById('histogram') !== null,
        drawn,
        reported: Number(document.body.getAttribute('data-charts-drawn')),
        missing: [...document.querySelectorAll('p.missing')].map(p => p.textContent),
        sections: [...document.querySelectorAll('section')].map(s => s.id)
      }
    })
    await page.screenshot({ path: join(OUTPUT, screenshot), fullPage: true })
    await page.close()
    assert.deepEqual(errors, [], 'no console or page errors')
    assert.deepEqual(requests, [], 'no network requests')
    assert.deepEqual(seen.sections, ['track', 'attitude', 'rates', 'velocity', 'motors', 'battery', 'estimator',
      'loop-timing', 'timeline'])
    assert.ok(seen.chartDivs > 0, 'at least one chart')
    assert.equal(seen.reported, seen.chartDivs, 'uPlot drew every chart')
    assert.equal(seen.drawn.length, seen.chartDivs + seen.trackCanvas, 'one canvas per chart (and the track)')
    for (const [i, c] of seen.drawn.entries()) {
      assert.ok(c.w > 0 && c.h > 0, `canvas ${i} has a size (${c.w}x${c.h})`)
      assert.ok(c.painted > 0, `canvas ${i} was painted`)
    }
    console.log(`# ${screenshot}: ${seen.chartDivs} charts drawn${seen.trackCanvas ? ' and the track' : ''};` +
      ` not in the log: ${seen.missing.length ? seen.missing.join(' | ') : 'nothing'}`)
    return seen
  }

  it('renders the report of a real PX4 log with every chart drawn and no errors', async t => {
    if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set HOVERLA_CHROMIUM)`)
    const log = join(DATA, 'ulog', 'quadrotor_local.ulg')
    if (!existsSync(log)) return t.skip(`no test data at ${DATA} (set HOVERLA_TESTDATA or run testdata/fetch)`)
    const seen = await renderAndCheck(log, 'report.png')
    assert.ok(seen.trackCanvas === 1, 'the track is drawn')
  })

  it('renders the report of a log written by the simulator (./hoverla sim --demo --log-dir)', async t => {
    if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set HOVERLA_CHROMIUM)`)
    const help = spawnSync(join(REPO_ROOT, 'hoverla'), ['sim', '--help'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 })
    if (!/--log-dir/.test(help.stdout + help.stderr)) {
      return t.skip('./hoverla sim has no --log-dir yet: the simulator writes no log to report on')
    }
    const dir = join(work, 'sim-logs')
    await runHoverla(['sim', '--demo', '--quiet', '--log-dir', dir], { timeoutMs: 300_000 })
    const logs = findLogs(dir)
    assert.ok(logs.length > 0, `the simulator wrote a .ulg under ${dir}`)
    const seen = await renderAndCheck(logs[logs.length - 1], 'report-sim.png')
    // Hoverla's own logs carry the loop_timing topic (issue 15: scheduler timing is logged)
    assert.ok(seen.histogram, 'the loop-timing histogram is drawn')
    assert.ok(seen.trackCanvas === 1, 'the track is drawn')
  })
})
