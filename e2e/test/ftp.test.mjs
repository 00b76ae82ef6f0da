// QGroundControl's parameter-metadata download, replayed against `./hoverla sim` with node-mavlink:
// REQUEST_MESSAGE(COMPONENT_METADATA) → general metadata file over MAVLink FTP → parameter
// metadata file over MAVLink FTP, as QGC's RequestMetaDataTypeStateMachine.cc, FTPManager.cc,
// CompInfoGeneral.cc and CompInfoParam.cc do it; then the result is compared with
// `./hoverla params list --json` and `./hoverla params metadata`. Bad FTP requests get the NAK
// codes of mavlink.io/en/services/ftp.html.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startSim, runHoverla, REPO_ROOT } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT } from '../lib/gcs.mjs'
import { common } from 'node-mavlink'
import { mavlinkCrc32 } from '../lib/mavlink-crc32.mjs'
import { OP, ERR, MAX_DATA, encode, decode } from '../lib/mavlink-ftp.mjs'
import { ComponentMetadata, QgcPx4Client, PARAM_TYPE_TO_FACT } from '../lib/qgc.mjs'

const CMD_REQUEST_MESSAGE = 512

/** FTPManager's client side: sequence numbers, ack timeout with same-seq retries, download. */
class FtpClient {
  constructor (gcs) {
    this.gcs = gcs
    this.lastIncoming = 0 // FTPManager::_expectedIncomingSeqNumber before a request
    this.retries = 0
  }

  send (req) {
    const m = new common.FileTransferProtocol()
    m.targetNetwork = 0
    m.targetSystem = 1
    m.targetComponent = 1
    m.payload = encode(req)
    this.gcs.send(m)
  }

  collect () {
    return this.gcs.collect(m => m.name === 'FILE_TRANSFER_PROTOCOL' && m.sysid === 1 && m.compid === 1 &&
      m.data.targetSystem === 255)
  }

  /** One request, one answer (seq + 1); resent with the same seq on a 1 s timeout, 3 times. */
  async request (req) {
    const seq = (this.lastIncoming + 1) & 0xffff
    for (let attempt = 0; attempt < 4; attempt++) {
      const p = this.gcs.waitMsg('FILE_TRANSFER_PROTOCOL', d => decode(d.payload).seq === ((seq + 1) & 0xffff), 1000,
        `FTP answer to opcode ${req.opcode}`)
      this.send({ ...req, seq })
      try {
        const a = decode((await p).data.payload)
        this.lastIncoming = a.seq
        return a
      } catch (e) {
        if (attempt === 3) throw e
        this.retries++
      }
    }
  }

  /** FTPManager::download: OpenFileRO, BurstReadFile until EOF, ReadFile for holes, ResetSessions. */
  async download (path) {
    const open = await this.request({ opcode: OP.OPEN_RO, size: path.length, data: Buffer.from(path, 'latin1') })
    if (open.opcode !== OP.ACK) throw new Error(`OpenFileRO ${path}: NAK ${open.data[0]}`)
    assert.equal(open.size, 4)
    const length = open.data.readUInt32LE(0)
    const file = Buffer.alloc(length)
    const have = new Uint8Array(length)
    let offset = 0
    let done = false
    let lostBursts = 0
    while (!done) {
      const seq = (this.lastIncoming + 1) & 0xffff
      const got = this.collect()
      this.send({ seq, session: open.session, opcode: OP.BURST, size: MAX_DATA, offset })
      // Wait for the burst to end (burst_complete or EOF) or go quiet for 1 s.
      const t0 = performance.now()
      let last = null
      while (performance.now() - t0 < 10_000) {
        await new Promise(resolve => setTimeout(resolve, 20))
        last = got.length ? decode(got[got.length - 1].data.payload) : null
        if (last && (last.burstComplete || last.opcode === OP.NAK)) break
        if (got.length && performance.now() - got[got.length - 1].t > 1000) break
      }
      got.stop()
      if (!got.length) { // lost: retry the burst (FTPManager: same offset, at most _maxRetry 3 times)
        this.retries++
        if (++lostBursts > 3) throw new Error(`BurstReadFile at offset ${offset}: no answer after 4 tries`)
        continue
      }
      lostBursts = 0
      for (const m of got) {
        const a = decode(m.data.payload)
        this.lastIncoming = a.seq
        if (a.opcode === OP.NAK) {
          assert.equal(a.data[0], ERR.EOF, `burst NAK ${a.data[0]}`)
          done = true
          break
        }
        a.data.copy(file, a.offset)
        have.fill(1, a.offset, a.offset + a.size)
        offset = Math.max(offset, a.offset + a.size)
      }
    }
    for (let i = 0; i < length; i++) {
      if (!have[i]) { // a hole: ReadFile it (FTPManager::_fillMissingBlocksWorker)
        const r = await this.request({ session: open.session, opcode: OP.READ, offset: i, size: Math.min(MAX_DATA, length - i) })
        assert.equal(r.opcode, OP.ACK)
        r.data.copy(file, i)
        have.fill(1, i, i + r.size)
      }
    }
    const reset = await this.request({ opcode: OP.RESET })
    assert.equal(reset.opcode, OP.ACK)
    return file
  }
}

/** QGC FTPManager::_parseURI, as the QGC client replays it; this server is the autopilot's. */
const qgcPath = uri => {
  const parsed = QgcPx4Client.parseFtpUri(uri)
  assert.ok(parsed && /^mftp:\/\//i.test(uri) && parsed.compId === 1, `not an autopilot mftp:// URI: ${uri}`)
  return parsed.path
}

const hoverla = (...args) => runHoverla(args)

describe('QGC parameter metadata over MAVLink FTP', { timeout: 180_000 }, () => {
  let sim, gcs, ftp, dir

  before(async () => {
    sim = await startSim({ speedup: 4 })
    gcs = new Gcs({ sysid: 255, compid: 190, targetSystem: 1, targetComponent: 1, extraMessages: [ComponentMetadata] })
    await gcs.open(sim.port)
    gcs.startHeartbeat(5)
    await gcs.waitMsg('HEARTBEAT', null, 30_000, 'first vehicle heartbeat')
    ftp = new FtpClient(gcs)
    dir = mkdtempSync(join(tmpdir(), 'hoverla-ftp-e2e-'))
  })

  after(async () => {
    gcs?.stopHeartbeat()
    gcs?.socket?.close()
    await sim?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('should lead from COMPONENT_METADATA to metadata that matches ./hoverla params list', async () => {
    // Given QGC's first step: MAV_CMD_REQUEST_MESSAGE(COMPONENT_METADATA) to the autopilot
    const metaMsg = gcs.waitMsg('COMPONENT_METADATA', null, 5000)
    const ack = await gcs.command(CMD_REQUEST_MESSAGE, [397])
    assert.equal(ack.result, MAV_RESULT.ACCEPTED)
    const meta = (await metaMsg).data
    const uri = meta.uri.replace(/\0.*$/, '')

    // When the general file is downloaded over FTP and read as CompInfoGeneral does
    const t0 = performance.now()
    const generalBytes = await ftp.download(qgcPath(uri))
    const general = JSON.parse(generalBytes.toString('utf8'))

    // Then its CRC is the announced one and it lists the parameter file with uri and fileCrc
    assert.equal(mavlinkCrc32(generalBytes), meta.fileCrc)
    assert.equal(general.version, 1)
    const paramType = general.metadataTypes.find(t => t.type === 1)
    assert.ok(paramType && paramType.uri && 'fileCrc' in paramType, JSON.stringify(general))

    // When the parameter file is downloaded (CompInfoParam wants version 1 and a parameters array)
    const paramBytes = await ftp.download(qgcPath(paramType.uri))
    const elapsedMs = performance.now() - t0
    const doc = JSON.parse(paramBytes.toString('utf8'))

    // Then its CRC matches, and it is exactly what `./hoverla params metadata` prints, and it
    // describes every parameter of `./hoverla params list` with the same default and range
    assert.equal(mavlinkCrc32(paramBytes), paramType.fileCrc)
    assert.equal(doc.version, 1)
    assert.equal(paramBytes.toString('utf8'), await hoverla('params', 'metadata'))
    const list = JSON.parse(await hoverla('params', '--file', join(dir, 'params.txt'), 'list', '--json'))
    assert.deepEqual(doc.parameters.map(p => p.name), list.map(p => p.name))
    for (let i = 0; i < list.length; i++) {
      const [m, l] = [doc.parameters[i], list[i]]
      assert.equal(m.type, PARAM_TYPE_TO_FACT[l.type], l.name)
      assert.equal(m.default, l.default, l.name)
      assert.equal(m.min, l.min, l.name)
      assert.equal(m.max, l.max, l.name)
      assert.equal(m.units ?? '', l.unit, l.name)
      assert.ok(m.shortDesc, l.name)
    }
    console.log(`metadata download: general ${generalBytes.length} B + parameters ${paramBytes.length} B ` +
      `(${doc.parameters.length} parameters) in ${elapsedMs.toFixed(0)} ms, ${ftp.retries} retries`)
  })

  it('should answer bad FTP requests with the NAK codes the spec defines', async () => {
    // Given the vehicle's read-only FTP server
    // When a missing file is opened, a closed session read, a file written, an unknown opcode sent
    const missing = await ftp.request({ opcode: OP.OPEN_RO, size: 10, data: Buffer.from('/etc/nope') })
    const noSession = await ftp.request({ opcode: OP.READ, session: 3, size: 10 })
    const write = await ftp.request({ opcode: OP.CREATE, size: 6, data: Buffer.from('/x.txt') })
    const unknown = await ftp.request({ opcode: 99 })

    // Then each NAK carries its error: FileNotFound, InvalidSession, FileProtected, UnknownCommand
    for (const [a, err, op] of [[missing, ERR.FILE_NOT_FOUND, OP.OPEN_RO], [noSession, ERR.INVALID_SESSION, OP.READ],
      [write, ERR.FILE_PROTECTED, OP.CREATE], [unknown, ERR.UNKNOWN_COMMAND, 99]]) {
      assert.equal(a.opcode, OP.NAK)
      assert.equal(a.reqOpcode, op)
      assert.equal(a.size, 1)
      assert.equal(a.data[0], err)
    }

    // When a file is opened and read past its end, and the same request is sent twice
    const open = await ftp.request({ opcode: OP.OPEN_RO, size: 35, data: Buffer.from('/etc/hoverla/component_general.json') })
    assert.equal(open.opcode, OP.ACK)
    const length = open.data.readUInt32LE(0)
    const eof = await ftp.request({ opcode: OP.READ, session: open.session, offset: length, size: 10 })
    const seq = (ftp.lastIncoming + 1) & 0xffff
    const answers = ftp.collect()
    ftp.send({ seq, opcode: OP.TERMINATE, session: open.session })
    ftp.send({ seq, opcode: OP.TERMINATE, session: open.session })
    await gcs.waitSilence(m => m.name === 'FILE_TRANSFER_PROTOCOL', 300, 5000, 'FTP answers')
    answers.stop()

    // Then EOF past the end, and the retry gets the same ACK rather than InvalidSession
    assert.equal(eof.opcode, OP.NAK)
    assert.equal(eof.data[0], ERR.EOF)
    assert.equal(answers.length, 2)
    for (const m of answers) {
      const a = decode(m.data.payload)
      assert.equal(a.seq, (seq + 1) & 0xffff)
      assert.equal(a.opcode, OP.ACK)
      assert.equal(a.reqOpcode, OP.TERMINATE)
    }
  })
})
