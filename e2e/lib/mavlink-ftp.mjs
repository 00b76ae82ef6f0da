// MAVLink FTP's payload (mavlink.io/en/services/ftp.html): the 12-byte header and up to 239 data
// bytes inside FILE_TRANSFER_PROTOCOL.payload, and the opcodes and NAK codes the tests use.
export const OP = {
  NONE: 0, TERMINATE: 1, RESET: 2, LIST: 3, OPEN_RO: 4, READ: 5, CREATE: 6, WRITE: 7, REMOVE: 8,
  OPEN_WO: 11, TRUNCATE: 12, CRC32: 14, BURST: 15, ACK: 128, NAK: 129
}
export const ERR = { INVALID_DATA_SIZE: 3, INVALID_SESSION: 4, EOF: 6, UNKNOWN_COMMAND: 7, FILE_PROTECTED: 9, FILE_NOT_FOUND: 10 }
export const MAX_DATA = 239

export function encode ({ seq, session = 0, opcode, size = 0, offset = 0, data = [] }) {
  const p = Buffer.alloc(251)
  p.writeUInt16LE(seq & 0xffff, 0)
  p[2] = session
  p[3] = opcode
  p[4] = size
  p.writeUInt32LE(offset >>> 0, 8)
  Buffer.from(data).copy(p, 12)
  return [...p]
}

export function decode (payload) {
  const p = Buffer.alloc(251)
  Buffer.from(payload).copy(p)
  return {
    seq: p.readUInt16LE(0), session: p[2], opcode: p[3], size: p[4], reqOpcode: p[5],
    burstComplete: p[6] !== 0, offset: p.readUInt32LE(8), data: p.subarray(12, 12 + Math.min(p[4], MAX_DATA))
  }
}
