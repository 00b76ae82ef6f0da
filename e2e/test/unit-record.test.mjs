// End-to-end test of the unit's identity and record: `./hoverla run --board bench-fake` boots on
// register-file fake chips with a state directory; a ground station (node-mavlink) reads
// AUTOPILOT_VERSION, and `./hoverla unit note|export --state-dir SAME` must report the same UID,
// uid2 and build commit. The record's hash chain is checked here independently of the Java reader
// (docs/unit-record.md: each line's sha256 covers its bytes before ,"sha256":").
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startVehicle, runHoverla } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT } from '../lib/gcs.mjs'

const CMD_REQUEST_MESSAGE = 512
const AUTOPILOT_VERSION_ID = 148
const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')

describe('unit identity and record (./hoverla run --board bench-fake, ./hoverla unit)', { timeout: 180_000 }, () => {
  let vehicle
  let gcs
  let stateDir
  let av

  before(async () => {
    vehicle = await startVehicle({ board: 'bench-fake' })
    stateDir = vehicle.args[vehicle.args.indexOf('--state-dir') + 1]
    gcs = new Gcs()
    await gcs.open(vehicle.port)
    gcs.startHeartbeat()
    await gcs.waitMsg('HEARTBEAT', null, 60_000, 'the vehicle heartbeat')
  })

  after(async () => {
    if (gcs) gcs.close()
    if (vehicle) await vehicle.stop()
  })

  it('reports a UID, a uid2 fingerprint and the build commit in AUTOPILOT_VERSION', async () => {
    // Given the booted vehicle, when a ground station asks for AUTOPILOT_VERSION
    const reply = gcs.waitMsg('AUTOPILOT_VERSION', null, 10_000, 'AUTOPILOT_VERSION')
    const ack = await gcs.command(CMD_REQUEST_MESSAGE, [AUTOPILOT_VERSION_ID])
    assert.equal(ack.data.result, MAV_RESULT.ACCEPTED)
    av = (await reply).data
    // Then uid is a 48-bit non-zero UID and uid2 an 18-byte non-zero fingerprint
    assert.ok(av.uid > 0n && av.uid < (1n << 48n), `uid ${av.uid}`)
    assert.equal(av.uid2.length, 18)
    assert.ok(av.uid2.some(b => b !== 0), 'uid2 is not all zeros')
    console.log(`  [unit] AUTOPILOT_VERSION uid ${av.uid.toString(16)}, uid2 ${hex(av.uid2)}, ` +
      `flight_custom_version ${hex([...av.flightCustomVersion].reverse())}`)
  })

  it('has the record and its export report the same UID and commit as AUTOPILOT_VERSION', async () => {
    // Given a note appended to the running unit's record
    await runHoverla(['unit', 'note', '--state-dir', stateDir, '--operator', 'e2e', 'repair: replaced motor 3'])
    await runHoverla(['unit', 'note', '--state-dir', stateDir, '--operator', 'e2e', 'inspected after the repair'])

    // When the record is exported
    const doc = JSON.parse(await runHoverla(['unit', 'export', '--state-dir', stateDir]))

    // Then the identity is the one ground stations see ...
    assert.equal(BigInt('0x' + doc.unit.uid), av.uid)
    assert.equal(doc.unit.uid2, hex(av.uid2))
    assert.equal(doc.unit.board_name, 'bench-fake')
    assert.ok(doc.unit.chips.some(c => c.chip === 'icm42688p' && c.chip_id === '0x47'), JSON.stringify(doc.unit.chips))
    // ... the commit is the one AUTOPILOT_VERSION carries (QGC shows flight_custom_version bytes 7..0) ...
    const shown = hex([...av.flightCustomVersion].reverse())
    const commit = doc.firmware.git_commit
    assert.equal(shown, commit === '' ? '0'.repeat(16) : commit.slice(0, 16), `commit '${commit}'`)
    assert.equal(doc.firmware.flight_custom_version, shown)
    // ... and so are every entry's
    assert.equal(doc.entries.length, 2)
    for (const e of doc.entries) {
      assert.equal(BigInt('0x' + e.unit.uid), av.uid)
      assert.equal(e.unit.uid2, hex(av.uid2))
      assert.equal(e.firmware.git_commit, commit)
      assert.equal(e.operator, 'e2e')
      assert.ok(Object.keys(e.parameters).length > 100, 'every parameter is in the entry')
    }
    assert.equal(doc.record.chain.verified, true)
    console.log(`  [unit] export: uid ${doc.unit.uid}, commit '${commit || 'unknown'}', ${doc.entries.length} entries, ` +
      `last sha256 ${doc.record.chain.last_sha256.slice(0, 16)}…`)
  })

  it('keeps a hash chain any tool can check', () => {
    const lines = readFileSync(join(stateDir, 'unit-record.jsonl')).toString('utf8').split('\n')
    assert.equal(lines.pop(), '', 'the file ends with an end of line')
    let prev = '0'.repeat(64)
    for (const line of lines) {
      const cut = line.lastIndexOf(',"sha256":"')
      const entry = JSON.parse(line)
      assert.equal(createHash('sha256').update(Buffer.from(line.slice(0, cut), 'utf8')).digest('hex'), entry.sha256)
      assert.equal(entry.prev_sha256, prev)
      prev = entry.sha256
    }
  })

  it('boots again with the same UID and uid2 from the same state directory', async () => {
    const out = await runHoverla(['run', '--board', 'bench-fake', '--state-dir', stateDir, '--params', 'none',
      '--no-mavlink', '--duration', '2'])
    assert.match(out, new RegExp(`unit: uid ${av.uid.toString(16).padStart(16, '0')} .*uid2 ${hex(av.uid2)}`))
  })
})
