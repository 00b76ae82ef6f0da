// End-to-end test of Hoverla's MAVLink mission protocol with an independent implementation
// (node-mavlink): upload mission, fence and rally, download them again, a refused second
// sender and a refused item, then fly the mission in Mission mode to the landing.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { startSim, ensureBuilt } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT, RESULT_NAME, horizontalDistanceM, sleep } from '../lib/gcs.mjs'
import {
  MISSION_TYPE, MISSION_TYPE_NAME, MAV_MISSION_RESULT, MISSION_RESULT_NAME, MAV_CMD, MAV_FRAME,
  offsetE7, item, differences, sendAs, missionAck, upload, download, addText
} from '../lib/mission.mjs'
import { common } from 'node-mavlink'

const MAV_MODE_FLAG_CUSTOM_MODE_ENABLED = 1
const MAV_MODE_FLAG_SAFETY_ARMED = 128
const MAV_LANDED_STATE_ON_GROUND = 1
const CMD = { DO_SET_MODE: 176, COMPONENT_ARM_DISARM: 400 }
const PX4_MAIN_AUTO = 4
const PX4_SUB_MISSION = 4

const figures = []
const figure = (label, value) => figures.push([label, value])

function printFigures () {
  if (figures.length === 0) return
  const w = Math.max(...figures.map(([l]) => l.length))
  console.log(['', '==== Hoverla e2e mission figures (node-mavlink client, SITL --speedup 4, loopback UDP) ====',
    ...figures.map(([l, v]) => `  ${l.padEnd(w)}  ${v}`), '==== end of figures ====', ''].join('\n'))
}

function simOutput (ctx) {
  return ctx.sim ? `\n--- simulator output ---\n${ctx.sim.output().slice(-4000)}\n--- exited: ${JSON.stringify(ctx.sim.exited())}` : ''
}

/** The plan around home (degE7): takeoff, a 30 m square at 10 m (second corner holds 2 s), land at home. */
function buildPlan (home) {
  const rel = MAV_FRAME.GLOBAL_RELATIVE_ALT_INT
  const corner = (n, e) => offsetE7(home.lat, home.lon, n, e)
  const wp = (n, e, hold = 0) => {
    const p = corner(n, e)
    return item({ command: MAV_CMD.NAV_WAYPOINT, frame: rel, x: p.lat, y: p.lon, z: 10, params: [hold, 0.5, 0, NaN] })
  }
  const mission = [
    item({ command: MAV_CMD.NAV_TAKEOFF, frame: rel, x: home.lat, y: home.lon, z: 10, params: [0, 0, 0, NaN] }),
    wp(15, -15),
    wp(15, 15, 2),
    wp(-15, 15),
    wp(-15, -15),
    item({ command: MAV_CMD.NAV_LAND, frame: rel, x: home.lat, y: home.lon, z: 0, params: [0, 0, 0, NaN] })
  ]
  const fence = [item({
    command: MAV_CMD.NAV_FENCE_CIRCLE_INCLUSION, frame: MAV_FRAME.GLOBAL_INT, x: home.lat, y: home.lon, z: 0,
    params: [150, 0, 0, 0]
  })]
  const r = corner(0, 20)
  const rally = [item({ command: MAV_CMD.NAV_RALLY_POINT, frame: rel, x: r.lat, y: r.lon, z: 10 })]
  return { [MISSION_TYPE.MISSION]: mission, [MISSION_TYPE.FENCE]: fence, [MISSION_TYPE.RALLY]: rally }
}

describe('Hoverla mission protocol end to end (node-mavlink 2.3.0 client, ./hoverla sim --speedup 4)', () => {
  after(() => printFigures())

  describe('upload, download, refusals, and the mission flown', { timeout: 180_000 }, () => {
    const ctx = {}

    before(async () => {
      ensureBuilt()
      ctx.sim = await startSim({ speedup: 4, extraArgs: (process.env.HOVERLA_SIM_ARGS || '').split(' ').filter(Boolean) })
      ctx.gcs = new Gcs({ sysid: 255, compid: 190, targetSystem: 1, targetComponent: 1 })
      await ctx.gcs.open(ctx.sim.port)
      ctx.gcs.startHeartbeat(5) // the client speaks first: the vehicle's UDP link replies to the last sender
    })

    after(async () => {
      if (ctx.gcs) await ctx.gcs.close()
      if (ctx.sim) await ctx.sim.stop()
    })

    it('uploads mission, fence and rally, downloads them unchanged, refuses a second sender and a bad item, flies items 0..5 and lands on the land item', async () => {
      const { gcs } = ctx
      const statusTexts = gcs.collect(m => m.name === 'STATUSTEXT' && m.sysid === 1)
      try {
        await gcs.waitMsg('HEARTBEAT', null, 20_000, 'the first HEARTBEAT from system 1 component 1')
        const gpi = (await gcs.waitMsg('GLOBAL_POSITION_INT', d => d.lat !== 0 || d.lon !== 0, 20_000,
          'GLOBAL_POSITION_INT with a position')).data
        const home = { lat: gpi.lat, lon: gpi.lon }
        const plan = buildPlan(home)

        // --- upload mission, fence, rally ---------------------------------------------------------
        for (const type of [MISSION_TYPE.MISSION, MISSION_TYPE.FENCE, MISSION_TYPE.RALLY]) {
          const items = plan[type]
          const r = await upload(gcs, type, items)
          assert.equal(r.result, MAV_MISSION_RESULT.ACCEPTED,
            `${MISSION_TYPE_NAME[type]} upload: MISSION_ACK.type ${MISSION_RESULT_NAME[r.result] ?? r.result}, STATUSTEXT ${JSON.stringify(r.statustexts)}`)
          assert.deepEqual(r.requests, items.map((_, i) => i),
            `${MISSION_TYPE_NAME[type]} upload: MISSION_REQUEST_INT seqs ${JSON.stringify(r.requests)}`)
          assert.notEqual(r.ack.opaqueId, 0, `${MISSION_TYPE_NAME[type]} upload: MISSION_ACK.opaque_id is 0 for a non-empty plan`)
          ctx[`id${type}`] = r.ack.opaqueId
          if (type === MISSION_TYPE.MISSION) {
            figure('mission upload, 6 items (MISSION_COUNT → MISSION_ACK)', `${r.ms.toFixed(1)} ms wall`)
          } else {
            figure(`${MISSION_TYPE_NAME[type].toLowerCase()} upload, ${items.length} item`, `${r.ms.toFixed(1)} ms wall`)
          }
        }

        // --- download each type again: identical items -------------------------------------------
        const checkDownload = async (type, when) => {
          const t0 = performance.now()
          const d = await download(gcs, type)
          const items = plan[type]
          assert.equal(d.count, items.length, `${when}: ${MISSION_TYPE_NAME[type]} download MISSION_COUNT.count ${d.count}, uploaded ${items.length}`)
          assert.equal(d.opaqueId, ctx[`id${type}`], `${when}: ${MISSION_TYPE_NAME[type]} MISSION_COUNT.opaque_id ${d.opaqueId}, upload's MISSION_ACK said ${ctx[`id${type}`]}`)
          d.items.forEach((got, i) => {
            assert.equal(got.seq, i)
            assert.equal(got.missionType, type)
            const diff = differences(items[i], got)
            assert.deepEqual(diff, [], `${when}: ${MISSION_TYPE_NAME[type]} item ${i} differs: ${diff.join(', ')}`)
          })
          return performance.now() - t0
        }
        for (const type of [MISSION_TYPE.MISSION, MISSION_TYPE.FENCE, MISSION_TYPE.RALLY]) {
          const ms = await checkDownload(type, 'after upload')
          if (type === MISSION_TYPE.MISSION) figure('mission download, 6 items', `${ms.toFixed(1)} ms wall`)
        }

        // --- a second ground station (system 254) while an upload is in progress: DENIED ---------------
        {
          let firstRequest
          const gotFirst = gcs.waitMsg('MISSION_REQUEST_INT', d => d.targetSystem === 255 && d.missionType === MISSION_TYPE.MISSION && d.seq === 0,
            3000, 'MISSION_REQUEST_INT 0 to system 255').then(m => { firstRequest = m })
          const denied = gcs.waitMsg('MISSION_ACK', d => d.targetSystem === 254 && d.missionType === MISSION_TYPE.MISSION,
            3000, 'MISSION_ACK to system 254')
          const text = gcs.waitMsg('STATUSTEXT', d => /denied/i.test(d.text), 3000, 'a STATUSTEXT about the denied upload')
          const cancelledByVehicle = gcs.collect(m => m.name === 'MISSION_ACK' && m.sysid === 1 && m.data.targetSystem === 255)
          gcs.send(Object.assign(new common.MissionCount(), { targetSystem: 1, targetComponent: 1, count: 6, missionType: MISSION_TYPE.MISSION, opaqueId: 0 }))
          await gotFirst
          // Answer nothing: the upload of 255 is in progress. Now 254 starts one of the same type.
          sendAs(gcs, Object.assign(new common.MissionCount(), { targetSystem: 1, targetComponent: 1, count: 1, missionType: MISSION_TYPE.MISSION, opaqueId: 0 }), 254)
          const ack = (await denied).data
          await text
          await sleep(100)
          const joined = []
          for (const m of statusTexts.filter(m => m.t >= (firstRequest?.t ?? 0))) addText(joined, m.data)
          const tx = joined.map(t => t.text).join(' | ')
          // 255 gives up its upload (MISSION_ACK with an error cancels it, says the spec).
          gcs.send(missionAck(gcs, MISSION_TYPE.MISSION, MAV_MISSION_RESULT.OPERATION_CANCELLED))
          await sleep(100)
          cancelledByVehicle.stop()
          assert.equal(ack.type, MAV_MISSION_RESULT.DENIED, `second sender got MISSION_ACK.type ${MISSION_RESULT_NAME[ack.type] ?? ack.type}, expected DENIED`)
          figure('second sender (254) during an upload', `MISSION_ACK ${MISSION_RESULT_NAME[ack.type]} + STATUSTEXT "${tx}"` +
            (cancelledByVehicle.length ? `; vehicle's own MISSION_ACK to 255 meanwhile: ${cancelledByVehicle.map(m => MISSION_RESULT_NAME[m.data.type]).join(',')}` : ''))
        }

        // --- an invalid item: refused with an error code and a STATUSTEXT, previous mission kept ----------
        {
          const bad = plan[MISSION_TYPE.MISSION].map(it => ({ ...it }))
          bad[3] = { ...bad[3], x: 0, y: 0 } // NAV_WAYPOINT at lat = lon = 0: an unset position
          const r = await upload(gcs, MISSION_TYPE.MISSION, bad)
          assert.notEqual(r.result, MAV_MISSION_RESULT.ACCEPTED, 'a NAV_WAYPOINT at 0°/0° was accepted')
          assert.ok(r.statustexts.length > 0, `refusal ${MISSION_RESULT_NAME[r.result]} came without a STATUSTEXT`)
          figure('NAV_WAYPOINT at lat = lon = 0 (item 3)', `MISSION_ACK ${MISSION_RESULT_NAME[r.result] ?? r.result} + STATUSTEXT ${JSON.stringify(r.statustexts)}`)

          const terrain = plan[MISSION_TYPE.MISSION].map(it => ({ ...it }))
          terrain[2] = { ...terrain[2], frame: MAV_FRAME.GLOBAL_TERRAIN_ALT }
          const r2 = await upload(gcs, MISSION_TYPE.MISSION, terrain)
          assert.notEqual(r2.result, MAV_MISSION_RESULT.ACCEPTED, 'a NAV_WAYPOINT in frame GLOBAL_TERRAIN_ALT (10) was accepted')
          assert.ok(r2.statustexts.length > 0, `refusal ${MISSION_RESULT_NAME[r2.result]} came without a STATUSTEXT`)
          figure('NAV_WAYPOINT in frame 10 (item 2)', `MISSION_ACK ${MISSION_RESULT_NAME[r2.result] ?? r2.result} + STATUSTEXT ${JSON.stringify(r2.statustexts)}`)

          await checkDownload(MISSION_TYPE.MISSION, 'after the refusals')

          // The same mission again (warm JIT): accepted, same opaque id.
          const again = await upload(gcs, MISSION_TYPE.MISSION, plan[MISSION_TYPE.MISSION])
          assert.equal(again.result, MAV_MISSION_RESULT.ACCEPTED, `second upload of the mission: ${MISSION_RESULT_NAME[again.result]} ${JSON.stringify(again.statustexts)}`)
          assert.equal(again.ack.opaqueId, ctx[`id${MISSION_TYPE.MISSION}`], 'the same mission uploaded again got another opaque_id')
          figure('mission upload, 6 items, again (warm)', `${again.ms.toFixed(1)} ms wall`)
        }

        // --- Mission mode, arm when ready -------------------------------------------------------------
        const reached = gcs.collect(m => m.name === 'MISSION_ITEM_REACHED' && m.sysid === 1)
        const current = gcs.collect(m => m.name === 'MISSION_CURRENT' && m.sysid === 1)
        let tArmed
        {
          const deadline = performance.now() + 60_000
          const denials = []
          for (;;) {
            const texts = gcs.collect(m => m.name === 'STATUSTEXT')
            const mode = await gcs.command(CMD.DO_SET_MODE, [MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, PX4_MAIN_AUTO, PX4_SUB_MISSION])
            let arm
            if (mode.result === MAV_RESULT.ACCEPTED) {
              arm = await gcs.command(CMD.COMPONENT_ARM_DISARM, [1])
              if (arm.result === MAV_RESULT.ACCEPTED) { texts.stop(); tArmed = performance.now(); break }
            }
            await sleep(300)
            denials.push(`mode ${RESULT_NAME[mode.result]}${arm ? ', arm ' + RESULT_NAME[arm.result] : ''} ${JSON.stringify(texts.stop().map(m => m.data.text))}`)
            assert.ok(performance.now() < deadline, `not in Mission mode and armed within 60 s: ${denials.join('; ')}`)
            await sleep(1700)
          }
          figure('attempts before Mission mode + arm ACCEPTED', `${denials.length} refused${denials.length ? ': ' + denials.join('; ') : ''}`)
          await gcs.waitMsg('HEARTBEAT', d => d.baseMode & MAV_MODE_FLAG_SAFETY_ARMED, 3000, 'HEARTBEAT with SAFETY_ARMED after arming')
        }

        // --- fly until landed and disarmed --------------------------------------------------------------
        await gcs.waitMsg('EXTENDED_SYS_STATE', d => d.landedState !== MAV_LANDED_STATE_ON_GROUND, 20_000,
          'EXTENDED_SYS_STATE.landed_state leaving ON_GROUND after arming in Mission mode')
        await gcs.waitMsg('EXTENDED_SYS_STATE', d => d.landedState === MAV_LANDED_STATE_ON_GROUND, 120_000,
          'EXTENDED_SYS_STATE.landed_state ON_GROUND at the end of the mission').catch(e => {
          e.message += ` (MISSION_ITEM_REACHED so far ${JSON.stringify(reached.map(m => m.data.seq))})`; throw e
        })
        await gcs.waitMsg('HEARTBEAT', d => !(d.baseMode & MAV_MODE_FLAG_SAFETY_ARMED), 30_000,
          'HEARTBEAT.base_mode without SAFETY_ARMED after the landing')
        const flightMs = performance.now() - tArmed
        const end = (await gcs.waitMsg('GLOBAL_POSITION_INT', null, 3000, 'GLOBAL_POSITION_INT after landing')).data
        await sleep(300) // a MISSION_ITEM_REACHED for the land item may follow the disarm
        reached.stop()
        current.stop()

        const seqs = reached.map(m => m.data.seq)
        const currentSeqs = current.map(m => m.data.seq).filter((s, i, a) => i === 0 || s !== a[i - 1])
        const land = plan[MISSION_TYPE.MISSION][5]
        const off = horizontalDistanceM(land.x, land.y, end.lat, end.lon)
        figure('mission flown: armed to disarmed', `${flightMs.toFixed(0)} ms wall`)
        figure('MISSION_ITEM_REACHED seqs', JSON.stringify(seqs))
        const states = current.map(m => m.data.missionState).filter((s, i, a) => i === 0 || s !== a[i - 1])
        figure('MISSION_CURRENT seq changes', JSON.stringify(currentSeqs) + ` (last total ${current.at(-1)?.data.total})`)
        figure('MISSION_CURRENT mission_state changes', JSON.stringify(states))
        figure('landing distance from the NAV_LAND item', `${off.toFixed(2)} m`)
        assert.deepEqual(seqs, [0, 1, 2, 3, 4, 5], `MISSION_ITEM_REACHED seqs ${JSON.stringify(seqs)}, expected 0..5 in order, each once`)
        for (let i = 1; i < currentSeqs.length; i++) {
          assert.ok(currentSeqs[i] >= currentSeqs[i - 1], `MISSION_CURRENT.seq went back: ${JSON.stringify(currentSeqs)}`)
        }
        assert.ok(off <= 3, `landed ${off.toFixed(2)} m from the NAV_LAND item, bound 3 m`)
        const all = []
        for (const m of statusTexts.stop()) addText(all, m.data)
        figure('STATUSTEXT during the test', JSON.stringify(all.map(t => t.text)))
      } catch (e) {
        e.message += simOutput(ctx)
        throw e
      }
    })
  })
})
