// Flight-log download over MAVLink, against `./hoverla sim --log-dir DIR` with node-mavlink as the
// ground station: LOG_REQUEST_LIST → LOG_ENTRY; LOG_REQUEST_DATA the way QGroundControl's
// LogDownloadController asks (2048-bin chunks, each request rounded up to whole 90-byte bins, a gap
// re-requested when the next bin is already there or after 500 ms of silence) and the way MAVSDK's
// LogFiles plugin asks (512-bin chunks, exact byte counts, the first missing range re-requested once
// the chunk's last bin is in or after a timeout), both with LOG_DATA lost on the way; the bytes must
// be the file's (SHA-256). Then a request past the end, an id that was never listed, LOG_ERASE.
// The logs: a ULog built here from the format's documentation, and a real PX4 log from the test
// data (HOVERLA_TESTDATA, default ../shared/data beside the repository) when it is there.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync, rmSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, isAbsolute } from 'node:path'
import { performance } from 'node:perf_hooks'
import { common } from 'node-mavlink'
import { startSim, REPO_ROOT } from '../lib/sitl.mjs'
import { Gcs } from '../lib/gcs.mjs'
import { buildUlog, looksLikeUlog } from '../lib/ulog.mjs'

const LEN = 90 // LOG_DATA payload bytes
const sha256 = b => createHash('sha256').update(b).digest('hex')

const figures = []
const figure = (label, value) => figures.push([label, value])
after(() => {
  if (figures.length === 0) return
  const w = Math.max(...figures.map(([l]) => l.length))
  console.log(['', '==== Hoverla e2e log download figures (node-mavlink client, ./hoverla sim --speedup 1 --log-dir, loopback UDP) ====',
    ...figures.map(([l, v]) => `  ${l.padEnd(w)}  ${v}`), '==== end of figures ====', ''].join('\n'))
})

function testDataDir () {
  const s = process.env.HOVERLA_TESTDATA
  if (s) return isAbsolute(s) ? s : resolve(REPO_ROOT, s)
  return resolve(REPO_ROOT, '..', 'shared', 'data')
}

function requestList (gcs, start = 0, end = 0xffff) {
  const m = new common.LogRequestList()
  m.targetSystem = 1
  m.targetComponent = 1
  m.start = start
  m.end = end
  gcs.send(m)
}

function requestData (gcs, id, ofs, count) {
  const m = new common.LogRequestData()
  m.targetSystem = 1
  m.targetComponent = 1
  m.id = id
  m.ofs = ofs
  m.count = count
  gcs.send(m)
}

/** LOG_REQUEST_LIST(0, 0xFFFF), collecting LOG_ENTRY until num_logs have come (or the one "no logs" entry). */
async function listLogs (gcs) {
  const entries = new Map()
  const got = gcs.collect(m => m.name === 'LOG_ENTRY' && m.sysid === 1)
  requestList(gcs)
  const t0 = performance.now()
  for (;;) {
    for (const m of got) entries.set(m.data.id, m.data)
    const any = got[0]?.data
    if (any && (any.numLogs === 0 || entries.size === any.numLogs)) break
    if (performance.now() - t0 > 5000) { got.stop(); throw new Error(`LOG_ENTRY: ${entries.size} after 5 s`) }
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  got.stop()
  return [...entries.values()].sort((a, b) => a.id - b.id)
}

/**
 * Downloads one log as QGC (style 'qgc': 2048 bins, requests rounded up to whole bins, a gap
 * re-requested when the bin after it is already there) or MAVSDK (style 'mavsdk': 512 bins, exact
 * counts, the first missing range re-requested whenever the chunk's last bin is in) does; both
 * re-request the first gap after 500 ms without LOG_DATA. Every dropEvery-th LOG_DATA is dropped.
 */
function download (gcs, entry, { style, dropEvery = 0, timeoutMs = 500 }) {
  const bins = style === 'qgc' ? 2048 : 512
  const size = entry.size
  const chunkBytes = bins * LEN
  const chunks = Math.ceil(size / chunkBytes)
  const file = Buffer.alloc(size)
  const stats = { requests: 0, reRequests: 0, dropped: 0, packets: 0, timeouts: 0 }
  let chunk = 0
  let got
  let binsHere
  let timer
  let listener
  return new Promise((resolve, reject) => {
    const request = (ofs, count) => {
      stats.requests++
      requestData(gcs, entry.id, ofs, count)
      arm()
    }
    const startChunk = () => {
      const start = chunk * chunkBytes
      const bytes = Math.min(chunkBytes, size - start)
      binsHere = Math.ceil(bytes / LEN)
      got = new Uint8Array(binsHere)
      request(start, style === 'qgc' ? binsHere * LEN : bytes)
    }
    const firstGap = () => {
      const from = got.indexOf(0)
      if (from < 0) return
      let to = from
      while (to < binsHere && !got[to]) to++
      stats.reRequests++
      request(chunk * chunkBytes + from * LEN, (to - from) * LEN)
    }
    const arm = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        if (++stats.timeouts > 40) { finish(new Error(`download of log ${entry.id} (${style}) stalled in chunk ${chunk}`)); return }
        firstGap()
      }, timeoutMs)
    }
    const finish = err => {
      clearTimeout(timer)
      gcs.listeners.delete(listener)
      if (err) reject(err); else resolve({ file, stats })
    }
    listener = m => {
      if (m.name !== 'LOG_DATA' || m.sysid !== 1) return
      const d = m.data
      if (d.id !== entry.id || d.ofs % LEN !== 0 || Math.floor(d.ofs / chunkBytes) !== chunk) return
      stats.packets++
      if (dropEvery && stats.packets % dropEvery === 0) { stats.dropped++; return }
      const bin = (d.ofs - chunk * chunkBytes) / LEN
      if (bin >= binsHere) return
      Buffer.from(d.data.slice(0, d.count)).copy(file, d.ofs)
      got[bin] = 1
      arm()
      if (got.indexOf(0) < 0) {
        chunk++
        if (chunk === chunks) finish(); else startChunk()
      } else if (style === 'qgc' ? (bin < binsHere - 1 && got[bin + 1]) : (bin === binsHere - 1 || got[binsHere - 1])) {
        firstGap()
      }
    }
    gcs.listeners.add(listener)
    startChunk()
  })
}

describe('flight-log download over MAVLink (LOG_REQUEST_LIST / LOG_REQUEST_DATA / LOG_ERASE)', () => {
  let sim
  let gcs
  let logDir
  const files = [] // { path, bytes, startUtc, name }

  before(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'hoverla-e2e-logs-'))
    const place = (day, time, bytes, name) => {
      mkdirSync(join(logDir, day), { recursive: true })
      const path = join(logDir, day, `${time}.ulg`)
      writeFileSync(path, bytes)
      files.push({ path, bytes, name, startUtc: Date.parse(`${day}T${time.replaceAll('_', ':')}Z`) / 1000 })
    }
    const synthetic = buildUlog({ seconds: 60, rateHz: 250, seed: 1 })
    assert.ok(looksLikeUlog(synthetic))
    place('2026-03-01', '10_00_00', synthetic, 'synthetic ULog, 60 s of vehicle_attitude at 250 Hz')
    const real = join(testDataDir(), 'ulog', 'sample_appended_multiple.ulg')
    if (existsSync(real)) {
      place('2026-03-02', '11_30_00', readFileSync(real), 'PX4 log (test data ulog/sample_appended_multiple.ulg)')
    } else {
      console.log(`(no test data at ${testDataDir()}: the second log is synthetic too; set HOVERLA_TESTDATA to use a real PX4 log)`)
      place('2026-03-02', '11_30_00', buildUlog({ seconds: 20, rateHz: 250, seed: 2 }), 'synthetic ULog, 20 s')
    }
    place('2026-03-03', '09_15_07', buildUlog({ seconds: 0.2, rateHz: 250, seed: 3 }), 'synthetic ULog, 0.2 s')
    // SDLOG_MODE -1: the simulator writes no log of its own into the directory the test filled
    sim = await startSim({ speedup: 1, extraArgs: ['--log-dir', logDir, '--param', 'SDLOG_MODE=-1'] })
    gcs = new Gcs()
    await gcs.open(sim.port)
    gcs.startHeartbeat(5)
    await gcs.waitMsg('HEARTBEAT', null, 60_000, 'first HEARTBEAT')
  })

  after(async () => {
    if (gcs) await gcs.close()
    if (sim) await sim.stop()
    if (logDir) rmSync(logDir, { recursive: true, force: true })
  })

  it('lists every log oldest first, ids from 0, with size and start time', async () => {
    const entries = await listLogs(gcs)
    assert.deepEqual(entries.map(e => e.id), [0, 1, 2])
    for (const [i, e] of entries.entries()) {
      assert.equal(e.numLogs, 3)
      assert.equal(e.lastLogNum, 2)
      assert.equal(e.size, files[i].bytes.length, `size of log ${i}`)
      assert.equal(e.timeUtc, files[i].startUtc, `time_utc of log ${i}`)
    }
  })

  it('downloads a log the way QGC does, byte-identical, also with LOG_DATA lost', async () => {
    const entries = await listLogs(gcs)
    const telemetry = gcs.collect(m => m.sysid === 1 && !m.name.startsWith('LOG_'))
    const t0 = performance.now()
    const clean = await download(gcs, entries[0], { style: 'qgc' })
    const s = (performance.now() - t0) / 1000
    assert.equal(sha256(clean.file), sha256(files[0].bytes))
    figure('QGC-style download, no loss added', `${clean.file.length} bytes in ${s.toFixed(2)} s = ${(clean.file.length / 1024 / s).toFixed(0)} KB/s (${clean.stats.requests} requests, ${clean.stats.reRequests} re-requests, ${clean.stats.timeouts} timeouts)`)
    // telemetry goes on meanwhile (tens of messages a second): no gap of a second
    const t = [t0, ...telemetry.stop().map(m => m.t), performance.now()]
    const gap = Math.max(...t.slice(1).map((v, i) => v - t[i]))
    assert.ok(gap < 1000, `no telemetry for ${gap.toFixed(0)} ms during the download`)
    figure('  longest gap in other telemetry meanwhile', `${gap.toFixed(0)} ms (${t.length - 2} messages)`)
    const t1 = performance.now()
    const lossy = await download(gcs, entries[0], { style: 'qgc', dropEvery: 50 })
    const s1 = (performance.now() - t1) / 1000
    assert.equal(sha256(lossy.file), sha256(files[0].bytes))
    assert.ok(lossy.stats.reRequests > 0)
    figure('QGC-style download, every 50th LOG_DATA lost', `${lossy.file.length} bytes in ${s1.toFixed(2)} s, ${lossy.stats.dropped} lost, ${lossy.stats.reRequests} re-requests`)
  })

  it('downloads a log the way MAVSDK does, byte-identical, also with LOG_DATA lost', async () => {
    const entries = await listLogs(gcs)
    for (const i of [1, 2]) {
      const t0 = performance.now()
      const r = await download(gcs, entries[i], { style: 'mavsdk', dropEvery: i === 1 ? 40 : 0 })
      const s = (performance.now() - t0) / 1000
      assert.equal(sha256(r.file), sha256(files[i].bytes), `log ${i}: ${files[i].name}`)
      if (i === 1) {
        figure(`MAVSDK-style download of the ${files[i].name}, every 40th LOG_DATA lost`,
          `${r.file.length} bytes in ${s.toFixed(2)} s = ${(r.file.length / 1024 / s).toFixed(0)} KB/s (${r.stats.requests} requests)`)
      }
    }
  })

  it('answers a request past the end with one empty LOG_DATA, and an id never listed with a warning', async () => {
    const entries = await listLogs(gcs)
    const end = entries[2].size
    const p = gcs.waitMsg('LOG_DATA', d => d.id === 2 && d.ofs === end, 2000, 'LOG_DATA at the end')
    requestData(gcs, 2, end, LEN)
    const d = (await p).data
    assert.equal(d.count, 0)
    const w = gcs.waitMsg('STATUSTEXT', d => d.text.includes('No log 3'), 2000, 'STATUSTEXT for id 3')
    const data = gcs.collect(m => m.name === 'LOG_DATA')
    requestData(gcs, 3, 0, 900)
    await w
    await new Promise(resolve => setTimeout(resolve, 200))
    assert.equal(data.stop().length, 0)
  })

  it('erases every log on LOG_ERASE and then lists none', async () => {
    const text = gcs.waitMsg('STATUSTEXT', d => d.text.startsWith('Logs erased'), 3000, 'STATUSTEXT after LOG_ERASE')
    const m = new common.LogErase()
    m.targetSystem = 1
    m.targetComponent = 1
    gcs.send(m)
    assert.match((await text).data.text, /Logs erased: 3/)
    const entries = await listLogs(gcs)
    assert.equal(entries.length, 1)
    assert.equal(entries[0].numLogs, 0)
    assert.equal(entries[0].id, 0)
    const left = readdirSync(logDir, { recursive: true }).filter(f => String(f).endsWith('.ulg'))
    assert.deepEqual(left, [])
  })
})

// The log the vehicle itself wrote: arm, take off, land; the vehicle closes its log at disarming
// and the ground station downloads it, byte for byte.
describe('downloading the log of a flight the vehicle just flew', () => {
  let sim
  let gcs
  let logDir

  before(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'hoverla-e2e-flown-'))
    // SDLOG_MODE 0, the vehicle's default (the simulator's own default logs from boot)
    sim = await startSim({ speedup: 4, extraArgs: ['--log-dir', logDir, '--param', 'SDLOG_MODE=0'] })
    gcs = new Gcs()
    await gcs.open(sim.port)
    gcs.startHeartbeat(5)
    await gcs.waitMsg('HEARTBEAT', null, 60_000, 'first HEARTBEAT')
  })

  after(async () => {
    if (gcs) await gcs.close()
    if (sim) await sim.stop()
    if (logDir) rmSync(logDir, { recursive: true, force: true })
  })

  it('logs from arming to disarming and serves that file unchanged', async () => {
    const ARMED = 128 // MAV_MODE_FLAG_SAFETY_ARMED
    const closed = gcs.waitMsg('STATUSTEXT', d => d.text.startsWith('Flight log closed'), 180_000, 'STATUSTEXT "Flight log closed"')
    const t0 = performance.now()
    for (;;) { // arming is refused until the estimator is ready (simulated seconds)
      const ack = await gcs.command(400, [1, 0, 0, 0, 0, 0, 0])
      if (ack.result === 0) break
      assert.ok(performance.now() - t0 < 60_000, 'not armable within 60 s')
      await new Promise(resolve => setTimeout(resolve, 500))
    }
    await gcs.waitMsg('STATUSTEXT', d => d.text.startsWith('Flight log started'), 5000, 'STATUSTEXT "Flight log started"')
    assert.equal((await gcs.command(22, [-1, 0, 0, NaN, NaN, NaN, NaN])).result, 0, 'NAV_TAKEOFF')
    await gcs.waitMsg('GLOBAL_POSITION_INT', d => d.relativeAlt >= 2000, 60_000, 'climbing through 2 m')
    assert.equal((await gcs.command(21, [0, 0, 0, NaN, NaN, NaN, NaN])).result, 0, 'NAV_LAND')
    await gcs.waitMsg('HEARTBEAT', d => (d.baseMode & ARMED) === 0, 120_000, 'disarmed after landing')
    await closed
    const onDisk = readdirSync(logDir, { recursive: true }).filter(f => String(f).endsWith('.ulg'))
    assert.equal(onDisk.length, 1, `one log in ${logDir}: ${onDisk}`)
    const bytes = readFileSync(join(logDir, String(onDisk[0])))
    assert.ok(looksLikeUlog(bytes), 'the file starts with the ULog magic')
    const entries = await listLogs(gcs)
    assert.equal(entries.length, 1)
    assert.equal(entries[0].size, bytes.length)
    const t1 = performance.now()
    const r = await download(gcs, entries[0], { style: 'qgc' })
    const s = (performance.now() - t1) / 1000
    assert.equal(sha256(r.file), sha256(bytes))
    figure('flown log: arm → takeoff → land → download (QGC-style)',
      `${bytes.length} bytes, byte-identical, in ${s.toFixed(2)} s = ${(bytes.length / 1024 / s).toFixed(0)} KB/s; flight ${((t1 - t0) / 1000).toFixed(1)} s wall at ×4`)
  })
})
