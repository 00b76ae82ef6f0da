// MAVLink 2 signing end to end against an independent implementation: node-mavlink's own signature
// code (MavLinkPacketSignature: SHA-256 over key + frame + link id + timestamp, first 6 bytes) signs
// what this ground station sends and checks what `./hoverla sim` sends. The key goes in as
// QGroundControl installs it (MAVLinkSigning.cc: key = SHA-256 of the passphrase, SETUP_SIGNING with
// the target's ids and the current timestamp), unsigned, on a vehicle that has no key yet. Then
// Hoverla signs every frame, obeys signed commands, and refuses a wrong key, a replayed packet, an
// old timestamp and an unsigned packet (MAV_SIGN_CFG default 1: required on untrusted links).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { MavLinkPacketSignature, MavLinkProtocolV2, common } from 'node-mavlink'
import { startSim, ensureBuilt } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT, RESULT_NAME, sleep, signingTimestampNow } from '../lib/gcs.mjs'
import { addText } from '../lib/mission.mjs'

const REQUEST_MESSAGE = 512
const AUTOPILOT_VERSION = 148
const ONE_MINUTE = 60 * 100_000 // signing timestamp units (10 µs)
const NO_ANSWER_MS = 1500

describe('MAVLink 2 signing end to end (node-mavlink, ./hoverla sim)', { timeout: 120_000 }, () => {
  const ctx = {}
  const key = MavLinkPacketSignature.key('hoverla e2e signing passphrase')
  const wrongKey = MavLinkPacketSignature.key('not the key')

  before(async () => {
    ensureBuilt()
    ctx.sim = await startSim({ speedup: 1 })
    ctx.gcs = new Gcs({ sysid: 245, compid: 190 })
    await ctx.gcs.open(ctx.sim.port)
    ctx.gcs.startHeartbeat(5)
  })

  after(async () => {
    if (ctx.gcs) ctx.gcs.close()
    if (ctx.sim) await ctx.sim.stop()
  })

  const simOutput = () => `\n--- simulator output ---\n${ctx.sim.output().slice(-3000)}`

  const requestVersion = () => {
    const m = new common.CommandLong()
    m.targetSystem = 1
    m.targetComponent = 1
    m.command = REQUEST_MESSAGE
    m.confirmation = 0
    m._param1 = AUTOPILOT_VERSION
    for (let i = 2; i <= 7; i++) m[`_param${i}`] = 0
    return m
  }

  const setupSigning = (secret, timestamp) => {
    const m = new common.SetupSigning()
    m.targetSystem = 1
    m.targetComponent = 1
    m.secretKey = [...secret]
    m.initialTimestamp = BigInt(timestamp)
    return m
  }

  /** Sends raw bytes and resolves with the COMMAND_ACK for REQUEST_MESSAGE, or null if none comes. */
  async function answerTo (bytes, ms = NO_ANSWER_MS) {
    const ack = ctx.gcs.waitMsg('COMMAND_ACK', d => d.command === REQUEST_MESSAGE, ms).catch(() => null)
    ctx.gcs.sendRaw(bytes)
    return ack
  }

  const unsignedBytes = msg => {
    const b = new MavLinkProtocolV2(ctx.gcs.sysid, ctx.gcs.compid).serialize(msg, ctx.gcs.seq)
    ctx.gcs.seq = (ctx.gcs.seq + 1) & 255
    return b
  }

  it('installs a key sent unsigned as QGroundControl sends it, then signs every frame it sends', async () => {
    const { gcs } = ctx
    // Given a fresh vehicle: it speaks unsigned
    const first = await gcs.waitMsg('HEARTBEAT', null, 20_000, 'first HEARTBEAT').catch(e => {
      throw new Error(e.message + simOutput())
    })
    assert.equal(first.signed, false, 'a vehicle without a key must not sign')

    // When the ground station installs a key (unsigned SETUP_SIGNING) and signs from then on
    gcs.sendRaw(unsignedBytes(setupSigning(key, signingTimestampNow())))
    gcs.useSigning({ key, linkId: 7 })

    // Then Hoverla's frames carry signatures that node-mavlink verifies with the key
    const signedBeat = await gcs.waitMsg('HEARTBEAT', (d, m) => m.signed, 5000, 'a signed HEARTBEAT')
      .catch(e => { throw new Error(e.message + simOutput()) })
    assert.equal(signedBeat.signatureOk, true, 'the signature must verify with the installed key')
    const skew = Math.abs(signedBeat.signatureTimestamp - signingTimestampNow())
    assert.ok(skew < ONE_MINUTE, `vehicle signing timestamp is ${skew / 100_000} s away from now`)

    // And every frame after it is signed, verifies, and its timestamps increase
    const frames = gcs.collect(m => m.sysid === 1)
    await sleep(1500)
    const got = frames.stop()
    assert.ok(got.length > 20, `only ${got.length} frames in 1.5 s`)
    const bad = got.filter(m => !m.signed || !m.signatureOk)
    assert.equal(bad.length, 0, `unsigned or badly signed frames: ${bad.map(m => m.name).join(', ')}`)
    const byLink = new Map()
    for (const m of got) {
      const last = byLink.get(m.signatureLinkId)
      if (last !== undefined) assert.ok(m.signatureTimestamp > last, `timestamp went from ${last} to ${m.signatureTimestamp}`)
      byLink.set(m.signatureLinkId, m.signatureTimestamp)
    }

    // And a command signed by node-mavlink is obeyed, its answer signed too
    const ack = await answerTo(gcs.signedBytes(requestVersion()), 3000)
    assert.ok(ack, 'no COMMAND_ACK for a correctly signed command' + simOutput())
    assert.equal(ack.data.result, MAV_RESULT.ACCEPTED, RESULT_NAME[ack.data.result])
    assert.equal(ack.signed && ack.signatureOk, true)
  })

  it('refuses a wrong key, a replayed packet, an old timestamp and an unsigned packet', async () => {
    const { gcs } = ctx
    const statusTexts = gcs.collect(m => m.name === 'STATUSTEXT' && m.sysid === 1)
    // Given a signed command that was obeyed
    const accepted = gcs.signedBytes(requestVersion())
    assert.ok(await answerTo(accepted, 3000), 'the positive control was not answered' + simOutput())

    // Then the same bytes again (a replay) are not answered
    assert.equal(await answerTo(accepted), null, 'a replayed packet was obeyed')
    // And a packet signed with another key is not
    assert.equal(await answerTo(gcs.signedBytes(requestVersion(), { key: wrongKey })), null,
      'a packet signed with a wrong key was obeyed')
    // And a correctly signed packet whose timestamp is older than this stream's last one is not
    const old = gcs.lastSigningTimestamp - 100_000
    assert.equal(await answerTo(gcs.signedBytes(requestVersion(), { timestamp: old })), null,
      'a packet with an old timestamp was obeyed')
    // And a new stream (another link id) starting more than a minute in the past is not
    assert.equal(await answerTo(gcs.signedBytes(requestVersion(), { linkId: 9, timestamp: signingTimestampNow() - 2 * ONE_MINUTE })),
      null, 'a new stream with a timestamp two minutes old was obeyed')
    // And an unsigned packet is not
    assert.equal(await answerTo(unsignedBytes(requestVersion())), null, 'an unsigned packet was obeyed')

    // But a new stream with a current timestamp and a fresh signed packet on the old one are
    assert.ok(await answerTo(gcs.signedBytes(requestVersion(), { linkId: 9, timestamp: signingTimestampNow() }), 3000),
      'a new stream with a current timestamp was refused')
    assert.ok(await answerTo(gcs.signedBytes(requestVersion()), 3000), 'a fresh signed packet was refused')

    // And every kind of refusal is counted and reported in rate-limited STATUSTEXT summaries
    // ("Signing: 1 replay (total 1)": at most one per kind per 10 s, so a flood cannot flood the GCS)
    const kinds = ['bad_signature', 'replay', 'old_timestamp', 'unsigned_refused']
    const texts = []
    const seen = () => kinds.filter(k => texts.some(t => t.text.startsWith('Signing:') && t.text.includes(k)))
    for (const m of statusTexts.stop()) addText(texts, m.data)
    if (seen().length < kinds.length) await gcs.waitFor(m => {
      if (m.name !== 'STATUSTEXT' || m.sysid !== 1) return false
      addText(texts, m.data)
      return seen().length === kinds.length
    }, 25_000, 'a STATUSTEXT summary of each kind of refusal').catch(e => {
      throw new Error(`${e.message}; seen ${seen()} in ${JSON.stringify(texts.map(t => t.text))}` + simOutput())
    })
  })

  it('changes or clears the key only with a packet signed by the current key', async () => {
    const { gcs } = ctx
    // When an unsigned SETUP_SIGNING tries to clear the key
    gcs.sendRaw(unsignedBytes(setupSigning(Buffer.alloc(32), 0)))
    await sleep(1000)
    // Then the vehicle still signs with the old key and still refuses unsigned commands
    const stillSigned = await gcs.waitMsg('HEARTBEAT', null, 3000)
    assert.equal(stillSigned.signed && stillSigned.signatureOk, true, 'an unsigned SETUP_SIGNING changed the key')
    assert.equal(await answerTo(unsignedBytes(requestVersion())), null)

    // When a SETUP_SIGNING with the all-zero key is signed with the current key
    gcs.sendRaw(gcs.signedBytes(setupSigning(Buffer.alloc(32), 0)))
    gcs.useSigning(null)
    // Then signing is off: the vehicle's frames are unsigned and unsigned commands are obeyed again
    const unsignedBeat = await gcs.waitMsg('HEARTBEAT', (d, m) => !m.signed, 5000, 'an unsigned HEARTBEAT')
      .catch(e => { throw new Error(e.message + simOutput()) })
    assert.equal(unsignedBeat.signed, false)
    const ack = await answerTo(unsignedBytes(requestVersion()), 3000)
    assert.ok(ack, 'unsigned command refused after signing was cleared')
    assert.equal(ack.data.result, MAV_RESULT.ACCEPTED)
  })
})
