// MAV_CMD_INJECT_FAILURE end to end, sent as MAVSDK's Failure plugin sends it (failure_impl.cpp:
// COMMAND_LONG, param1 FAILURE_UNIT, param2 FAILURE_TYPE, param3 instance) by node-mavlink to
// `./hoverla sim --speedup 4`: refused while SYS_FAILURE_EN is 0, an unknown unit UNSUPPORTED; then,
// gate open and flying, `mavlink_signal off` makes the vehicle deaf to the ground station's
// heartbeats, the failsafe table's GCS-loss row returns it (NAV_DLL_ACT 2), and `ok` clears the
// failure ("Ground station link regained") while the vehicle keeps its failsafe mode.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { startSim, ensureBuilt } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT, RESULT_NAME, sleep } from '../lib/gcs.mjs'
import { addText } from '../lib/mission.mjs'

const CMD = { NAV_TAKEOFF: 22, COMPONENT_ARM_DISARM: 400, INJECT_FAILURE: 420, NAV_LAND: 21 }
const FAILURE_UNIT = { SENSOR_GPS: 4, SENSOR_AIRSPEED: 5, SYSTEM_MAVLINK_SIGNAL: 105 }
const FAILURE_TYPE = { OK: 0, OFF: 1 }
const MAV_MODE_FLAG_SAFETY_ARMED = 128
const PX4_MAIN_AUTO = 4
const PX4_SUB_LOITER = 3
const PX4_SUB_RTL = 5
const MAV_PARAM_TYPE_INT32 = 6
const floatOfInt32 = i => { const b = Buffer.alloc(4); b.writeInt32LE(i, 0); return b.readFloatLE(0) }
const int32OfFloat = f => { const b = Buffer.alloc(4); b.writeFloatLE(f, 0); return b.readInt32LE(0) }
const isMode = (cm, main, sub) => ((cm >>> 16) & 0xff) === main && ((cm >>> 24) & 0xff) === sub

describe('MAV_CMD_INJECT_FAILURE end to end (node-mavlink, as MAVSDK Failure::inject, ./hoverla sim --speedup 4)', { timeout: 150_000 }, () => {
  const ctx = {}

  before(async () => {
    ensureBuilt()
    ctx.sim = await startSim({ speedup: 4 })
    ctx.gcs = new Gcs({ sysid: 245, compid: 190 })
    await ctx.gcs.open(ctx.sim.port)
    ctx.gcs.startHeartbeat(5)
  })

  after(async () => {
    if (ctx.gcs) ctx.gcs.close()
    if (ctx.sim) await ctx.sim.stop()
  })

  const simOutput = () => `\n--- simulator output ---\n${ctx.sim.output().slice(-3000)}`

  /** The texts of collected STATUSTEXTs, MAVLink 2 chunks joined as QGroundControl joins them. */
  const joined = collected => {
    const texts = []
    for (const m of collected) addText(texts, m.data)
    return texts.map(t => t.text)
  }

  /** Sends INJECT_FAILURE and returns the final ack and the STATUSTEXTs seen up to 300 ms after it. */
  async function inject (unit, type, instance = 0) {
    const texts = ctx.gcs.collect(m => m.name === 'STATUSTEXT')
    const ack = await ctx.gcs.command(CMD.INJECT_FAILURE, [unit, type, instance])
    await sleep(300)
    return { result: ack.result, texts: joined(texts.stop()) }
  }

  it('refuses while SYS_FAILURE_EN is 0, obeys once it is 1, and the GCS-loss failsafe answers a deaf link', async () => {
    const { gcs } = ctx
    try {
      await gcs.waitMsg('HEARTBEAT', null, 20_000, 'the first HEARTBEAT')

      // Given the gate closed (the default): refused, said, nothing changes
      let r = await inject(FAILURE_UNIT.SENSOR_GPS, FAILURE_TYPE.OFF)
      assert.equal(r.result, MAV_RESULT.DENIED, `INJECT_FAILURE gps off with the gate closed: ${RESULT_NAME[r.result]}`)
      assert.ok(r.texts.some(t => t.includes('SYS_FAILURE_EN')), `no STATUSTEXT naming SYS_FAILURE_EN: ${JSON.stringify(r.texts)}`)

      // When the ground station opens the gate (PARAM_SET with the type the vehicle reports)
      const read = gcs.waitMsg('PARAM_VALUE', d => d.paramId === 'SYS_FAILURE_EN', 3000, 'PARAM_VALUE SYS_FAILURE_EN')
      gcs.paramRequestRead('SYS_FAILURE_EN')
      const type = (await read).data.paramType
      assert.equal(type, MAV_PARAM_TYPE_INT32, 'SYS_FAILURE_EN is an INT32, as PX4 has it')
      // PX4's byte-wise encoding (MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE): the int32's bytes in the float
      const echo = gcs.waitMsg('PARAM_VALUE', d => d.paramId === 'SYS_FAILURE_EN' && int32OfFloat(d.paramValue) === 1, 3000,
        'PARAM_VALUE SYS_FAILURE_EN 1 after PARAM_SET')
      gcs.paramSet('SYS_FAILURE_EN', floatOfInt32(1), type)
      await echo

      // Then a unit Hoverla does not have is UNSUPPORTED, with the reason
      r = await inject(FAILURE_UNIT.SENSOR_AIRSPEED, FAILURE_TYPE.OFF)
      assert.equal(r.result, MAV_RESULT.UNSUPPORTED, `INJECT_FAILURE airspeed off: ${RESULT_NAME[r.result]}`)
      assert.ok(r.texts.some(t => t.includes('not supported')), `no 'not supported' STATUSTEXT: ${JSON.stringify(r.texts)}`)

      // Given the vehicle flying at 10 m in Hold
      const deadline = performance.now() + 40_000
      for (;;) {
        const ack = await gcs.command(CMD.COMPONENT_ARM_DISARM, [1])
        if (ack.result === MAV_RESULT.ACCEPTED) break
        assert.ok(performance.now() < deadline, 'not ready to arm within 40 s')
        await sleep(1500)
      }
      const gpi = (await gcs.waitMsg('GLOBAL_POSITION_INT', null, 3000, 'GLOBAL_POSITION_INT')).data
      const takeoff = await gcs.command(CMD.NAV_TAKEOFF, [-1, 0, 0, NaN, NaN, NaN, (gpi.alt - gpi.relativeAlt) / 1000 + 10])
      assert.equal(takeoff.result, MAV_RESULT.ACCEPTED, `NAV_TAKEOFF ${RESULT_NAME[takeoff.result]}`)
      await gcs.waitMsg('HEARTBEAT', d => isMode(d.customMode, PX4_MAIN_AUTO, PX4_SUB_LOITER) && (d.baseMode & MAV_MODE_FLAG_SAFETY_ARMED),
        30_000, 'Hold after the takeoff')
      await gcs.waitMsg('GLOBAL_POSITION_INT', d => d.relativeAlt >= 9000, 30_000, 'relative altitude ≥ 9 m')

      // When the link is made deaf (mavlink_signal off): the vehicle no longer hears our heartbeats
      const failsafeTexts = gcs.collect(m => m.name === 'STATUSTEXT')
      r = await inject(FAILURE_UNIT.SYSTEM_MAVLINK_SIGNAL, FAILURE_TYPE.OFF)
      assert.equal(r.result, MAV_RESULT.ACCEPTED, `INJECT_FAILURE mavlink_signal off: ${RESULT_NAME[r.result]} ${JSON.stringify(r.texts)}`)
      assert.ok(r.texts.some(t => t.startsWith('Failure injected: mavlink_signal off')), JSON.stringify(r.texts))

      // Then after COM_DL_LOSS_T (5 s simulated) the failsafe table returns it (NAV_DLL_ACT 2), said
      await gcs.waitMsg('HEARTBEAT', d => isMode(d.customMode, PX4_MAIN_AUTO, PX4_SUB_RTL), 10_000,
        'AUTO/RTL after the injected ground-station loss')
      await sleep(300)
      const said = joined(failsafeTexts.stop())
      assert.ok(said.includes('Failsafe: ground station link lost, returning'), JSON.stringify(said))

      // When the failure is cleared, Then the link is regained and the vehicle keeps returning (no snap back)
      const regained = gcs.waitMsg('STATUSTEXT', d => d.text === 'Ground station link regained', 5000,
        "'Ground station link regained' after the failure is cleared")
      r = await inject(FAILURE_UNIT.SYSTEM_MAVLINK_SIGNAL, FAILURE_TYPE.OK)
      assert.equal(r.result, MAV_RESULT.ACCEPTED, `INJECT_FAILURE mavlink_signal ok: ${RESULT_NAME[r.result]}`)
      assert.ok(r.texts.some(t => t.startsWith('Failure cleared: mavlink_signal')), JSON.stringify(r.texts))
      await regained
      const hb = await gcs.waitMsg('HEARTBEAT', null, 3000, 'HEARTBEAT after the recovery')
      assert.ok(isMode(hb.data.customMode, PX4_MAIN_AUTO, PX4_SUB_RTL), `mode after recovery ${hb.data.customMode}`)

      // And it comes home and disarms
      await gcs.waitMsg('HEARTBEAT', d => !(d.baseMode & MAV_MODE_FLAG_SAFETY_ARMED), 60_000, 'disarmed after the return')
    } catch (e) {
      e.message += simOutput()
      throw e
    }
  })
})
