// QGroundControl, replayed: lib/qgc.mjs does what QGC's PX4 plugin does (read from QGC's
// source, see the header of lib/qgc.mjs) against `./hoverla sim`, and each test asserts the state
// QGC's own code waits for. One simulator, one QGC session, steps in the order an operator
// takes them: connect, Setup, Parameters, Tuning, calibration, Plan, Fly.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { startSim, ensureBuilt, runHoverla } from '../lib/sitl.mjs'
import { horizontalDistanceM, sleep } from '../lib/gcs.mjs'
import { item, offsetE7, differences, MAV_CMD as MCMD } from '../lib/mission.mjs'
import {
  QgcPx4Client, MAV_CMD, MAV_RESULT, RESULT_NAME, MISSION_TYPE, CAP, MODE_MENU, FIRMWARE_VERSION_TYPE,
  PARAM_TYPE_TO_FACT, MSG_ID, INSPECTOR_RATE_CHOICES, azimuthRad
} from '../lib/qgc.mjs'
import { QGC_PX4_PARAMS } from '../lib/qgc-px4-params.mjs'
import { QgcSensorsPage } from '../lib/qgc-sensors.mjs'

const SPEEDUP = 4
const MAV_FRAME_GLOBAL_RELATIVE_ALT = 3
const MAV_FRAME_GLOBAL = 0
const NAV_FENCE_POLYGON_VERTEX_INCLUSION = 5001
const NAV_FENCE_CIRCLE_INCLUSION = 5003
const MAV_LANDED_STATE_ON_GROUND = 1

const results = [] // { step, status, detail } for the summary the integrator reads
const record = (step, status, detail = '') => results.push({ step, status, detail })

/** Runs a step; records PASS/FAIL with the reason (the assertion itself still fails the test). */
async function step (ctx, name, fn) {
  try {
    const detail = await fn()
    record(name, 'PASS', detail ?? '')
  } catch (e) {
    record(name, 'FAIL', e.message.split('\n')[0].slice(0, 300))
    e.message += ctx.sim ? `\n--- simulator output (tail) ---\n${ctx.sim.output().slice(-2000)}` : ''
    throw e
  }
}

const ok = (r, what) => assert.equal(r.result, MAV_RESULT.ACCEPTED,
  `${what}: ${r.failure ? 'no COMMAND_ACK (' + r.failure + ', ' + r.tries + ' tries)' : 'COMMAND_ACK ' + RESULT_NAME[r.result]}`)

/** PlanManager::writeMissionItems then loadFromVehicle, compared item by item. */
async function uploadAndReadBack (qgc, type, items, name) {
  const up = await qgc.uploadPlan(type, items)
  assert.equal(up.result, 0, `${name} upload: MISSION_ACK ${up.resultName} ${JSON.stringify(up.statustexts)}`)
  const back = await qgc.downloadPlan(type)
  assert.equal(back.count, items.length, `${name} read back: ${back.count} items, uploaded ${items.length}`)
  const diffs = items.flatMap((it, i) => differences(it, back.items[i]).map(d => `#${i} ${d}`))
  assert.deepEqual(diffs, [], `${name} read back differs`)
  return `${name} ${items.length} items`
}

/**
 * Test scaffolding, not QGC: when an earlier QGC step failed to get the vehicle airborne, get it
 * up by the route the other e2e tests use (arm, then NAV_TAKEOFF armed), so that the later
 * Fly-view steps are still exercised and each reports its own result. Recorded in the summary.
 */
async function ensureAirborne (qgc) {
  if (qgc.armed && qgc.position?.altRel > 5) return
  record('(scaffolding) airborne by arm + NAV_TAKEOFF while armed', 'INFO', 'the QGC takeoff route failed earlier')
  ok(await armWhenReady(qgc), 'scaffolding arm')
  ok(await qgc.sendMavCommand(MAV_CMD.NAV_TAKEOFF, [-1, 0, 0, NaN, NaN, NaN, qgc.home.altAmsl + 10]), 'scaffolding NAV_TAKEOFF')
  await qgc.waitState(q => q.position.altRel >= 9, 30_000, 'scaffolding: relative altitude ≥ 9 m')
  await qgc.waitState(q => q.flightMode === 'Hold', 15_000, 'scaffolding: Hold after takeoff')
}

/**
 * Presses Arm (Vehicle::setArmed) once a second until it is accepted or 40 s have passed: the
 * SITL's estimator needs to settle first, while QGC's button is always there. Resolves the last answer.
 */
async function armWhenReady (qgc) {
  const deadline = performance.now() + 40_000
  for (;;) {
    const arm = await qgc.setArmed(true)
    if (arm.result === MAV_RESULT.ACCEPTED || performance.now() > deadline) return arm
    await sleep(1000)
  }
}

/** Test scaffolding, not QGC: lands and disarms by NAV_RETURN_TO_LAUNCH when a QGC step left the vehicle flying. */
async function ensureOnGround (qgc) {
  if (!qgc.armed) return
  record('(scaffolding) landed by NAV_RETURN_TO_LAUNCH', 'INFO', 'a QGC step left the vehicle flying')
  ok(await qgc.sendMavCommand(MAV_CMD.NAV_RETURN_TO_LAUNCH, []), 'scaffolding RTL')
  await qgc.waitState(q => !q.armed, 120_000, 'scaffolding: disarmed after RTL')
}

/**
 * The rate (Hz, vehicle time) of a message the Inspector lists, from the message's own timestamps
 * (time_boot_ms / time_usec), so the SITL's speed-up does not enter. The first arrival after
 * `since` is skipped: it may still be on the previous interval's schedule.
 */
async function vehicleRateHz (insp, msgId, since, { minCount = 15, maxMs = 4000 } = {}) {
  const deadline = performance.now() + maxMs
  let a = []
  while ((a = insp.arrivalsSince(msgId, since)).length < minCount + 1 && performance.now() < deadline) await sleep(20)
  a = a.slice(1)
  if (a.length < 2) return { count: a.length, hz: 0 }
  const span = a[a.length - 1].stampS - a[0].stampS
  return { count: a.length, hz: span > 0 ? (a.length - 1) / span : Infinity }
}

/**
 * The SITL sends its streams from a 20 ms wall-clock tick (MavlinkLinkManager.TICK_PERIOD_MS;
 * TelemetryService: "rates above the tick rate are capped by it"), so at --speedup N a stream
 * gets at most 50 / N Hz of vehicle time (12.5 Hz at 4), more when the simulator runs slower
 * than N. A measured rate must lie between min(reported, that cap) and the reported rate (±15 %).
 */
const STREAM_CAP_HZ = 1000 / 20 / SPEEDUP
const near = (hz, want, what) => assert.ok(hz <= 1.15 * want && hz >= 0.85 * Math.min(want, STREAM_CAP_HZ),
  `${what}: ${hz.toFixed(2)} Hz in vehicle time, the vehicle reported ${want} Hz (tick cap ${STREAM_CAP_HZ} Hz at speedup ${SPEEDUP})`)

/** The tuning value the Parameters-editor step writes, and the reset steps check (PX4TuningComponentCopterRate reads it). */
const EDITED = { name: 'MC_ROLLRATE_K', value: Math.fround(1.05) }
/** MavlinkVehicleInterface.keptOnReset: what a reset to defaults leaves alone. */
const keptOnReset = n => n.startsWith('CAL_') || /^SENS_BOARD_._OFF$/.test(n) || n === 'SYS_AUTOSTART' || n === 'MAV_SYS_ID'

describe('QGroundControl replay (lib/qgc.mjs) against ./hoverla sim --speedup 4', { timeout: 240_000 }, () => {
  const ctx = {}
  let qgc

  before(async () => {
    ensureBuilt()
    ctx.sim = await startSim({ speedup: SPEEDUP })
    qgc = new QgcPx4Client({ speedup: SPEEDUP })
    await qgc.open(ctx.sim.port)
  })

  after(async () => {
    if (qgc) await qgc.close()
    if (ctx.sim) await ctx.sim.stop()
    const w = Math.max(...results.map(r => r.step.length))
    console.log(['', '==== QGC replay: steps (status from this run) ====',
      ...results.map(r => `  ${r.status}  ${r.step.padEnd(w)}  ${r.detail}`),
      ...(qgc ? ['  QGC popups: ' + JSON.stringify(qgc.appMessages)] : []),
      '==== end ====', ''].join('\n'))
  })

  // --- connect ------------------------------------------------------------------------------

  it('runs the initial connection state machine: AUTOPILOT_VERSION, PROTOCOL_VERSION, modes, metadata, parameters, plan', async () => {
    await step(ctx, 'connect: InitialConnectStateMachine', async () => {
      const r = await qgc.initialConnect()
      ctx.connect = r
      const av = r.autopilotVersion
      assert.equal(av.failure, null, `AUTOPILOT_VERSION request: ${av.failure} ${RESULT_NAME[av.result] ?? ''}`)
      return `sw 0x${av.flightSwVersion.toString(16)}, caps 0x${av.capabilities.toString(16)}, proto ${r.protocolVersion.maxProtoVersion} (${r.protocolVersion.failure ?? 'PROTOCOL_VERSION ok'}), ` +
        `modes ${r.standardModes.failure ?? r.standardModes.modes.length}, params ${r.parameters.received}/${r.parameters.count} in ${r.parameters.ms.toFixed(0)} ms, ` +
        `mission ${r.mission.count ?? r.mission.error}, fence ${r.fence.count ?? r.fence.skipped ?? r.fence.error}, rally ${r.rally.count ?? r.rally.skipped ?? r.rally.error}`
    })
  })

  it('gets no version popup: flight_sw_version is PX4 1.4.1 or later (PX4FirmwarePlugin::_handleAutopilotVersion)', async () => {
    await step(ctx, 'connect: no "supports PX4 Pro firmware 1.4.1 and above" popup', async () => {
      const av = ctx.connect.autopilotVersion
      assert.equal(av.versionPopup, false, `flight_sw_version 0x${av.flightSwVersion?.toString(16)} → QGC pops the 1.4.1 warning`)
      const v = av.version
      const type = Object.keys(FIRMWARE_VERSION_TYPE).find(k => FIRMWARE_VERSION_TYPE[k] === v.type) ?? v.type
      return `${v.major}.${v.minor}.${v.patch} type ${type}; latest-stable check ${av.latestStableCheckApplies ? 'APPLIES (OFFICIAL)' : 'skipped (not OFFICIAL)'}; git ${av.gitHash}`
    })
  })

  it('reports the capability bits of the services QGC uses: MAVLINK2, MISSION_INT, COMMAND_INT, MISSION_FENCE, MISSION_RALLY, FTP', async () => {
    await step(ctx, 'connect: capability bits', async () => {
      const caps = ctx.connect.autopilotVersion.capabilities ?? 0n
      const missing = ['MAVLINK2', 'MISSION_INT', 'COMMAND_INT', 'MISSION_FENCE', 'MISSION_RALLY', 'FTP'].filter(k => !(caps & CAP[k]))
      assert.deepEqual(missing, [], `AUTOPILOT_VERSION.capabilities 0x${caps.toString(16)} lacks ${missing.join(', ')}`)
      assert.ok(ctx.connect.protocolVersion.maxProtoVersion >= 200, `maxProtoVersion ${ctx.connect.protocolVersion.maxProtoVersion}`)
      return `0x${caps.toString(16)}`
    })
  })

  it('answers PROTOCOL_VERSION and AVAILABLE_MODES as requested at connect', async () => {
    await step(ctx, 'connect: PROTOCOL_VERSION and AVAILABLE_MODES answered', async () => {
      const pv = ctx.connect.protocolVersion
      const sm = ctx.connect.standardModes
      assert.equal(pv.failure, null, `REQUEST_MESSAGE(PROTOCOL_VERSION): ${pv.failure} ${RESULT_NAME[pv.result] ?? ''}`)
      assert.equal(sm.failure, null, `REQUEST_MESSAGE(AVAILABLE_MODES, i): ${sm.failure} ${RESULT_NAME[sm.result] ?? ''} after ${sm.modes.length} modes`)
      return `max_version ${pv.maxVersion}; modes ${sm.modes.map(m => m.name).join(', ')}`
    })
  })

  // --- parameters / Setup -------------------------------------------------------------------

  it('downloads every parameter and QGC reports none missing', async () => {
    await step(ctx, 'parameters: full download, no missing-parameter report', async () => {
      const p = ctx.connect.parameters
      assert.equal(p.failure, undefined, p.failure)
      assert.deepEqual(p.failedIndices, [], `indices never received after QGC's retries: ${p.failedIndices}`)
      assert.equal(p.received, p.count, `received ${p.received} of ${p.count}`)
      assert.deepEqual(p.missing.map(m => m.name), [],
        'QGC would pop "Parameters are missing from firmware": ' + p.missing.map(m => `${m.name} (${m.file.split(' ')[0].split('/').pop()})`).join(', '))
      return `${p.count} parameters, ${QGC_PX4_PARAMS.length} names checked`
    })
  })

  it('shows Airframe, Sensors and Radio setup complete (AutoPilotPlugin setupComplete)', async () => {
    await step(ctx, 'setup: Airframe, Sensors, Radio complete', async () => {
      const s = qgc.setupStatus()
      const red = ['airframe', 'sensors', 'radio'].filter(k => !s[k])
      assert.deepEqual(red, [], `red in Vehicle Setup: ${red.join(', ')} (values ${JSON.stringify(s.values)})`)
      return `flight modes ${s.flightModes ? 'complete' : 'NOT complete'}; values ${JSON.stringify(s.values)}`
    })
  })

  // --- component metadata over FTP ----------------------------------------------------------------

  it('downloads the parameter metadata over MAVLink FTP and it matches ./hoverla params list', async () => {
    await step(ctx, 'metadata: COMPONENT_METADATA → FTP general.json → parameter JSON = params list', async () => {
      const ci = ctx.connect.compInfo
      assert.equal(ci.componentMetadata.failure, null, `REQUEST_MESSAGE(COMPONENT_METADATA): ${ci.componentMetadata.failure} ${RESULT_NAME[ci.componentMetadata.result] ?? ''}` +
        (ci.componentInformation ? `; COMPONENT_INFORMATION: ${ci.componentInformation.failure} ${RESULT_NAME[ci.componentInformation.result] ?? ''}` : ''))
      assert.ok(ci.general && !ci.general.error, `general metadata download ${ci.general?.uri}: ${ci.general?.error} ${JSON.stringify(ci.general?.ftp?.slice(-6))}`)
      assert.equal(ci.general.parseError, undefined, ci.general.parseError)
      assert.equal(ci.general.crcMatches, true, `COMPONENT_METADATA.file_crc ${ci.general.crc} is not the CRC32 of the file QGC downloads (QGC caches by that CRC)`)
      assert.ok(ci.parameter && !ci.parameter.error, `parameter metadata ${ci.fallback ?? ''} ${ci.parameter?.uri}: ${ci.parameter?.error}`)
      assert.equal(ci.parameter.parseError, undefined, ci.parameter.parseError)
      assert.equal(ci.parameter.crcMatches, true, `general.json fileCrc ${ci.parameter.fileCrc} is not the CRC32 of ${ci.parameter.uri}`)

      const list = JSON.parse(await runHoverla(['params', 'list', '--json', '--file', ctx.sim.paramsFile]))
      const meta = new Map(ci.parameter.json.parameters.map(p => [p.name, p]))
      const diffs = []
      for (const p of list) {
        const m = meta.get(p.name)
        if (!m) { diffs.push(`${p.name}: no metadata`); continue }
        const f = Math.fround
        const want = { type: PARAM_TYPE_TO_FACT[p.type], default: f(p.default), min: f(p.min), max: f(p.max), units: p.unit ?? '', shortDesc: p.description }
        const got = { type: m.type, default: f(m.default), min: f(m.min), max: f(m.max), units: m.units ?? '', shortDesc: m.shortDesc }
        for (const k of Object.keys(want)) if (!Object.is(want[k], got[k])) diffs.push(`${p.name}.${k}: metadata ${JSON.stringify(got[k])}, params list ${JSON.stringify(want[k])}`)
        if (p.values) {
          const mv = JSON.stringify((m.values ?? []).map(v => [v.value, v.description]))
          const pv = JSON.stringify(p.values.map(v => [v.value, v.description]))
          if (mv !== pv) diffs.push(`${p.name}.values: metadata ${mv}, params list ${pv}`)
        }
      }
      for (const name of meta.keys()) if (!list.some(p => p.name === name)) diffs.push(`${name}: in metadata, not in params list`)
      for (const name of qgc.params.keys()) if (!meta.has(name)) diffs.push(`${name}: published over MAVLink without metadata`)
      assert.deepEqual(diffs.slice(0, 30), [], `${diffs.length} differences`)
      return `${meta.size} parameters, ${ci.general.uri} (${ci.general.size} B) + ${ci.parameter.uri} (${ci.parameter.size} B)`
    })
  })

  // --- Tuning ------------------------------------------------------------------------------------

  it('opens the Tuning pages: every SET_MESSAGE_INTERVAL accepted and the streams arrive (MAVLinkStreamConfig)', async () => {
    await step(ctx, 'tuning: SET_MESSAGE_INTERVAL 83/31, 85/32, 62/74 and restore', async () => {
      const seen = []
      for (const [mode, ids] of [['RateAndAttitude', [MSG_ID.ATTITUDE_TARGET, MSG_ID.ATTITUDE_QUATERNION]],
        ['VelocityAndPosition', [MSG_ID.POSITION_TARGET_LOCAL_NED, MSG_ID.LOCAL_POSITION_NED]],
        ['AltitudeAndAirspeed', [MSG_ID.VFR_HUD, MSG_ID.NAV_CONTROLLER_OUTPUT]]]) {
        const since = performance.now()
        const got = new Set()
        const l = m => { if (m.sysid === 1 && ids.includes(m.msgid) && m.t >= since) got.add(m.msgid) }
        qgc.gcs.listeners.add(l)
        const r = await qgc.setPIDTuningTelemetryMode(mode)
        const bad = r.sent.filter(s => s.result !== MAV_RESULT.ACCEPTED)
        assert.deepEqual(bad.map(b => `${b.id}@${b.interval}: ${b.failure ?? RESULT_NAME[b.result]}`), [], `${mode}: SET_MESSAGE_INTERVAL not accepted (QGC error popup)`)
        const deadline = performance.now() + 2000
        while (got.size < ids.length && performance.now() < deadline) await sleep(20)
        qgc.gcs.listeners.delete(l)
        assert.deepEqual(ids.filter(i => !got.has(i)), [], `${mode}: no message of these ids within 2 s after the interval was set`)
        seen.push(`${mode} ok`)
      }
      const r = await qgc.setPIDTuningTelemetryMode('Disabled')
      assert.ok(r.sent.every(s => s.result === MAV_RESULT.ACCEPTED), `restoring defaults: ${JSON.stringify(r.sent)}`)
      return seen.join(', ')
    })
  })

  // --- Analyze → MAVLink Inspector ----------------------------------------------------------------

  it('sets message rates from the MAVLink Inspector and reads back the interval QGC shows (MessageIntervalManager)', async () => {
    await step(ctx, 'inspector: ATTITUDE 10 Hz / Disabled / Default, VIBRATION 5 Hz / Default, RAW_IMU not streamed', async () => {
      const insp = qgc.openInspector()
      const out = []
      try {
        // MAVLinkInspectorController::_receiveMessage: only what arrives is listed.
        await qgc.waitState(() => insp.listed(MSG_ID.ATTITUDE), 2000, 'ATTITUDE listed in the Inspector')

        // Set Rate 10 Hz: SET_MESSAGE_INTERVAL [30, 100000] → REQUEST_MESSAGE [244, 30] → MESSAGE_INTERVAL
        let r = await qgc.inspectorSetMessageRate(MSG_ID.ATTITUDE, 10)
        ok(r.set, 'SET_MESSAGE_INTERVAL ATTITUDE 100000 us')
        assert.equal(r.request?.failure, null, `REQUEST_MESSAGE(MESSAGE_INTERVAL, 30): ${r.request?.failure} ${RESULT_NAME[r.request?.result] ?? ''}`)
        assert.deepEqual({ id: r.request.message.messageId, us: r.request.message.intervalUs }, { id: MSG_ID.ATTITUDE, us: 100000 }, 'MESSAGE_INTERVAL answer')
        assert.equal(r.comboShows, 10, `Set Rate combo shows ${r.comboShows} (targetRateHz ${r.targetRateHz})`)
        let since = performance.now()
        let rate = await vehicleRateHz(insp, MSG_ID.ATTITUDE, since)
        near(rate.hz, 10, 'ATTITUDE after Set Rate 10 Hz')
        out.push(`ATTITUDE 10 Hz → ${rate.hz.toFixed(1)} Hz`)

        // Disabled: interval -1 → MESSAGE_INTERVAL -1 → combo "Disabled"; no ATTITUDE any more.
        r = await qgc.inspectorSetMessageRate(MSG_ID.ATTITUDE, -1)
        ok(r.set, 'SET_MESSAGE_INTERVAL ATTITUDE -1')
        assert.equal(r.request?.message?.intervalUs, -1, `MESSAGE_INTERVAL after Disabled: ${JSON.stringify(r.request)}`)
        assert.equal(r.comboShows, -1, 'Set Rate combo shows Disabled')
        await sleep(150)
        since = performance.now()
        await sleep(600)
        assert.equal(insp.arrivalsSince(MSG_ID.ATTITUDE, since).length, 0, 'ATTITUDE still arrives after Disabled')

        // Default: interval 0 → the vehicle's default (20 Hz, not a combo entry: it stays on "Default").
        r = await qgc.inspectorSetMessageRate(MSG_ID.ATTITUDE, 0)
        ok(r.set, 'SET_MESSAGE_INTERVAL ATTITUDE 0 (default)')
        const defUs = r.request?.message?.intervalUs
        assert.ok(defUs > 0, `MESSAGE_INTERVAL after Default: ${JSON.stringify(r.request)}`)
        assert.equal(r.targetRateHz, Math.trunc(1e6 / defUs))
        assert.equal(r.comboShows, INSPECTOR_RATE_CHOICES.includes(r.targetRateHz) ? r.targetRateHz : 0)
        since = performance.now()
        rate = await vehicleRateHz(insp, MSG_ID.ATTITUDE, since)
        near(rate.hz, 1e6 / defUs, 'ATTITUDE back at its default')
        out.push(`Disabled → none; Default ${defUs} us → ${rate.hz.toFixed(1)} Hz`)

        // VIBRATION: streamed slowly by default (listed once one arrives), 5 Hz, then Default.
        await qgc.waitState(() => insp.listed(MSG_ID.VIBRATION), 4000, 'VIBRATION listed in the Inspector')
        r = await qgc.inspectorSetMessageRate(MSG_ID.VIBRATION, 5)
        ok(r.set, 'SET_MESSAGE_INTERVAL VIBRATION 200000 us')
        assert.deepEqual({ id: r.request?.message?.messageId, us: r.request?.message?.intervalUs }, { id: MSG_ID.VIBRATION, us: 200000 }, `MESSAGE_INTERVAL answer ${JSON.stringify(r.request)}`)
        assert.equal(r.comboShows, 5)
        since = performance.now()
        rate = await vehicleRateHz(insp, MSG_ID.VIBRATION, since)
        near(rate.hz, 5, 'VIBRATION after Set Rate 5 Hz')
        r = await qgc.inspectorSetMessageRate(MSG_ID.VIBRATION, 0)
        ok(r.set, 'SET_MESSAGE_INTERVAL VIBRATION 0 (default)')
        const vibDefUs = r.request?.message?.intervalUs
        assert.ok(vibDefUs > 0, `MESSAGE_INTERVAL after Default: ${JSON.stringify(r.request)}`)
        // handleMessageInterval truncates to whole Hz: a default below 1 Hz reads as 0, which the combo shows as "Default"
        assert.equal(r.targetRateHz, Math.trunc(1e6 / vibDefUs))
        out.push(`VIBRATION 5 Hz → ${rate.hz.toFixed(1)} Hz; Default ${vibDefUs} us (targetRateHz ${r.targetRateHz})`)

        // RAW_IMU (raw ADC counts, which Hoverla does not have): never received, so never listed (the Inspector cannot offer it). Replayed as
        // if it were: the vehicle refuses the interval, and QGC then asks nothing more.
        assert.equal(insp.listed(MSG_ID.RAW_IMU), false, 'RAW_IMU arrives although Hoverla does not stream it')
        r = await qgc.inspectorSetMessageRate(MSG_ID.RAW_IMU, 10)
        assert.equal(r.set.result, MAV_RESULT.UNSUPPORTED, `SET_MESSAGE_INTERVAL RAW_IMU: ${r.set.failure ?? RESULT_NAME[r.set.result]}`)
        assert.equal(r.request, null)
        // What MessageIntervalManager::_requestMessageInterval would ask: "not available" (0).
        const q = await qgc.requestMessage(MSG_ID.MESSAGE_INTERVAL, { param2: MSG_ID.RAW_IMU, messageTimeoutMs: 1000 })
        assert.equal(q.failure, null, `REQUEST_MESSAGE(MESSAGE_INTERVAL, 27): ${q.failure} ${RESULT_NAME[q.result] ?? ''}`)
        assert.deepEqual({ id: q.message.messageId, us: q.message.intervalUs }, { id: MSG_ID.RAW_IMU, us: 0 })
        assert.equal(insp.listed(MSG_ID.RAW_IMU), false, 'RAW_IMU arrives after an UNSUPPORTED interval')
        out.push('RAW_IMU: not listed, SET UNSUPPORTED, interval 0')
      } finally {
        insp.close()
      }
      return out.join('; ')
    })
  })

  // --- Parameters editor ---------------------------------------------------------------------------

  it('edits a tuning value in the Parameters editor (PARAM_SET, PARAM_VALUE echo)', async () => {
    await step(ctx, `parameters: edit ${EDITED.name} (PARAM_SET)`, async () => {
      const meta = qgc.parameterMetadata?.parameters?.find(p => p.name === EDITED.name)
      assert.ok(meta, `no metadata for ${EDITED.name}`)
      assert.notEqual(Math.fround(meta.default), EDITED.value, 'the edited value must differ from the default')
      const r = await qgc.paramSet(EDITED.name, EDITED.value)
      assert.ok(r.ok, `no PARAM_VALUE for ${EDITED.name} after ${r.tries} PARAM_SET`)
      assert.equal(r.value, EDITED.value, 'PARAM_VALUE echo')
      return `${meta.default} → ${r.value} (${r.tries} PARAM_SET)`
    })
  })

  // --- calibration ------------------------------------------------------------------------------

  it('calibrates the gyroscope from the Sensors page (calibrateGyro → Vehicle::startCalibration): ACK ACCEPTED, "[cal] calibration done: gyro", CAL_/SENS_ re-read', async () => {
    await step(ctx, 'calibration: Sensors → Gyroscope (PREFLIGHT_CALIBRATION param1 = 1) done', async () => {
      // SensorsComponentController::calibrateGyro: _startLogCalibration connects the text parser
      // (replayed by lib/qgc-sensors.mjs), then Vehicle::startCalibration sends the raw COMMAND_LONG.
      const page = new QgcSensorsPage()
      page.startLogCalibration()
      const feed = m => { if (m.name === 'STATUSTEXT' && m.sysid === 1 && m.compid === 1) page.handleText(m.data.text) }
      qgc.gcs.listeners.add(feed)
      const since = performance.now()
      const offsets = () => ['X', 'Y', 'Z'].map(a => qgc.paramValue(`CAL_GYRO0_${a}OFF`))
      const before = offsets()
      let ack
      try {
        const ackP = qgc.gcs.waitMsg('COMMAND_ACK', d => d.command === MAV_CMD.PREFLIGHT_CALIBRATION && d.result !== MAV_RESULT.IN_PROGRESS, 3000, 'COMMAND_ACK for PREFLIGHT_CALIBRATION')
        qgc.startCalibration('gyro')
        ack = (await ackP).data
        assert.equal(ack.result, MAV_RESULT.ACCEPTED, `COMMAND_ACK ${RESULT_NAME[ack.result]}; texts ${JSON.stringify(qgc.textsSince(since))}`)
        await qgc.waitState(() => page.stopCode !== null, 30_000, 'the end of the gyro calibration ([cal] calibration done, failed or cancelled)')
      } finally {
        qgc.gcs.listeners.delete(feed)
      }
      const ms = performance.now() - since
      const texts = qgc.textsSince(since).filter(t => t.startsWith('[cal] '))
      assert.equal(page.stopCode, 'success', `the Sensors page ended ${page.stopCode}: ${JSON.stringify(texts.slice(-3))}`)
      assert.equal(page.kind, 'gyro')
      assert.equal(texts[0], '[cal] calibration started: 2 gyro')
      assert.equal(texts[texts.length - 1], '[cal] calibration done: gyro')
      assert.ok(page.progressValues.length > 0 && page.progressValues[page.progressValues.length - 1] === 100, `progress ${page.progressValues.join(',')}`)
      // _stopCalibration → _refreshParams: QGC's copy of CAL_* / SENS_* is the vehicle's again
      const r = await qgc.refreshCalibrationParams()
      assert.equal(r.received, r.requested, `CAL_/SENS_ refresh: ${r.received} of ${r.requested} answered`)
      const after = offsets()
      return `ACCEPTED, done in ${ms.toFixed(0)} ms wall, ${texts.length} [cal] lines; CAL_GYRO0_X/Y/ZOFF ${before.map(v => v?.toFixed(5)).join(' ')} → ${after.map(v => v?.toFixed(5)).join(' ')} rad/s; ${r.requested} CAL_/SENS_ re-read in ${r.ms.toFixed(0)} ms`
    })
  })

  // --- Fly view on the ground -------------------------------------------------------------------------------

  it('arms and disarms from the Fly view (Vehicle::setArmed), heartbeat armed within 1.5 s', async () => {
    await step(ctx, 'fly: arm, disarm', async () => {
      await qgc.waitState(q => q.position && q.home, 20_000, 'a position and a home')
      ok(await armWhenReady(qgc), 'arm')
      await qgc.waitState(q => q.armed, 1500, 'heartbeat armed')
      ok(await qgc.setArmed(false), 'disarm')
      await qgc.waitState(q => !q.armed, 1500, 'heartbeat disarmed')
    })
  })

  it('force-arms with QGC\'s magic 2989 (Vehicle::forceArm) and disarms', async () => {
    await step(ctx, 'fly: force-arm (2989)', async () => {
      ok(await qgc.forceArm(), 'force arm')
      await qgc.waitState(q => q.armed, 1500, 'heartbeat armed after force-arm')
      ok(await qgc.setArmed(false), 'disarm')
      await qgc.waitState(q => !q.armed, 1500, 'heartbeat disarmed')
    })
  })

  it('stops the motors with emergency stop (Vehicle::emergencyStop, 21196)', async () => {
    await step(ctx, 'fly: emergency stop (21196)', async () => {
      ok(await qgc.setArmed(true), 'arm')
      await qgc.waitState(q => q.armed, 1500, 'heartbeat armed')
      ok(await qgc.emergencyStop(), 'emergency stop')
      await qgc.waitState(q => !q.armed, 1500, 'heartbeat disarmed after emergency stop')
    })
  })

  // --- Plan view ---------------------------------------------------------------------------------

  it('uploads a mission and reads it back (PlanManager)', async () => {
    await step(ctx, 'plan: mission upload + read back', async () => {
      const h = qgc.home
      const hLat = Math.round(h.lat); const hLon = Math.round(h.lon)
      const wp = offsetE7(hLat, hLon, 15, 0)
      // A QGC plan for PX4 has no home item (PX4FirmwarePlugin::sendHomePositionToVehicle).
      const items = [
        item({ command: MCMD.NAV_TAKEOFF, frame: MAV_FRAME_GLOBAL_RELATIVE_ALT, x: hLat, y: hLon, z: 10, params: [0, 0, 0, NaN] }),
        item({ command: MCMD.NAV_WAYPOINT, frame: MAV_FRAME_GLOBAL_RELATIVE_ALT, x: wp.lat, y: wp.lon, z: 10, params: [0, 0, 0, NaN] }),
        item({ command: MCMD.NAV_LAND, frame: MAV_FRAME_GLOBAL_RELATIVE_ALT, x: wp.lat, y: wp.lon, z: 0, params: [0, 0, 0, NaN] })
      ]
      return uploadAndReadBack(qgc, MISSION_TYPE.MISSION, items, 'mission')
    })
  })

  it('uploads a geofence (polygon + circle) and rally points and reads them back (GeoFenceManager, RallyPointManager)', async () => {
    await step(ctx, 'plan: fence (polygon + circle) and rally upload + read back', async () => {
      const h = qgc.home
      const hLat = Math.round(h.lat); const hLon = Math.round(h.lon)
      // GeoFenceManager::sendToVehicle: vertices with param1 = vertex count, circles with
      // param1 = radius, frame MAV_FRAME_GLOBAL; RallyPointManager: NAV_RALLY_POINT, frame GLOBAL_RELATIVE_ALT.
      const corners = [[200, 200], [200, -200], [-200, -200], [-200, 200]].map(([n, e]) => offsetE7(hLat, hLon, n, e))
      const fence = [
        ...corners.map(c => item({ command: NAV_FENCE_POLYGON_VERTEX_INCLUSION, frame: MAV_FRAME_GLOBAL, x: c.lat, y: c.lon, z: 0, params: [4, 0, 0, 0], autocontinue: 0 })),
        item({ command: NAV_FENCE_CIRCLE_INCLUSION, frame: MAV_FRAME_GLOBAL, x: hLat, y: hLon, z: 0, params: [300, 0, 0, 0], autocontinue: 0 })
      ]
      const rp = offsetE7(hLat, hLon, 0, 30)
      const rally = [item({ command: MCMD.NAV_RALLY_POINT, frame: MAV_FRAME_GLOBAL_RELATIVE_ALT, x: rp.lat, y: rp.lon, z: 20, params: [0, 0, 0, 0], autocontinue: 0 })]
      // Tried even when QGC would not offer it, so the result says whether the bits or the service is missing.
      const out = []
      const errors = []
      for (const [type, items, name] of [[MISSION_TYPE.FENCE, fence, 'fence'], [MISSION_TYPE.RALLY, rally, 'rally']]) {
        try { out.push(await uploadAndReadBack(qgc, type, items, name)) } catch (e) { errors.push(e.message.split('\n')[0]) }
      }
      assert.ok(qgc.geoFenceSupported(), `GeoFenceManager::supported is false ("This vehicle does not support GeoFence"); transfers: ${[...out, ...errors].join('; ')}`)
      assert.ok(qgc.rallyPointsSupported(), `RallyPointManager::supported is false (rally points cannot be added); transfers: ${[...out, ...errors].join('; ')}`)
      assert.deepEqual(errors, [])
      return out.join(', ')
    })
  })

  // --- Fly view in the air ---------------------------------------------------------------------

  it('takes off from the ground: NAV_TAKEOFF while disarmed, then arm (PX4FirmwarePlugin::guidedModeTakeoff)', async () => {
    await step(ctx, 'fly: takeoff (NAV_TAKEOFF disarmed, then arm)', async () => {
      const r = await qgc.guidedModeTakeoff(10)
      ok(r.takeoff, 'NAV_TAKEOFF while disarmed')
      assert.ok(r.arm, 'QGC arms only after NAV_TAKEOFF is ACCEPTED')
      ok(r.arm, 'arm after takeoff accepted')
      await qgc.waitState(q => q.armed, 1500, 'heartbeat armed')
      await qgc.waitState(q => q.position.altRel >= 9, 30_000, 'relative altitude ≥ 9 m')
      await qgc.waitState(q => q.flightMode === 'Hold', 15_000, 'Hold after the takeoff')
      return `target ${r.targetAmsl.toFixed(1)} m AMSL`
    })
  })

  it('switches modes from the mode menu (SET_MODE): Position, Altitude, Hold switch; the others are refused with a reason', async () => {
    await step(ctx, 'fly: mode menu (SET_MODE id 11)', async () => {
      await ensureAirborne(qgc)
      // Every menu entry is tried before anything is asserted, so one run reports them all.
      const out = []
      const silent = []
      const notSwitched = []
      for (const name of ['Position', 'Altitude', 'Hold']) {
        const r = await qgc.setFlightModeAndValidate(name)
        if (!r.ok) notSwitched.push(`${name} (heartbeat still ${r.seen})`)
        out.push(`${name} ${r.ok ? 'switched' : 'not switched'}`)
      }
      for (const name of MODE_MENU.filter(n => !['Position', 'Altitude', 'Hold', 'Mission', 'Return'].includes(n))) {
        const r = await qgc.modeMenu(name)
        if (r.switched) { out.push(`${name} switched`); await qgc.setFlightModeAndValidate('Hold'); continue }
        if (r.texts.length === 0) silent.push(name)
        out.push(`${name} refused ${JSON.stringify(r.texts)}`)
      }
      assert.deepEqual(notSwitched, [], `after 3 × SET_MODE (QGC: "not changing to … flight mode"); all: ${out.join('; ')}`)
      assert.deepEqual(silent, [], `modes refused without a STATUSTEXT: the menu springs back and the operator is told nothing; all: ${out.join('; ')}`)
      assert.ok((await qgc.setFlightModeAndValidate('Hold')).ok, 'back to Hold')
      return out.join('; ')
    })
  })

  it('changes altitude (+5 m): pause, then DO_REPOSITION with the new AMSL altitude', async () => {
    await step(ctx, 'fly: change altitude', async () => {
      await ensureAirborne(qgc)
      const before = qgc.position.altRel
      const r = await qgc.guidedModeChangeAltitude(5, true)
      ok(r.pause, 'pause DO_REPOSITION')
      ok(r.change, 'altitude DO_REPOSITION')
      await qgc.waitState(q => Math.abs(q.position.altRel - (before + 5)) < 1, 20_000, `relative altitude ${(before + 5).toFixed(1)} ± 1 m`)
      return `${before.toFixed(1)} → ${qgc.position.altRel.toFixed(1)} m`
    })
  })

  it('changes speed (DO_CHANGE_SPEED ground speed)', async () => {
    await step(ctx, 'fly: change speed', async () => {
      await ensureAirborne(qgc)
      ok(await qgc.guidedModeChangeGroundSpeed(4), 'DO_CHANGE_SPEED')
    })
  })

  it('refuses "Reset all to firmware\'s defaults" while flying (PREFLIGHT_STORAGE TEMPORARILY_REJECTED, reason, value kept)', async () => {
    await step(ctx, 'parameters: reset to defaults refused while armed', async () => {
      await ensureAirborne(qgc)
      const since = performance.now()
      const popups = qgc.appMessages.length
      const r = await qgc.resetAllParametersToDefaults()
      const storagePopups = qgc.appMessages.slice(popups).filter(t => t.startsWith(`${MAV_CMD.PREFLIGHT_STORAGE} command`))
      assert.equal(r.storage.result, MAV_RESULT.TEMPORARILY_REJECTED, `PREFLIGHT_STORAGE [2, -1] armed: ${r.storage.failure ?? RESULT_NAME[r.storage.result]}`)
      assert.equal(r.storage.tries, 1, 'a final answer is not resent')
      assert.equal(storagePopups.length, 1, 'showError: QGC pops the refusal')
      await qgc.waitState(q => q.textsSince(since).length > 0, 2000, 'a STATUSTEXT with the reason of the refusal')
      const texts = qgc.textsSince(since)
      assert.equal(r.refresh.received, r.refresh.count, `parameter refresh: ${r.refresh.received}/${r.refresh.count}`)
      assert.equal(qgc.paramValue(EDITED.name), EDITED.value, `${EDITED.name} changed by a refused reset`)
      return `${RESULT_NAME[r.storage.result]}; ${JSON.stringify(texts)}`
    })
  })

  it('goes to a clicked location (DO_REPOSITION, COMMAND_INT frame GLOBAL)', async () => {
    await step(ctx, 'fly: go to location', async () => {
      await ensureAirborne(qgc)
      const p = qgc.position
      const target = offsetE7(p.lat, p.lon, 20, 0)
      const r = await qgc.guidedModeGotoLocation(target.lat / 1e7, target.lon / 1e7)
      ok(r, 'DO_REPOSITION go to')
      await qgc.waitState(q => q.flightMode === 'Hold', 3000, 'Hold (PX4 reposition)')
      await qgc.waitState(q => horizontalDistanceM(target.lat, target.lon, q.position.lat, q.position.lon) < 2, 30_000, 'within 2 m of the location')
    })
  })

  it('changes heading towards a clicked point (DO_REPOSITION yaw)', async () => {
    await step(ctx, 'fly: change heading', async () => {
      await ensureAirborne(qgc)
      const p = qgc.position
      const east = offsetE7(p.lat, p.lon, 0, 50)
      const r = await qgc.guidedModeChangeHeading(east.lat / 1e7, east.lon / 1e7)
      ok(r, 'DO_REPOSITION heading')
      const want = r.yawRad * 180 / Math.PI
      const err = q => { const h = q.position.hdg / 100; return Math.abs(((h - want + 540) % 360) - 180) }
      await qgc.waitState(q => q.position.hdg !== 65535 && err(q) < 5, 15_000, `heading ${want.toFixed(0)}° ± 5°`)
      return `heading ${want.toFixed(0)}°`
    })
  })

  it('sets and clears a region of interest (DO_SET_ROI_LOCATION / DO_SET_ROI_NONE)', async () => {
    await step(ctx, 'fly: ROI set and clear', async () => {
      await ensureAirborne(qgc)
      const p = qgc.position
      const roi = offsetE7(p.lat, p.lon, -30, 0)
      ok(await qgc.guidedModeROI(roi.lat / 1e7, roi.lon / 1e7), 'DO_SET_ROI_LOCATION')
      // Hoverla points the nose at the ROI in Hold (CommanderTask); the bearing is re-read from
      // the current position, as the vehicle may drift while it turns.
      const offRoi = q => {
        const want = azimuthRad(q.position.lat / 1e7, q.position.lon / 1e7, roi.lat / 1e7, roi.lon / 1e7) * 180 / Math.PI
        return Math.abs(((q.position.hdg / 100 - want + 540) % 360) - 180)
      }
      await qgc.waitState(q => q.position.hdg !== 65535 && offRoi(q) < 5, 15_000, 'nose within 5° of the ROI')
      const hdg = qgc.position.hdg / 100
      ok(await qgc.stopGuidedModeROI(), 'DO_SET_ROI_NONE')
      return `heading while ROI south: ${hdg.toFixed(0)}°`
    })
  })

  it('orbits a clicked point (DO_ORBIT) and pauses out of it (DO_REPOSITION all NaN → Hold)', async () => {
    await step(ctx, 'fly: orbit, then pause', async () => {
      await ensureAirborne(qgc)
      const p = qgc.position
      const center = offsetE7(p.lat, p.lon, 0, 15)
      ok(await qgc.guidedModeOrbit(center.lat / 1e7, center.lon / 1e7, 15, p.altAmsl), 'DO_ORBIT')
      await qgc.waitState(q => { const d = horizontalDistanceM(center.lat, center.lon, q.position.lat, q.position.lon); return Math.abs(d - 15) < 3 && q.flightMode !== 'Hold' }, 20_000, 'on the 15 m circle, not holding')
      const mode = qgc.flightMode
      ok(await qgc.pauseVehicle(), 'pause')
      await qgc.waitState(q => q.flightMode === 'Hold', 3000, 'Hold after pause')
      return `mode while orbiting: ${mode}`
    })
  })

  it('returns to launch (SET_MODE Return, validated by the heartbeat), lands and disarms', async () => {
    await step(ctx, 'fly: RTL', async () => {
      await ensureAirborne(qgc)
      const r = await qgc.guidedModeRTL()
      assert.ok(r.ok, `heartbeat ${r.seen} after 3 × SET_MODE Return`)
      await qgc.gcs.waitMsg('EXTENDED_SYS_STATE', d => d.landedState === MAV_LANDED_STATE_ON_GROUND, 90_000, 'landed after RTL')
      await qgc.waitState(q => !q.armed, 30_000, 'disarmed after landing')
      return `${r.tries} SET_MODE, ${r.ms.toFixed(0)} ms`
    })
  })

  it('starts the uploaded mission (Mission mode, then arm) and lands from it with Land', async () => {
    await step(ctx, 'fly: start mission, then land', async () => {
      await ensureOnGround(qgc)
      const r = await qgc.startMission()
      assert.ok(r.mode.ok, `Mission mode: heartbeat ${r.mode.seen} ("Unable to start mission: Vehicle not changing to Mission flight mode.")`)
      assert.ok(r.arm?.ok, `not armed within 1.5 s ("Unable to start mission: Vehicle rejected arming.") ${JSON.stringify(r.arm?.ack?.result)}`)
      await qgc.waitState(q => q.position.altRel >= 5, 30_000, 'climbing in the mission')
      const land = await qgc.guidedModeLand()
      assert.ok(land.ok, `heartbeat ${land.seen} after 3 × SET_MODE Land`)
      await qgc.gcs.waitMsg('EXTENDED_SYS_STATE', d => d.landedState === MAV_LANDED_STATE_ON_GROUND, 60_000, 'landed after Land')
      await qgc.waitState(q => !q.armed, 30_000, 'disarmed after landing')
    })
  })

  it('resets all parameters to the firmware defaults while disarmed; calibration, airframe and system id kept', async () => {
    await step(ctx, 'parameters: reset all to firmware\'s defaults (disarmed)', async () => {
      await ensureOnGround(qgc)
      const meta = new Map(qgc.parameterMetadata.parameters.map(p => [p.name, p]))
      // An airframe other than the default, as the Airframe page would write it, so that keeping it means something.
      const airframe = qgc.paramValue('SYS_AUTOSTART') === 6001 ? 4001 : 6001
      const w = await qgc.paramSet('SYS_AUTOSTART', airframe)
      assert.ok(w.ok && w.value === airframe, `SYS_AUTOSTART write: ${JSON.stringify(w)}`)
      assert.equal(qgc.paramValue(EDITED.name), EDITED.value, `${EDITED.name} before the reset`)
      const kept = Object.fromEntries([...qgc.params].filter(([n]) => keptOnReset(n)).map(([n, p]) => [n, p.value]))
      assert.ok(kept.CAL_GYRO0_ID && kept.CAL_ACC0_ID, `calibration ids to keep are non-zero: ${JSON.stringify(kept)}`)
      const since = performance.now()
      const popups = qgc.appMessages.length
      const r = await qgc.resetAllParametersToDefaults()
      ok(r.storage, 'PREFLIGHT_STORAGE [2, -1] disarmed')
      assert.deepEqual(qgc.appMessages.slice(popups).filter(t => t.startsWith(`${MAV_CMD.PREFLIGHT_STORAGE} command`)), [], 'no error popup for an accepted reset')
      assert.equal(r.refresh.received, r.refresh.count, `parameter refresh: ${r.refresh.received}/${r.refresh.count}`)
      const notDefault = [...qgc.params].filter(([n]) => !keptOnReset(n) && meta.has(n))
        .filter(([n, p]) => !Object.is(Math.fround(p.value), Math.fround(meta.get(n).default)))
        .map(([n, p]) => `${n} = ${p.value} (default ${meta.get(n).default})`)
      assert.deepEqual(notDefault, [], 'not at their default after the reset')
      const keptAfter = Object.fromEntries(Object.keys(kept).map(n => [n, qgc.paramValue(n)]))
      assert.deepEqual(keptAfter, kept, 'calibration, airframe and system id after the reset')
      await sleep(200)
      const texts = qgc.textsSince(since)
      return `${EDITED.name} ${EDITED.value} → ${qgc.paramValue(EDITED.name)}; kept ${Object.keys(kept).length} (SYS_AUTOSTART ${keptAfter.SYS_AUTOSTART}); ${r.refresh.count} parameters re-read in ${r.refresh.ms.toFixed(0)} ms; ${JSON.stringify(texts)}`
    })
  })

  it('got exactly one COMMAND_ACK per command transmission (final, or IN_PROGRESS for a retry of a running command), and no bad frames', async () => {
    await step(ctx, 'bookkeeping: acks, CRC', async () => {
      await ensureOnGround(qgc)
      await sleep(300)
      const unanswered = qgc.commandLog.filter(c => c.failure)
      assert.deepEqual(unanswered.map(c => c.command), [], 'commands QGC got no answer to')
      const inProgress = c => qgc.gcs.ackLog.filter(a => a.command === c && a.result === MAV_RESULT.IN_PROGRESS).length
      const unbalanced = qgc.gcs.ackBalance().filter(b => b.acked + inProgress(b.command) !== b.sent)
        .map(b => `${b.command}: ${b.sent} sent, ${b.acked} final + ${inProgress(b.command)} IN_PROGRESS acks`)
      assert.deepEqual(unbalanced, [], 'transmissions without exactly one COMMAND_ACK')
      assert.equal(qgc.gcs.crcErrors, 0, 'frames with a bad CRC')
      return `${qgc.commandLog.length} commands`
    })
  })
})
