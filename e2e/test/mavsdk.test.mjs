// MAVSDK, replayed: lib/mavsdk.mjs does what MAVSDK's core, action and telemetry plugins send to
// a PX4 vehicle (read from MAVSDK's source, see the header of lib/mavsdk.mjs), and each test
// follows one of MAVSDK-Python's examples step by step (examples/takeoff_and_land.py, goto.py,
// telemetry.py), against `./hoverla sim` on its API link: the client listens as
// `udpin://0.0.0.0:14540` does, on a port of its own so that parallel runs cannot collide, and
// the simulator is started with `--mavlink udp:127.0.0.1:<port>?profile=onboard`, which is what
// its default 14540 link is.
//
// Also offboard_velocity_ned.py (arm on the ground, one setpoint, offboard.start() at once, the
// example's velocity sequence) and mission.py (upload_mission() without a takeoff item, then
// arm and start_mission() at once).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { startSim, freeUdpPort } from '../lib/sitl.mjs'
import { horizontalDistanceM, sleep } from '../lib/gcs.mjs'
import { offsetE7 } from '../lib/mission.mjs'
import { MavsdkClient, TELEMETRY_RATE_SETTERS, MSG_ID } from '../lib/mavsdk.mjs'

const SPEEDUP = 4
const TAKEOFF_ALT_M = 6
const GOTO_DISTANCE_M = 20
const GOTO_YAW_DEG = 90
const ASKED_RATE_HZ = 5
// mission.py's three items, as offsets from PX4's SITL home (47.397742, 8.545594) where the
// example's coordinates lie, laid around this vehicle's home: [north m, east m]
const MISSION_PY_OFFSETS_M = [[33.1, -1.6], [32.7, -43.6], [9.3, -44.0]]
const MISSION_PY_REL_ALT_M = 25
const MISSION_PY_SPEED_M_S = 10
const PX4_OFFBOARD_ALT_4S_M = 1.1 // issue 19's table: PX4 SITL, offboard_velocity_ned.py
const PX4_OFFBOARD_ALT_8S_M = 7.5
const figures = {} // measured figures, printed at the end for the report

const ok = (r, what) => assert.equal(r.result, 'Success',
  `${what}: ${r.result} (COMMAND_ACK ${r.ackResultName}, ${r.sends} sends)`)
const angleDiffDeg = (a, b) => Math.abs(((a - b + 540) % 360) - 180)

describe('MAVSDK replay (lib/mavsdk.mjs) against ./hoverla sim --speedup 4, API link', { timeout: 150_000 }, () => {
  let sim
  let drone
  const ctx = { t0: 0 }

  before(async () => {
    const port = await freeUdpPort()
    drone = new MavsdkClient({ speedup: SPEEDUP })
    await drone.listen(port) // bound before the vehicle's first SYS_STATUS can be sent
    ctx.t0 = performance.now()
    sim = await startSim({ speedup: SPEEDUP, port, link: `udp:127.0.0.1:${port}?profile=onboard` })
    // Mavsdk::add_any_connection + first_autopilot / connection_state().is_connected
    await drone.connect({ timeoutMs: 60_000 })
    ctx.flowsStart = performance.now()
  })

  after(async () => {
    await drone?.close()
    await sim?.stop()
    console.log(`MAVSDK replay figures: ${JSON.stringify(figures)}`)
  })

  const withSimTail = fn => async () => {
    try { await fn() } catch (e) { e.message += `\n--- simulator output (tail) ---\n${sim?.output().slice(-1500)}`; throw e }
  }

  it('should never report is_armable before the vehicle can arm (cold start, SYS_STATUS PREARM bit)', withSimTail(async () => {
    // Given a vehicle watched from its very first SYS_STATUS
    // When is_armable first becomes true, the app arms at once
    await drone.waitState(d => d.health.isArmable, 40_000, 'is_armable')
    const armableAtS = (performance.now() - ctx.t0) / 1000
    const arm = await drone.arm()
    // Then the vehicle arms: the health said so, and it was true
    ok(arm, `arm at the first is_armable (${armableAtS.toFixed(1)} s after launch)`)
    await drone.waitState(d => d.armed, 5000, 'armed in HEARTBEAT')
    figures.firstArmableS = +armableAtS.toFixed(1)
    ok(await drone.disarm(), 'disarm')
    await drone.waitState(d => !d.armed, 5000, 'disarmed in HEARTBEAT')
  }))

  it('takeoff_and_land.py: set_takeoff_altitude(6) then takeoff() at once climbs to 6 m, land() lands and disarms', withSimTail(async () => {
    // Given health.is_global_position_ok and is_home_position_ok, as the example waits for them
    await drone.waitState(d => d.health.isGlobalPositionOk && d.health.isHomePositionOk, 40_000, 'global position and home ok')
    ok(await drone.arm(), 'action.arm()')
    // When the altitude is set and takeoff follows at once (the PARAM_VALUE echo ends set_param)
    const set = await drone.setTakeoffAltitude(TAKEOFF_ALT_M)
    assert.equal(set.result, 'Success', `set_takeoff_altitude(${TAKEOFF_ALT_M}): ${set.result}`)
    ok(await drone.takeoff(), 'action.takeoff() (all parameters NaN)')
    // Then the vehicle climbs to MIS_TAKEOFF_ALT and holds there
    await drone.waitState(d => d.position?.altRel > 1, 20_000, 'climbing')
    await drone.waitState(d => Math.abs(d.position.vD) < 0.1 && d.position.altRel > 2, 30_000, 'climb finished')
    await sleep(1000)
    const alt = drone.position.altRel
    figures.takeoffAltitudeM = +alt.toFixed(2)
    assert.ok(Math.abs(alt - TAKEOFF_ALT_M) <= 0.5,
      `takeoff altitude ${alt.toFixed(2)} m after set_takeoff_altitude(${TAKEOFF_ALT_M}) then takeoff() (PARAM_VALUE echoed ${set.sends} send(s) before)`)
    // When the example lands, the vehicle comes down and the land detector disarms it
    ok(await drone.land(), 'action.land()')
    await drone.waitState(d => !d.armed, 40_000, 'landed and disarmed')
    assert.ok(drone.position.altRel < 0.5, `on the ground after land: ${drone.position.altRel.toFixed(2)} m`)
  }))

  it('goto.py: goto_location 20 m away at yaw 90° arrives facing 90°; return_to_launch lands; kill disarms', withSimTail(async () => {
    // Given the vehicle armed and taken off as the example does
    await drone.waitState(d => d.health.isGlobalPositionOk && d.home, 20_000, 'global position ok and home known')
    ok(await drone.arm(), 'action.arm()')
    ok(await drone.takeoff(), 'action.takeoff()')
    await sleep(1000) // the example's asyncio.sleep(1)
    // When it goes to a point 20 m east at the takeoff height, facing east
    const home = drone.home
    const latDeg = home.lat / 1e7
    const lonDeg = home.lon / 1e7 + GOTO_DISTANCE_M / (111195 * Math.cos(latDeg * Math.PI / 180))
    const targetAmsl = home.altAmsl + TAKEOFF_ALT_M
    const go = await drone.gotoLocation(latDeg, lonDeg, targetAmsl, GOTO_YAW_DEG)
    ok(go, 'action.goto_location() (Hold, then COMMAND_INT DO_REPOSITION)')
    const tGo = performance.now()
    const tgtLat = Math.round(latDeg * 1e7)
    const tgtLon = Math.round(lonDeg * 1e7)
    const dist = d => horizontalDistanceM(d.position.lat, d.position.lon, tgtLat, tgtLon)
    // Then it arrives (within 1 m, below 0.3 m/s) and faces 90°
    await drone.waitState(d => dist(d) < 1 && Math.hypot(d.position.vN, d.position.vE) < 0.3, 30_000, 'arrival within 1 m of the goto target')
    const arrivalWallS = (performance.now() - tGo) / 1000
    await sleep(1000)
    const heading = drone.position.headingDeg
    figures.gotoArrivalS = { wall: +arrivalWallS.toFixed(2), vehicleApprox: +(arrivalWallS * SPEEDUP).toFixed(1) }
    figures.gotoHeadingDeg = +heading.toFixed(1)
    figures.gotoErrorM = +dist(drone).toFixed(2)
    figures.gotoAltErrorM = +(drone.position.altAmsl - targetAmsl).toFixed(2)
    assert.ok(angleDiffDeg(heading, GOTO_YAW_DEG) <= 5, `heading after goto_location(yaw ${GOTO_YAW_DEG}°): ${heading.toFixed(1)}°`)
    assert.ok(Math.abs(drone.position.altAmsl - targetAmsl) <= 0.5, `altitude after goto: ${drone.position.altAmsl.toFixed(2)} m AMSL, asked ${targetAmsl.toFixed(2)}`)
    // When it returns to launch, it comes home, lands and disarms
    ok(await drone.returnToLaunch(), 'action.return_to_launch()')
    await drone.waitState(d => !d.armed, 60_000, 'disarmed after return_to_launch')
    const homeErr = horizontalDistanceM(drone.position.lat, drone.position.lon, home.lat, home.lon)
    assert.ok(homeErr < 2, `landed ${homeErr.toFixed(2)} m from home after return_to_launch`)
    // When armed on the ground and killed, it disarms at once
    ok(await drone.arm(), 'action.arm() before kill')
    await drone.waitState(d => d.armed, 5000, 'armed')
    ok(await drone.kill(), 'action.kill()')
    await drone.waitState(d => !d.armed, 3000, 'disarmed by kill')
  }))

  it('offboard_velocity_ned.py: armed on the ground, one setpoint, offboard.start() at once is accepted and the vehicle climbs', withSimTail(async () => {
    // Given the vehicle on the ground with a position, armed as the example does
    await drone.waitState(d => d.health.isGlobalPositionOk && d.home && !d.armed, 20_000, 'global position ok, home known, disarmed')
    ok(await drone.arm(), 'action.arm()')
    // When one zero setpoint is set and offboard starts at once (OffboardImpl streams it at 20 Hz)
    drone.setVelocityNed(0, 0, 0, 0)
    ok(await drone.startOffboard(), 'offboard.start() (DO_SET_MODE Offboard)')
    await drone.waitState(d => d.flightMode === 'Offboard', 3000, 'Offboard in HEARTBEAT')
    // Then the example's sequence climbs at 2 m/s: altitude after 4 s and 8 s of vehicle time
    const vt = () => drone.position.timeBootMs
    const vStart = vt()
    const until = ms => drone.waitState(d => d.position.timeBootMs - vStart >= ms, 20_000, `vehicle time +${ms} ms`)
    drone.setVelocityNed(0, 0, -2, 0) // "Go up 2 m/s"
    await until(4000)
    const alt4 = drone.position.altRel
    drone.setVelocityNed(2, 0, 0, 90) // "Go North 2 m/s, turn to face East"
    await until(8000)
    const alt8 = drone.position.altRel
    figures.offboardAltitudeM = { at4s: +alt4.toFixed(2), at8s: +alt8.toFixed(2) }
    assert.ok(alt4 >= PX4_OFFBOARD_ALT_4S_M, `altitude ${alt4.toFixed(2)} m after 4 s of "go up 2 m/s" (PX4: ${PX4_OFFBOARD_ALT_4S_M} m)`)
    assert.ok(alt8 >= PX4_OFFBOARD_ALT_8S_M, `altitude ${alt8.toFixed(2)} m after 8 s (PX4: ${PX4_OFFBOARD_ALT_8S_M} m)`)
    drone.setVelocityNed(-2, 0, 0, 270) // "Go South 2 m/s, turn to face West"
    await until(12_000)
    drone.setVelocityNed(0, -2, 0, 90) // "Go West 2 m/s, turn to face East"
    await until(16_000)
    drone.setVelocityNed(0, 2, 0, 0) // "Go East 2 m/s"
    await until(20_000)
    drone.setVelocityNed(0, 0, 0, 180) // "Turn to face South"
    await until(22_000)
    drone.setVelocityNed(0, 0, 1, 0) // "Go down 1 m/s, turn to face North"
    await until(26_000)
    assert.equal(drone.flightMode, 'Offboard', 'still in Offboard at the end of the sequence')
    // When offboard stops (Hold) and the vehicle lands, it comes down and disarms
    ok(await drone.stopOffboard(), 'offboard.stop() (DO_SET_MODE Hold)')
    ok(await drone.land(), 'action.land()')
    await drone.waitState(d => !d.armed, 40_000, 'landed and disarmed')
  }))

  it('mission.py: upload_mission() without a takeoff item, then arm and start_mission() at once: vertical takeoff, every waypoint reached, RTL lands', withSimTail(async () => {
    // Given MIS_TAKEOFF_ALT 6 m (issue 19's table) and mission.py's plan uploaded around home
    const set = await drone.setTakeoffAltitude(TAKEOFF_ALT_M)
    assert.equal(set.result, 'Success', `MIS_TAKEOFF_ALT ${TAKEOFF_ALT_M}: ${set.result}`)
    await drone.waitState(d => d.health.isGlobalPositionOk && d.home && !d.armed, 20_000, 'global position ok, home known, disarmed')
    const home = drone.home
    const items = MISSION_PY_OFFSETS_M.map(([n, e]) => {
      const p = offsetE7(home.lat, home.lon, n, e)
      return { latDeg: p.lat / 1e7, lonDeg: p.lon / 1e7, relAltM: MISSION_PY_REL_ALT_M, speedMS: MISSION_PY_SPEED_M_S, isFlyThrough: true }
    })
    const up = await drone.uploadMission(items, { rtlAfterMission: true }) // set_return_to_launch_after_mission(True)
    assert.equal(up.resultName, 'ACCEPTED', `upload_mission: ${up.resultName} ${JSON.stringify(up.statustexts)}`)
    const reached = drone.gcs.collect(m => m.name === 'MISSION_ITEM_REACHED' && m.sysid === 1)
    let maxLowDistM = 0
    let maxBelow48M = 0
    const track = m => {
      if (m.name !== 'GLOBAL_POSITION_INT' || m.sysid !== 1 || !drone.armed) return
      const d = horizontalDistanceM(m.data.lat, m.data.lon, home.lat, home.lon)
      const alt = m.data.relativeAlt / 1000
      if (alt < TAKEOFF_ALT_M) maxLowDistM = Math.max(maxLowDistM, d)
      if (alt < 0.8 * TAKEOFF_ALT_M) maxBelow48M = Math.max(maxBelow48M, d)
    }
    // When the example arms and starts the mission at once (no delay)
    ok(await drone.arm(), 'action.arm()')
    drone.gcs.listeners.add(track)
    try {
      ok(await drone.startMission(), 'mission.start_mission() right after arm (DO_SET_MODE Mission)')
      // Then it climbs, flies every waypoint, returns and lands (the example waits for in_air false)
      await drone.waitState(d => d.position.altRel > TAKEOFF_ALT_M, 30_000, `climbed above MIS_TAKEOFF_ALT`)
      figures.missionHorizontalBelowTakeoffAltM = +maxLowDistM.toFixed(2)
      figures.missionHorizontalBelow4_8M = +maxBelow48M.toFixed(2)
      await drone.waitState(d => !d.armed, 90_000, 'mission flown, returned and disarmed')
    } finally {
      drone.gcs.listeners.delete(track)
      reached.stop()
    }
    const seqs = reached.map(m => m.data.seq)
    figures.missionReached = seqs
    assert.ok(maxLowDistM < 2, `horizontal distance from home while below MIS_TAKEOFF_ALT (${TAKEOFF_ALT_M} m): ${maxLowDistM.toFixed(2)} m (PX4 drifted 16.6 m)`)
    const waypointSeqs = [0, 2, 4] // NAV_WAYPOINT items (each followed by its DO_CHANGE_SPEED)
    assert.deepEqual(seqs.filter(s => waypointSeqs.includes(s)), waypointSeqs, `MISSION_ITEM_REACHED ${JSON.stringify(seqs)}`)
    const homeErr = horizontalDistanceM(drone.position.lat, drone.position.lon, home.lat, home.lon)
    figures.missionLandedFromHomeM = +homeErr.toFixed(2)
    assert.ok(homeErr < 2, `landed ${homeErr.toFixed(2)} m from home after the mission's RTL`)
  }))

  it('should answer every command MAVSDK sent before its 0.5 s resend (mavlink_command_sender.cpp timeout_s)', () => {
    // Given every command of the flows above, as MavlinkCommandSender logged them (the ones sent
    // on discovery, while the simulator's JVM is still warming up, are reported, not judged)
    const log = drone.commandLog.filter(c => c.t0 >= ctx.flowsStart)
    figures.connectCommands = drone.commandLog.filter(c => c.t0 < ctx.flowsStart).map(c => `${c.command}:${c.result}:${Math.round(c.latencyMs)}ms:${c.sends}`)
    figures.commands = { slowest: log.filter(c => c.latencyMs > 250).map(c => `${c.command}:${c.result}:${Math.round(c.latencyMs)}ms:${c.sends}`), count: log.length, maxLatencyMs: Math.round(Math.max(...log.map(c => c.latencyMs))), inProgressAcks: log.reduce((n, c) => n + c.inProgress, 0) }
    // Then none needed a resend and none went unanswered
    const resent = log.filter(c => c.sends > 1 || c.result === 'Timeout').map(c => `${c.command}:${c.result}:${c.sends} sends`)
    assert.deepEqual(resent, [], 'commands resent or unanswered')
  })

  it('telemetry: every rate MAVSDK\'s telemetry plugin asks for is either refused in its COMMAND_ACK or arrives at about that rate', withSimTail(async () => {
    // Given the vehicle's time (time_boot_ms of whatever carries it), so the speed-up does not enter
    let vehicleMs = 0
    const clock = m => { if (m.sysid === 1 && typeof m.data?.timeBootMs === 'number') vehicleMs = Math.max(vehicleMs, m.data.timeBootMs) }
    drone.gcs.listeners.add(clock)
    // RC_CHANNELS too: MAVSDK's set_rate_rc_status sends nothing, but issue 19's table measured it
    const asks = [...TELEMETRY_RATE_SETTERS, { setter: '(issue 19 table) RC_CHANNELS', msgid: MSG_ID.RC_CHANNELS }]
    // When each set_rate_* is awaited in turn, as an app does
    const answers = []
    for (const a of asks) answers.push({ ...a, r: await drone.setMsgRate(a.msgid, ASKED_RATE_HZ) })
    await sleep(300) // the new schedules start
    const counts = new Map()
    const counter = m => { if (m.sysid === 1 && m.compid === 1) counts.set(m.msgid, (counts.get(m.msgid) || 0) + 1) }
    const v0 = vehicleMs
    drone.gcs.listeners.add(counter)
    await sleep(3000)
    drone.gcs.listeners.delete(counter)
    drone.gcs.listeners.delete(clock)
    const spanS = (vehicleMs - v0) / 1000
    // Then: accepted → arrives at the asked rate (±15 %); anything else is a refusal, never silence after ACCEPTED
    const table = answers.map(a => ({
      setter: a.setter, msgid: a.msgid, ack: a.r.result, hz: +((counts.get(a.msgid) || 0) / spanS).toFixed(2)
    }))
    figures.telemetry = table.map(t => `${t.msgid}:${t.ack}:${t.hz}`).join(' ')
    figures.telemetryAccepted = `${table.filter(t => t.ack === 'Success').length} of ${table.length}`
    const bad = table.filter(t => t.ack === 'Timeout' || (t.ack === 'Success' && Math.abs(t.hz - ASKED_RATE_HZ) > 0.15 * ASKED_RATE_HZ))
    assert.deepEqual(bad, [], `over ${spanS.toFixed(1)} s of vehicle time, asked ${ASKED_RATE_HZ} Hz: ${JSON.stringify(table)}`)
  }))
})
