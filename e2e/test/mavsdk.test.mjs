// MAVSDK, replayed: lib/mavsdk.mjs does what MAVSDK's core, action and telemetry plugins send to
// a PX4 vehicle (read from MAVSDK's source, see the header of lib/mavsdk.mjs), and each test
// follows one of MAVSDK-Python's examples step by step (examples/takeoff_and_land.py, goto.py,
// telemetry.py), against `./hoverla sim` on its API link: the client listens as
// `udpin://0.0.0.0:14540` does, on a port of its own so that parallel runs cannot collide, and
// the simulator is started with `--mavlink udp:127.0.0.1:<port>?profile=onboard`, which is what
// its default 14540 link is.
//
// Next (being built in parallel, not here): the offboard flow (offboard_velocity_ned.py: arm on
// the ground, one setpoint, offboard.start(), climb) and the mission flow (mission.py:
// upload_mission() then start_mission() at once, no takeoff item).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { startSim, freeUdpPort } from '../lib/sitl.mjs'
import { horizontalDistanceM, sleep } from '../lib/gcs.mjs'
import { MavsdkClient, TELEMETRY_RATE_SETTERS, MSG_ID } from '../lib/mavsdk.mjs'

const SPEEDUP = 4
const TAKEOFF_ALT_M = 6
const GOTO_DISTANCE_M = 20
const GOTO_YAW_DEG = 90
const ASKED_RATE_HZ = 5
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
