// Latency figures with node-mavlink as the ground station (the client the PX4 side-by-side used):
// a 50-waypoint mission upload (MISSION_COUNT -> MISSION_REQUEST_INT... -> MISSION_ACK) 20 times,
// then COMMAND_LONG (DO_CHANGE_SPEED, through the flight thread) -> COMMAND_ACK 500 times, while
// the SITL (real time, speed-up 1) hovers at 10 m. Prints, asserts nothing; not part of `npm test`.
//   npm run figures                          # the SITL of this checkout (./hoverla builds it)
//   HOVERLA_JAR=/path/hoverla-sim.jar npm run figures   # another build of the SITL
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { REPO_ROOT, ensureBuilt, freeUdpPort } from './lib/sitl.mjs'
import { Gcs, MAV_RESULT, percentile, sleep } from './lib/gcs.mjs'
import { MISSION_TYPE, MAV_CMD, MAV_FRAME, offsetE7, item, upload } from './lib/mission.mjs'

const jar = process.env.HOVERLA_JAR
if (!jar) ensureBuilt()
const port = await freeUdpPort()
const dir = mkdtempSync(join(tmpdir(), 'hoverla-figures-'))
const args = ['sim', '--speedup', '1', '--params', join(dir, 'params.txt'), '--mavlink', `udpin:127.0.0.1:${port}`,
  '--quiet', '--exit-with-parent']
const child = jar
  ? spawn('java', ['-XX:+UseZGC', '-jar', jar, ...args], { stdio: ['pipe', 'ignore', 'inherit'] })
  : spawn(join(REPO_ROOT, 'hoverla'), args, { cwd: REPO_ROOT, stdio: ['pipe', 'ignore', 'inherit'] })
const gcs = new Gcs()
await gcs.open(port)
gcs.startHeartbeat(5)
const fmt = v => v.toFixed(2)
try {
  const pos = await gcs.waitMsg('GLOBAL_POSITION_INT', null, 60_000)
  const home = { lat: pos.data.lat, lon: pos.data.lon }
  const deadline = performance.now() + 60_000
  for (;;) {
    const arm = await gcs.command(400, [1])
    if (arm.result === MAV_RESULT.ACCEPTED) break
    if (performance.now() > deadline) throw new Error('not armable within 60 s')
    await sleep(500)
  }
  const takeoff = await gcs.command(22, [0, 0, 0, NaN, NaN, NaN, NaN])
  if (takeoff.result !== MAV_RESULT.ACCEPTED) throw new Error(`takeoff refused: ${takeoff.result}`)
  await sleep(8000)
  const plans = [20, 21].map(z => Array.from({ length: 50 }, (_, i) => {
    const a = 2 * Math.PI * i / 50
    const p = offsetE7(home.lat, home.lon, 100 * Math.cos(a), 100 * Math.sin(a))
    return item({ command: MAV_CMD.NAV_WAYPOINT, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, x: p.lat, y: p.lon, z, params: [0, 2, 0, NaN] })
  }))
  const ms = []
  for (let r = 0; r < 25; r++) {
    const res = await upload(gcs, MISSION_TYPE.MISSION, plans[r % 2])
    if (res.result !== 0) throw new Error(`upload refused: ${JSON.stringify(res)}`)
    ms.push(res.ms)
  }
  const warm = ms.slice(5).sort((a, b) => a - b)
  console.log(`node-mavlink, UDP, SITL x1 flying: 50-waypoint upload, 20 after 5 warm-up: min ${fmt(warm[0])} ms, ` +
    `median ${fmt(percentile(warm, 50))} ms, max ${fmt(warm[warm.length - 1])} ms; the very first ${fmt(ms[0])} ms`)
  const lat = []
  for (let i = 0; i < 500; i++) {
    const ack = await gcs.command(178, [1, -1])
    lat.push(ack.latencyMs)
    await sleep(10 + Math.random() * 10)
  }
  lat.sort((a, b) => a - b)
  console.log(`node-mavlink, UDP, SITL x1 flying: COMMAND_LONG DO_CHANGE_SPEED -> COMMAND_ACK, n=${lat.length}: ` +
    `p50 ${fmt(percentile(lat, 50))} ms, p99 ${fmt(percentile(lat, 99))} ms, max ${fmt(lat[lat.length - 1])} ms`)
} finally {
  gcs.stopHeartbeat()
  gcs.socket.close()
  child.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}
