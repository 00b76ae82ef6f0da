// A minimal ground station on node-mavlink: UDP socket, decoding, 5 Hz GCS heartbeat,
// bounded waits, and commands with COMMAND_ACK bookkeeping.
import { createSocket } from 'node:dgram'
import { performance } from 'node:perf_hooks'
import {
  MavLinkPacketSplitter, MavLinkPacketParser, MavLinkProtocolV2, MavLinkPacketSignature,
  minimal, common, standard, MSG_ID_MAGIC_NUMBER
} from 'node-mavlink'

// minimal + common as the brief says; AUTOPILOT_VERSION (148) lives in standard.xml in this
// mappings release, so that registry is included too.
export const REGISTRY = { ...minimal.REGISTRY, ...standard.REGISTRY, ...common.REGISTRY }

export const MAV_RESULT = { ACCEPTED: 0, TEMPORARILY_REJECTED: 1, DENIED: 2, UNSUPPORTED: 3, FAILED: 4, IN_PROGRESS: 5, CANCELLED: 6 }
export const RESULT_NAME = Object.fromEntries(Object.entries(MAV_RESULT).map(([k, v]) => [v, k]))

export class Gcs {
  /**
   * extraMessages: message classes (node-mavlink MavLinkData) this mappings release lacks, decoded
   * and CRC-checked like the others (their MSG_ID and MAGIC_NUMBER are used).
   */
  constructor ({ sysid = 255, compid = 190, targetSystem = 1, targetComponent = 1, extraMessages = [] } = {}) {
    this.sysid = sysid
    this.compid = compid
    this.targetSystem = targetSystem
    this.targetComponent = targetComponent
    this.protocol = new MavLinkProtocolV2(sysid, compid)
    this.seq = 0
    this.waiters = new Set()
    this.listeners = new Set()
    this.latest = {}          // name -> last decoded message from the vehicle
    this.counts = {}          // name -> number received
    this.sentCommands = new Map() // command id -> COMMAND_LONG/INT sent
    this.finalAcks = new Map()    // command id -> COMMAND_ACK with result != IN_PROGRESS
    this.inProgressAcks = 0
    this.ackLog = []          // { command, result, t }
    this.crcErrors = 0
    this.foreign = 0          // frames from another system/component than the target
    this.registry = { ...REGISTRY }
    const magicNumbers = { ...MSG_ID_MAGIC_NUMBER }
    for (const m of extraMessages) { this.registry[m.MSG_ID] = m; magicNumbers[m.MSG_ID] = m.MAGIC_NUMBER }
    this.splitter = new MavLinkPacketSplitter({}, { onCrcError: () => { this.crcErrors++ }, magicNumbers })
    this.parser = new MavLinkPacketParser()
    this.splitter.pipe(this.parser)
    this.parser.on('data', p => this.onPacket(p))
  }

  /** Binds 127.0.0.1:0 and sends everything to 127.0.0.1:vehiclePort. */
  open (vehiclePort) {
    this.vehiclePort = vehiclePort
    this.socket = createSocket('udp4')
    this.socket.on('message', buf => this.splitter.write(buf))
    return new Promise((resolve, reject) => {
      this.socket.once('error', reject)
      this.socket.bind(0, '127.0.0.1', () => { this.socket.off('error', reject); resolve() })
    })
  }

  /** GCS heartbeat (MAV_TYPE_GCS=6, MAV_AUTOPILOT_INVALID=8), sent now and at hz. */
  startHeartbeat (hz = 5) {
    const hb = new minimal.Heartbeat()
    hb.type = 6
    hb.autopilot = 8
    hb.baseMode = 0
    hb.customMode = 0
    hb.systemStatus = 4 // MAV_STATE_ACTIVE
    hb.mavlinkVersion = 3
    const beat = () => this.send(hb)
    beat()
    this.hbTimer = setInterval(beat, 1000 / hz)
  }

  stopHeartbeat () { clearInterval(this.hbTimer); this.hbTimer = null }

  send (msg) {
    if (this.signing) {
      this.sendRaw(this.signedBytes(msg))
      return
    }
    const buf = this.protocol.serialize(msg, this.seq)
    this.seq = (this.seq + 1) & 255
    this.sendRaw(buf)
  }

  /**
   * From now on every message is signed as the MAVLink C library and QGroundControl sign
   * (mavlink_sign_packet via MAVLinkSigning::initSigning): 32-byte key, this link id, a 48-bit
   * timestamp in 10 µs units since 2015-01-01 that increases by at least one per packet. null
   * turns signing off. Received signed frames are checked against the same key (msg.signatureOk).
   */
  useSigning (signing) {
    this.signing = signing ? { linkId: 1, ...signing } : null
    this.signedProtocol = new MavLinkProtocolV2(this.sysid, this.compid, MavLinkProtocolV2.IFLAG_SIGNED)
  }

  /** The next signing timestamp: wall time in 10 µs units since 2015-01-01, strictly increasing. */
  nextSigningTimestamp () {
    const now = signingTimestampNow()
    this.lastSigningTimestamp = Math.max(now, (this.lastSigningTimestamp ?? 0) + 1)
    return this.lastSigningTimestamp
  }

  /**
   * A signed frame of msg with node-mavlink's own signature code (MavLinkPacketSignature), with
   * this link's next sequence number; opts override the key, link id or timestamp (for the
   * refusal cases: wrong key, an old timestamp).
   */
  signedBytes (msg, { key = this.signing.key, linkId = this.signing.linkId, timestamp } = {}) {
    const unsigned = this.signedProtocol.serialize(msg, this.seq)
    this.seq = (this.seq + 1) & 255
    const buf = Buffer.concat([unsigned, Buffer.alloc(MavLinkPacketSignature.SIGNATURE_LENGTH)])
    const sig = new MavLinkPacketSignature(buf)
    sig.linkId = linkId
    sig.timestamp = timestamp ?? this.nextSigningTimestamp()
    sig.signature = sig.calculate(key)
    return buf
  }

  sendRaw (buf) {
    if (!this.socket) return
    this.socket.send(buf, this.vehiclePort, '127.0.0.1')
  }

  onPacket (packet) {
    const h = packet.header
    const clazz = this.registry[h.msgid]
    const msg = {
      msgid: h.msgid,
      name: clazz ? clazz.MSG_NAME : `#${h.msgid}`,
      sysid: h.sysid,
      compid: h.compid,
      data: clazz ? packet.protocol.data(packet.payload, clazz) : null,
      t: performance.now(),
      signed: packet.signature !== null && packet.signature !== undefined
    }
    if (msg.signed) {
      msg.signatureLinkId = packet.signature.linkId
      msg.signatureTimestamp = packet.signature.timestamp
      msg.signatureOk = this.signing ? packet.signature.matches(this.signing.key) : undefined
    }
    if (h.sysid !== this.targetSystem || h.compid !== this.targetComponent) this.foreign++
    this.counts[msg.name] = (this.counts[msg.name] || 0) + 1
    this.latest[msg.name] = msg
    if (msg.name === 'COMMAND_ACK' && h.sysid === this.targetSystem) {
      const { command, result } = msg.data
      this.ackLog.push({ command, result, t: msg.t })
      if (result === MAV_RESULT.IN_PROGRESS) this.inProgressAcks++
      else this.finalAcks.set(command, (this.finalAcks.get(command) || 0) + 1)
    }
    for (const l of this.listeners) l(msg)
    for (const w of [...this.waiters]) {
      let hit
      try { hit = w.pred(msg) } catch (e) { this.settle(w); w.reject(e); continue }
      if (hit) { this.settle(w); w.resolve(msg) }
    }
  }

  settle (w) { clearTimeout(w.timer); this.waiters.delete(w) }

  /** Resolves with the first message from now on for which pred is truthy; rejects after timeoutMs. */
  waitFor (pred, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const w = { pred, resolve, reject }
      w.timer = setTimeout(() => {
        this.waiters.delete(w)
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
      }, timeoutMs)
      this.waiters.add(w)
    })
  }

  /** Waits for a message by name from the target system/component. */
  waitMsg (name, pred, timeoutMs, what) {
    return this.waitFor(m => m.name === name && m.sysid === this.targetSystem &&
      m.compid === this.targetComponent && (!pred || pred(m.data, m)), timeoutMs, what || name)
  }

  /** Collects messages for which pred is truthy, until stop() is called. */
  collect (pred) {
    const got = []
    const l = m => { if (pred(m)) got.push(m) }
    this.listeners.add(l)
    got.stop = () => { this.listeners.delete(l); return got }
    return got
  }

  /** Resolves when no message matching pred has arrived for quietMs (bounded by timeoutMs). */
  waitSilence (pred, quietMs, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const start = performance.now()
      let last = start
      const l = m => { if (pred(m)) last = m.t }
      this.listeners.add(l)
      const iv = setInterval(() => {
        const now = performance.now()
        if (now - last >= quietMs) { done(); resolve(now - start) } else if (now - start > timeoutMs) {
          done(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${quietMs} ms without ${what}`))
        }
      }, 20)
      const done = () => { clearInterval(iv); this.listeners.delete(l) }
    })
  }

  /**
   * Sends COMMAND_LONG (or COMMAND_INT with opts.int) and resolves with the final COMMAND_ACK
   * (result other than IN_PROGRESS) for that command; ack.latencyMs is send-to-ack time.
   * params: [p1..p7]; for COMMAND_INT p5/p6 are int32 x/y, p7 is z. Missing params are 0.
   */
  async command (command, params = [], { int = false, frame = 0, timeoutMs = 5000, what } = {}) {
    const msg = int ? new common.CommandInt() : new common.CommandLong()
    msg.targetSystem = this.targetSystem
    msg.targetComponent = this.targetComponent
    msg.command = command
    if (int) { msg.frame = frame; msg.current = 0; msg.autocontinue = 0 } else msg.confirmation = 0
    for (let i = 0; i < 7; i++) msg[`_param${i + 1}`] = params[i] ?? 0
    const p = this.waitMsg('COMMAND_ACK', d => d.command === command && d.result !== MAV_RESULT.IN_PROGRESS,
      timeoutMs, what || `COMMAND_ACK for command ${command}`)
    this.sentCommands.set(command, (this.sentCommands.get(command) || 0) + 1)
    const t0 = performance.now()
    this.send(msg)
    const ack = await p
    ack.latencyMs = ack.t - t0
    ack.result = ack.data.result
    return ack
  }

  /**
   * Sends SET_MODE as QGC does for PX4 (Vehicle::setFlightMode: the last heartbeat's base_mode
   * with MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, custom_mode in PX4's encoding) and resolves with the
   * COMMAND_ACK for DO_SET_MODE (176) that PX4's commander, and Hoverla, send in answer; counted
   * as a DO_SET_MODE in the bookkeeping.
   */
  async setMode (customMode, { timeoutMs = 5000 } = {}) {
    const DO_SET_MODE = 176
    const m = new common.SetMode()
    m.targetSystem = this.targetSystem
    m.baseMode = (this.latest.HEARTBEAT?.data.baseMode ?? 0) | 1
    m.customMode = customMode
    const p = this.waitMsg('COMMAND_ACK', d => d.command === DO_SET_MODE && d.result !== MAV_RESULT.IN_PROGRESS,
      timeoutMs, `COMMAND_ACK for DO_SET_MODE after SET_MODE ${customMode}`)
    this.sentCommands.set(DO_SET_MODE, (this.sentCommands.get(DO_SET_MODE) || 0) + 1)
    this.send(m)
    const ack = await p
    ack.result = ack.data.result
    return ack
  }

  /** Commands sent vs final acks received, per command id, for the bookkeeping assertion. */
  ackBalance () {
    const ids = new Set([...this.sentCommands.keys(), ...this.finalAcks.keys()])
    return [...ids].sort((a, b) => a - b).map(c => ({
      command: c, sent: this.sentCommands.get(c) || 0, acked: this.finalAcks.get(c) || 0
    }))
  }

  paramSet (name, value, type = 9 /* REAL32 */) {
    const m = new common.ParamSet()
    m.targetSystem = this.targetSystem
    m.targetComponent = this.targetComponent
    m.paramId = name
    m.paramValue = value
    m.paramType = type
    this.send(m)
  }

  paramRequestRead (name, index = -1) {
    const m = new common.ParamRequestRead()
    m.targetSystem = this.targetSystem
    m.targetComponent = this.targetComponent
    m.paramId = name
    m.paramIndex = index
    this.send(m)
  }

  paramRequestList () {
    const m = new common.ParamRequestList()
    m.targetSystem = this.targetSystem
    m.targetComponent = this.targetComponent
    this.send(m)
  }

  close () {
    this.stopHeartbeat()
    for (const w of [...this.waiters]) { this.settle(w); w.reject(new Error('client closed')) }
    return new Promise(resolve => { if (this.socket) this.socket.close(() => resolve()); else resolve() })
  }
}

/** Now as a MAVLink signing timestamp: 10 µs units since 2015-01-01 00:00 UTC. */
export function signingTimestampNow () {
  return (Date.now() - Date.UTC(2015, 0, 1)) * 100
}

/** Horizontal distance in metres between two degE7 positions (equirectangular, 1 deg = 111,195 m). */
export function horizontalDistanceM (lat1e7, lon1e7, lat2e7, lon2e7) {
  const mPerDeg = 111195
  const dN = (lat2e7 - lat1e7) / 1e7 * mPerDeg
  const dE = (lon2e7 - lon1e7) / 1e7 * mPerDeg * Math.cos((lat1e7 / 1e7) * Math.PI / 180)
  return Math.hypot(dN, dE)
}

export function percentile (sorted, p) {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))
  return sorted[i]
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
