// A field update over MAVLink, end to end, with nothing of Hoverla's on the ground side: the
// release bundle is a tar written here and signed with Node's own Ed25519 in minisign's legacy
// format (minisign's "Signature format"), uploaded with node-mavlink over MAVLink FTP into the
// vehicle's /@update/ inbox the way QGroundControl's FTPManager writes (CreateFile, WriteFile,
// TerminateSession; a broken upload resumed with OpenFileWO at the length it reports, checked with
// CalcFileCRC32), then installed with MAV_CMD_DO_UPGRADE (IN_PROGRESS, then ACCEPTED or FAILED with
// a STATUSTEXT). The vehicle is `./hoverla run --board bench-fake --update-root DIR`, its A/B install
// in a scratch root (docs/update-over-mavlink.md, docs/field-updates.md).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, generateKeyPairSync, randomBytes as cryptoRandomBytes, sign } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startVehicle } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT, sleep } from '../lib/gcs.mjs'
import { common } from 'node-mavlink'
import { mavlinkCrc32 } from '../lib/mavlink-crc32.mjs'
import { mulberry32, randomBytes } from '../lib/prng.mjs'
import { OP, ERR, MAX_DATA, encode, decode } from '../lib/mavlink-ftp.mjs'

const CMD_DO_UPGRADE = 247
const VERSION = '0.9.0'

// ---------------------------------------------------------------- the bundle, written and signed here

/** One ustar header block (POSIX.1-1988), regular file, owner root. */
function tarHeader (name, size, mode) {
  const h = Buffer.alloc(512)
  const field = (off, len, text) => h.write(text, off, len, 'latin1')
  const octal = (off, len, n) => field(off, len, n.toString(8).padStart(len - 1, '0') + '\0')
  field(0, 100, name)
  octal(100, 8, mode)
  octal(108, 8, 0)
  octal(116, 8, 0)
  octal(124, 12, size)
  octal(136, 12, 1764930000)
  h.fill(0x20, 148, 156) // the checksum field counts as spaces while summing
  field(156, 1, '0')
  field(257, 6, 'ustar\0')
  field(263, 2, '00')
  field(265, 32, 'root')
  field(297, 32, 'root')
  let sum = 0
  for (const b of h) sum += b
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ')
  return h
}

function tar (entries) {
  const parts = []
  for (const { name, bytes, mode } of entries) {
    parts.push(tarHeader(name, bytes.length, mode), bytes, Buffer.alloc((512 - bytes.length % 512) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}

const sha256 = b => createHash('sha256').update(b).digest('hex')

/** A bundle in Hoverla's layout (docs/releases.md): manifest.json first, then the files it lists. */
function bundle (version, files) {
  const manifest = {
    format: 'hoverla-release/1',
    version,
    commit: 'unknown',
    build_time: '2026-12-05T10:00:00Z',
    min_from_version: '0.0.1',
    param_schema: 2,
    files: files.map(f => ({ path: f.path, mode: f.mode === 0o755 ? '0755' : '0644', size: f.bytes.length, sha256: sha256(f.bytes) }))
  }
  const top = `hoverla-${version}/`
  return tar([{ name: top + 'manifest.json', bytes: Buffer.from(JSON.stringify(manifest, null, 1) + '\n'), mode: 0o644 },
    ...files.map(f => ({ name: top + f.path, bytes: f.bytes, mode: f.mode }))])
}

/** A minisign key: Ed25519 from Node, an 8-byte key id; the id shown as minisign shows it. */
function releaseKey () {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)
  const keyId = cryptoRandomBytes(8)
  return {
    privateKey,
    keyId,
    keyIdHex: Buffer.from(keyId).reverse().toString('hex').toUpperCase(),
    publicFile: 'untrusted comment: minisign public key\n' +
      Buffer.concat([Buffer.from('Ed'), keyId, raw]).toString('base64') + '\n'
  }
}

/** minisign's legacy signature file: Ed25519 over the file, and over (signature ‖ trusted comment). */
function minisig (key, content, trusted) {
  const signature = sign(null, content, key.privateKey)
  const global = sign(null, Buffer.concat([signature, Buffer.from(trusted)]), key.privateKey)
  return Buffer.from('untrusted comment: signed by the e2e test\n' +
    Buffer.concat([Buffer.from('Ed'), key.keyId, signature]).toString('base64') + '\n' +
    'trusted comment: ' + trusted + '\n' + global.toString('base64') + '\n')
}

// ---------------------------------------------------------------- MAVLink FTP, writing side

class FtpWriter {
  constructor (gcs) {
    this.gcs = gcs
    this.seq = 0
  }

  /** One request, its answer (seq + 1); resent with the same seq after 1 s, 3 times (FTPManager). */
  async request (req) {
    const seq = (this.seq + 1) & 0xffff
    for (let attempt = 0; ; attempt++) {
      const p = this.gcs.waitMsg('FILE_TRANSFER_PROTOCOL', d => decode(d.payload).seq === ((seq + 1) & 0xffff), 1000,
        `FTP answer to opcode ${req.opcode}`)
      const m = new common.FileTransferProtocol()
      m.targetNetwork = 0
      m.targetSystem = 1
      m.targetComponent = 1
      m.payload = encode({ ...req, seq })
      this.gcs.send(m)
      try {
        const a = decode((await p).data.payload)
        this.seq = a.seq
        return a
      } catch (e) {
        if (attempt === 3) throw e
      }
    }
  }

  async open (path, opcode) {
    const a = await this.request({ opcode, size: path.length, data: Buffer.from(path, 'latin1') })
    assert.equal(a.opcode, OP.ACK, `open ${path}: NAK ${a.data[0]}`)
    return a
  }

  /** Writes bytes [from, to) in WriteFile pieces of at most 239 bytes. */
  async write (session, bytes, from = 0, to = bytes.length) {
    for (let off = from; off < to; off += MAX_DATA) {
      const n = Math.min(MAX_DATA, to - off)
      const a = await this.request({ session, opcode: OP.WRITE, offset: off, size: n, data: bytes.subarray(off, off + n) })
      assert.equal(a.opcode, OP.ACK, `WriteFile at ${off}: NAK ${a.data[0]}`)
    }
  }

  async terminate (session) {
    await this.request({ session, opcode: OP.TERMINATE })
  }

  async upload (path, bytes) {
    const s = await this.open(path, OP.CREATE)
    await this.write(s.session, bytes)
    await this.terminate(s.session)
  }

  async crc32 (path) {
    const a = await this.request({ opcode: OP.CRC32, size: path.length, data: Buffer.from(path, 'latin1') })
    assert.equal(a.opcode, OP.ACK, `CalcFileCRC32 ${path}: NAK ${a.data[0]}`)
    return a.data.readUInt32LE(0)
  }
}

// ---------------------------------------------------------------- the test

describe('update over MAVLink FTP and MAV_CMD_DO_UPGRADE (./hoverla run --board bench-fake --update-root)', { timeout: 240_000 }, () => {
  let root
  let vehicle
  let gcs
  let ftp
  let key
  const texts = []
  const rnd = mulberry32(21)
  const jar = Buffer.from(randomBytes(rnd, 60_000))
  const launcher = Buffer.from('#!/bin/sh\necho e2e bundle\n')
  let tarBytes
  let sigBytes

  /** DO_UPGRADE; resolves with every COMMAND_ACK for it up to the final one. */
  async function upgrade () {
    const acks = []
    const listener = m => { if (m.name === 'COMMAND_ACK' && m.data.command === CMD_DO_UPGRADE) acks.push(m.data.result) }
    gcs.listeners.add(listener)
    try {
      const final = await gcs.command(CMD_DO_UPGRADE, [1, 0, 0, 0, 0, 0, 0], { timeoutMs: 60_000, what: 'the final DO_UPGRADE answer' })
      return { acks, final: final.result }
    } finally {
      gcs.listeners.delete(listener)
    }
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'hoverla-update-e2e-'))
    key = releaseKey()
    mkdirSync(join(root, 'etc/hoverla/release-keys'), { recursive: true })
    writeFileSync(join(root, 'etc/hoverla/release-keys', `${key.keyIdHex}.pub`), key.publicFile)
    tarBytes = bundle(VERSION, [
      { path: 'bin/hoverla', bytes: launcher, mode: 0o755 },
      { path: 'lib/hoverla-vehicle.jar', bytes: jar, mode: 0o644 }])
    sigBytes = minisig(key, tarBytes, `hoverla ${VERSION} commit unknown built 2026-12-05T10:00:00Z param_schema 2`)
    vehicle = await startVehicle({ board: 'bench-fake', extraArgs: ['--update-root', root] })
    gcs = new Gcs()
    await gcs.open(vehicle.port)
    gcs.listeners.add(m => { if (m.name === 'STATUSTEXT') texts.push(m.data.text) })
    gcs.startHeartbeat()
    await gcs.waitMsg('HEARTBEAT', null, 60_000, 'the vehicle heartbeat')
    ftp = new FtpWriter(gcs)
    // A fresh session table, as QGC's FTPManager starts
    await ftp.request({ opcode: OP.RESET })
  })

  after(async () => {
    if (gcs) gcs.close()
    if (vehicle) await vehicle.stop()
    if (root && !process.env.HOVERLA_E2E_KEEP) rmSync(root, { recursive: true, force: true })
  })

  it('says it takes updates at boot, and keeps every other path read-only', async () => {
    assert.match(vehicle.output(), /updates over MAVLink: FTP \/@update\//)
    const a = await ftp.request({ opcode: OP.CREATE, size: 11, data: Buffer.from('/etc/x.tar', 'latin1') })
    assert.equal(a.opcode, OP.NAK)
    assert.equal(a.data[0], ERR.FILE_PROTECTED)
  })

  it('refuses a bundle with one flipped byte: FAILED with the reason, nothing switched', async () => {
    const flipped = Buffer.from(tarBytes)
    flipped[flipped.length >> 1] ^= 0x01
    await ftp.upload(`/@update/hoverla-${VERSION}.tar`, flipped)
    await ftp.upload(`/@update/hoverla-${VERSION}.tar.minisig`, sigBytes)
    const { acks, final } = await upgrade()
    assert.equal(acks[0], MAV_RESULT.IN_PROGRESS, `answers ${acks}`)
    assert.equal(final, MAV_RESULT.FAILED)
    await sleep(300)
    const line = texts.find(t => t.startsWith('Update refused'))
    assert.ok(line, `no refusal among ${JSON.stringify(texts)}`)
    assert.match(line, /signature/i)
    assert.equal(existsSync(join(root, 'opt/hoverla/current')), false, 'current was switched')
  })

  it('resumes a broken upload where the vehicle says it stopped, checks it by CRC, and installs it', async () => {
    // A broken upload: CreateFile, a third of the pieces, then the link "drops" (the session is abandoned)
    const path = `/@update/hoverla-${VERSION}.tar`
    const first = await ftp.open(path, OP.CREATE)
    const cut = Math.floor(tarBytes.length / 3 / MAX_DATA) * MAX_DATA
    await ftp.write(first.session, tarBytes, 0, cut)
    await ftp.request({ opcode: OP.RESET })
    // Resume: OpenFileWO answers the length written so far; the rest goes from there
    const resumed = await ftp.open(path, OP.OPEN_WO)
    const have = resumed.data.readUInt32LE(0)
    assert.equal(have, cut)
    await ftp.write(resumed.session, tarBytes, have)
    await ftp.terminate(resumed.session)
    assert.equal(await ftp.crc32(path), mavlinkCrc32(tarBytes))
    await ftp.upload(`/@update/hoverla-${VERSION}.tar.minisig`, sigBytes)

    const { acks, final } = await upgrade()
    assert.equal(acks[0], MAV_RESULT.IN_PROGRESS)
    assert.equal(final, MAV_RESULT.ACCEPTED, `texts ${JSON.stringify(texts.slice(-3))}`)
    await sleep(300)
    assert.ok(texts.some(t => t.startsWith(`Update installed: ${VERSION}`)), JSON.stringify(texts.slice(-3)))

    // The A/B install: current → versions/0.9.0, every byte as signed, the signature kept beside it, on trial
    assert.equal(readlinkSync(join(root, 'opt/hoverla/current')), join('versions', VERSION))
    const dir = join(root, 'opt/hoverla/versions', VERSION)
    assert.deepEqual(readFileSync(join(dir, 'lib/hoverla-vehicle.jar')), jar)
    assert.deepEqual(readFileSync(join(dir, 'bin/hoverla')), launcher)
    assert.deepEqual(readFileSync(join(dir, 'release.minisig')), sigBytes)
    const state = JSON.parse(readFileSync(join(root, 'var/lib/hoverla/update/state.json'), 'utf8'))
    assert.equal(state.current, VERSION)
    assert.equal(state.committed, false)
    assert.equal(state.last_event.kind, 'install')
    assert.equal(state.last_event.key_id, key.keyIdHex)
  })
})
