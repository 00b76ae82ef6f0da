// A small, valid ULog byte stream built from the format's documentation (docs.px4.io "ULog File
// Format"), independent of Hoverla's writer: header, flag bits, formats, info, parameters, one
// subscription and its data, and a logged string. For tests that need known log bytes.
import { Buffer } from 'node:buffer'

const MAGIC = [0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35] // "ULog" 01 12 35

function message (type, payload) {
  const h = Buffer.alloc(3)
  h.writeUInt16LE(payload.length, 0)
  h[2] = type.charCodeAt(0)
  return Buffer.concat([h, payload])
}

function keyValue (key, value) {
  const k = Buffer.from(key, 'ascii')
  return Buffer.concat([Buffer.from([k.length]), k, value])
}

/**
 * seconds of vehicle_attitude (timestamp, q[4]) at rateHz, with a seeded, slowly turning
 * quaternion; info sys_name and ver_sw; one parameter; one 'L' string. Returns a Buffer.
 */
export function buildUlog ({ seconds = 60, rateHz = 250, seed = 1, startUs = 1_000_000n } = {}) {
  const parts = []
  const header = Buffer.alloc(16)
  Buffer.from(MAGIC).copy(header, 0)
  header[7] = 1 // file version
  header.writeBigUInt64LE(startUs, 8)
  parts.push(header)
  // 'B' flag bits: no compat/incompat flags, no appended data
  parts.push(message('B', Buffer.alloc(8 + 8 + 3 * 8)))
  parts.push(message('F', Buffer.from('vehicle_attitude:uint64_t timestamp;float[4] q;', 'ascii')))
  parts.push(message('I', keyValue('char[7] sys_name', Buffer.from('Hoverla', 'ascii'))))
  parts.push(message('I', keyValue('char[5] ver_sw', Buffer.from('e2e-1', 'ascii'))))
  const p = Buffer.alloc(4)
  p.writeFloatLE(0.25, 0)
  parts.push(message('P', keyValue('float MC_ROLL_P', p)))
  const add = Buffer.alloc(3)
  add[0] = 0 // multi_id
  add.writeUInt16LE(0, 1) // msg_id
  parts.push(message('A', Buffer.concat([add, Buffer.from('vehicle_attitude', 'ascii')])))
  const n = Math.round(seconds * rateHz)
  const dtUs = BigInt(Math.round(1e6 / rateHz))
  let state = (seed * 2654435761) >>> 0
  for (let i = 0; i < n; i++) {
    state = (state * 1664525 + 1013904223) >>> 0
    const yaw = i / rateHz * 0.1 + (state / 2 ** 32 - 0.5) * 1e-3
    const d = Buffer.alloc(2 + 8 + 16)
    d.writeUInt16LE(0, 0)
    d.writeBigUInt64LE(startUs + BigInt(i) * dtUs, 2)
    d.writeFloatLE(Math.cos(yaw / 2), 10)
    d.writeFloatLE(0, 14)
    d.writeFloatLE(0, 18)
    d.writeFloatLE(Math.sin(yaw / 2), 22)
    parts.push(message('D', d))
  }
  const l = Buffer.alloc(1 + 8)
  l[0] = 0x36 // '6' = INFO
  l.writeBigUInt64LE(startUs + BigInt(n) * dtUs, 1)
  parts.push(message('L', Buffer.concat([l, Buffer.from('e2e log ends', 'ascii')])))
  return Buffer.concat(parts)
}

/** Header check as a ULog reader does it first: magic, version byte. */
export function looksLikeUlog (buf) {
  return buf.length >= 16 && MAGIC.every((b, i) => buf[i] === b)
}
