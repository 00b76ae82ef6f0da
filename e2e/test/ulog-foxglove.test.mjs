// A Hoverla flight log read by Foxglove's ULog reader (@foxglove/ulog, the library Foxglove Studio
// opens PX4 logs with): a real tool that shares nothing with Hoverla. The simulated demo flight is
// logged (`./hoverla sim --demo --log-dir`); every message must parse, and the topics, their record
// counts, the info, the parameters and the logged messages must be what the independent Python reader
// written from the specification (tools/ulog_check.py) finds.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessageType, ULog } from '@foxglove/ulog'
import { FileReader } from '@foxglove/ulog/node.js'
import { ensureBuilt, runHoverla, REPO_ROOT } from '../lib/sitl.mjs'

describe('a Hoverla flight log in Foxglove\'s ULog reader', () => {
  let dir
  let file

  before(async () => {
    ensureBuilt()
    dir = mkdtempSync(join(tmpdir(), 'hoverla-e2e-ulog-'))
    await runHoverla(['sim', '--demo', '--quiet', '--log-dir', dir], { timeoutMs: 300_000 }) // rejects unless exit 0
    const logs = readdirSync(dir, { recursive: true }).filter(f => String(f).endsWith('.ulg'))
    assert.equal(logs.length, 1, `one log in ${dir}`)
    file = join(dir, String(logs[0]))
  })

  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }) })

  it('parses every message, and agrees with the reader written from the specification', async () => {
    const ulog = new ULog(new FileReader(file))
    await ulog.open()
    const counts = new Map()
    const logged = []
    let data = 0
    for await (const msg of ulog.readMessages()) {
      if (msg.type === MessageType.Data) {
        const name = ulog.subscriptions.get(msg.msgId)?.name
        assert.ok(name, `DATA for msg_id ${msg.msgId} without a subscription`)
        counts.set(name, (counts.get(name) ?? 0) + 1)
        data++
      } else if (msg.type === MessageType.Log) {
        logged.push(msg.message)
      }
    }
    const py = spawnSync('python3', [join(REPO_ROOT, 'tools', 'ulog_check.py'), file], { encoding: 'utf8', maxBuffer: 64 << 20 })
    assert.equal(py.status, 0, py.stderr)
    const spec = JSON.parse(py.stdout)
    assert.deepEqual(spec.errors, [])
    assert.equal(ulog.header.version, 1)
    assert.equal(ulog.header.information.get('sys_name'), 'Hoverla')
    assert.equal(ulog.header.parameters.size, Object.keys(spec.params).length)
    const specCounts = new Map(spec.topics.filter(t => t.count > 0).map(t => [t.name, t.count])) // subscribed but never logged: no DATA to count
    assert.deepEqual(new Map([...counts].sort()), new Map([...specCounts].sort()))
    assert.ok(counts.get('sensor_combined') > 10_000, `sensor_combined ${counts.get('sensor_combined')}`)
    assert.deepEqual(logged, spec.messages.map(m => m.text))
    const [t0, t1] = ulog.timeRange()
    console.log(`# @foxglove/ulog: ${data} records of ${counts.size} topics, ${ulog.header.parameters.size} parameters, ` +
      `${logged.length} logged messages, ${Number(t1 - t0) / 1e6} s; the same as tools/ulog_check.py`)
  })
})
