// Command authority end to end (docs/command-authority.md), node-mavlink against
// `./hoverla sim --speedup 2`: with MAV_GCS_ID1 set, a ground station of another system id may
// still watch (REQUEST_MESSAGE, PARAM_REQUEST_READ) but its commands are DENIED with a STATUSTEXT
// and its PARAM_SET is answered with the unchanged value; the allowed system arms, and flight
// termination needs two separate requests 2-5 s apart (vehicle time): a single request, waited out,
// never terminates; the confirmed one stops the motors and arming stays refused.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { startSim, ensureBuilt } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT, RESULT_NAME, sleep } from '../lib/gcs.mjs'
import { addText } from '../lib/mission.mjs'

const CMD = { COMPONENT_ARM_DISARM: 400, DO_FLIGHTTERMINATION: 185, REQUEST_MESSAGE: 512 }
const AUTOPILOT_VERSION = 148
const MAV_MODE_FLAG_SAFETY_ARMED = 128
const MAV_PARAM_TYPE_INT32 = 6
const floatOfInt32 = i => { const b = Buffer.alloc(4); b.writeInt32LE(i, 0); return b.readFloatLE(0) }
const int32OfFloat = f => { const b = Buffer.alloc(4); b.writeFloatLE(f, 0); return b.readInt32LE(0) }
const OTHER = 245
const ALLOWED = 200

describe('command authority end to end (node-mavlink, ./hoverla sim --speedup 2)', { timeout: 180_000 }, () => {
  const ctx = {}

  before(async () => {
    ensureBuilt()
    ctx.sim = await startSim({ speedup: 2 })
  })

  after(async () => {
    if (ctx.gcs) ctx.gcs.close()
    if (ctx.sim) await ctx.sim.stop()
  })

  const simOutput = () => `\n--- simulator output ---\n${ctx.sim.output().slice(-3000)}`

  async function connect (sysid) {
    if (ctx.gcs) ctx.gcs.close()
    ctx.gcs = new Gcs({ sysid, compid: 190 })
    await ctx.gcs.open(ctx.sim.port)
    ctx.gcs.startHeartbeat(5)
    await ctx.gcs.waitMsg('HEARTBEAT', null, 20_000, 'a HEARTBEAT')
    return ctx.gcs
  }

  /** Runs fn and returns the STATUSTEXTs (chunks joined) seen until 300 ms after it. */
  async function withTexts (fn) {
    const c = ctx.gcs.collect(m => m.name === 'STATUSTEXT')
    const r = await fn()
    await sleep(300)
    const texts = []
    for (const m of c.stop()) addText(texts, m.data)
    return { r, texts: texts.map(t => t.text) }
  }

  /** Vehicle time (ms since boot) from the next ATTITUDE. */
  const vehicleMs = async () => (await ctx.gcs.waitMsg('ATTITUDE', null, 3000, 'ATTITUDE')).data.timeBootMs

  it('lets everyone watch, only the allowed system command, and terminates only when confirmed', async () => {
    try {
      // Given the allow-list set to system 200 by a station of system 245 (allowed while the list is empty)
      let gcs = await connect(OTHER)
      const echo = gcs.waitMsg('PARAM_VALUE', d => d.paramId === 'MAV_GCS_ID1' && int32OfFloat(d.paramValue) === ALLOWED,
        3000, 'PARAM_VALUE MAV_GCS_ID1 200')
      gcs.paramSet('MAV_GCS_ID1', floatOfInt32(ALLOWED), MAV_PARAM_TYPE_INT32)
      await echo

      // When system 245 arms: DENIED, and told why
      const arm = await withTexts(() => gcs.command(CMD.COMPONENT_ARM_DISARM, [1]))
      assert.equal(arm.r.result, MAV_RESULT.DENIED, `arm from system 245: ${RESULT_NAME[arm.r.result]}`)
      assert.ok(arm.texts.includes('Refused: system 245 not in MAV_GCS_ID'), JSON.stringify(arm.texts))
      // its PARAM_SET is answered with the unchanged value
      const kept = gcs.waitMsg('PARAM_VALUE', d => d.paramId === 'MPC_XY_VEL_MAX', 3000, 'PARAM_VALUE MPC_XY_VEL_MAX')
      gcs.paramSet('MPC_XY_VEL_MAX', 3)
      assert.equal((await kept).data.paramValue, 12, 'MPC_XY_VEL_MAX kept at its default')
      // but it may still watch
      const version = await gcs.command(CMD.REQUEST_MESSAGE, [AUTOPILOT_VERSION])
      assert.equal(version.result, MAV_RESULT.ACCEPTED, `REQUEST_MESSAGE: ${RESULT_NAME[version.result]}`)
      const read = gcs.waitMsg('PARAM_VALUE', d => d.paramId === 'MAV_GCS_ID1', 3000, 'PARAM_VALUE on read')
      gcs.paramRequestRead('MAV_GCS_ID1')
      await read

      // When system 200 connects, keeps the vehicle armed on the ground (COM_DISARM_PRFLT 0 = never
      // disarm by itself: the termination below must be what disarms it) and arms
      gcs = await connect(ALLOWED)
      const never = gcs.waitMsg('PARAM_VALUE', d => d.paramId === 'COM_DISARM_PRFLT' && d.paramValue === 0, 3000,
        'PARAM_VALUE COM_DISARM_PRFLT 0')
      gcs.paramSet('COM_DISARM_PRFLT', 0)
      await never
      const deadline = performance.now() + 60_000
      for (;;) {
        const ack = await gcs.command(CMD.COMPONENT_ARM_DISARM, [1])
        if (ack.result === MAV_RESULT.ACCEPTED) break
        assert.ok(performance.now() < deadline, 'not ready to arm within 60 s')
        await sleep(1500)
      }
      await gcs.waitMsg('HEARTBEAT', d => d.baseMode & MAV_MODE_FLAG_SAFETY_ARMED, 3000, 'armed')

      // When it asks once for a flight termination: TEMPORARILY_REJECTED with the prompt
      const first = await withTexts(() => gcs.command(CMD.DO_FLIGHTTERMINATION, [1]))
      assert.equal(first.r.result, MAV_RESULT.TEMPORARILY_REJECTED, RESULT_NAME[first.r.result])
      assert.ok(first.texts.includes('Terminate flight? Send again in 2-5 s to confirm'), JSON.stringify(first.texts))
      // and however long it waits, nothing happens (6 s of vehicle time: the window is closed)
      const t0 = await vehicleMs()
      await gcs.waitMsg('ATTITUDE', d => d.timeBootMs >= t0 + 6000, 10_000, 'vehicle time +6 s')
      assert.ok(gcs.latest.HEARTBEAT.data.baseMode & MAV_MODE_FLAG_SAFETY_ARMED, 'still armed after a single request')

      // When it asks again, then confirms 2.5 s (vehicle time) later
      const again = await gcs.command(CMD.DO_FLIGHTTERMINATION, [1])
      assert.equal(again.result, MAV_RESULT.TEMPORARILY_REJECTED, 'a new window after the old one closed')
      const t1 = await vehicleMs()
      await gcs.waitMsg('ATTITUDE', d => d.timeBootMs >= t1 + 2500, 10_000, 'vehicle time +2.5 s')
      const confirm = await withTexts(() => gcs.command(CMD.DO_FLIGHTTERMINATION, [1]))
      // Then the motors stop, and arming is refused until restart
      assert.equal(confirm.r.result, MAV_RESULT.ACCEPTED, RESULT_NAME[confirm.r.result])
      await gcs.waitMsg('HEARTBEAT', d => !(d.baseMode & MAV_MODE_FLAG_SAFETY_ARMED), 3000, 'disarmed by the termination')
      assert.ok(confirm.texts.some(t => t.startsWith('Flight terminated')), JSON.stringify(confirm.texts))
      const rearm = await gcs.command(CMD.COMPONENT_ARM_DISARM, [1])
      assert.equal(rearm.result, MAV_RESULT.DENIED, `arm after termination: ${RESULT_NAME[rearm.result]}`)
    } catch (e) {
      e.message += simOutput()
      throw e
    }
  })
})
