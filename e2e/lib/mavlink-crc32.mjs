// MAVLink's CRC32, the one component metadata (COMPONENT_METADATA.file_crc, general.json's
// fileCrc) and MAVLink FTP's CalcFileCRC32 use: reflected polynomial 0xEDB88320, starting at 0,
// with no final XOR (PX4 Tools/.../generate_crc.py and crc32part). It is not zlib's CRC-32, which
// starts at 0xFFFFFFFF and inverts the result.
const TABLE = Array.from({ length: 256 }, (_, i) => {
  let k = i
  for (let j = 0; j < 8; j++) k = (k & 1) ? (k >>> 1) ^ 0xEDB88320 : k >>> 1
  return k >>> 0
})

export function mavlinkCrc32 (bytes) {
  let c = 0
  for (const b of bytes) c = (TABLE[(c ^ b) & 0xff] ^ (c >>> 8)) >>> 0
  return c
}
