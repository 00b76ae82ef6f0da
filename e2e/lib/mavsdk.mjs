// A MAVSDK replay client: what MAVSDK (C++ core, which MAVSDK-Python drives through
// mavsdk_server) sends to a vehicle that identifies as PX4, and what it waits for, replayed over
// node-mavlink on top of lib/gcs.mjs.
//
// MAVSDK VERSION READ: mavlink/MAVSDK main as stored in the reference index (2025–2026):
//   src/mavsdk/core/mavlink_command_sender.cpp/.h  queue_command_async, do_work, receive_command_ack,
//                                                   receive_timeout, maybe_reserved (Work: timeout_s
//                                                   0.5, retries_to_do 3)
//   src/mavsdk/core/system_impl.cpp                make_command_msg_rate, make_command_px4_mode,
//                                                   send_command_async
//   src/mavsdk/core/mavsdk_impl.cpp                send_heartbeat, start_sending_heartbeats (1 Hz)
//   src/mavsdk/plugins/action/action_impl.cpp      arm/disarm/kill/takeoff_async_px4/land/
//                                                   return_to_launch/goto_location/set_takeoff_altitude_px4
//   src/mavsdk/plugins/telemetry/telemetry_impl.cpp set_rate_*, process_sys_status, process_home_position,
//                                                   enable/request_home_position_again
//   src/mavsdk/plugins/offboard/offboard_impl.cpp   set_velocity_ned/send_velocity_ned, start, stop (20 Hz)
//   src/mavsdk/plugins/mission/mission_impl.cpp     mission item conversion, upload_mission_async,
//                                                   start_mission_async
// Every step below cites the MAVSDK file and function it replays. Nothing is copied.
//
// Not replayed (not needed by the flows tested): the connection-time requests of SystemImpl
// (AUTOPILOT_VERSION, component metadata), the parameter client's type probing, the camera plugin,
// the mission plugin's download/progress and the offboard plugin's other setpoint kinds.
//
// Timing: MAVSDK's timeouts are wall-clock and kept as MAVSDK has them (0.5 s, 3 resends); the
// SITL runs faster than real time (--speedup), so the vehicle gets more of its own time inside
// each window than a real one would. The 1 Hz heartbeat is scaled to vehicle time so that the
// vehicle's link-loss timer sees what it would see from MAVSDK.
import { createSocket } from 'node:dgram'
import { performance } from 'node:perf_hooks'
import { common, minimal } from 'node-mavlink'
import { Gcs, MAV_RESULT, RESULT_NAME, sleep } from './gcs.mjs'
import { upload, item, MISSION_TYPE, MISSION_RESULT_NAME } from './mission.mjs'

export const MAV_CMD = {
  NAV_RETURN_TO_LAUNCH: 20, NAV_LAND: 21, NAV_TAKEOFF: 22, DO_SET_MODE: 176, DO_REPOSITION: 192,
  COMPONENT_ARM_DISARM: 400, SET_MESSAGE_INTERVAL: 511, REQUEST_MESSAGE: 512
}
export const MSG_ID = {
  HEARTBEAT: 0, SYS_STATUS: 1, SYSTEM_TIME: 2, GPS_RAW_INT: 24, SCALED_IMU: 26, RAW_IMU: 27,
  SCALED_PRESSURE: 29, ATTITUDE: 30, ATTITUDE_QUATERNION: 31, LOCAL_POSITION_NED: 32,
  GLOBAL_POSITION_INT: 33, RC_CHANNELS: 65, VFR_HUD: 74, HIGHRES_IMU: 105, HIL_STATE_QUATERNION: 115,
  DISTANCE_SENSOR: 132, ACTUATOR_CONTROL_TARGET: 140, ALTITUDE: 141, BATTERY_STATUS: 147,
  HOME_POSITION: 242, EXTENDED_SYS_STATE: 245, ODOMETRY: 331, ACTUATOR_OUTPUT_STATUS: 375
}

/**
 * telemetry_impl.cpp TelemetryImpl::set_rate_*: the message each rate setter asks for with
 * SET_MESSAGE_INTERVAL (the rate is the app's argument; MAVSDK has no default). set_rate_position
 * and set_rate_velocity_ned share GLOBAL_POSITION_INT; in_air, landed_state and vtol_state share
 * EXTENDED_SYS_STATE. set_rate_unix_epoch_time asks for SYSTEM_TIME (its _async twin asks for
 * UTM_GLOBAL_POSITION, a MAVSDK slip not replayed). set_rate_rc_status sends nothing: it answers
 * Unsupported locally ("System status is usually fixed at 1 Hz").
 */
export const TELEMETRY_RATE_SETTERS = [
  { setter: 'set_rate_position_velocity_ned', msgid: MSG_ID.LOCAL_POSITION_NED },
  { setter: 'set_rate_position / set_rate_velocity_ned', msgid: MSG_ID.GLOBAL_POSITION_INT },
  { setter: 'set_rate_home', msgid: MSG_ID.HOME_POSITION },
  { setter: 'set_rate_in_air / landed_state / vtol_state', msgid: MSG_ID.EXTENDED_SYS_STATE },
  { setter: 'set_rate_attitude_quaternion', msgid: MSG_ID.ATTITUDE_QUATERNION },
  { setter: 'set_rate_attitude_euler', msgid: MSG_ID.ATTITUDE },
  { setter: 'set_rate_imu', msgid: MSG_ID.HIGHRES_IMU },
  { setter: 'set_rate_scaled_imu', msgid: MSG_ID.SCALED_IMU },
  { setter: 'set_rate_raw_imu', msgid: MSG_ID.RAW_IMU },
  { setter: 'set_rate_fixedwing_metrics', msgid: MSG_ID.VFR_HUD },
  { setter: 'set_rate_ground_truth', msgid: MSG_ID.HIL_STATE_QUATERNION },
  { setter: 'set_rate_gps_info', msgid: MSG_ID.GPS_RAW_INT },
  { setter: 'set_rate_battery', msgid: MSG_ID.BATTERY_STATUS },
  { setter: 'set_rate_actuator_control_target', msgid: MSG_ID.ACTUATOR_CONTROL_TARGET },
  { setter: 'set_rate_actuator_output_status', msgid: MSG_ID.ACTUATOR_OUTPUT_STATUS },
  { setter: 'set_rate_odometry', msgid: MSG_ID.ODOMETRY },
  { setter: 'set_rate_distance_sensor', msgid: MSG_ID.DISTANCE_SENSOR },
  { setter: 'set_rate_scaled_pressure', msgid: MSG_ID.SCALED_PRESSURE },
  { setter: 'set_rate_unix_epoch_time', msgid: MSG_ID.SYSTEM_TIME },
  { setter: 'set_rate_altitude', msgid: MSG_ID.ALTITUDE }
]

// MAVLink bits MAVSDK reads (common.xml).
const MAV_SYS_STATUS_SENSOR_GPS = 0x20
export const MAV_SYS_STATUS_PREARM_CHECK = 0x10000000
const MAV_MODE_FLAG_CUSTOM_MODE_ENABLED = 1
const MAV_MODE_FLAG_SAFETY_ARMED = 128
const MAV_FRAME_GLOBAL_INT = 5
const MAV_DO_REPOSITION_FLAGS_CHANGE_MODE = 1
const MAV_COMP_ID_AUTOPILOT1 = 1
const MAV_TYPE_GCS = 6
const MAV_AUTOPILOT_INVALID = 8
const MAV_PARAM_TYPE_REAL32 = 9

/** px4_custom_mode.h as MAVSDK's flight_mode.cpp / make_command_px4_mode use it: main, sub. */
const PX4_MAIN = { MANUAL: 1, ALTCTL: 2, POSCTL: 3, AUTO: 4, ACRO: 5, OFFBOARD: 6, STABILIZED: 7 }
const PX4_AUTO_SUB = { READY: 1, TAKEOFF: 2, LOITER: 3, MISSION: 4, RTL: 5, LAND: 6 }
export const FLIGHT_MODE = {
  Hold: [PX4_MAIN.AUTO, PX4_AUTO_SUB.LOITER], ReturnToLaunch: [PX4_MAIN.AUTO, PX4_AUTO_SUB.RTL],
  Takeoff: [PX4_MAIN.AUTO, PX4_AUTO_SUB.TAKEOFF], Land: [PX4_MAIN.AUTO, PX4_AUTO_SUB.LAND],
  Mission: [PX4_MAIN.AUTO, PX4_AUTO_SUB.MISSION], Offboard: [PX4_MAIN.OFFBOARD, 0],
  Posctl: [PX4_MAIN.POSCTL, 0], Altctl: [PX4_MAIN.ALTCTL, 0]
}

/** flight_mode.cpp to_flight_mode_from_px4_mode: heartbeat custom_mode → MAVSDK FlightMode name. */
export function flightModeFromPx4 (customMode) {
  const main = (customMode >>> 16) & 0xff
  const sub = (customMode >>> 24) & 0xff
  for (const [name, [m, s]] of Object.entries(FLIGHT_MODE)) {
    if (m === main && (m !== PX4_MAIN.AUTO || s === sub)) return name
  }
  return 'Unknown'
}

/** MavlinkCommandSender::Result names, as action/telemetry map them. */
const RESULT_FROM_ACK = {
  [MAV_RESULT.ACCEPTED]: 'Success', [MAV_RESULT.DENIED]: 'Denied', [MAV_RESULT.UNSUPPORTED]: 'Unsupported',
  [MAV_RESULT.TEMPORARILY_REJECTED]: 'TemporarilyRejected', [MAV_RESULT.FAILED]: 'Failed',
  [MAV_RESULT.CANCELLED]: 'Cancelled'
}

/**
 * One MAVSDK System against one PX4-like vehicle, connected as `udpin://0.0.0.0:<port>`: it binds
 * the port, waits for the vehicle's datagrams and answers to where they came from
 * (udp_connection.cpp: the remote is learnt from received packets). Identity: MAVSDK's default
 * GroundStation configuration, system 245, component 190 (Mavsdk::DEFAULT_SYSTEM_ID_GCS,
 * MAV_COMP_ID_MISSIONPLANNER).
 */
export class MavsdkClient {
  constructor ({ speedup = 1, log = () => {} } = {}) {
    this.gcs = new Gcs({ sysid: 245, compid: 190, targetSystem: 1, targetComponent: MAV_COMP_ID_AUTOPILOT1 })
    this.speedup = speedup
    this.log = log
    this.discovered = null // first autopilot HEARTBEAT (SystemImpl::process_heartbeat)
    this.baseMode = 0
    this.customMode = 0
    this.health = { isGlobalPositionOk: false, isHomePositionOk: false, isArmable: false }
    this.healthLog = [] // { t, isArmable, isGlobalPositionOk } per SYS_STATUS
    this.position = null
    this.home = null
    this.commandLog = [] // { command, sends, result, t0, t1 }
    this.work = [] // MavlinkCommandSender::_work_queue
    this.paramEchoes = []
    this.statusTexts = []
    this.gcs.listeners.add(m => this._track(m))
  }

  /** Binds 127.0.0.1:port (the test's stand-in for udpin://0.0.0.0:14540) before the vehicle starts. */
  listen (port) {
    const g = this.gcs
    g.socket = createSocket('udp4')
    g.socket.on('message', (buf, rinfo) => { g.vehiclePort = rinfo.port; g.splitter.write(buf) })
    return new Promise((resolve, reject) => {
      g.socket.once('error', reject)
      g.socket.bind(port, '127.0.0.1', () => { g.socket.off('error', reject); resolve() })
    })
  }

  close () {
    clearInterval(this.offboardTimer)
    clearInterval(this.hbTimer)
    clearInterval(this.homeTimer)
    for (const w of this.work) clearTimeout(w.timer)
    return this.gcs.close()
  }

  /**
   * SystemImpl discovery: the first HEARTBEAT from an autopilot component makes the system
   * connected; then MavsdkImpl::start_sending_heartbeats (1 Hz, scaled, see header: GCS type,
   * MAV_AUTOPILOT_INVALID, base/custom mode 0) and the plugins' enable():
   * ActionImpl::enable (EXTENDED_SYS_STATE at 1 Hz) and TelemetryImpl::enable
   * (request_home_position_again every 2 s until HOME_POSITION arrives).
   */
  async connect ({ timeoutMs = 30_000 } = {}) {
    if (!this.discovered) {
      await this.gcs.waitMsg('HEARTBEAT', d => d.autopilot !== MAV_AUTOPILOT_INVALID, timeoutMs, 'first autopilot HEARTBEAT (discovery)')
    }
    const hb = new minimal.Heartbeat()
    hb.type = MAV_TYPE_GCS
    hb.autopilot = MAV_AUTOPILOT_INVALID
    hb.baseMode = 0
    hb.customMode = 0
    hb.systemStatus = 0
    hb.mavlinkVersion = 3
    const beat = () => this.gcs.send(hb)
    beat()
    this.hbTimer = setInterval(beat, 1000 / Math.max(1, this.speedup))
    this.setMsgRate(MSG_ID.EXTENDED_SYS_STATE, 1.0)
    const requestHome = () => {
      if (this.health.isHomePositionOk) { clearInterval(this.homeTimer); return }
      this.sendCommand({ command: MAV_CMD.REQUEST_MESSAGE, params: [MSG_ID.HOME_POSITION] })
    }
    requestHome()
    this.homeTimer = setInterval(requestHome, 2000)
  }

  // --- what SystemImpl / TelemetryImpl track ---------------------------------------------------

  _track (m) {
    if (m.sysid !== 1 || !m.data) return
    if (m.name === 'HEARTBEAT' && m.compid === MAV_COMP_ID_AUTOPILOT1) {
      if (!this.discovered) this.discovered = m
      this.baseMode = m.data.baseMode
      this.customMode = m.data.customMode >>> 0
      return
    }
    if (m.compid !== MAV_COMP_ID_AUTOPILOT1) return
    switch (m.name) {
      case 'SYS_STATUS': { // TelemetryImpl::process_sys_status
        const present = m.data.onboardControlSensorsPresent >>> 0
        const healthy = m.data.onboardControlSensorsHealth >>> 0
        // sys_status_present_enabled_health: present and healthy (enabled is not looked at)
        this.health.isGlobalPositionOk = (present & MAV_SYS_STATUS_SENSOR_GPS) !== 0 && (healthy & MAV_SYS_STATUS_SENSOR_GPS) !== 0
        this.health.isArmable = (healthy & MAV_SYS_STATUS_PREARM_CHECK) !== 0
        this.healthLog.push({ t: m.t, ...this.health })
        break
      }
      case 'HOME_POSITION': // TelemetryImpl::process_home_position: any HOME_POSITION makes home ok
        this.home = { lat: m.data.latitude, lon: m.data.longitude, altAmsl: m.data.altitude / 1000 }
        this.health.isHomePositionOk = true
        break
      case 'GLOBAL_POSITION_INT': // process_global_position_int: position, velocity, heading (hdg 65535 → NaN)
        this.position = {
          lat: m.data.lat, lon: m.data.lon, altAmsl: m.data.alt / 1000, altRel: m.data.relativeAlt / 1000,
          vN: m.data.vx / 100, vE: m.data.vy / 100, vD: m.data.vz / 100,
          headingDeg: m.data.hdg === 65535 ? NaN : m.data.hdg / 100, t: m.t, timeBootMs: m.data.timeBootMs
        }
        break
      case 'PARAM_VALUE':
        this.paramEchoes.push({ t: m.t, id: m.data.paramId, value: m.data.paramValue })
        break
      case 'STATUSTEXT':
        this.statusTexts.push({ t: m.t, text: m.data.text })
        break
    }
  }

  get armed () { return (this.baseMode & MAV_MODE_FLAG_SAFETY_ARMED) !== 0 }
  get flightMode () { return flightModeFromPx4(this.customMode) }

  // --- MavlinkCommandSender ------------------------------------------------------------------

  /**
   * MavlinkCommandSender::queue_command_async + do_work + receive_command_ack + receive_timeout.
   * Unset parameters are NaN (maybe_reserved, autopilot not ArduPilot); COMMAND_LONG confirmation
   * stays 0 on every resend (the same packed message is sent again). A command waits while
   * another with the same command id is in flight (do_work: "already being sent, waiting").
   * No ACK within timeout_s 0.5 s: sent again, up to retries_to_do 3 times, then Timeout.
   * IN_PROGRESS: the timer restarts at retries_to_do × timeout_s and the result is not final.
   * An ACK addressed to another system/component (target fields set and not ours) is ignored.
   * Resolves { command, result: 'Success' | 'Denied' | … | 'Timeout', ack, sends, inProgress, latencyMs }.
   */
  sendCommand ({ command, params = [], int = false, frame = 0, x = 0, y = 0 }) {
    return new Promise(resolve => {
      const w = { command, params, int, frame, x, y, resolve, sends: 0, retriesToDo: 3, timeoutMs: 500, inProgress: 0, started: false }
      this.work.push(w)
      this._doWork()
    })
  }

  _doWork () {
    for (const w of this.work) {
      if (w.started) continue
      if (this.work.some(o => o !== w && o.started && o.command === w.command)) continue
      w.started = true
      w.t0 = performance.now()
      w.onAck = m => this._onAck(w, m)
      this.gcs.listeners.add(w.onAck)
      this._send(w)
      w.timer = setTimeout(() => this._onTimeout(w), w.timeoutMs)
    }
  }

  _send (w) {
    const p = i => (w.params[i] === undefined ? NaN : w.params[i])
    let msg
    if (w.int) {
      msg = new common.CommandInt()
      msg.frame = w.frame; msg.current = 0; msg.autocontinue = 0
      for (let i = 0; i < 4; i++) msg[`_param${i + 1}`] = p(i)
      msg._param5 = w.x; msg._param6 = w.y; msg._param7 = p(6)
    } else {
      msg = new common.CommandLong()
      msg.confirmation = 0
      for (let i = 0; i < 7; i++) msg[`_param${i + 1}`] = p(i)
    }
    msg.targetSystem = 1
    msg.targetComponent = MAV_COMP_ID_AUTOPILOT1
    msg.command = w.command
    w.sends++
    this.gcs.sentCommands.set(w.command, (this.gcs.sentCommands.get(w.command) || 0) + 1)
    this.gcs.send(msg)
  }

  _onTimeout (w) {
    if (w.retriesToDo > 0) {
      this._send(w)
      w.retriesToDo--
      w.timer = setTimeout(() => this._onTimeout(w), w.timeoutMs)
    } else {
      this._finish(w, { result: 'Timeout', ack: null })
    }
  }

  _onAck (w, m) {
    if (m.name !== 'COMMAND_ACK' || m.sysid !== 1 || m.compid !== MAV_COMP_ID_AUTOPILOT1 || m.data.command !== w.command) return
    const d = m.data
    if ((d.targetSystem && d.targetSystem !== this.gcs.sysid) || (d.targetComponent && d.targetComponent !== this.gcs.compid)) return
    if (d.result === MAV_RESULT.IN_PROGRESS) {
      w.inProgress++
      clearTimeout(w.timer)
      w.timer = setTimeout(() => this._onTimeout(w), w.retriesToDo * w.timeoutMs)
      return
    }
    this._finish(w, { result: RESULT_FROM_ACK[d.result] ?? 'UnknownError', ack: d, ackT: m.t })
  }

  _finish (w, res) {
    clearTimeout(w.timer)
    this.gcs.listeners.delete(w.onAck)
    this.work.splice(this.work.indexOf(w), 1)
    const entry = { command: w.command, t0: w.t0, sends: w.sends, inProgress: w.inProgress, latencyMs: (res.ackT ?? performance.now()) - w.t0, ...res }
    entry.ackResultName = res.ack ? RESULT_NAME[res.ack.result] : 'none'
    this.commandLog.push(entry)
    w.resolve(entry)
    this._doWork()
  }

  // --- SystemImpl helpers --------------------------------------------------------------------

  /** SystemImpl::make_command_msg_rate: SET_MESSAGE_INTERVAL [msgid, 1e6/rate µs (0 default, -1 stop), NaN…]. */
  setMsgRate (msgid, rateHz) {
    const intervalUs = rateHz > 0 ? Math.fround(1e6 / rateHz) : (rateHz < 0 ? -1 : 0)
    return this.sendCommand({ command: MAV_CMD.SET_MESSAGE_INTERVAL, params: [msgid, intervalUs] })
  }

  /**
   * SystemImpl::set_flight_mode_async → make_command_px4_mode: DO_SET_MODE
   * [CUSTOM_MODE_ENABLED | SAFETY_ARMED if armed, main mode, sub mode, NaN…].
   */
  setFlightMode (name) {
    const [main, sub] = FLIGHT_MODE[name]
    const mode = MAV_MODE_FLAG_CUSTOM_MODE_ENABLED | (this.armed ? MAV_MODE_FLAG_SAFETY_ARMED : 0)
    return this.sendCommand({ command: MAV_CMD.DO_SET_MODE, params: [mode, main, sub] })
  }

  /**
   * MavlinkParameterClient set_param_float (as SystemImpl::set_param_float uses it): PARAM_SET
   * REAL32, done when a PARAM_VALUE with that name and value comes back; sent again after the
   * timeout (0.5 s), up to 3 times. Resolves { result: 'Success' | 'Timeout', echoT }.
   */
  async setParamFloat (name, value) {
    const want = Math.fround(value)
    for (let attempt = 0; attempt < 4; attempt++) {
      const echo = this.gcs.waitMsg('PARAM_VALUE', d => d.paramId === name && Math.fround(d.paramValue) === want, 500, `PARAM_VALUE ${name}`)
      this.gcs.paramSet(name, value, MAV_PARAM_TYPE_REAL32)
      try { const m = await echo; return { result: 'Success', echoT: m.t, sends: attempt + 1 } } catch {}
    }
    return { result: 'Timeout' }
  }

  // --- Action plugin (action_impl.cpp) ---------------------------------------------------------

  /** ActionImpl::arm_async: Hold first when in Mission or Return (need_hold_before_arm_px4), then ARM_DISARM [1]. */
  async arm () {
    if (this.flightMode === 'Mission' || this.flightMode === 'ReturnToLaunch') {
      const hold = await this.setFlightMode('Hold')
      if (hold.result !== 'Success') this.log(`arm: Hold first → ${hold.result}`)
    }
    return this.sendCommand({ command: MAV_CMD.COMPONENT_ARM_DISARM, params: [1] })
  }

  /** ActionImpl::disarm_async: ARM_DISARM [0]. */
  disarm () { return this.sendCommand({ command: MAV_CMD.COMPONENT_ARM_DISARM, params: [0] }) }

  /** ActionImpl::kill_async: ARM_DISARM [0, 21196] (disarm even in the air). */
  kill () { return this.sendCommand({ command: MAV_CMD.COMPONENT_ARM_DISARM, params: [0, 21196] }) }

  /** ActionImpl::takeoff_async_px4: NAV_TAKEOFF with all seven parameters unset (NaN). */
  takeoff () { return this.sendCommand({ command: MAV_CMD.NAV_TAKEOFF }) }

  /** ActionImpl::land_async: NAV_LAND, param4 NaN ("don't change yaw"), the rest unset. */
  land () { return this.sendCommand({ command: MAV_CMD.NAV_LAND }) }

  /** ActionImpl::return_to_launch_async: set_flight_mode_async(ReturnToLaunch). */
  returnToLaunch () { return this.setFlightMode('ReturnToLaunch') }

  /** ActionImpl::set_takeoff_altitude_px4: set_param_float("MIS_TAKEOFF_ALT", m). */
  setTakeoffAltitude (relativeAltitudeM) { return this.setParamFloat('MIS_TAKEOFF_ALT', relativeAltitudeM) }

  /**
   * ActionImpl::goto_location_async: for PX4, Hold first unless already in Hold (a failure ends
   * there), then COMMAND_INT DO_REPOSITION frame GLOBAL_INT, param2 CHANGE_MODE, param4 yaw in
   * radians, x/y = round(deg × 1e7), z AMSL; param1 and param3 unset (NaN).
   */
  async gotoLocation (latDeg, lonDeg, altAmslM, yawDeg) {
    if (this.flightMode !== 'Hold') {
      const hold = await this.setFlightMode('Hold')
      if (hold.result !== 'Success') return { ...hold, stage: 'Hold' }
    }
    const params = []
    params[1] = MAV_DO_REPOSITION_FLAGS_CHANGE_MODE
    params[3] = Math.fround(yawDeg * Math.PI / 180)
    params[6] = altAmslM
    return this.sendCommand({
      command: MAV_CMD.DO_REPOSITION, int: true, frame: MAV_FRAME_GLOBAL_INT, params,
      x: Math.round(latDeg * 1e7), y: Math.round(lonDeg * 1e7)
    })
  }


  // --- Offboard plugin (offboard_impl.cpp) -----------------------------------------------------

  /**
   * OffboardImpl::set_velocity_ned → send_velocity_ned: SET_POSITION_TARGET_LOCAL_NED, frame
   * LOCAL_NED, type mask ignoring position, acceleration and yaw rate (velocity + yaw used), yaw in
   * radians; the setpoint is then sent again by the plugin's 20 Hz call_every (scaled to vehicle
   * time, as the heartbeat is, so the vehicle sees 20 Hz).
   */
  setVelocityNed (north, east, down, yawDeg) {
    const IGNORE_PX = 1, IGNORE_PY = 2, IGNORE_PZ = 4, IGNORE_AX = 64, IGNORE_AY = 128, IGNORE_AZ = 256, IGNORE_YAW_RATE = 2048
    const msg = new common.SetPositionTargetLocalNed()
    Object.assign(msg, {
      timeBootMs: 0, targetSystem: 1, targetComponent: MAV_COMP_ID_AUTOPILOT1, coordinateFrame: 1 /* LOCAL_NED */,
      typeMask: IGNORE_PX | IGNORE_PY | IGNORE_PZ | IGNORE_AX | IGNORE_AY | IGNORE_AZ | IGNORE_YAW_RATE,
      x: 0, y: 0, z: 0, vx: north, vy: east, vz: down, afx: 0, afy: 0, afz: 0,
      yaw: Math.fround(yawDeg * Math.PI / 180), yawRate: 0
    })
    this.offboardSetpoint = msg
    this.gcs.send(msg)
    if (!this.offboardTimer) {
      this.offboardTimer = setInterval(() => this.gcs.send(this.offboardSetpoint), 1000 / (20 * Math.max(1, this.speedup)))
    }
  }

  /** OffboardImpl::start: NoSetpointSet without a setpoint, else set_flight_mode_async(Offboard) at once. */
  startOffboard () {
    if (!this.offboardSetpoint) return Promise.resolve({ result: 'NoSetpointSet' })
    return this.setFlightMode('Offboard')
  }

  /** OffboardImpl::stop: set_flight_mode_async(Hold); the setpoint stream stops with it. */
  async stopOffboard () {
    const r = await this.setFlightMode('Hold')
    clearInterval(this.offboardTimer)
    this.offboardTimer = null
    this.offboardSetpoint = null
    return r
  }

  // --- Mission plugin (mission_impl.cpp) -------------------------------------------------------

  /**
   * MissionImpl::convert_to_int_items for the fields mission.py sets (position, relative altitude,
   * speed, is_fly_through; every other field NaN / NONE, so no gimbal, delay or camera item): per
   * item a NAV_WAYPOINT in GLOBAL_RELATIVE_ALT_INT (param1 hold_time(): 0 flying through, else
   * 0.5 s; param2 acceptance_radius(): 3 m flying through, else 1 m, when the item gives none;
   * param4 yaw_deg, NaN), then DO_CHANGE_SPEED [1 ground speed, speed, -1, 0, z NaN] when a speed is
   * given; the first item is current = 1. With set_return_to_launch_after_mission(True), a
   * NAV_RETURN_TO_LAUNCH (params NaN) ends it. No takeoff item: the vehicle takes off itself.
   */
  static missionItemsInt (items, { rtlAfterMission = false } = {}) {
    const out = []
    for (const it of items) {
      out.push(item({
        command: 16, frame: 6, x: Math.round(it.latDeg * 1e7), y: Math.round(it.lonDeg * 1e7), z: it.relAltM,
        params: [it.isFlyThrough ? 0 : 0.5, Number.isFinite(it.acceptanceRadiusM) ? it.acceptanceRadiusM : (it.isFlyThrough ? 3 : 1), 0, NaN]
      }))
      if (Number.isFinite(it.speedMS)) out.push(item({ command: 178, frame: 2, z: NaN, params: [1, it.speedMS, -1, 0] }))
    }
    if (rtlAfterMission) out.push(item({ command: 20, frame: 2, params: [NaN, NaN, NaN, NaN] }))
    if (out.length) out[0].current = 1
    return out
  }

  /** MissionImpl::upload_mission_async: the mission transfer (MavlinkMissionTransferClient upload). */
  async uploadMission (items, opts) {
    const r = await upload(this.gcs, MISSION_TYPE.MISSION, MavsdkClient.missionItemsInt(items, opts))
    return { ...r, resultName: MISSION_RESULT_NAME[r.result] }
  }

  /** MissionImpl::start_mission_async: set_flight_mode_async(Mission). */
  startMission () { return this.setFlightMode('Mission') }

  // --- waiting as an app does (async for … in telemetry.*()) ---------------------------------

  async waitState (pred, timeoutMs, what) {
    const deadline = performance.now() + timeoutMs
    while (performance.now() < deadline) {
      if (pred(this)) return true
      await sleep(20)
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (mode ${this.flightMode}, armed ${this.armed}, rel alt ${this.position?.altRel?.toFixed(2)}, health ${JSON.stringify(this.health)})`)
  }
}

export { MAV_RESULT, RESULT_NAME }
