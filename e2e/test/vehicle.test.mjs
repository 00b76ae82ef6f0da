// End-to-end test of the vehicle runtime: `./hoverla run --board bench-fake` boots the PilotPi
// layout on register-file fake chips (the real drivers, probes and conversions, the flight thread
// in dedicated mode on the system clock) and a ground station (node-mavlink) talks to it over UDP.
// With every pulse of the fake PWM chip recorded, the ESCs never see more than their disarmed
// value before the vehicle armed.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startVehicle } from '../lib/sitl.mjs'
import { Gcs, MAV_RESULT, RESULT_NAME, sleep } from '../lib/gcs.mjs'
import { common } from 'node-mavlink'

const MAV_AUTOPILOT_PX4 = 12
const MAV_MODE_FLAG_SAFETY_ARMED = 128
const COMPONENT_ARM_DISARM = 400
const PREFLIGHT_REBOOT_SHUTDOWN = 246
const PWM_DISARMED_US = 1000

describe('./hoverla run --board bench-fake (fake chips, real time)', { timeout: 180_000 }, () => {
  let vehicle
  let gcs
  let firstRefusal
  let armedAfterS
  const texts = []

  before(async () => {
    vehicle = await startVehicle({ board: 'bench-fake' })
    gcs = new Gcs()
    await gcs.open(vehicle.port)
    gcs.listeners.add(m => { if (m.name === 'STATUSTEXT') texts.push(m.data.text) })
    gcs.startHeartbeat()
  })

  after(async () => {
    if (gcs) gcs.close()
    if (vehicle) await vehicle.stop()
  })

  it('boots from the board file and identifies as a PX4 vehicle', async () => {
    const hb = await gcs.waitMsg('HEARTBEAT', null, 60_000, 'the vehicle heartbeat')
    assert.equal(hb.data.autopilot, MAV_AUTOPILOT_PX4)
    assert.match(vehicle.output(), /imu: icm42688p on spi bus 0 chip select 0/)
    assert.match(vehicle.output(), /baro: ms5611 on i2c bus 1 address 0x76/)
    assert.match(vehicle.output(), /pwm: pca9685 on i2c bus 1 address 0x40, 4 motors/)
  })

  it('answers a parameter read', async () => {
    gcs.paramRequestRead('SYS_AUTOSTART')
    const pv = await gcs.waitMsg('PARAM_VALUE', d => d.paramId === 'SYS_AUTOSTART', 10_000, 'SYS_AUTOSTART')
    assert.ok(pv.data.paramCount > 100, `param count ${pv.data.paramCount}`)
  })

  it('reboots on MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN and comes back on the same link', async () => {
    const ack = await gcs.command(PREFLIGHT_REBOOT_SHUTDOWN, [1, 0, 0, 0, 0, 0, 0])
    assert.equal(ack.data.result, MAV_RESULT.ACCEPTED)
    const before = gcs.counts.HEARTBEAT || 0
    await sleep(3000)
    await gcs.waitMsg('HEARTBEAT', null, 30_000, 'a heartbeat after the reboot')
    assert.match(vehicle.output(), /Rebooting the vehicle/)
    assert.equal((vehicle.output().match(/flight thread running/g) || []).length, 2, 'booted twice')
    assert.ok(gcs.counts.HEARTBEAT > before)
  })

  it('refuses to arm before its pre-arm checks pass, with the reason', async () => {
    const start = performance.now()
    const ack = await gcs.command(COMPONENT_ARM_DISARM, [1, 0, 0, 0, 0, 0, 0])
    assert.notEqual(ack.data.result, MAV_RESULT.ACCEPTED, 'armed at once on a cold start')
    firstRefusal = RESULT_NAME[ack.data.result]
    await sleep(500)
    assert.ok(texts.some(t => t.startsWith('Pre-arm:')), `no pre-arm reason among ${JSON.stringify(texts)}`)
    // Then keep asking once a second, as an operator would, until it arms
    for (;;) {
      const elapsedS = (performance.now() - start) / 1000
      assert.ok(elapsedS < 90, `still refused after 90 s; last reasons ${JSON.stringify(texts.slice(-3))}`)
      const a = await gcs.command(COMPONENT_ARM_DISARM, [1, 0, 0, 0, 0, 0, 0])
      if (a.data.result === MAV_RESULT.ACCEPTED) { armedAfterS = elapsedS; break }
      await sleep(1000)
    }
    const hb = await gcs.waitMsg('HEARTBEAT', d => (d.baseMode & MAV_MODE_FLAG_SAFETY_ARMED) !== 0, 5000,
      'an armed heartbeat')
    assert.ok(hb)
    console.log(`  [vehicle] first arm answer ${firstRefusal}; armed ${armedAfterS.toFixed(1)} s after the first try`)
    await sleep(1500) // the motors spool up to idle while armed
  })

  it('never gave the ESCs more than their disarmed pulse before arming, and ends disarmed', async () => {
    gcs.close()
    gcs = null
    const { exited, motorLog } = await vehicle.stop()
    vehicle = null
    assert.equal(exited.code, 0, 'orderly stop')
    assert.ok(motorLog, 'the motor log was written')
    const header = Object.fromEntries(motorLog.split('\n').filter(l => l.startsWith('# '))
      .map(l => l.slice(2).split('=')))
    const rows = motorLog.split('\n').filter(l => /^\d/.test(l)).map(l => l.split(',').map(Number))
    const armedSince = Number(header.armed_since_ns)
    assert.equal(header.armed_at_end, 'true')
    assert.ok(armedSince > 0)
    const before = rows.filter(([t]) => t < armedSince)
    const afterArm = rows.filter(([t]) => t >= armedSince)
    assert.ok(before.length >= 4, 'the disarmed pulses were written at start-up')
    for (const [t, ch, us] of before) {
      assert.ok(us === 0 || us === PWM_DISARMED_US, `channel ${ch} had ${us} us at ${t} ns, before arming`)
    }
    assert.ok(afterArm.some(([, , us]) => us > PWM_DISARMED_US), 'armed, the motors spun up to idle')
    // At the stop every motor channel gets its disarmed pulse, and then the outputs are switched off
    // (without an OE line the PCA9685's channels go full-off: 0, no pulses, which ESCs take as stop).
    for (let ch = 0; ch < 4; ch++) {
      const tail = rows.filter(([, c]) => c === ch).map(([, , us]) => us).slice(-2)
      assert.deepEqual(tail, [PWM_DISARMED_US, 0], `channel ${ch} at the end: ${tail}`)
    }
    console.log(`  [vehicle] ${rows.length} pulse changes recorded, ${before.length} before arming (all disarmed)`)
  })
})
