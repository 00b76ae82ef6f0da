// The MAVLink mission protocol (https://mavlink.io/en/services/mission.html) from the ground
// station's side, on top of lib/gcs.mjs: upload and download of one mission type, with every
// wait bounded.
import { performance } from 'node:perf_hooks'
import { MavLinkProtocolV2, common } from 'node-mavlink'

export const MISSION_TYPE = { MISSION: 0, FENCE: 1, RALLY: 2 }
export const MISSION_TYPE_NAME = Object.fromEntries(Object.entries(MISSION_TYPE).map(([k, v]) => [v, k]))

export const MAV_MISSION_RESULT = {
  ACCEPTED: 0, ERROR: 1, UNSUPPORTED_FRAME: 2, UNSUPPORTED: 3, NO_SPACE: 4, INVALID: 5,
  INVALID_PARAM1: 6, INVALID_PARAM2: 7, INVALID_PARAM3: 8, INVALID_PARAM4: 9,
  INVALID_PARAM5_X: 10, INVALID_PARAM6_Y: 11, INVALID_PARAM7: 12, INVALID_SEQUENCE: 13,
  DENIED: 14, OPERATION_CANCELLED: 15
}
export const MISSION_RESULT_NAME = Object.fromEntries(Object.entries(MAV_MISSION_RESULT).map(([k, v]) => [v, k]))

export const MAV_CMD = {
  NAV_WAYPOINT: 16, NAV_LAND: 21, NAV_TAKEOFF: 22,
  NAV_FENCE_CIRCLE_INCLUSION: 5003, NAV_RALLY_POINT: 5100
}
export const MAV_FRAME = { GLOBAL_INT: 5, GLOBAL_RELATIVE_ALT_INT: 6, GLOBAL_TERRAIN_ALT: 10 }

const M_PER_DEG = 111195

/** degE7 position `north`/`east` metres from (lat, lon) degE7 (equirectangular, as gcs.mjs measures). */
export function offsetE7 (lat, lon, north, east) {
  return {
    lat: lat + Math.round(north / M_PER_DEG * 1e7),
    lon: lon + Math.round(east / (M_PER_DEG * Math.cos(lat / 1e7 * Math.PI / 180)) * 1e7)
  }
}

/** A mission item as plain data (the fields MISSION_ITEM_INT carries, less the addressing). */
export function item ({ command, frame, x = 0, y = 0, z = 0, params = [0, 0, 0, 0], autocontinue = 1 }) {
  return { command, frame, x, y, z, param1: params[0], param2: params[1], param3: params[2], param4: params[3], autocontinue }
}

/** The item as it travels (float fields as float32), for exact comparison after a round trip. */
export function wire (it) {
  const f = Math.fround
  return {
    command: it.command, frame: it.frame, x: it.x, y: it.y, z: f(it.z),
    param1: f(it.param1), param2: f(it.param2), param3: f(it.param3), param4: f(it.param4)
  }
}

/** Field-by-field differences between two items (NaN equals NaN, -0 differs from 0 as bits would), as text. */
export function differences (expected, actual) {
  const a = wire(expected)
  const out = []
  for (const k of Object.keys(a)) {
    if (!Object.is(a[k], actual[k])) out.push(`${k} ${actual[k]} (uploaded ${a[k]})`)
  }
  return out
}

/** Sends a message from another system/component id through gcs's socket (a second ground station behind the same address). */
export function sendAs (gcs, msg, sysid, compid = 190) {
  const proto = sendAs.protocols[`${sysid}/${compid}`] ||= new MavLinkProtocolV2(sysid, compid)
  gcs.sendRaw(proto.serialize(msg, 0))
}
sendAs.protocols = {}

/** Adds a STATUSTEXT to texts, joining MAVLink 2 chunks (same non-zero id, chunk_seq 0, 1, ...). */
export function addText (texts, d) {
  const last = texts.at(-1)
  if (d.id && last && last.id === d.id && d.chunkSeq === last.next) {
    last.text += d.text
    last.next++
  } else {
    texts.push({ text: d.text, id: d.id, next: (d.chunkSeq ?? 0) + 1 })
  }
}

function fromVehicle (gcs, m) {
  return m.sysid === gcs.targetSystem && m.compid === gcs.targetComponent
}

/** To us: target system/component of the ground station (MISSION_REQUEST_INT, MISSION_ACK, ...). */
function toUs (gcs, d, sysid = gcs.sysid) {
  return d.targetSystem === sysid && (d.targetComponent === gcs.compid || d.targetComponent === 0)
}

function missionCount (gcs, type, count) {
  return Object.assign(new common.MissionCount(), {
    targetSystem: gcs.targetSystem, targetComponent: gcs.targetComponent, count, missionType: type, opaqueId: 0
  })
}

function itemInt (gcs, type, seq, it) {
  return Object.assign(new common.MissionItemInt(), {
    targetSystem: gcs.targetSystem, targetComponent: gcs.targetComponent, seq,
    frame: it.frame, command: it.command, current: it.current ?? 0, autocontinue: it.autocontinue ?? 1,
    param1: it.param1, param2: it.param2, param3: it.param3, param4: it.param4,
    x: it.x, y: it.y, z: it.z, missionType: type
  })
}

export function missionAck (gcs, type, result) {
  return Object.assign(new common.MissionAck(), {
    targetSystem: gcs.targetSystem, targetComponent: gcs.targetComponent, type: result, missionType: type, opaqueId: 0
  })
}

/**
 * Uploads `items` of mission `type`: MISSION_COUNT, then each MISSION_REQUEST_INT (or
 * MISSION_REQUEST) is answered with the MISSION_ITEM_INT asked for, until the vehicle's
 * MISSION_ACK for that type. Resolves { result, ack, ms, requests, statustexts }; rejects after
 * timeoutMs without the ACK.
 */
export function upload (gcs, type, items, { timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const requests = []
    const texts = []
    let t0
    const l = m => {
      if (!fromVehicle(gcs, m)) return
      if (m.name === 'STATUSTEXT') { addText(texts, m.data); return }
      const d = m.data
      if ((m.name === 'MISSION_REQUEST_INT' || m.name === 'MISSION_REQUEST') && toUs(gcs, d) && d.missionType === type) {
        requests.push(d.seq)
        if (d.seq < items.length) gcs.send(itemInt(gcs, type, d.seq, items[d.seq]))
      } else if (m.name === 'MISSION_ACK' && toUs(gcs, d) && d.missionType === type) {
        clearTimeout(timer)
        // STATUSTEXTs the vehicle sends with a refusal follow the ACK at once; give them a moment.
        setTimeout(() => { done(); resolve({ result: d.type, ack: d, ms: m.t - t0, requests, statustexts: texts.map(t => t.text) }) }, 150)
      }
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`timed out after ${timeoutMs} ms uploading ${items.length} ${MISSION_TYPE_NAME[type]} items ` +
        `(requests so far: ${JSON.stringify(requests)}; STATUSTEXT ${JSON.stringify(texts)})`))
    }, timeoutMs)
    const done = () => { clearTimeout(timer); gcs.listeners.delete(l) }
    gcs.listeners.add(l)
    t0 = performance.now()
    gcs.send(missionCount(gcs, type, items.length))
  })
}

/**
 * Downloads mission `type`: MISSION_REQUEST_LIST → MISSION_COUNT, then MISSION_REQUEST_INT for
 * each seq (sent again after 500 ms without an answer, at most 5 times), then MISSION_ACK
 * ACCEPTED. Resolves { count, opaqueId, items }; items carry command, frame, x, y, z, param1..4,
 * seq, missionType as received.
 */
export async function download (gcs, type, { timeoutMs = 10_000 } = {}) {
  const deadline = performance.now() + timeoutMs
  const left = () => Math.max(1, deadline - performance.now())
  const list = Object.assign(new common.MissionRequestList(), {
    targetSystem: gcs.targetSystem, targetComponent: gcs.targetComponent, missionType: type
  })
  const countP = gcs.waitMsg('MISSION_COUNT', d => toUs(gcs, d) && d.missionType === type, left(),
    `MISSION_COUNT (${MISSION_TYPE_NAME[type]}) after MISSION_REQUEST_LIST`)
  gcs.send(list)
  const count = (await countP).data
  const items = []
  for (let seq = 0; seq < count.count; seq++) {
    let got
    for (let attempt = 0; !got; attempt++) {
      if (attempt >= 5) throw new Error(`download of ${MISSION_TYPE_NAME[type]}: no MISSION_ITEM_INT ${seq} after 5 requests`)
      const p = gcs.waitMsg('MISSION_ITEM_INT', d => toUs(gcs, d) && d.missionType === type && d.seq === seq,
        Math.min(500, left()), `MISSION_ITEM_INT ${seq}`).catch(() => null)
      gcs.send(Object.assign(new common.MissionRequestInt(), {
        targetSystem: gcs.targetSystem, targetComponent: gcs.targetComponent, seq, missionType: type
      }))
      got = await p
      if (!got && performance.now() >= deadline) {
        throw new Error(`timed out after ${timeoutMs} ms downloading ${MISSION_TYPE_NAME[type]} (item ${seq} of ${count.count})`)
      }
    }
    items.push(got.data)
  }
  gcs.send(missionAck(gcs, type, MAV_MISSION_RESULT.ACCEPTED))
  return { count: count.count, opaqueId: count.opaqueId, items }
}
