// Starting and stopping the Hoverla SITL as a child process.
import { spawn, spawnSync } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const LAUNCHER = join(REPO_ROOT, 'hoverla')

/** Builds the jar if it is missing or stale (the launcher does that), once per process. */
let built = false
export function ensureBuilt () {
  if (built) return
  const r = spawnSync(LAUNCHER, ['--version'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 600_000 })
  if (r.error) throw new Error(`'./hoverla --version' could not run: ${r.error.message}`)
  if (r.status !== 0) {
    throw new Error(`'./hoverla --version' (build) failed with status ${r.status}:\n${r.stdout}\n${r.stderr}`)
  }
  built = true
}

/**
 * Runs `./hoverla ARGS…` to completion without blocking the event loop, so a ground-station
 * client in the same process keeps its heartbeat and reads its socket meanwhile (a blocking
 * spawnSync stops both for the JVM's start-up). Resolves stdout; rejects with stderr on a
 * non-zero exit.
 */
export function runHoverla (args, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(LAUNCHER, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', d => { out += d })
    child.stderr.on('data', d => { err += d })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', e => { clearTimeout(timer); reject(e) })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(out)
      else reject(new Error(`./hoverla ${args.join(' ')} ended with ${code ?? signal}: ${err}`))
    })
  })
}

/** A UDP port that was free a moment ago on 127.0.0.1 (bind port 0, read it, close). */
export function freeUdpPort () {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4')
    s.once('error', reject)
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/**
 * Starts `./hoverla sim --speedup N --params <tmp> --mavlink udpin:127.0.0.1:<port> --quiet`.
 * With `link`, the given --mavlink spec replaces that one and `port` is the caller's (e.g. an API
 * client that listens and is sent to: `udp:127.0.0.1:<its port>?profile=onboard`).
 * Returns { port, paramsFile, child, output(), stop() }. stop() is idempotent and waits for exit.
 */
export async function startSim ({ speedup = 4, extraArgs = [], link = null, port: givenPort = null } = {}) {
  ensureBuilt()
  const port = givenPort ?? await freeUdpPort()
  const dir = mkdtempSync(join(tmpdir(), 'hoverla-e2e-'))
  const paramsFile = join(dir, 'params.txt')
  // Flight logs in the run's own directory unless the test names one (an interactive run would log to ~/.hoverla/logs).
  const logs = extraArgs.includes('--log-dir') ? [] : ['--log-dir', join(dir, 'logs')]
  const args = ['sim', '--speedup', String(speedup), '--params', paramsFile,
    '--mavlink', link ?? `udpin:127.0.0.1:${port}`, '--quiet', '--exit-with-parent', ...logs, ...extraArgs]
  // stdin is a pipe the simulator watches (--exit-with-parent): if this process dies, even by
  // SIGKILL, the pipe closes and the simulator exits instead of lingering.
  const child = spawn(LAUNCHER, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  const keep = d => { out += d; if (out.length > 200_000) out = out.slice(-100_000) }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited = null
  const exitPromise = new Promise(resolve => child.once('exit', (code, signal) => {
    exited = { code, signal }
    resolve(exited)
  }))
  // Last resort: never leave a simulator behind if this test process ends early, whether it
  // exits or is stopped by a signal (the test runner sends SIGTERM to its file processes on
  // Ctrl-C). The signal is re-raised after the kill, so the default behaviour stays. SIGKILL
  // of this process cannot be caught: then the simulator stays (it does not watch its parent).
  const onExit = () => { if (exited === null) try { child.kill('SIGKILL') } catch {} }
  const onSignal = sig => {
    onExit()
    removeHandlers()
    try { rmSync(dir, { recursive: true, force: true }) } catch {}
    process.kill(process.pid, sig)
  }
  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP']
  const removeHandlers = () => {
    process.removeListener('exit', onExit)
    for (const sig of SIGNALS) process.removeListener(sig, onSignal)
  }
  process.once('exit', onExit)
  for (const sig of SIGNALS) process.once(sig, onSignal)

  return {
    port,
    paramsFile,
    child,
    args,
    output: () => out,
    exited: () => exited,
    exitPromise,
    async stop () {
      if (exited === null) {
        child.kill('SIGTERM')
        const t = setTimeout(() => { if (exited === null) child.kill('SIGKILL') }, 5000)
        await exitPromise
        clearTimeout(t)
      }
      removeHandlers()
      if (!process.env.HOVERLA_E2E_KEEP) rmSync(dir, { recursive: true, force: true })
      return exited
    }
  }
}

/**
 * Starts the vehicle runtime, `./hoverla run --board BOARD`, with its state in a temporary
 * directory, one MAVLink link (udpin on a free port), and, on a fake board, the record of every
 * pulse the fake PWM chip was given (`--motor-log`). stop() closes its standard input (it runs
 * with --exit-with-parent), waits for the orderly stop and returns { exited, motorLog }, the
 * motor log's text (null when none was written).
 */
export async function startVehicle ({ board, extraArgs = [] } = {}) {
  ensureBuilt()
  const port = await freeUdpPort()
  const dir = mkdtempSync(join(tmpdir(), 'hoverla-vehicle-'))
  const motorLog = join(dir, 'motors.csv')
  const args = ['run', '--board', board, '--state-dir', dir, '--mavlink', `udpin:127.0.0.1:${port}`,
    '--exit-with-parent', '--motor-log', motorLog, ...extraArgs]
  const child = spawn(LAUNCHER, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  const keep = d => { out += d; if (out.length > 200_000) out = out.slice(-100_000) }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited = null
  const exitPromise = new Promise(resolve => child.once('exit', (code, signal) => {
    exited = { code, signal }
    resolve(exited)
  }))
  const onExit = () => { if (exited === null) try { child.kill('SIGKILL') } catch {} }
  process.once('exit', onExit)
  return {
    port,
    child,
    args,
    output: () => out,
    exited: () => exited,
    async stop () {
      if (exited === null) {
        child.stdin.end()
        const t = setTimeout(() => { if (exited === null) child.kill('SIGKILL') }, 15_000)
        await exitPromise
        clearTimeout(t)
      }
      process.removeListener('exit', onExit)
      const log = existsSync(motorLog) ? readFileSync(motorLog, 'utf8') : null
      if (!process.env.HOVERLA_E2E_KEEP) rmSync(dir, { recursive: true, force: true })
      return { exited, motorLog: log }
    }
  }
}
