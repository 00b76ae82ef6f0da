// QGroundControl's PX4 Sensors page, replayed: the state SensorsComponentController keeps while a
// calibration runs, driven by the vehicle's STATUSTEXT lines exactly as its _handleUASTextMessage
// parses them (mavlink/qgroundcontrol src/AutoPilotPlugins/PX4/SensorsComponentController.cc, file
// versions 023fa901 and 21c62529 read; the parser is the same in both):
//   - any text containing "progress <" sets the progress bar to N / 100 and is not logged;
//   - everything else goes to the status log; only texts starting "[cal] " drive the page:
//     "calibration started: <version> <kind>" (version 2; accel shows all six sides, mag the sides
//     of CAL_MAG_SIDES or all six when the vehicle has no such parameter, gyro the down side),
//     "<side> orientation detected" (side in progress; for mag also "rotate"),
//     "<side> side done, rotate to a different side" (side done), "… side already completed",
//     "calibration done:" (success), "calibration cancelled" (cancelled when the operator pressed
//     Cancel, else failed), "calibration failed" (failed);
//   - _stopCalibration disconnects the handler: nothing after the end is parsed; on success the
//     progress bar is set to 1, else to 0, and _refreshParams re-reads CAL_* and SENS_*.
// QGC's side names: down, up (upside down), left, right, front (nose down), back (tail down).

export const SIDES = ['back', 'front', 'left', 'right', 'up', 'down'] // PX4's order (detect_orientation)
const SUPPORTED_CAL_VERSION = 2 // SensorsComponentController.h _supportedFirmwareCalVersion
const ALL_SIDES_MASK = 0x3f

export class QgcSensorsPage {
  /** magSidesMask: the CAL_MAG_SIDES value, or null when the vehicle has no such parameter. */
  constructor ({ magSidesMask = null } = {}) {
    this.magSidesMask = magSidesMask
    this.listening = false
    this.waitingForCancel = false
    this.unknownFirmwareVersion = false
    this.progress = 0
    this.progressValues = [] // every N of "progress <N>", in order
    this.statusLog = []
    this.kind = null
    this.visible = new Set()
    this.inProgress = new Set()
    this.done = new Set()
    this.rotate = new Set()
    this.events = [] // { event: 'started'|'inProgress'|'done'|'alreadyCompleted'|'stop', side?, kind?, code? }
    this.stopCode = null // 'success' | 'cancelled' | 'failed'
  }

  /** SensorsComponentController::calibrateX → _startLogCalibration: connect the text handler. */
  startLogCalibration () {
    this.unknownFirmwareVersion = false
    this.listening = true
  }

  /** cancelCalibration: the operator pressed Cancel (the caller sends Vehicle::stopCalibration). */
  cancelCalibration () { this.waitingForCancel = true }

  /** _handleUASTextMessage for one STATUSTEXT of the vehicle. */
  handleText (text) {
    if (!this.listening) return
    if (text.includes('progress <')) {
      const p = Number.parseInt(text.split('<').pop().split('>')[0], 10)
      if (Number.isInteger(p)) { this.progress = p / 100; this.progressValues.push(p) }
      return
    }
    this.statusLog.push(text)
    if (this.unknownFirmwareVersion) return
    const PREFIX = '[cal] '
    if (!text.startsWith(PREFIX)) return
    text = text.slice(PREFIX.length)

    const START = 'calibration started: '
    if (text.startsWith(START)) {
      const parts = text.slice(START.length).split(' ')
      // QGC's own test is `count != 2 && version != 2`; kept as QGC has it
      if (parts.length !== 2 && Number.parseInt(parts[0], 10) !== SUPPORTED_CAL_VERSION) {
        this.unknownFirmwareVersion = true
        this.statusLog.push('Unsupported calibration firmware version, using log')
        return
      }
      this.progress = 0 // _startVisualCalibration
      this.inProgress.clear(); this.done.clear(); this.rotate.clear(); this.visible.clear()
      this.kind = parts[1]
      if (this.kind === 'accel') SIDES.forEach(s => this.visible.add(s))
      else if (this.kind === 'mag') {
        const sides = this.magSidesMask ?? ALL_SIDES_MASK
        SIDES.forEach((s, i) => { if (sides & (1 << i)) this.visible.add(s) })
      } else if (this.kind === 'gyro') this.visible.add('down')
      this.events.push({ event: 'started', kind: this.kind })
      return
    }
    if (text.endsWith('orientation detected')) {
      const side = text.split(' ')[0]
      if (SIDES.includes(side)) {
        this.inProgress.add(side)
        if (this.kind === 'mag') this.rotate.add(side)
      }
      this.events.push({ event: 'inProgress', side })
      return
    }
    if (text.endsWith('side done, rotate to a different side')) {
      const side = text.split(' ')[0]
      if (SIDES.includes(side)) {
        this.inProgress.delete(side); this.rotate.delete(side); this.done.add(side)
      }
      this.events.push({ event: 'done', side })
      return
    }
    if (text.endsWith('side already completed')) {
      this.events.push({ event: 'alreadyCompleted', side: text.split(' ')[0] })
      return
    }
    if (text.startsWith('calibration done:')) return this._stop('success')
    if (text.startsWith('calibration cancelled')) return this._stop(this.waitingForCancel ? 'cancelled' : 'failed')
    if (text.startsWith('calibration failed')) return this._stop('failed')
  }

  _stop (code) {
    this.listening = false
    this.progress = code === 'success' ? 1 : 0
    this.waitingForCancel = false
    this.stopCode = code
    this.events.push({ event: 'stop', code })
  }
}
