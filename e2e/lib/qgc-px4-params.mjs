// The PX4 parameter names QGroundControl's PX4 plugin reads, and where it reads them.
//
// Read from mavlink/qgroundcontrol (master as stored in the reference index, 2025–2026; the
// commit of each file version read is given per file below). QGC raises "Parameters are missing
// from firmware … Missing params: 1:NAME" (QGCApplication::reportMissingParameter →
// _missingParamsDisplay) for every name asked of ParameterManager::getParameter or
// FactPanelController::getParameterFact(-1, NAME) (reportMissing defaults to true) that the
// vehicle did not publish. Names QGC only probes with parameterExists(), or with
// getParameterFact(-1, NAME, false), never produce that report: they are listed apart
// (EXISTENCE_CHECKED) for information.
//
// `when(has, value)` says when QGC reaches the read for a quad-rotor: the report happens only
// on that path. `has(name)` is "published", `value(name)` its value.

const F = {
  airframe: 'src/AutoPilotPlugins/PX4/AirframeComponent.cc AirframeComponent::setupComplete (22952d8c)',
  airframeCtl: 'src/AutoPilotPlugins/PX4/AirframeComponentController.cc AirframeComponentController::changeAutostart',
  sensors: 'src/AutoPilotPlugins/PX4/SensorsComponent.cc SensorsComponent::setupComplete (_deviceIds, _magCalParam)',
  sensorsSummary: 'src/AutoPilotPlugins/PX4/Sensors/SensorsComponentSummary.qml (e5a6eb60)',
  radio: 'src/AutoPilotPlugins/PX4/PX4RadioComponent.cc PX4RadioComponent::requiresSetup/setupComplete',
  plugin: 'src/AutoPilotPlugins/PX4/PX4AutoPilotPlugin.cc PX4AutoPilotPlugin::prerequisiteSetup (00f2ed51)',
  radioSummary: 'src/AutoPilotPlugins/PX4/PX4RadioComponentSummary.qml (e55deea4)',
  flightModes: 'src/AutoPilotPlugins/PX4/FlightModesComponent.cc FlightModesComponent::setupComplete',
  flightModesSummary: 'src/AutoPilotPlugins/PX4/FlightModesComponentSummary.qml (04db2951)',
  power: 'src/AutoPilotPlugins/PX4/PowerComponentSummary.qml (0a460b9b) via BatteryParams.qml (21f4bb79)',
  safetySummary: 'src/AutoPilotPlugins/PX4/SafetyComponentSummary.qml (Qt 6 version)',
  safety: 'src/AutoPilotPlugins/PX4/SafetyComponent.qml (bb9a7f79)',
  battery: 'src/FirmwarePlugin/PX4/PX4BatteryIndicator.qml (Fly view battery indicator)',
  tuneRate: 'src/AutoPilotPlugins/PX4/PX4TuningComponentCopterRate.qml (0aa2aa55)',
  tuneAtt: 'src/AutoPilotPlugins/PX4/PX4TuningComponentCopterAttitude.qml (187dfbfd)',
  tuneVel: 'src/AutoPilotPlugins/PX4/PX4TuningComponentCopterVelocity.qml (3607d9b4)',
  tunePos: 'src/AutoPilotPlugins/PX4/PX4TuningComponentCopterPosition.qml (557b0d64)'
}

const always = () => true
// FlightModesComponentSummary: the "simple" branch when RC_MAP_FLTMODE > 0 or RC_MAP_MODE_SW == 0.
const simpleModes = (has, value) => (has('RC_MAP_FLTMODE') && value('RC_MAP_FLTMODE') > 0) || value('RC_MAP_MODE_SW') === 0
// BatteryParams.qml: BAT1_* when BAT1_N_CELLS exists, BAT_* otherwise.
const bat = suffix => ({ resolve: has => (has('BAT1_N_CELLS') ? 'BAT1_' : 'BAT_') + suffix })

/** { name, file, when } — every read that reports a missing parameter. */
export const QGC_PX4_PARAMS = [
  { name: 'SYS_AUTOSTART', file: F.airframe, when: always },
  { name: 'SYS_AUTOCONFIG', file: F.airframeCtl, when: always },
  { name: 'CAL_GYRO0_ID', file: F.sensors, when: always },
  { name: 'CAL_ACC0_ID', file: F.sensors, when: always },
  { name: 'CAL_MAG0_ID', file: F.sensors + '; ' + F.sensorsSummary, when: always },
  { name: 'CAL_MAG1_ID', file: F.sensorsSummary, when: always },
  { name: 'CAL_MAG2_ID', file: F.sensorsSummary, when: always },
  { name: 'COM_RC_IN_MODE', file: F.radio + '; ' + F.plugin + '; ' + F.flightModes, when: always },
  { name: 'RC_MAP_ROLL', file: F.radio + '; ' + F.radioSummary, when: always },
  { name: 'RC_MAP_PITCH', file: F.radio + '; ' + F.radioSummary, when: always },
  { name: 'RC_MAP_YAW', file: F.radio + '; ' + F.radioSummary, when: always },
  { name: 'RC_MAP_THROTTLE', file: F.radio + '; ' + F.radioSummary, when: always },
  { name: 'RC_MAP_FLAPS', file: F.radioSummary, when: always },
  { name: 'RC_MAP_AUX1', file: F.radioSummary, when: always },
  { name: 'RC_MAP_AUX2', file: F.radioSummary, when: always },
  { name: 'RC_MAP_MODE_SW', file: F.flightModes + '; ' + F.flightModesSummary, when: always },
  ...[1, 2, 3, 4, 5, 6].map(i => ({ name: `COM_FLTMODE${i}`, file: F.flightModesSummary, when: simpleModes })),
  { name: 'RC_MAP_POSCTL_SW', file: F.flightModesSummary, when: (h, v) => !simpleModes(h, v) },
  { name: 'RC_MAP_LOITER_SW', file: F.flightModesSummary, when: (h, v) => !simpleModes(h, v) },
  { name: 'RC_MAP_RETURN_SW', file: F.flightModesSummary, when: (h, v) => !simpleModes(h, v) },
  { ...bat('SOURCE'), file: F.power, when: always },
  { ...bat('N_CELLS'), file: F.power, when: always },
  { ...bat('V_CHARGED'), file: F.power, when: always },
  { ...bat('V_EMPTY'), file: F.power, when: always },
  { ...bat('V_LOAD_DROP'), file: F.power, when: always },
  { name: 'RTL_RETURN_ALT', file: F.safetySummary, when: always },
  { name: 'RTL_DESCEND_ALT', file: F.safetySummary, when: always },
  { name: 'RTL_LAND_DELAY', file: F.safetySummary + '; ' + F.safety, when: always },
  { name: 'COM_RC_LOSS_T', file: F.safetySummary + '; ' + F.safety, when: always },
  { name: 'COM_LOW_BAT_ACT', file: F.safetySummary + '; ' + F.safety + '; ' + F.battery, when: always },
  { name: 'NAV_RCL_ACT', file: F.safetySummary + '; ' + F.safety, when: always },
  { name: 'NAV_DLL_ACT', file: F.safetySummary + '; ' + F.safety, when: always },
  { name: 'COM_DL_LOSS_T', file: F.safety, when: always },
  { name: 'COM_DISARM_LAND', file: F.safety, when: always },
  { name: 'GF_ACTION', file: F.safety, when: always },
  { name: 'GF_MAX_HOR_DIST', file: F.safety, when: always },
  { name: 'GF_MAX_VER_DIST', file: F.safety, when: always },
  { name: 'BAT_LOW_THR', file: F.safety + '; ' + F.battery, when: always },
  { name: 'BAT_CRIT_THR', file: F.safety + '; ' + F.battery, when: always },
  { name: 'BAT_EMERGEN_THR', file: F.safety + '; ' + F.battery, when: always },
  { name: 'MC_ROLLRATE_K', file: F.tuneRate, when: always },
  { name: 'MC_ROLLRATE_I', file: F.tuneRate, when: always },
  { name: 'MC_ROLLRATE_D', file: F.tuneRate, when: always },
  { name: 'MC_PITCHRATE_K', file: F.tuneRate, when: always },
  { name: 'MC_PITCHRATE_I', file: F.tuneRate, when: always },
  { name: 'MC_PITCHRATE_D', file: F.tuneRate, when: always },
  { name: 'MC_YAWRATE_K', file: F.tuneRate, when: always },
  { name: 'MC_YAWRATE_I', file: F.tuneRate, when: always },
  { name: 'MC_ROLL_P', file: F.tuneAtt, when: always },
  { name: 'MC_PITCH_P', file: F.tuneAtt, when: always },
  { name: 'MC_YAW_P', file: F.tuneAtt, when: always },
  { name: 'MPC_XY_VEL_P_ACC', file: F.tuneVel, when: always },
  { name: 'MPC_XY_VEL_I_ACC', file: F.tuneVel, when: always },
  { name: 'MPC_XY_VEL_D_ACC', file: F.tuneVel, when: always },
  { name: 'MPC_Z_VEL_P_ACC', file: F.tuneVel, when: always },
  { name: 'MPC_Z_VEL_I_ACC', file: F.tuneVel, when: always },
  { name: 'MPC_Z_VEL_D_ACC', file: F.tuneVel, when: always },
  { name: 'MPC_XY_P', file: F.tunePos, when: always },
  { name: 'MPC_Z_P', file: F.tunePos, when: always }
]

/** Names QGC only probes (parameterExists / reportMissing=false): never reported missing. */
export const EXISTENCE_CHECKED = [
  { name: 'SYS_HAS_MAG', file: F.sensors },
  { name: 'RC_MAP_FLTMODE', file: F.flightModes + '; ' + F.flightModesSummary },
  { name: 'SYS_HITL', file: 'src/AutoPilotPlugins/PX4/PX4AutoPilotPlugin.cc parametersReadyPreChecks' },
  { name: 'SYS_VEHICLE_RESP', file: F.plugin.replace('prerequisiteSetup', 'vehicleComponents') },
  { name: 'MIS_TAKEOFF_ALT', file: 'src/FirmwarePlugin/PX4/PX4FirmwarePlugin.cc minimumTakeoffAltitude' },
  { name: 'MPC_XY_VEL_MAX', file: 'src/FirmwarePlugin/PX4/PX4FirmwarePlugin.cc maximumHorizontalSpeedMultirotor' },
  { name: 'MPC_LAND_SPEED', file: F.safety },
  { name: 'MC_AIRMODE', file: F.tuneRate },
  { name: 'THR_MDL_FAC', file: F.tuneRate },
  { name: 'MPC_POS_MODE', file: F.tuneVel }
]

/**
 * The names QGC would report missing for a parameter set `params` (Map name → value), in the
 * order of the list above, each with the file that reads it.
 */
export function missingParameters (params) {
  const has = n => params.has(n)
  const value = n => params.get(n)
  const out = []
  for (const p of QGC_PX4_PARAMS) {
    const name = p.name ?? p.resolve(has)
    if (p.when(has, value) && !has(name) && !out.some(o => o.name === name)) out.push({ name, file: p.file })
  }
  return out
}

/** The names the list can ask for on this parameter set (resolved BAT# prefix), without duplicates. */
export function requiredNames (params) {
  const has = n => params.has(n)
  return [...new Set(QGC_PX4_PARAMS.map(p => p.name ?? p.resolve(has)))]
}
