// A simulated SiK-class telemetry radio pair (3DR / RFD900 firmware, github.com/ArduPilot/SiK)
// between the vehicle's serial port and a ground station in this process.
//
//   vehicle JVM ── /dev/pts/N ══ socat ══ TCP 127.0.0.1 ── SikRadio (air link model) ── GCS callbacks
//
// One socat process makes a pseudo-terminal and bridges it to a TCP connection this module
// accepts, so node needs no native serial module. The model:
//  - air rate `airBytesPerS` each way (57600 bit/s ≈ 5760 B/s with 10 bits per byte);
//  - the air radio's buffer of bytes from the vehicle is bounded (`bufferBytes`, SiK's serial
//    rx_buf is 2 KiB on the common boards); MAVLink frames that do not fit are dropped whole
//    ('drop', SiK without RTS/CTS counts serial_rx_overflow) or the port is not read until they
//    fit ('hold', as CTS flow control would hold the autopilot's UART);
//  - once a second (while `reportStatus`) the air radio puts a RADIO_STATUS into the vehicle's
//    serial stream, as SiK's MAVLink_report() does (Firmware/radio/mavlink.c): MAVLink 1, system
//    '3' (51), component 'D' (68 = MAV_COMP_ID_TELEMETRY_RADIO), txbuf = free space of that buffer
//    in percent computed as serial_read_space() does, rssi/remrssi/noise/remnoise/rxerrors/fixed;
//    the ground radio does the same towards the ground station for its own buffer;
//  - frames leave the air whole, so a report never splits a frame.
// Counters in stats() are what the e2e test prints and asserts.
import { createServer } from 'node:net'
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { MavLinkProtocolV1, common } from 'node-mavlink'

const SIK_SYSTEM = '3'.charCodeAt(0)
const SIK_COMPONENT = 'D'.charCodeAt(0)

/** Splits a byte stream into MAVLink v1/v2 frames (bytes before a start marker are skipped). */
class Framer {
  constructor (onFrame) { this.onFrame = onFrame; this.buf = Buffer.alloc(0); this.skipped = 0 }
  push (chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    for (;;) {
      let i = 0
      while (i < this.buf.length && this.buf[i] !== 0xFD && this.buf[i] !== 0xFE) i++
      this.skipped += i
      this.buf = this.buf.subarray(i)
      if (this.buf.length < 3) return
      const v2 = this.buf[0] === 0xFD
      const size = v2 ? 12 + this.buf[1] + ((this.buf[2] & 1) ? 13 : 0) : 8 + this.buf[1]
      if (this.buf.length < size) return
      this.onFrame(Buffer.from(this.buf.subarray(0, size)))
      this.buf = this.buf.subarray(size)
    }
  }
}

/** One direction of the air link: a bounded frame queue drained at the air rate. */
class AirQueue {
  constructor (capacity) {
    this.capacity = capacity
    this.frames = []
    this.bytes = 0
    this.offered = 0        // bytes that arrived for this direction
    this.overflowBytes = 0  // bytes dropped because the buffer was full
    this.overflowFrames = 0
    this.delivered = 0
    this.maxFill = 0
  }

  free () { return this.capacity - this.bytes }
  /** SiK's serial_read_space(): free space in percent, in steps of 8 bytes. */
  freePct () { return Math.floor((100 * Math.floor(this.free() / 8)) / Math.floor(this.capacity / 8)) }

  offer (frame, mode) {
    this.offered += frame.length
    if (frame.length > this.free()) {
      if (mode === 'hold') return false
      this.overflowBytes += frame.length
      this.overflowFrames++
      return true
    }
    this.frames.push(frame)
    this.bytes += frame.length
    this.maxFill = Math.max(this.maxFill, this.bytes)
    return true
  }

  /** Whole frames that the byte budget covers; the budget carries over. */
  drain (budget, out) {
    let sent = 0
    while (this.frames.length && this.frames[0].length <= budget - sent) {
      const f = this.frames.shift()
      this.bytes -= f.length
      sent += f.length
      out(f)
    }
    this.delivered += sent
    return sent
  }
}

export class SikRadio {
  /**
   * @param {object} o
   * @param {number} o.airBytesPerS air rate each way (5760 = 57600 bit/s)
   * @param {number} o.bufferBytes the air radio's buffer of bytes from the vehicle
   * @param {'drop'|'hold'} o.onFull what a full buffer does with new frames
   * @param {boolean} o.reportStatus send RADIO_STATUS once a second (SiK MAVLINK=1); can be switched later
   */
  constructor ({ airBytesPerS = 5760, bufferBytes = 2048, onFull = 'drop', reportStatus = true, tickMs = 10,
    rssi = 180, remrssi = 172, noise = 35, remnoise = 38 } = {}) {
    this.airBytesPerS = airBytesPerS
    this.onFull = onFull
    this.reportStatus = reportStatus
    this.tickMs = tickMs
    this.link = { rssi, remrssi, noise, remnoise, rxerrors: 0, fixed: 0 }
    this.down = new AirQueue(bufferBytes)       // vehicle -> ground station
    this.up = new AirQueue(bufferBytes)         // ground station -> vehicle
    this.statusToVehicle = 0
    this.statusToGcs = 0
    this.toGcs = () => {}
    this.proto = new MavLinkProtocolV1(SIK_SYSTEM, SIK_COMPONENT)
    this.seq = { air: 0, ground: 0 }            // two radios, two sequence counters
    this.pending = []                           // vehicle frames held back ('hold')
    this.framer = new Framer(f => this.fromVehicle(f))
  }

  /** Starts the TCP listener and socat; resolves with the pseudo-terminal path for the vehicle. */
  async start () {
    this.server = createServer({ noDelay: true })
    const accepted = new Promise(resolve => this.server.once('connection', resolve))
    await new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', resolve)
    })
    const port = this.server.address().port
    this.socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', `tcp:127.0.0.1:${port},nodelay`],
      { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    this.pty = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socat named no pseudo-terminal in 10 s: ${err}`)), 10_000)
      this.socat.once('error', e => { clearTimeout(timer); reject(new Error(`socat could not start: ${e.message}`)) })
      this.socat.stderr.on('data', d => {
        err += d
        const m = /PTY is (\S+)/.exec(err)
        if (m) { clearTimeout(timer); resolve(m[1]) }
      })
    })
    this.socket = await accepted
    this.socket.setNoDelay(true)
    this.socket.on('data', d => { this.tick(); this.framer.push(d) })
    this.socket.on('error', () => {})
    this.lastTick = performance.now()
    this.downBudget = 0
    this.upBudget = 0
    this.ticker = setInterval(() => this.tick(), this.tickMs)
    this.reporter = setInterval(() => this.report(), 1000)
    return this.pty
  }

  /** Where frames for the ground station go (called with one whole frame at a time). */
  onGcs (fn) { this.toGcs = fn }

  /** A frame from the ground station, to be carried to the vehicle. */
  sendFromGcs (frame) { this.up.offer(Buffer.from(frame), 'drop') }

  fromVehicle (frame) {
    if (this.pending.length || !this.down.offer(frame, this.onFull)) {
      this.pending.push(frame)
      if (this.pending.length === 1) this.socket.pause()
    }
  }

  /**
   * Moves the air link on to now. Called by the timer and before every chunk from the vehicle:
   * the air of a real radio keeps draining while this process is stalled (a busy CI host), so
   * bytes that queued in the pseudo-terminal meanwhile meet a buffer that has drained, as they
   * would at a real radio. Idle air saves no credit beyond one frame.
   */
  tick () {
    const now = performance.now()
    const dt = Math.min(1.0, (now - this.lastTick) / 1000)
    this.lastTick = now
    this.downBudget = Math.min(280, this.downBudget) + this.airBytesPerS * dt
    this.upBudget = Math.min(280, this.upBudget) + this.airBytesPerS * dt
    this.downBudget -= this.down.drain(this.downBudget, f => this.toGcs(f))
    this.upBudget -= this.up.drain(this.upBudget, f => this.socket.write(f))
    while (this.pending.length && this.down.offer(this.pending[0], 'hold')) this.pending.shift()
    if (this.pending.length === 0 && this.socket.isPaused()) this.socket.resume()
  }

  radioStatus (which, txbuf) {
    const m = new common.RadioStatus()
    Object.assign(m, this.link, { txbuf })
    const frame = this.proto.serialize(m, this.seq[which])
    this.seq[which] = (this.seq[which] + 1) & 255
    return frame
  }

  /** Once a second: each radio tells its own side how full its buffer is. */
  report () {
    if (!this.reportStatus) return
    this.socket.write(this.radioStatus('air', this.down.freePct()))
    this.statusToVehicle++
    this.toGcs(this.radioStatus('ground', this.up.freePct()))
    this.statusToGcs++
  }

  stats () {
    return {
      offeredDown: this.down.offered,
      deliveredDown: this.down.delivered,
      overflowBytes: this.down.overflowBytes,
      overflowFrames: this.down.overflowFrames,
      fill: this.down.bytes,
      freePct: this.down.freePct(),
      maxFill: this.down.maxFill,
      offeredUp: this.up.offered,
      overflowUp: this.up.overflowBytes,
      statusToVehicle: this.statusToVehicle,
      skipped: this.framer.skipped
    }
  }

  async stop () {
    clearInterval(this.ticker)
    clearInterval(this.reporter)
    try { this.socket?.destroy() } catch {}
    if (this.socat && this.socat.exitCode === null) {
      const exited = new Promise(resolve => this.socat.once('exit', resolve))
      this.socat.kill('SIGTERM')
      await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 3000))])
    }
    await new Promise(resolve => this.server ? this.server.close(() => resolve()) : resolve())
  }
}
