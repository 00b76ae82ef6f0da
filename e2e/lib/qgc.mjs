// A QGroundControl replay client: what QGroundControl's PX4 plugin sends to a PX4 vehicle, and
// what it waits for, replayed over node-mavlink on top of lib/gcs.mjs.
//
// QGC VERSION READ: mavlink/qgroundcontrol master as stored in the reference index, files of
// 2025–2026 (the Qt 6 / QGCStateMachine era). Commits of the file versions read:
//   src/Vehicle/Vehicle.cc                       Vehicle.cc with MavCommandQueue + TerrainQueryCoordinator (2026)
//   src/Vehicle/MavCommandQueue.cc/.h            1e06c9b9 (ack timeout 1200 ms, kMaxRetryCount 3, commandIntXY)
//   src/Vehicle/InitialConnectStateMachine.cc    0e18c938 (+ header with _stateRequestProtocolVersion)
//   src/FirmwarePlugin/PX4/PX4FirmwarePlugin.cc  00d5b5e0
//   src/FirmwarePlugin/FirmwarePlugin.cc         const-method version (_setFlightModeAndValidate,
//                                                _armVehicleAndValidate 1500 ms, checkIfIsLatestStable)
//   src/Vehicle/ComponentInformation/RequestMetaDataTypeStateMachine.cc 2a89e00a
//   src/Vehicle/ComponentInformation/CompInfoGeneral.cc, CompInfoParam.cc 1c880252
//   src/Vehicle/FTPManager.cc 00d5b5e0, FTPManager.h (_ackOrNakTimeoutMsecs 1000, _maxRetry 3)
//   src/Vehicle/MAVLinkStreamConfig.cc 49a0b1d3
//   src/MissionManager/PlanManager.h (ack 1500 ms, retry 250 ms, 5 retries), GeoFenceManager.cc
//   src/Vehicle/StandardModes.cc, src/FactSystem/ParameterManager.cc/.h
//   src/AnalyzeView/MAVLinkInspector/MAVLinkInspectorController.cc, MAVLinkSystem.cc,
//   MAVLinkMessage.cc (4c246ee4), MAVLinkInspectorPage.qml (1166c8bd)
//   src/Vehicle/MessageIntervalManager.cc (4c246ee4), RequestMessageCoordinator.cc
//   src/QmlControls/ParameterEditor.qml, ParameterEditorController.cc (resetAllToDefaults)
// Every step below cites the QGC file and function it replays.
//
// Timing: QGC's timeouts are wall-clock and are kept as QGC has them. The SITL runs faster than
// real time (--speedup), so the vehicle gets more of its own time inside each QGC window than a
// real vehicle would; the GCS heartbeat is the one thing scaled (QGC's 1 Hz, in vehicle time) so
// that the vehicle's link-loss timer sees what it would see from QGC.
import { performance } from 'node:perf_hooks'
import { gunzipSync } from 'node:zlib'
import { mavlinkCrc32 } from './mavlink-crc32.mjs'
import { MavLinkData, MavLinkPacketField, common } from 'node-mavlink'
import { Gcs, MAV_RESULT, RESULT_NAME, sleep } from './gcs.mjs'
import { upload as planUpload, download as planDownload, MISSION_TYPE, MISSION_RESULT_NAME } from './mission.mjs'
import { missingParameters } from './qgc-px4-params.mjs'

// ---------------------------------------------------------------------------------------------
// Messages this node-mavlink mappings release lacks (CRC extras computed from common.xml).

/** COMPONENT_METADATA (397): what RequestMetaDataTypeStateMachine::_requestCompInfo asks first. */
export class ComponentMetadata extends MavLinkData {
  constructor () { super(); this.timeBootMs = 0; this.fileCrc = 0; this.uri = '' }
}
ComponentMetadata.MSG_ID = 397
ComponentMetadata.MSG_NAME = 'COMPONENT_METADATA'
ComponentMetadata.PAYLOAD_LENGTH = 108
ComponentMetadata.MAGIC_NUMBER = 182
ComponentMetadata.FIELDS = [
  new MavLinkPacketField('time_boot_ms', 'timeBootMs', 0, false, 4, 'uint32_t', 'ms'),
  new MavLinkPacketField('file_crc', 'fileCrc', 4, false, 4, 'uint32_t', ''),
  new MavLinkPacketField('uri', 'uri', 8, false, 1, 'char[]', '', 100)
]

/** PROTOCOL_VERSION (300): InitialConnectStateMachine::_stateRequestProtocolVersion. */
export class ProtocolVersion extends MavLinkData {
  constructor () {
    super(); this.version = 0; this.minVersion = 0; this.maxVersion = 0
    this.specVersionHash = []; this.libraryVersionHash = []
  }
}
ProtocolVersion.MSG_ID = 300
ProtocolVersion.MSG_NAME = 'PROTOCOL_VERSION'
ProtocolVersion.PAYLOAD_LENGTH = 22
ProtocolVersion.MAGIC_NUMBER = 217
ProtocolVersion.FIELDS = [
  new MavLinkPacketField('version', 'version', 0, false, 2, 'uint16_t', ''),
  new MavLinkPacketField('min_version', 'minVersion', 2, false, 2, 'uint16_t', ''),
  new MavLinkPacketField('max_version', 'maxVersion', 4, false, 2, 'uint16_t', ''),
  new MavLinkPacketField('spec_version_hash', 'specVersionHash', 6, false, 1, 'uint8_t[]', '', 8),
  new MavLinkPacketField('library_version_hash', 'libraryVersionHash', 14, false, 1, 'uint8_t[]', '', 8)
]

// ---------------------------------------------------------------------------------------------
// Constants

export const MAV_CMD = {
  NAV_RETURN_TO_LAUNCH: 20, NAV_LAND: 21, NAV_TAKEOFF: 22, DO_ORBIT: 34,
  DO_SET_MODE: 176, DO_CHANGE_SPEED: 178, DO_REPOSITION: 192, DO_SET_ROI_LOCATION: 195,
  DO_SET_ROI_NONE: 197, PREFLIGHT_CALIBRATION: 241, PREFLIGHT_STORAGE: 245,
  PREFLIGHT_REBOOT_SHUTDOWN: 246, COMPONENT_ARM_DISARM: 400, RUN_PREARM_CHECKS: 401,
  SET_MESSAGE_INTERVAL: 511, REQUEST_MESSAGE: 512, REQUEST_AUTOPILOT_CAPABILITIES: 520
}
export const MSG_ID = {
  HEARTBEAT: 0, ATTITUDE_QUATERNION: 31, LOCAL_POSITION_NED: 32, NAV_CONTROLLER_OUTPUT: 62,
  VFR_HUD: 74, ATTITUDE_TARGET: 83, POSITION_TARGET_LOCAL_NED: 85, FILE_TRANSFER_PROTOCOL: 110,
  ATTITUDE: 30, RAW_IMU: 27, HIGHRES_IMU: 105, VIBRATION: 241, MESSAGE_INTERVAL: 244, AUTOPILOT_VERSION: 148, PROTOCOL_VERSION: 300, COMPONENT_INFORMATION: 395,
  COMPONENT_METADATA: 397, AVAILABLE_MODES: 435
}
export const CAP = {
  MISSION_FLOAT: 1n, PARAM_FLOAT: 2n, MISSION_INT: 4n, COMMAND_INT: 8n, PARAM_ENCODE_BYTEWISE: 16n,
  FTP: 32n, SET_ATTITUDE_TARGET: 64n, SET_POSITION_TARGET_LOCAL_NED: 128n,
  SET_POSITION_TARGET_GLOBAL_INT: 256n, TERRAIN: 512n, MISSION_FENCE: 16384n, MISSION_RALLY: 32768n,
  MAVLINK2: 8192n, PARAM_ENCODE_C_CAST: 131072n, COMPONENT_IMPLEMENTS_GIMBAL_MANAGER: 262144n
}
export const FIRMWARE_VERSION_TYPE = { DEV: 0, ALPHA: 64, BETA: 128, RC: 192, OFFICIAL: 255 }
const MAV_MODE_FLAG_CUSTOM_MODE_ENABLED = 1
const MAV_MODE_FLAG_DECODE_POSITION_CUSTOM_MODE = 1
const MAV_MODE_FLAG_SAFETY_ARMED = 128
const MAV_DO_REPOSITION_FLAGS_CHANGE_MODE = 1
const ORBIT_YAW_BEHAVIOUR_UNCHANGED = 5
const MAV_FRAME_GLOBAL = 0
const MAV_COMP_ID_ALL = 0
const MAV_COMP_ID_AUTOPILOT1 = 1
// MavCommandQueue.cc commandIntXY (used by _sendFromList): COMMAND_INT x/y = param * 1e7 as
// int32, and NaN ("no coordinate", e.g. stopGuidedModeROI) is sent as INT32_MAX, MAVLink's
// "unset" for an integer parameter.
const NAN_AS_INT32 = 2147483647

/** PX4 custom mode (px4_custom_mode.h): main mode in bits 16–23, sub mode in bits 24–31. */
export const px4 = (main, sub = 0) => ((main << 16) | (sub << 24)) >>> 0
export const PX4_MODE = {
  MANUAL: px4(1), ALTCTL: px4(2), POSCTL_POSCTL: px4(3, 0), POSCTL_ORBIT: px4(3, 1), ACRO: px4(5),
  OFFBOARD: px4(6), STABILIZED: px4(7), RATTITUDE: px4(8), SIMPLE: px4(9),
  AUTO_READY: px4(4, 1), AUTO_TAKEOFF: px4(4, 2), AUTO_LOITER: px4(4, 3), AUTO_MISSION: px4(4, 4),
  AUTO_RTL: px4(4, 5), AUTO_LAND: px4(4, 6), AUTO_RTGS: px4(4, 7), AUTO_FOLLOW_TARGET: px4(4, 8),
  AUTO_PRECLAND: px4(4, 9)
}

/**
 * PX4FirmwarePlugin::PX4FirmwarePlugin: the flight-mode table, name → custom mode, with canBeSet
 * (shown in the Fly view's mode menu) and, from updateAvailableFlightModes, multiRotor.
 */
export const PX4_FLIGHT_MODES = [
  { name: 'Manual', mode: PX4_MODE.MANUAL, canBeSet: true, multiRotor: true },
  { name: 'Stabilized', mode: PX4_MODE.STABILIZED, canBeSet: true, multiRotor: true },
  { name: 'Acro', mode: PX4_MODE.ACRO, canBeSet: true, multiRotor: true },
  { name: 'Rattitude', mode: PX4_MODE.RATTITUDE, canBeSet: true, multiRotor: true },
  { name: 'Altitude', mode: PX4_MODE.ALTCTL, canBeSet: true, multiRotor: true },
  { name: 'Offboard', mode: PX4_MODE.OFFBOARD, canBeSet: true, multiRotor: true },
  { name: 'Simple', mode: PX4_MODE.SIMPLE, canBeSet: false, multiRotor: true },
  { name: 'Position', mode: PX4_MODE.POSCTL_POSCTL, canBeSet: true, multiRotor: true },
  { name: 'Orbit', mode: PX4_MODE.POSCTL_ORBIT, canBeSet: false, multiRotor: false },
  { name: 'Hold', mode: PX4_MODE.AUTO_LOITER, canBeSet: true, multiRotor: true },
  { name: 'Mission', mode: PX4_MODE.AUTO_MISSION, canBeSet: true, multiRotor: true },
  { name: 'Return', mode: PX4_MODE.AUTO_RTL, canBeSet: true, multiRotor: true },
  { name: 'Land', mode: PX4_MODE.AUTO_LAND, canBeSet: false, multiRotor: true },
  { name: 'Precision Land', mode: PX4_MODE.AUTO_PRECLAND, canBeSet: true, multiRotor: true },
  { name: 'Ready', mode: PX4_MODE.AUTO_READY, canBeSet: false, multiRotor: true },
  { name: 'Return to Groundstation', mode: PX4_MODE.AUTO_RTGS, canBeSet: false, multiRotor: true },
  { name: 'Takeoff', mode: PX4_MODE.AUTO_TAKEOFF, canBeSet: false, multiRotor: true }
]
/** PX4FirmwarePlugin::flightModes for a multirotor: what the Fly view's mode menu lists. */
export const MODE_MENU = PX4_FLIGHT_MODES.filter(m => m.canBeSet && m.multiRotor).map(m => m.name)
const modeByName = Object.fromEntries(PX4_FLIGHT_MODES.map(m => [m.name, m]))

/** PX4FirmwarePlugin::flightMode: the name QGC shows for a heartbeat (exact custom-mode match). */
export function flightModeName (baseMode, customMode) {
  if (!(baseMode & MAV_MODE_FLAG_CUSTOM_MODE_ENABLED)) return 'Unknown'
  const m = PX4_FLIGHT_MODES.find(x => x.mode === (customMode >>> 0))
  return m ? m.name : `Unknown ${baseMode}:${customMode}`
}

// MavCommandQueue::_shouldRetry: only these are sent more than once.
const RETRIED = new Set([MAV_CMD.REQUEST_AUTOPILOT_CAPABILITIES, MAV_CMD.REQUEST_MESSAGE,
  MAV_CMD.PREFLIGHT_STORAGE, MAV_CMD.RUN_PREARM_CHECKS])
const ACK_TIMEOUT_MS = 1200 // MavCommandQueue::_ackTimeoutMSecs
const MAX_TRIES = 3 // MavCommandQueue.h kMaxRetryCount

// FTP (MAVLink FTP, FTPManager.cc / MavlinkFTP.h)
export const FTP_OP = {
  None: 0, TerminateSession: 1, ResetSessions: 2, ListDirectory: 3, OpenFileRO: 4, ReadFile: 5,
  CreateFile: 6, WriteFile: 7, RemoveFile: 8, CreateDirectory: 9, RemoveDirectory: 10,
  OpenFileWO: 11, TruncateFile: 12, Rename: 13, CalcFileCRC32: 14, BurstReadFile: 15,
  Ack: 128, Nak: 129
}
export const FTP_ERR = {
  None: 0, Fail: 1, FailErrno: 2, InvalidDataSize: 3, InvalidSession: 4, NoSessionsAvailable: 5,
  EOF: 6, UnknownCommand: 7, FileExists: 8, FileProtected: 9, FileNotFound: 10
}
const FTP_ERR_NAME = Object.fromEntries(Object.entries(FTP_ERR).map(([k, v]) => [v, k]))
const FTP_DATA_MAX = 239 // sizeof(MavlinkFTP::Request::data)
const FTP_ACK_TIMEOUT_MS = 1000 // FTPManager.h _ackOrNakTimeoutMsecs
const FTP_MAX_RETRY = 3 // FTPManager.h _maxRetry

// MAVLinkInspectorPage.qml msgRateCombo: the rates (Hz) the operator can pick; -1 Disabled, 0 Default.
export const INSPECTOR_RATE_CHOICES = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 25, 50, 100]
const MESSAGE_WAIT_MS = 1000 // RequestMessageCoordinator::handleReceivedMessage, messageWaitTimeoutMs (not a unit test)
const PARAM_SET_RETRIES = 2 // ParameterManager.h kParamSetRetryCount
const PARAM_ACK_MS = 1000 // ParameterManager.h kWaitForParamValueAckMs
const MAV_PARAM_TYPE = { UINT8: 1, INT8: 2, UINT16: 3, INT16: 4, UINT32: 5, INT32: 6, REAL32: 9 }

// ComponentInformation COMP_METADATA_TYPE
export const COMP_METADATA_TYPE = { GENERAL: 0, PARAMETER: 1, COMMANDS: 2, PERIPHERALS: 3, EVENTS: 4, ACTUATORS: 5 }

// ---------------------------------------------------------------------------------------------

/**
 * One QGC session against one vehicle. Keeps the vehicle state QGC's Vehicle keeps (heartbeat
 * modes, armed, position, home), the capability bits, the parameters and the texts shown.
 */
export class QgcPx4Client {
  constructor ({ speedup = 1, log = () => {} } = {}) {
    // QGC's own MAVLink identity: system 255, component MAV_COMP_ID_MISSIONPLANNER (190)
    // (MAVLinkProtocol::getSystemId / getComponentId defaults).
    this.gcs = new Gcs({ sysid: 255, compid: 190, targetSystem: 1, targetComponent: 1, extraMessages: [ComponentMetadata, ProtocolVersion] })
    this.speedup = speedup
    this.log = log
    this.baseMode = 0
    this.customMode = 0
    this.capabilityBits = 0n
    this.capabilityBitsKnown = false
    this.maxProtoVersion = 0
    this.params = new Map() // name -> { value, type, index }
    this.paramCount = -1
    this.appMessages = [] // what QGC would pop up (qgcApp()->showAppMessage)
    this.statusTexts = []
    this.commandLog = [] // { command, tries, result, failure }
    this.ftpSeq = 0 // FTPManager::_expectedIncomingSeqNumber
    this.mavlinkMsgIntervals = new Map() // MessageIntervalManager::_mavlinkMsgIntervals: 'compid:msgid' -> rate (Hz, int32)
    this.gcs.listeners.add(m => this._track(m))
  }

  async open (port) {
    await this.gcs.open(port)
    // MAVLinkProtocol sends the GCS heartbeat at 1 Hz; scaled to vehicle time (see header).
    this.gcs.startHeartbeat(Math.max(1, this.speedup))
  }

  close () { return this.gcs.close() }

  // --- what Vehicle tracks -----------------------------------------------------------------

  _fromVehicle (m) { return m.sysid === 1 && m.compid === MAV_COMP_ID_AUTOPILOT1 }

  _track (m) {
    if (!this._fromVehicle(m) || !m.data) return
    switch (m.name) {
      case 'HEARTBEAT': // Vehicle::_handleHeartbeat: base_mode, custom_mode → flightMode(), armed()
        this.baseMode = m.data.baseMode
        this.customMode = m.data.customMode >>> 0
        this.lastHeartbeat = m
        break
      case 'GLOBAL_POSITION_INT': // Vehicle altitudeAMSL / altitudeRelative / coordinate
        this.position = { lat: m.data.lat, lon: m.data.lon, altAmsl: m.data.alt / 1000, altRel: m.data.relativeAlt / 1000, hdg: m.data.hdg }
        break
      case 'HOME_POSITION':
        this.home = { lat: m.data.latitude, lon: m.data.longitude, altAmsl: m.data.altitude / 1000 }
        break
      case 'STATUSTEXT':
        this.statusTexts.push({ t: m.t, severity: m.data.severity, text: m.data.text })
        break
      case 'MESSAGE_INTERVAL': // Vehicle::_mavlinkMessageReceived → MessageIntervalManager::handleMessageInterval
        this._handleMessageInterval(m)
        break
    }
  }

  get armed () { return (this.baseMode & MAV_MODE_FLAG_SAFETY_ARMED) !== 0 }
  get flightMode () { return flightModeName(this.baseMode, this.customMode) }

  showAppMessage (text) { this.appMessages.push(text); this.log(`QGC popup: ${text}`) }

  // --- MavCommandQueue ------------------------------------------------------------------------

  /**
   * MavCommandQueue::sendWorker/_sendFromList/handleCommandAck: COMMAND_LONG (or COMMAND_INT),
   * ack timeout 1200 ms (QGC checks it every 500 ms, _responseTimeoutCheck, so its resends come
   * 1.2–1.7 s apart; this client resends at 1.2 s), resent only for the commands of _shouldRetry (kMaxRetryCount 3, with
   * COMMAND_LONG.confirmation counting the resends); IN_PROGRESS restarts the timer and stops
   * further resends. showError: a non-ACCEPTED result pops "<cmd> command denied/…"
   * (showCommandAckError); no answer pops "Vehicle did not respond to command".
   * Resolves { result, failure: null | 'NoResponseToCommand', tries, ackT }.
   */
  sendMavCommand (command, params = [], { int = false, frame = MAV_FRAME_GLOBAL, showError = true, targetComponent = MAV_COMP_ID_AUTOPILOT1 } = {}) {
    const maxTriesInit = RETRIED.has(command) ? MAX_TRIES : 1
    return new Promise(resolve => {
      let tries = 0
      let maxTries = maxTriesInit
      let timer = null
      const finish = (res) => {
        clearTimeout(timer)
        this.gcs.listeners.delete(onAck)
        const entry = { command, tries, ...res }
        this.commandLog.push(entry)
        if (showError) {
          if (res.failure) this.showAppMessage(`Vehicle did not respond to command: ${command}`)
          else if (res.result !== MAV_RESULT.ACCEPTED && res.result !== MAV_RESULT.IN_PROGRESS) {
            this.showAppMessage(`${command} command ${RESULT_NAME[res.result]}`)
          }
        }
        resolve(entry)
      }
      const arm = () => { clearTimeout(timer); timer = setTimeout(onTimeout, ACK_TIMEOUT_MS) }
      const onTimeout = () => {
        if (tries >= maxTries) finish({ result: null, failure: 'NoResponseToCommand' })
        else send()
      }
      const send = () => {
        tries++
        let msg
        if (int) {
          msg = new common.CommandInt()
          msg.frame = frame; msg.current = 0; msg.autocontinue = 0
          for (let i = 0; i < 4; i++) msg[`_param${i + 1}`] = params[i] ?? 0
          // commandIntXY: x/y = param5/6 * 1e7 (frame MISSION excepted), NaN → INT32_MAX
          const toInt = v => (Number.isNaN(v) ? NAN_AS_INT32 : Math.round((v ?? 0) * 1e7))
          msg._param5 = toInt(params[4]); msg._param6 = toInt(params[5]); msg._param7 = params[6] ?? 0
        } else {
          msg = new common.CommandLong()
          msg.confirmation = Math.min(tries - 1, 255)
          for (let i = 0; i < 7; i++) msg[`_param${i + 1}`] = params[i] ?? 0
        }
        msg.targetSystem = 1
        msg.targetComponent = targetComponent
        msg.command = command
        this.gcs.sentCommands.set(command, (this.gcs.sentCommands.get(command) || 0) + 1)
        this.gcs.send(msg)
        arm()
      }
      const onAck = m => {
        if (m.name !== 'COMMAND_ACK' || m.sysid !== 1 || m.compid !== targetComponent || m.data.command !== command) return
        if (m.data.result === MAV_RESULT.IN_PROGRESS) { maxTries = 1; arm(); return }
        finish({ result: m.data.result, failure: null, ackT: m.t, ack: m.data })
      }
      this.gcs.listeners.add(onAck)
      send()
    })
  }

  /**
   * Vehicle::requestMessage: MAV_CMD_REQUEST_MESSAGE (retried, see _shouldRetry) and the message
   * itself, which may come before or after the ACK. Resolves { failure, result, message } with
   * failure null | 'CommandError' | 'CommandNotAcked' | 'MessageNotReceived'
   * (Vehicle::RequestMessageResultHandlerFailureCode_t).
   */
  async requestMessage (msgId, { param2 = 0, match = () => true, messageTimeoutMs = 3000 } = {}) {
    let got = null
    const l = m => { if (!got && m.msgid === msgId && this._fromVehicle(m) && m.data && match(m.data)) got = m }
    this.gcs.listeners.add(l)
    try {
      const ack = await this.sendMavCommand(MAV_CMD.REQUEST_MESSAGE, [msgId, param2], { showError: false })
      if (ack.failure) return { failure: 'CommandNotAcked', result: null, message: null }
      if (ack.result !== MAV_RESULT.ACCEPTED) return { failure: 'CommandError', result: ack.result, message: null }
      const deadline = performance.now() + messageTimeoutMs
      while (!got && performance.now() < deadline) await sleep(10)
      if (!got) return { failure: 'MessageNotReceived', result: ack.result, message: null }
      return { failure: null, result: ack.result, message: got.data }
    } finally {
      this.gcs.listeners.delete(l)
    }
  }

  // --- InitialConnectStateMachine --------------------------------------------------------------

  /**
   * InitialConnectStateMachine::_rgStates in order: AUTOPILOT_VERSION, PROTOCOL_VERSION,
   * standard modes, component information, parameters, mission, geofence, rally points. Each
   * state advances whatever its outcome. Returns a report of each state.
   */
  async initialConnect ({ heartbeatTimeoutMs = 20_000 } = {}) {
    const report = {}
    // MultiVehicleManager creates the Vehicle on the first HEARTBEAT from an autopilot component.
    const hb = await this.gcs.waitMsg('HEARTBEAT', d => d.autopilot === 12, heartbeatTimeoutMs, 'the first PX4 HEARTBEAT from 1/1')
    report.heartbeat = hb.data
    report.autopilotVersion = await this._stateRequestAutopilotVersion()
    report.protocolVersion = await this._stateRequestProtocolVersion()
    report.standardModes = await this._stateRequestStandardModes()
    report.compInfo = await this._stateRequestCompInfo()
    report.parameters = await this._stateRequestParameters()
    report.mission = await this._stateRequestPlan(MISSION_TYPE.MISSION, true)
    // GeoFenceManager::supported / RallyPointManager::supported
    report.geoFenceSupported = this.geoFenceSupported()
    report.rallySupported = this.rallyPointsSupported()
    report.fence = await this._stateRequestPlan(MISSION_TYPE.FENCE, report.geoFenceSupported)
    report.rally = await this._stateRequestPlan(MISSION_TYPE.RALLY, report.rallySupported)
    this.connectReport = report
    return report
  }

  /**
   * InitialConnectStateMachine::_stateRequestAutopilotVersion / _autopilotVersionRequestMessageHandler,
   * then PX4FirmwarePlugin::_handleAutopilotVersion (the "supports PX4 Pro firmware Version
   * 1.4.1 and above" popup) and FirmwarePlugin::checkIfIsLatestStable.
   */
  async _stateRequestAutopilotVersion () {
    const r = await this.requestMessage(MSG_ID.AUTOPILOT_VERSION)
    const out = { failure: r.failure, result: r.result }
    if (!r.failure) {
      const v = r.message
      const sw = v.flightSwVersion >>> 0
      out.flightSwVersion = sw
      out.uid = BigInt(v.uid)
      if (sw !== 0) {
        out.version = { major: (sw >>> 24) & 0xff, minor: (sw >>> 16) & 0xff, patch: (sw >>> 8) & 0xff, type: sw & 0xff }
        this.firmwareVersion = out.version
      }
      // PX4: flight_custom_version bytes 7..0 as hex → git hash shown in Summary/Help
      out.gitHash = [...(v.flightCustomVersion || [])].slice(0, 8).reverse().map(b => b.toString(16).padStart(2, '0')).join('')
      out.customVersion = { major: v.flightCustomVersion?.[2], minor: v.flightCustomVersion?.[1], patch: v.flightCustomVersion?.[0] }
      this.capabilityBits = BigInt(v.capabilities)
      out.capabilities = this.capabilityBits
      // PX4FirmwarePlugin::_handleAutopilotVersion: minimum 1.4.1; 0 counts as older.
      const min = [1, 4, 1]
      let notify = sw === 0
      if (!notify) {
        const { major, minor, patch } = out.version
        notify = major < min[0] || (major === min[0] && (minor < min[1] || (minor === min[1] && patch < min[2])))
      }
      out.versionPopup = notify
      if (notify) this.showAppMessage('QGroundControl supports PX4 Pro firmware Version 1.4.1 and above. You are using a version prior to that which will lead to unpredictable results. Please upgrade your firmware.')
      // FirmwarePlugin::checkIfIsLatestStable → _versionFileDownloadFinished: fetches PX4's GitHub
      // releases (regex "v([0-9,\.]*) Stable") and pops "Vehicle is not running latest stable
      // firmware!" only when the type is OFFICIAL and the version is lower. Not fetched here
      // (no network in CI); recorded so the caller can judge.
      out.latestStableCheckApplies = out.version?.type === FIRMWARE_VERSION_TYPE.OFFICIAL
    } else {
      // _autopilotVersionRequestMessageHandler: assumed capabilities for PX4
      this.capabilityBits = CAP.MAVLINK2 | CAP.MISSION_INT | CAP.COMMAND_INT | CAP.MISSION_FENCE | CAP.MISSION_RALLY
      out.assumedCapabilities = this.capabilityBits
    }
    this.capabilityBitsKnown = true
    return out
  }

  /**
   * InitialConnectStateMachine::_stateRequestProtocolVersion / _protocolVersionRequestMessageHandler,
   * then Vehicle::_setMaxProtoVersionFromBothSources: PROTOCOL_VERSION.max_version if received,
   * otherwise 200 if the capability bits carry MAVLINK2, else 100.
   */
  async _stateRequestProtocolVersion () {
    const r = await this.requestMessage(MSG_ID.PROTOCOL_VERSION)
    const out = { failure: r.failure, result: r.result }
    if (!r.failure) {
      out.maxVersion = r.message.maxVersion
      this.maxProtoVersion = r.message.maxVersion
    } else {
      this.maxProtoVersion = (this.capabilityBits & CAP.MAVLINK2) ? 200 : 100
    }
    out.maxProtoVersion = this.maxProtoVersion
    return out
  }

  /**
   * StandardModes::request / requestMode / requestMessageResultHandler: AVAILABLE_MODES one index
   * at a time (param2 = index, from 1) until mode_index >= number_modes; a failure just ends it
   * (QGC then keeps the plugin's own mode table).
   */
  async _stateRequestStandardModes () {
    const modes = []
    for (let index = 1; index <= 64; index++) {
      const r = await this.requestMessage(MSG_ID.AVAILABLE_MODES, { param2: index, match: d => d.modeIndex === index })
      if (r.failure) return { failure: r.failure, result: r.result, modes }
      modes.push({ index: r.message.modeIndex, customMode: r.message.customMode >>> 0, standardMode: r.message.standardMode, name: r.message.modeName, properties: r.message.properties })
      if (r.message.modeIndex >= r.message.numberModes) break
    }
    return { failure: null, modes }
  }

  /**
   * ComponentInformationManager → RequestMetaDataTypeStateMachine for COMP_METADATA_TYPE_GENERAL,
   * then for each type listed in general.json (CompInfoGeneral::setJson): COMPONENT_METADATA
   * (397) first, COMPONENT_INFORMATION (395) when 397 gave no valid CRC, then the file over
   * MAVLink FTP (mftp://, FTPManager::download) or HTTP, decompressed if needed
   * (QGCCompression::decompressIfNeeded). A failed step falls back to PX4's bundled metadata.
   */
  async _stateRequestCompInfo () {
    const out = { general: null, parameter: null }
    let uri = ''
    let crc = null
    // _requestCompInfo
    const md = await this.requestMessage(MSG_ID.COMPONENT_METADATA)
    out.componentMetadata = { failure: md.failure, result: md.result }
    if (!md.failure) { uri = md.message.uri; crc = md.message.fileCrc >>> 0; out.componentMetadata.uri = uri; out.componentMetadata.fileCrc = crc }
    // _requestCompInfoDeprecated, skipped when COMPONENT_METADATA gave a CRC
    if (md.failure) {
      const ci = await this.requestMessage(MSG_ID.COMPONENT_INFORMATION)
      out.componentInformation = { failure: ci.failure, result: ci.result }
      if (!ci.failure) { uri = ci.message.generalMetadataUri; crc = ci.message.generalMetadataFileCrc >>> 0 }
    }
    if (!uri) { out.fallback = 'no general metadata URI: QGC uses its bundled PX4 parameter metadata'; return out }
    const gen = await this._requestFile(uri)
    out.general = { uri, crc, ...gen.info }
    if (!gen.raw) return out
    out.general.crcMatches = crc === mavlinkCrc32(gen.raw) >>> 0
    let generalJson
    try { generalJson = JSON.parse(gen.text) } catch (e) { out.general.parseError = e.message; return out }
    out.general.json = generalJson
    // CompInfoGeneral::setJson: version 1, metadataTypes[] with type, uri, fileCrc (required),
    // uriFallback, fileCrcFallback, translationUri.
    if (generalJson.version !== 1 || !Array.isArray(generalJson.metadataTypes)) {
      out.general.parseError = `general metadata: version ${generalJson.version}, metadataTypes ${typeof generalJson.metadataTypes}`
      return out
    }
    const types = {}
    for (const t of generalJson.metadataTypes) {
      if (typeof t.type !== 'number') continue
      if (!t.uri || !('fileCrc' in t)) continue // "Metadata missing fields" → type ignored
      types[t.type] = t
    }
    out.general.types = Object.keys(types).map(Number)
    const p = types[COMP_METADATA_TYPE.PARAMETER]
    if (!p) { out.fallback = 'general.json lists no parameter metadata with uri and fileCrc'; return out }
    let file = await this._requestFile(p.uri)
    let usedUri = p.uri
    if (!file.raw && p.uriFallback) { file = await this._requestFile(p.uriFallback); usedUri = p.uriFallback } // _requestMetaDataJsonFallback
    out.parameter = { uri: usedUri, fileCrc: p.fileCrc, ...file.info }
    if (!file.raw) return out
    out.parameter.crcMatches = (p.fileCrc >>> 0) === (mavlinkCrc32(file.raw) >>> 0)
    let json
    try { json = JSON.parse(file.text) } catch (e) { out.parameter.parseError = e.message; return out }
    // CompInfoParam::setJson: version 1 and a parameters array of objects, each read by
    // FactMetaData::createFromJsonObject (name, type required).
    if (json.version !== 1 || !Array.isArray(json.parameters)) {
      out.parameter.parseError = `parameter metadata: version ${json.version}, parameters ${typeof json.parameters}`
      return out
    }
    const bad = json.parameters.filter(x => typeof x !== 'object' || typeof x.name !== 'string' || typeof x.type !== 'string')
    if (bad.length) out.parameter.parseError = `${bad.length} parameter entries without name/type`
    out.parameter.json = json
    this.parameterMetadata = json
    return out
  }

  /** RequestMetaDataTypeStateMachine::_requestFile for an mftp:// URI, + _downloadCompleteJsonWorker. */
  async _requestFile (uri) {
    if (!/^mftp:\/\//i.test(uri)) return { info: { error: `not a MAVLink FTP URI (QGC would use HTTP): ${uri}` } }
    const dl = await this.ftpDownload(uri)
    if (dl.error) return { info: { error: dl.error, ftp: dl.trace } }
    let bytes = dl.bytes
    const info = { size: bytes.length, ftp: dl.trace }
    // QGCCompression::decompressIfNeeded: by file name
    if (/\.xz$|\.lzma$/i.test(uri)) { info.error = 'xz-compressed metadata: not decompressible by this client (node has no xz)'; return { info } }
    if (/\.gz$/i.test(uri)) bytes = gunzipSync(bytes)
    return { info, raw: dl.bytes, text: bytes.toString('utf8') }
  }

  // --- FTPManager ---------------------------------------------------------------------------

  _ftpSend (compId, hdr, data = Buffer.alloc(0)) {
    // FTPManager::_sendRequestExpectAck: seq = expected incoming + 1, expected += 2
    const seq = (this.ftpSeq + 1) & 0xffff
    this.ftpSeq = (this.ftpSeq + 2) & 0xffff
    const p = Buffer.alloc(251)
    p.writeUInt16LE(seq, 0)
    p[2] = hdr.session ?? 0
    p[3] = hdr.opcode
    p[4] = hdr.size ?? data.length
    p[5] = 0; p[6] = 0; p[7] = 0
    p.writeUInt32LE(hdr.offset ?? 0, 8)
    data.copy(p, 12, 0, Math.min(data.length, FTP_DATA_MAX))
    const msg = new common.FileTransferProtocol()
    msg.targetNetwork = 0 // "Target network, 0=broadcast?"
    msg.targetSystem = 1
    msg.targetComponent = compId
    msg.payload = [...p]
    this.gcs.send(msg)
    return seq
  }

  static _ftpParse (payload) {
    const b = Buffer.from(payload)
    return {
      seq: b.readUInt16LE(0), session: b[2], opcode: b[3], size: b[4], reqOpcode: b[5],
      burstComplete: b[6], offset: b.readUInt32LE(8), data: b.subarray(12, 12 + Math.min(b[4], FTP_DATA_MAX))
    }
  }

  /** FTPManager::_parseURI: strips "mftp:/" (keeping one "/") and an optional "[;comp=N]". */
  static parseFtpUri (uri) {
    let path = uri
    let compId = MAV_COMP_ID_AUTOPILOT1
    const prefix = 'mftp://'
    if (path.toLowerCase().startsWith(prefix)) path = path.slice(prefix.length - 1)
    if (path.includes('://')) return null
    const m = /^\/??\[;comp=(\d+)\]/.exec(path)
    if (m) { compId = Number(m[1]); path = path.replace(/\[;comp=\d+\]/, '') }
    return { path, compId }
  }

  /**
   * FTPManager::download: OpenFileRO → BurstReadFile (re-requested after burst_complete, retried
   * on timeout with the same sequence number, up to _maxRetry) → ReadFile for holes
   * (_fillMissingBlocks) → size check → ResetSessions. Resolves { bytes } or { error }, with a
   * trace of the opcodes exchanged.
   */
  ftpDownload (uri) {
    const parsed = QgcPx4Client.parseFtpUri(uri)
    const trace = []
    if (!parsed) return Promise.resolve({ error: 'Incorrect uri scheme or format', trace })
    const { path, compId } = parsed
    return new Promise(resolve => {
      let state = 'open'
      let session = 0
      let fileSize = 0
      let expectedOffset = 0
      let retry = 0
      let timer = null
      const chunks = new Map() // offset -> Buffer
      const missing = []
      const done = res => { clearTimeout(timer); this.gcs.listeners.delete(on); resolve({ ...res, trace }) }
      const armTimer = fn => { clearTimeout(timer); timer = setTimeout(fn, FTP_ACK_TIMEOUT_MS) }
      const bytesWritten = () => [...chunks.values()].reduce((s, c) => s + c.length, 0)
      const assemble = () => {
        const out = Buffer.alloc(fileSize)
        for (const [off, c] of chunks) c.copy(out, off)
        return out
      }
      const send = (hdr, data) => { trace.push(`> ${opName(hdr.opcode)} off ${hdr.offset ?? 0}`); this._ftpSend(compId, hdr, data) }

      const openBegin = () => {
        state = 'open'
        send({ opcode: FTP_OP.OpenFileRO, session: 0, offset: 0 }, Buffer.from(path, 'latin1'))
        armTimer(() => done({ error: 'Download failed (OpenFileRO timeout)' })) // _openFileROTimeout: no retry
      }
      const burst = first => {
        state = 'burst'
        if (first) retry = 0
        else this.ftpSeq = (this.ftpSeq - 2) & 0xffff // "Must used same sequence number as previous request"
        send({ opcode: FTP_OP.BurstReadFile, session, offset: expectedOffset, size: FTP_DATA_MAX })
        armTimer(() => { if (++retry > FTP_MAX_RETRY) done({ error: 'Download failed (burst timeout)' }); else burst(false) })
      }
      const fill = first => {
        state = 'fill'
        if (missing.length === 0) {
          if (bytesWritten() !== fileSize) { done({ error: `Download failed: ${bytesWritten()} of ${fileSize} bytes` }); return }
          reset(); return
        }
        if (first) retry = 0
        else this.ftpSeq = (this.ftpSeq - 2) & 0xffff
        const m = missing[0]
        const n = Math.min(FTP_DATA_MAX, m.count)
        expectedOffset = m.offset
        send({ opcode: FTP_OP.ReadFile, session, offset: m.offset, size: n })
        armTimer(() => { if (++retry > FTP_MAX_RETRY) done({ error: 'Download failed (read timeout)' }); else fill(false) })
      }
      const reset = () => {
        state = 'reset'
        send({ opcode: FTP_OP.ResetSessions, session: 0 })
        // _resetSessionsTimeout / Nak: the download still completes
        armTimer(() => done({ bytes: assemble(), resetSessions: 'timeout' }))
      }
      const on = m => {
        if (m.name !== 'FILE_TRANSFER_PROTOCOL' || m.sysid !== 1 || m.compid !== compId) return
        const r = QgcPx4Client._ftpParse(m.data.payload)
        const expected = this.ftpSeq
        trace.push(`< ${opName(r.opcode)}(${opName(r.reqOpcode)}) seq ${r.seq} off ${r.offset} size ${r.size}${r.opcode === FTP_OP.Nak ? ' ' + FTP_ERR_NAME[r.data[0]] : ''}`)
        if (trace.length > 400) trace.splice(200, trace.length - 300) // keep the start and the end
        if (state === 'open') {
          if (r.reqOpcode !== FTP_OP.OpenFileRO || r.seq !== expected) return
          clearTimeout(timer)
          if (r.opcode === FTP_OP.Nak) { done({ error: `Download failed: ${FTP_ERR_NAME[r.data[0]] ?? r.data[0]}` }); return }
          if (r.size !== 4) { done({ error: `Download failed: OpenFileRO ack size ${r.size}` }); return }
          session = r.session
          fileSize = r.data.readUInt32LE(0)
          expectedOffset = 0
          burst(true)
        } else if (state === 'burst') {
          if (r.reqOpcode !== FTP_OP.BurstReadFile || r.session !== session) return
          clearTimeout(timer)
          if (r.opcode === FTP_OP.Ack) {
            if (r.seq < expected) return
            if (r.offset !== expectedOffset) {
              if (r.offset > expectedOffset) missing.push({ offset: expectedOffset, count: r.offset - expectedOffset })
              else { armTimer(() => burst(false)); return }
            }
            chunks.set(r.offset, Buffer.from(r.data))
            expectedOffset = r.offset + r.size
            if (r.burstComplete) { this.ftpSeq = r.seq; burst(true) } else { this.ftpSeq = (r.seq + 1) & 0xffff; armTimer(() => { if (++retry > FTP_MAX_RETRY) done({ error: 'Download failed (burst timeout)' }); else burst(false) }) }
          } else if (r.opcode === FTP_OP.Nak) {
            if (r.data[0] === FTP_ERR.EOF) {
              if (r.seq !== expected) { this.ftpSeq = r.seq; burst(true) } else fill(true)
            } else done({ error: `Download failed: ${FTP_ERR_NAME[r.data[0]] ?? r.data[0]}` })
          }
        } else if (state === 'fill') {
          if (r.reqOpcode !== FTP_OP.ReadFile || r.seq !== expected) return
          clearTimeout(timer)
          if (r.opcode === FTP_OP.Ack) {
            if (r.offset !== expectedOffset) { done({ error: 'Download failed: ReadFile offset' }); return }
            chunks.set(r.offset, Buffer.from(r.data))
            const m0 = missing[0]
            m0.offset += r.size; m0.count -= r.size
            if (m0.count === 0) missing.shift()
            fill(true)
          } else done({ error: `Download failed: ${FTP_ERR_NAME[r.data[0]] ?? r.data[0]}` })
        } else if (state === 'reset') {
          if (r.reqOpcode !== FTP_OP.ResetSessions || r.seq !== expected) return
          clearTimeout(timer)
          done({ bytes: assemble(), resetSessions: r.opcode === FTP_OP.Ack ? 'ack' : `nak ${FTP_ERR_NAME[r.data[0]]}` })
        }
      }
      this.gcs.listeners.add(on)
      openBegin()
    })
  }

  // --- ParameterManager -----------------------------------------------------------------------

  /**
   * ParameterManager::refreshAllParameters + _handleParamValue + _initialRequestTimeout (5 s,
   * PARAM_REQUEST_LIST resent up to _maxInitialRequestListRetry 4) + _waitingParamTimeout (3 s
   * after the last value: missing indices re-requested by PARAM_REQUEST_READ(index) in batches of
   * 10, each index at most _maxInitialLoadRetrySingleParam 5 times). Then the missing-parameter
   * check against the names QGC's PX4 pages read (lib/qgc-px4-params.mjs).
   */
  async _stateRequestParameters () {
    const waiting = new Map() // index -> tries
    const failed = []
    let count = -1
    let lastRx = 0
    let requestListTries = 0
    const t0 = performance.now()
    const onValue = m => {
      if (m.name !== 'PARAM_VALUE' || !this._fromVehicle(m)) return
      const d = m.data
      if (d.paramId === '_HASH_CHECK') return
      if (count < 0) { count = d.paramCount; for (let i = 0; i < count; i++) waiting.set(i, 0) }
      this.params.set(d.paramId, { value: this._paramValue(d.paramValue, d.paramType), type: d.paramType, index: d.paramIndex })
      waiting.delete(d.paramIndex)
      lastRx = performance.now()
    }
    this.gcs.listeners.add(onValue)
    const requestList = () => {
      requestListTries++
      const m = new common.ParamRequestList()
      m.targetSystem = 1
      m.targetComponent = MAV_COMP_ID_ALL // refreshAllParameters(MAV_COMP_ID_ALL)
      this.gcs.send(m)
    }
    try {
      requestList()
      // _initialRequestTimeout
      for (;;) {
        const start = performance.now()
        while (count < 0 && performance.now() - start < 5000) await sleep(20)
        if (count >= 0) break
        if (requestListTries > 4) return { failure: 'no PARAM_VALUE after PARAM_REQUEST_LIST', count, requestListTries }
        requestList()
      }
      // _waitingParamTimeout loop
      while (waiting.size > 0) {
        while (performance.now() - lastRx < 3000 && waiting.size > 0) await sleep(20)
        if (waiting.size === 0) break
        const batch = [...waiting.keys()].slice(0, 10)
        for (const i of batch) {
          const tries = waiting.get(i) + 1
          if (tries > 5) { waiting.delete(i); failed.push(i); continue }
          waiting.set(i, tries)
          const r = new common.ParamRequestRead()
          r.targetSystem = 1; r.targetComponent = MAV_COMP_ID_AUTOPILOT1; r.paramId = ''; r.paramIndex = i
          this.gcs.send(r)
        }
        lastRx = performance.now()
      }
    } finally {
      this.gcs.listeners.delete(onValue)
    }
    this.paramCount = count
    const values = new Map([...this.params].map(([k, v]) => [k, v.value]))
    const missing = missingParameters(values)
    if (missing.length) {
      this.showAppMessage('Parameters are missing from firmware. You may be running a version of firmware which is not fully supported or your firmware has a bug in it. Missing params: ' +
        missing.map(m => `1:${m.name}`).join(', '))
    }
    return { count, received: this.params.size, failedIndices: failed, requestListTries, ms: performance.now() - t0, missing }
  }

  /**
   * ParameterManager::_handleParamValue: with MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE (what
   * PX4 announces), an integer parameter's four bytes are the integer itself, not a float's value
   * (mavlink_param_union_t read by param_type); otherwise the float is cast.
   */
  _paramValue (floatValue, type) {
    if (type === MAV_PARAM_TYPE.REAL32) return floatValue
    if ((this.capabilityBits & CAP.PARAM_ENCODE_BYTEWISE) === 0n) return Math.trunc(floatValue)
    const b = Buffer.alloc(4)
    b.writeFloatLE(floatValue, 0)
    switch (type) {
      case 1: return b.readUInt8(0)
      case 2: return b.readInt8(0)
      case 3: return b.readUInt16LE(0)
      case 4: return b.readInt16LE(0)
      case 5: return b.readUInt32LE(0)
      default: return b.readInt32LE(0)
    }
  }

  paramValue (name) { return this.params.get(name)?.value }
  paramExists (name) { return this.params.has(name) }

  // --- Setup view ---------------------------------------------------------------------------

  /**
   * AutoPilotPlugin::_recalcSetupComplete over the PX4 components' setupComplete():
   * AirframeComponent (SYS_AUTOSTART != 0), SensorsComponent (CAL_GYRO0_ID, CAL_ACC0_ID != 0;
   * CAL_MAG0_ID != 0 unless SYS_HAS_MAG exists and is 0), PX4RadioComponent (COM_RC_IN_MODE == 1,
   * or RC_MAP_ROLL/PITCH/YAW/THROTTLE all != 0), FlightModesComponent (COM_RC_IN_MODE == 1, or
   * RC_MAP_MODE_SW != 0, or RC_MAP_FLTMODE != 0). A missing parameter reads as a missing Fact:
   * reported, and the page cannot be complete. Also PX4AutoPilotPlugin::prerequisiteSetup.
   */
  setupStatus () {
    const v = n => this.paramValue(n)
    const has = n => this.paramExists(n)
    const nonZero = n => has(n) && v(n) !== 0
    const airframe = nonZero('SYS_AUTOSTART')
    const magEnabled = has('SYS_HAS_MAG') ? v('SYS_HAS_MAG') !== 0 : true
    const sensors = nonZero('CAL_GYRO0_ID') && nonZero('CAL_ACC0_ID') && (!magEnabled || nonZero('CAL_MAG0_ID'))
    const noRc = has('COM_RC_IN_MODE') && v('COM_RC_IN_MODE') === 1
    const radio = has('COM_RC_IN_MODE') && (noRc || ['RC_MAP_ROLL', 'RC_MAP_PITCH', 'RC_MAP_YAW', 'RC_MAP_THROTTLE'].every(nonZero))
    const flightModes = has('COM_RC_IN_MODE') && (noRc || nonZero('RC_MAP_MODE_SW') || nonZero('RC_MAP_FLTMODE'))
    // PX4AutoPilotPlugin::prerequisiteSetup: Sensors, Power, Safety, Tuning (and Radio with RC) need Airframe.
    const blockedByAirframe = airframe ? [] : ['Sensors', 'Power', 'Safety', 'Tuning', ...(noRc ? [] : ['Radio'])]
    return { airframe, sensors, radio, flightModes, blockedByAirframe, values: Object.fromEntries(['SYS_AUTOSTART', 'CAL_GYRO0_ID', 'CAL_ACC0_ID', 'CAL_MAG0_ID', 'SYS_HAS_MAG', 'COM_RC_IN_MODE'].map(n => [n, v(n)])) }
  }

  // --- Plan view ------------------------------------------------------------------------------

  /** GeoFenceManager::supported: MISSION_FENCE capability and maxProtoVersion >= 200. */
  geoFenceSupported () { return (this.capabilityBits & CAP.MISSION_FENCE) !== 0n && this.maxProtoVersion >= 200 }
  /** RallyPointManager::supported: MISSION_RALLY capability and maxProtoVersion >= 200. */
  rallyPointsSupported () { return (this.capabilityBits & CAP.MISSION_RALLY) !== 0n && this.maxProtoVersion >= 200 }

  /** InitialConnectStateMachine::_stateRequestMission/GeoFence/RallyPoints → PlanManager::loadFromVehicle. */
  async _stateRequestPlan (type, supported) {
    if (!supported) return { skipped: 'not supported' }
    try {
      const r = await planDownload(this.gcs, type, { timeoutMs: 10_000 })
      return { count: r.count, items: r.items }
    } catch (e) {
      return { error: e.message }
    }
  }

  /**
   * PlanManager::writeMissionItems → MISSION_COUNT, MISSION_ITEM_INT per MISSION_REQUEST(_INT),
   * MISSION_ACK (PlanManager.h: 1500 ms ack timeout, 5 retries; the whole transfer is bounded
   * here instead). For PX4 the mission has no home item (PX4FirmwarePlugin::sendHomePositionToVehicle).
   */
  async uploadPlan (type, items) {
    const r = await planUpload(this.gcs, type, items, { timeoutMs: 15_000 })
    return { ...r, resultName: MISSION_RESULT_NAME[r.result] }
  }

  downloadPlan (type) { return planDownload(this.gcs, type, { timeoutMs: 10_000 }) }

  // --- Fly view -------------------------------------------------------------------------------

  /** Vehicle::setFlightMode: SET_MODE (11) for PX4 (MAV_CMD_DO_SET_MODE_is_supported() is false). */
  sendSetMode (name) {
    const m = modeByName[name]
    if (!m) throw new Error(`unknown flight mode ${name}`)
    const msg = new common.SetMode()
    msg.targetSystem = 1
    // base_mode: the vehicle's own, without the custom-mode flag, then PX4FirmwarePlugin::setFlightMode's flag
    msg.baseMode = ((this.baseMode & ~MAV_MODE_FLAG_DECODE_POSITION_CUSTOM_MODE) | MAV_MODE_FLAG_CUSTOM_MODE_ENABLED) & 0xff
    msg.customMode = m.mode
    // PX4 (and Hoverla) answer SET_MODE with a COMMAND_ACK for DO_SET_MODE: counted as one sent
    // for the bookkeeping, as Gcs.setMode does.
    this.gcs.sentCommands.set(MAV_CMD.DO_SET_MODE, (this.gcs.sentCommands.get(MAV_CMD.DO_SET_MODE) || 0) + 1)
    this.gcs.send(msg)
  }

  /**
   * FirmwarePlugin::_setFlightModeAndValidate: true at once if already in the mode; else up to 3
   * times SET_MODE and 13 × 100 ms watching the heartbeat's mode name. Resolves { ok, tries, ms }.
   */
  async setFlightModeAndValidate (name) {
    const t0 = performance.now()
    if (this.flightMode === name) return { ok: true, tries: 0, ms: 0 }
    for (let tries = 1; tries <= 3; tries++) {
      this.sendSetMode(name)
      for (let i = 0; i < 13; i++) {
        if (this.flightMode === name) return { ok: true, tries, ms: performance.now() - t0 }
        await sleep(100)
      }
    }
    return { ok: this.flightMode === name, tries: 3, ms: performance.now() - t0, seen: this.flightMode }
  }

  /** Fly view mode menu: FlightModeMenu sets Vehicle::flightMode = name (Vehicle::setFlightMode, no validation). */
  async modeMenu (name, watchMs = 1300) {
    const since = performance.now()
    this.sendSetMode(name)
    while (performance.now() - since < watchMs) {
      if (this.flightMode === name) return { switched: true, texts: this.textsSince(since) }
      await sleep(50)
    }
    return { switched: false, seen: this.flightMode, texts: this.textsSince(since) }
  }

  textsSince (t) { return this.statusTexts.filter(s => s.t >= t).map(s => s.text) }

  /**
   * FirmwarePlugin::_armVehicleAndValidate: one arm command (setArmed(true, false)), then 15 × 100
   * ms watching the heartbeat's armed flag.
   */
  async armVehicleAndValidate () {
    if (this.armed) return { ok: true }
    const ackP = this.sendMavCommand(MAV_CMD.COMPONENT_ARM_DISARM, [1], { showError: false })
    for (let i = 0; i < 15; i++) {
      if (this.armed) return { ok: true, ack: await ackP }
      await sleep(100)
    }
    return { ok: this.armed, ack: await ackP }
  }

  /** Vehicle::setArmed / setArmedShowError (Fly view Arm, Disarm): COMPONENT_ARM_DISARM p1 = 1/0. */
  setArmed (armed) { return this.sendMavCommand(MAV_CMD.COMPONENT_ARM_DISARM, [armed ? 1 : 0]) }
  /** Vehicle::forceArm: param2 2989. */
  forceArm () { return this.sendMavCommand(MAV_CMD.COMPONENT_ARM_DISARM, [1, 2989]) }
  /** Vehicle::emergencyStop: disarm with param2 21196. */
  emergencyStop () { return this.sendMavCommand(MAV_CMD.COMPONENT_ARM_DISARM, [0, 21196]) }

  /** Waits (bounded) for the heartbeat-derived state QGC shows. */
  async waitState (pred, timeoutMs, what) {
    const deadline = performance.now() + timeoutMs
    while (performance.now() < deadline) {
      if (pred(this)) return true
      await sleep(20)
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (mode ${this.flightMode}, armed ${this.armed}, rel alt ${this.position?.altRel?.toFixed(2)})`)
  }

  /**
   * PX4FirmwarePlugin::guidedModeTakeoff: NAV_TAKEOFF [-1, 0, 0, NaN, NaN, NaN, AMSL] with
   * AMSL = requested relative altitude + current AMSL, sent disarmed (QGC 2019, 8b1dd37f, raised
   * the request to MIS_TAKEOFF_ALT; 00d5b5e0 sends it as asked, the Fly view's slider being
   * floored at FirmwarePlugin::minimumTakeoffAltitudeMeters); then _mavCommandResult: on
   * ACCEPTED and not armed, one setArmedShowError(true) (not retried).
   */
  async guidedModeTakeoff (altRel) {
    if (!this.position) { this.showAppMessage('Unable to takeoff, vehicle position not known.'); return { error: 'position unknown' } }
    const target = altRel + this.position.altAmsl
    const takeoff = await this.sendMavCommand(MAV_CMD.NAV_TAKEOFF, [-1, 0, 0, NaN, NaN, NaN, target])
    let arm = null
    if (takeoff.result === MAV_RESULT.ACCEPTED && !this.armed) arm = await this.setArmed(true)
    return { takeoff, arm, targetAmsl: target }
  }

  /** PX4FirmwarePlugin::guidedModeLand → _setFlightModeAndValidate(Land). */
  guidedModeLand () { return this.setFlightModeAndValidate('Land') }
  /** PX4FirmwarePlugin::guidedModeRTL → _setFlightModeAndValidate(Return). */
  guidedModeRTL () { return this.setFlightModeAndValidate('Return') }

  /** PX4FirmwarePlugin::pauseVehicle: DO_REPOSITION [-1, CHANGE_MODE, 0, NaN×4] (COMMAND_LONG). */
  pauseVehicle () { return this.sendMavCommand(MAV_CMD.DO_REPOSITION, [-1, MAV_DO_REPOSITION_FLAGS_CHANGE_MODE, 0, NaN, NaN, NaN, NaN]) }

  /**
   * PX4FirmwarePlugin::guidedModeGotoLocation: DO_REPOSITION as COMMAND_INT frame GLOBAL when
   * the COMMAND_INT capability is set, else COMMAND_LONG; altitude = the vehicle's current AMSL.
   */
  guidedModeGotoLocation (latDeg, lonDeg) {
    const p = [-1, MAV_DO_REPOSITION_FLAGS_CHANGE_MODE, 0, NaN, latDeg, lonDeg, this.position.altAmsl]
    if (this.capabilityBits & CAP.COMMAND_INT) return this.sendMavCommand(MAV_CMD.DO_REPOSITION, p, { int: true, frame: MAV_FRAME_GLOBAL })
    return this.sendMavCommand(MAV_CMD.DO_REPOSITION, p)
  }

  /**
   * PX4FirmwarePlugin::guidedModeChangeAltitude(altitudeChange, pauseVehicle): needs a valid
   * home; new AMSL = home AMSL + current relative + change. With pauseVehicle, first
   * DO_REPOSITION all NaN (_pauseVehicleThenChangeAltResultHandler), then on ACCEPTED the
   * altitude DO_REPOSITION (_changeAltAfterPause); otherwise "Unable to pause vehicle.".
   */
  async guidedModeChangeAltitude (change, pauseVehicle = true) {
    if (!this.home) { this.showAppMessage('Unable to change altitude, home position unknown.'); return { error: 'home unknown' } }
    const newAmsl = this.home.altAmsl + this.position.altRel + change
    let pause = null
    if (pauseVehicle) {
      pause = await this.sendMavCommand(MAV_CMD.DO_REPOSITION, [-1, MAV_DO_REPOSITION_FLAGS_CHANGE_MODE, 0, NaN, NaN, NaN, NaN], { showError: false })
      if (pause.result !== MAV_RESULT.ACCEPTED) { this.showAppMessage('Unable to pause vehicle.'); return { pause, targetAmsl: newAmsl } }
    }
    const change_ = await this.sendMavCommand(MAV_CMD.DO_REPOSITION, [-1, MAV_DO_REPOSITION_FLAGS_CHANGE_MODE, 0, NaN, NaN, NaN, newAmsl])
    return { pause, change: change_, targetAmsl: newAmsl }
  }

  /** PX4FirmwarePlugin::guidedModeChangeGroundSpeedMetersSecond: DO_CHANGE_SPEED [1, speed, -1, 0, NaN×3]. */
  guidedModeChangeGroundSpeed (speed) { return this.sendMavCommand(MAV_CMD.DO_CHANGE_SPEED, [1, speed, -1, 0, NaN, NaN, NaN]) }

  /**
   * PX4FirmwarePlugin::guidedModeChangeHeading: DO_REPOSITION [-1, CHANGE_MODE, 0, yaw rad, NaN×3]
   * with yaw = azimuth from the vehicle to the clicked coordinate (multirotor: ChangeHeadingCapability).
   */
  guidedModeChangeHeading (latDeg, lonDeg) {
    const yaw = azimuthRad(this.position.lat / 1e7, this.position.lon / 1e7, latDeg, lonDeg)
    return this.sendMavCommand(MAV_CMD.DO_REPOSITION, [-1, MAV_DO_REPOSITION_FLAGS_CHANGE_MODE, 0, yaw, NaN, NaN, NaN]).then(r => ({ ...r, yawRad: yaw }))
  }

  /**
   * Vehicle::guidedModeOrbit: DO_ORBIT [radius, NaN velocity, ORBIT_YAW_BEHAVIOUR_UNCHANGED, NaN,
   * lat, lon, AMSL] as COMMAND_INT frame GLOBAL (COMMAND_INT capability) or COMMAND_LONG.
   */
  guidedModeOrbit (latDeg, lonDeg, radius, amsl) {
    const p = [radius, NaN, ORBIT_YAW_BEHAVIOUR_UNCHANGED, NaN, latDeg, lonDeg, amsl]
    if (this.capabilityBits & CAP.COMMAND_INT) return this.sendMavCommand(MAV_CMD.DO_ORBIT, p, { int: true, frame: MAV_FRAME_GLOBAL })
    return this.sendMavCommand(MAV_CMD.DO_ORBIT, p)
  }

  /**
   * Vehicle::guidedModeROI for PX4 → TerrainQueryCoordinator::roiWithTerrain: terrain height at
   * the point (from the internet; this client has none, so _roiTerrainReceived's fallback: home
   * altitude) → sendROICommand: DO_SET_ROI_LOCATION [NaN×4, lat, lon, AMSL] frame GLOBAL as
   * COMMAND_INT (capability) or COMMAND_LONG. ACCEPTED sets Vehicle::isROIEnabled (_handleCommandAck).
   */
  guidedModeROI (latDeg, lonDeg) {
    const alt = this.home ? this.home.altAmsl : 0
    const p = [NaN, NaN, NaN, NaN, latDeg, lonDeg, alt]
    if (this.capabilityBits & CAP.COMMAND_INT) return this.sendMavCommand(MAV_CMD.DO_SET_ROI_LOCATION, p, { int: true, frame: MAV_FRAME_GLOBAL })
    return this.sendMavCommand(MAV_CMD.DO_SET_ROI_LOCATION, p)
  }

  /** Vehicle::stopGuidedModeROI: DO_SET_ROI_NONE, every parameter NaN, COMMAND_INT frame GLOBAL or COMMAND_LONG. */
  stopGuidedModeROI () {
    const p = [NaN, NaN, NaN, NaN, NaN, NaN, NaN]
    if (this.capabilityBits & CAP.COMMAND_INT) return this.sendMavCommand(MAV_CMD.DO_SET_ROI_NONE, p, { int: true, frame: MAV_FRAME_GLOBAL })
    return this.sendMavCommand(MAV_CMD.DO_SET_ROI_NONE, p)
  }

  /**
   * PX4FirmwarePlugin::startMission: _setFlightModeAndValidate(Mission), then
   * _armVehicleAndValidate; the popups "Unable to start mission: Vehicle not changing to Mission
   * flight mode." / "… Vehicle rejected arming.".
   */
  async startMission () {
    const mode = await this.setFlightModeAndValidate('Mission')
    if (!mode.ok) { this.showAppMessage('Unable to start mission: Vehicle not changing to Mission flight mode.'); return { mode } }
    const arm = await this.armVehicleAndValidate()
    if (!arm.ok) this.showAppMessage('Unable to start mission: Vehicle rejected arming.')
    return { mode, arm }
  }

  // --- Tuning page ----------------------------------------------------------------------------

  /**
   * Vehicle::setPIDTuningTelemetryMode → MAVLinkStreamConfig: restore every changed id to its
   * default (SET_MESSAGE_INTERVAL interval 0, last changed first), then the new ids at 100 Hz
   * (interval 10000 µs, the list popped from its end), each sent after the previous one's ACK
   * (gotSetMessageIntervalAck) by Vehicle::_setMessageInterval (sendMavCommand, showError).
   * mode: 'RateAndAttitude' | 'VelocityAndPosition' | 'AltitudeAndAirspeed' | 'Disabled'.
   */
  async setPIDTuningTelemetryMode (mode) {
    this._changedIds ??= []
    const desired = {
      RateAndAttitude: [MSG_ID.ATTITUDE_QUATERNION, MSG_ID.ATTITUDE_TARGET],
      VelocityAndPosition: [MSG_ID.LOCAL_POSITION_NED, MSG_ID.POSITION_TARGET_LOCAL_NED],
      AltitudeAndAirspeed: [MSG_ID.NAV_CONTROLLER_OUTPUT, MSG_ID.VFR_HUD],
      Disabled: []
    }[mode]
    const sent = []
    while (this._changedIds.length) {
      const id = this._changedIds.pop()
      const r = await this.sendMavCommand(MAV_CMD.SET_MESSAGE_INTERVAL, [id, 0])
      sent.push({ id, interval: 0, result: r.result, failure: r.failure })
      if (r.failure) return { sent, stalled: true } // no ACK: MAVLinkStreamConfig waits forever
    }
    const list = [...desired]
    while (list.length) {
      const id = list.pop()
      this._changedIds.push(id)
      const r = await this.sendMavCommand(MAV_CMD.SET_MESSAGE_INTERVAL, [id, 10000])
      sent.push({ id, interval: 10000, result: r.result, failure: r.failure })
      if (r.failure) return { sent, stalled: true }
    }
    return { sent, stalled: false }
  }

  // --- MAVLink Inspector (Analyze → MAVLink Inspector) ----------------------------------------

  /**
   * MessageIntervalManager::handleMessageInterval: every MESSAGE_INTERVAL from the vehicle, asked
   * for or not, becomes a rate in Hz: 1e6 / interval_us truncated to int32 when interval_us > 0,
   * else interval_us itself (-1 disabled, 0 not available); a change emits
   * mavlinkMsgIntervalsChanged, which MAVLinkInspectorController::_vehicleAdded forwards to the
   * message's QGCMAVLinkMessage::setTargetRateHz.
   */
  _handleMessageInterval (m) {
    const { messageId, intervalUs } = m.data
    const rate = intervalUs > 0 ? Math.trunc(1e6 / intervalUs) : intervalUs
    this.mavlinkMsgIntervals.set(`${m.compid}:${messageId}`, rate)
  }

  /** QGCMAVLinkMessage::targetRateHz as the Inspector holds it (undefined until a MESSAGE_INTERVAL came). */
  inspectorTargetRateHz (msgId, compId = MAV_COMP_ID_AUTOPILOT1) { return this.mavlinkMsgIntervals.get(`${compId}:${msgId}`) }

  /**
   * Opening Analyze → MAVLink Inspector: MAVLinkInspectorController sends nothing; it lists every
   * (system, component, message id) it receives from then on (_receiveMessage →
   * QGCMAVLinkSystem::append; a message never received is never listed, so its rate cannot be
   * set), and shows its actual rate (updateFreq, once a second). The returned handle keeps each
   * message's arrivals with the vehicle's own timestamp, so a rate can be compared in vehicle time.
   */
  openInspector () {
    const messages = new Map() // 'sysid:compid:msgid' -> { name, arrivals: [{ t, stampS }] }
    const stampS = m => {
      const d = m.data
      if (!d) return null
      if (d.timeBootMs !== undefined) return Number(d.timeBootMs) / 1e3
      if (d.timeUsec !== undefined) return Number(d.timeUsec) / 1e6
      return null
    }
    const l = m => {
      const k = `${m.sysid}:${m.compid}:${m.msgid}`
      let e = messages.get(k)
      if (!e) { e = { name: m.name, arrivals: [] }; messages.set(k, e) }
      e.arrivals.push({ t: m.t, stampS: stampS(m) })
      if (e.arrivals.length > 2000) e.arrivals.splice(0, 1000)
    }
    this.gcs.listeners.add(l)
    return {
      listed: (msgId, compId = MAV_COMP_ID_AUTOPILOT1) => messages.has(`1:${compId}:${msgId}`),
      arrivalsSince: (msgId, since, compId = MAV_COMP_ID_AUTOPILOT1) => (messages.get(`1:${compId}:${msgId}`)?.arrivals ?? []).filter(a => a.t >= since),
      close: () => this.gcs.listeners.delete(l)
    }
  }

  /**
   * The Inspector's "Set Rate" combo (MAVLinkInspectorPage.qml msgRateCombo.onActivated →
   * MAVLinkInspectorController::setMessageInterval → Vehicle::setMessageRate →
   * MessageIntervalManager::setMessageRate): SET_MESSAGE_INTERVAL [msg id, interval] with interval
   * = 1e6 / rate for a rate > 0, else the rate itself (-1 Disabled, 0 Default), through
   * sendCommandWithHandler (showError false: no popup whatever the answer; not retried,
   * MavCommandQueue::_shouldRetry). Only on ACCEPTED does _setMessageRateCommandResultHandler
   * call _requestMessageInterval → RequestMessageCoordinator::requestMessage: REQUEST_MESSAGE
   * [244, msg id] (retried), then up to 1 s for a MESSAGE_INTERVAL from that component (any
   * message_id: the coordinator matches on the message id 244 only). A failure there puts the id
   * in _unsupportedMessageIds. The combo then moves to the entry equal to targetRateHz, if one is.
   * Resolves { interval, set, request, targetRateHz, comboShows }.
   */
  async inspectorSetMessageRate (msgId, rateHz, compId = MAV_COMP_ID_AUTOPILOT1) {
    const interval = rateHz > 0 ? Math.fround(1e6 / rateHz) : rateHz
    const set = await this.sendMavCommand(MAV_CMD.SET_MESSAGE_INTERVAL, [msgId, interval], { showError: false, targetComponent: compId })
    let request = null
    if (set.result === MAV_RESULT.ACCEPTED) {
      request = await this.requestMessage(MSG_ID.MESSAGE_INTERVAL, { param2: msgId, messageTimeoutMs: MESSAGE_WAIT_MS })
      if (request.failure) {
        this._unsupportedMessageIds ??= new Set()
        this._unsupportedMessageIds.add(`${compId}:${msgId}`)
      }
    }
    const targetRateHz = this.inspectorTargetRateHz(msgId, compId)
    const comboShows = INSPECTOR_RATE_CHOICES.includes(targetRateHz) ? targetRateHz : rateHz
    return { interval, set, request, targetRateHz, comboShows }
  }

  // --- Parameters editor ----------------------------------------------------------------------

  /**
   * Editing a value in the Parameters editor (Fact::setRawValue → ParameterManager::_factRawValueUpdated
   * → _sendParamSetToVehicle): PARAM_SET to the parameter's component with the value in
   * mavlink_param_union_t (an integer's own bytes, a float as is) and the parameter's type; then
   * PARAM_VALUE of that name is awaited kWaitForParamValueAckMs (1 s), the PARAM_SET resent up to
   * kParamSetRetryCount (2) times. Resolves { ok, tries, value } (value as decoded from the echo).
   */
  async paramSet (name, value) {
    const type = this.params.get(name)?.type ?? MAV_PARAM_TYPE.REAL32
    const b = Buffer.alloc(4)
    switch (type) {
      case MAV_PARAM_TYPE.REAL32: b.writeFloatLE(value, 0); break
      case MAV_PARAM_TYPE.UINT8: b.writeUInt8(value, 0); break
      case MAV_PARAM_TYPE.INT8: b.writeInt8(value, 0); break
      case MAV_PARAM_TYPE.UINT16: b.writeUInt16LE(value, 0); break
      case MAV_PARAM_TYPE.INT16: b.writeInt16LE(value, 0); break
      case MAV_PARAM_TYPE.UINT32: b.writeUInt32LE(value, 0); break
      default: b.writeInt32LE(value, 0)
    }
    const send = () => {
      const m = new common.ParamSet()
      m.targetSystem = 1; m.targetComponent = MAV_COMP_ID_AUTOPILOT1; m.paramId = name; m.paramType = type
      m.paramValue = b.readFloatLE(0)
      this.gcs.send(m)
    }
    return this._paramRoundTrip(name, send)
  }

  async _paramRoundTrip (name, send) {
    for (let tries = 1; tries <= 1 + PARAM_SET_RETRIES; tries++) {
      const p = this.gcs.waitMsg('PARAM_VALUE', d => d.paramId === name, PARAM_ACK_MS, `PARAM_VALUE ${name}`).catch(() => null)
      send()
      const m = await p
      if (m) {
        const value = this._paramValue(m.data.paramValue, m.data.paramType)
        this.params.set(name, { value, type: m.data.paramType, index: m.data.paramIndex })
        return { ok: true, tries, value }
      }
    }
    this.showAppMessage(`Parameter write failed: ${name}`)
    return { ok: false, tries: 1 + PARAM_SET_RETRIES }
  }

  /**
   * Parameters → Tools → "Reset all to firmware's defaults", then Reset in QGC's confirmation
   * ("Reset All": "Select Reset to reset all parameters to their defaults. Note that this will
   * also completely reset everything, including UAVCAN nodes, all vehicle settings, setup and
   * calibrations.", ParameterEditor.qml) → ParameterEditorController::resetAllToDefaults:
   * ParameterManager::resetAllParametersToDefaults (PREFLIGHT_STORAGE [2, -1] to the autopilot,
   * showError, retried by _shouldRetry) and, at once, without waiting for its ACK, refresh() →
   * refreshAllParameters (PARAM_REQUEST_LIST to MAV_COMP_ID_ALL, the download of
   * _stateRequestParameters). Vehicle::_handleCommandAck turns the ACK into
   * sensorsParametersResetAck, which only the Sensors page's controller shows ("Reset
   * successful"/"Reset failed"); QGC shows no reboot prompt. Resolves { storage, refresh }.
   */
  async resetAllParametersToDefaults () {
    const storageP = this.sendMavCommand(MAV_CMD.PREFLIGHT_STORAGE, [2, -1])
    const refresh = await this._stateRequestParameters()
    return { storage: await storageP, refresh }
  }

  // --- Sensors calibration --------------------------------------------------------------------

  /**
   * Vehicle::startCalibration (SensorsComponentController's Gyro/Accel/Mag/Level buttons): a raw
   * COMMAND_LONG MAV_CMD_PREFLIGHT_CALIBRATION, confirmation 0, not through MavCommandQueue ("we
   * have no idea how long it will be before the command returns a result"); QGC then follows the
   * calibration through the vehicle's STATUSTEXTs. type: gyro p1=1, mag p2=1, accel p5=1, level p5=2.
   */
  startCalibration (type) {
    const p = [0, 0, 0, 0, 0, 0, 0]
    if (type === 'gyro') p[0] = 1
    else if (type === 'mag') p[1] = 1
    else if (type === 'accel') p[4] = 1
    else if (type === 'level') p[4] = 2
    else throw new Error(`unknown calibration ${type}`)
    const msg = new common.CommandLong()
    msg.targetSystem = 1; msg.targetComponent = MAV_COMP_ID_AUTOPILOT1; msg.command = MAV_CMD.PREFLIGHT_CALIBRATION; msg.confirmation = 0
    for (let i = 0; i < 7; i++) msg[`_param${i + 1}`] = p[i]
    this.gcs.sentCommands.set(MAV_CMD.PREFLIGHT_CALIBRATION, (this.gcs.sentCommands.get(MAV_CMD.PREFLIGHT_CALIBRATION) || 0) + 1)
    this.gcs.send(msg)
  }

  /** Vehicle::stopCalibration: sendMavCommand PREFLIGHT_CALIBRATION with every parameter 0. */
  stopCalibration () { return this.sendMavCommand(MAV_CMD.PREFLIGHT_CALIBRATION, [0, 0, 0, 0, 0, 0, 0], { showError: false }) }

  /**
   * SensorsComponentController::_refreshParams, run when a calibration ends: refreshParameter of
   * CAL_MAG0..2_ID/_ROT first, then refreshParametersPrefix "CAL_" and "SENS_" (ParameterManager:
   * one PARAM_REQUEST_READ by name, index -1, for every known parameter with the prefix). Each
   * answer updates QGC's copy; names not answered within 1 s are asked again, at most 3 times.
   * Resolves { requested, received, ms }.
   */
  async refreshCalibrationParams () {
    const fast = ['CAL_MAG0_ID', 'CAL_MAG1_ID', 'CAL_MAG2_ID', 'CAL_MAG0_ROT', 'CAL_MAG1_ROT', 'CAL_MAG2_ROT']
    const names = [...new Set([...fast, ...[...this.params.keys()].filter(n => n.startsWith('CAL_') || n.startsWith('SENS_'))])]
      .filter(n => this.params.has(n))
    const waiting = new Set(names)
    const t0 = performance.now()
    const onValue = m => {
      if (m.name !== 'PARAM_VALUE' || !this._fromVehicle(m) || !waiting.has(m.data.paramId)) return
      this.params.set(m.data.paramId, { value: this._paramValue(m.data.paramValue, m.data.paramType), type: m.data.paramType, index: m.data.paramIndex })
      waiting.delete(m.data.paramId)
    }
    this.gcs.listeners.add(onValue)
    try {
      for (let round = 0; round < 3 && waiting.size > 0; round++) {
        for (const n of waiting) {
          const r = new common.ParamRequestRead()
          r.targetSystem = 1; r.targetComponent = MAV_COMP_ID_AUTOPILOT1; r.paramId = n; r.paramIndex = -1
          this.gcs.send(r)
        }
        const until = performance.now() + PARAM_ACK_MS
        while (waiting.size > 0 && performance.now() < until) await sleep(20)
      }
    } finally {
      this.gcs.listeners.delete(onValue)
    }
    return { requested: names.length, received: names.length - waiting.size, ms: performance.now() - t0 }
  }
}

function opName (op) { return Object.keys(FTP_OP).find(k => FTP_OP[k] === op) ?? `op${op}` }

/** QGeoCoordinate::azimuthTo, in radians in [0, 2π). */
export function azimuthRad (lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180
  const dLon = (lon2 - lon1) * r
  const y = Math.sin(dLon) * Math.cos(lat2 * r)
  const x = Math.cos(lat1 * r) * Math.sin(lat2 * r) - Math.sin(lat1 * r) * Math.cos(lat2 * r) * Math.cos(dLon)
  const a = Math.atan2(y, x)
  return (a + 2 * Math.PI) % (2 * Math.PI)
}

/** ParamStore JSON type (`./hoverla params list --json`) → FactMetaData type string. */
export const PARAM_TYPE_TO_FACT = {
  UINT8: 'Uint8', INT8: 'Int8', UINT16: 'Uint16', INT16: 'Int16', UINT32: 'Uint32', INT32: 'Int32', REAL32: 'Float'
}

export { MAV_RESULT, RESULT_NAME, MISSION_TYPE, MAV_PARAM_TYPE }
