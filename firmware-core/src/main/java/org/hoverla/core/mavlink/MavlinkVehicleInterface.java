package org.hoverla.core.mavlink;

import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.command.LocalCommandHandler;
import org.hoverla.core.mavlink.command.SetModeService;
import org.hoverla.core.mavlink.dialect.AvailableModes;
import org.hoverla.core.mavlink.dialect.AvailableModesMonitor;
import org.hoverla.core.mavlink.dialect.CurrentMode;
import org.hoverla.core.mavlink.link.FlightPoller;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.core.mavlink.ftp.FtpService;
import org.hoverla.core.mavlink.ftp.VirtualFileSystem;
import org.hoverla.core.mavlink.metadata.ComponentMetadataService;
import org.hoverla.core.mavlink.mission.MissionAckExt;
import org.hoverla.core.mavlink.mission.MissionCountExt;
import org.hoverla.core.mavlink.mission.MissionCurrentExt;
import org.hoverla.core.mavlink.mission.MissionService;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.mission.VehicleMissionPorts;
import org.hoverla.core.mavlink.offboard.OffboardService;
import org.hoverla.core.mavlink.param.ParamService;
import org.hoverla.core.mavlink.telemetry.AutopilotVersionService;
import org.hoverla.core.mavlink.telemetry.FailsafeLevel;
import org.hoverla.core.mavlink.telemetry.GnssRawSource;
import org.hoverla.core.mavlink.telemetry.HeartbeatService;
import org.hoverla.core.mavlink.telemetry.TelemetryService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.GcsLinkStatus;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.Clock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.PlanInstaller;

/**
 * The vehicle's MAVLink interface, wired: links plus the heartbeat, telemetry, command,
 * parameter and offboard services, all on one MAVLink thread. Thin on purpose: every piece is
 * tested on its own; this class only connects them.
 *
 * <p>Commands answered here without the flight thread: REQUEST_MESSAGE, SET_MESSAGE_INTERVAL,
 * GET_MESSAGE_INTERVAL, REQUEST_AUTOPILOT_CAPABILITIES, GET_HOME_POSITION,
 * PREFLIGHT_STORAGE (parameters: read, write, reset to defaults), PREFLIGHT_REBOOT_SHUTDOWN (handed to a {@link RebootHandler}).
 * The commander's acknowledgements are collected by a {@link FlightPoller} after every turn of
 * the MAVLink event loop, which polls at a short interval only while a command awaits the flight
 * thread, so a command is answered within about one flight cycle plus a few tens of
 * microseconds; the flight thread only fills its allocation-free queue and never wakes anyone.
 */
public final class MavlinkVehicleInterface implements AutoCloseable {
    static final int CMD_GET_HOME_POSITION = 410;
    static final int CMD_GET_MESSAGE_INTERVAL = 510;
    static final int CMD_SET_MESSAGE_INTERVAL = 511;
    static final int CMD_REQUEST_MESSAGE = 512;
    static final int CMD_REQUEST_AUTOPILOT_CAPABILITIES = 520;
    static final int CMD_PREFLIGHT_STORAGE = 245;
    static final int CMD_PREFLIGHT_REBOOT_SHUTDOWN = 246;

    /** Restarts the flight stack (SITL) or the companion computer; returns a MAV_RESULT. */
    @FunctionalInterface
    public interface RebootHandler {
        int reboot();
    }

    private final MavlinkLinkManager links;
    private final FlightBus bus;
    private final HeartbeatService heartbeat;
    private final TelemetryService telemetry;
    private final CommandService commands;
    private final FtpService ftp;
    private RebootHandler rebootHandler;
    private final org.hoverla.core.mavlink.log.LogService logs;
    private final ComponentMetadataService metadata;
    private final ParamService params;
    private final OffboardService offboard;
    private final MissionService missions;
    private final PlanStore planStore;
    private final AutopilotVersionService autopilotVersion;
    private final StatusTextSender texts;
    private final org.hoverla.core.mavlink.security.LinkTrust linkTrust;
    private final org.hoverla.core.mavlink.signing.MavlinkSigning signing;
    private final org.hoverla.core.mavlink.signing.SigningService signingService;
    private final org.hoverla.core.mavlink.security.CommandAuthority authority;
    private final Subscription<VehicleStatus> authorityStatusSub;
    private final VehicleStatus authorityStatus = new VehicleStatus();
    private final Subscription<org.hoverla.core.msg.VehicleLandDetected> landSub;
    private final org.hoverla.core.msg.VehicleLandDetected land = new org.hoverla.core.msg.VehicleLandDetected();
    private final org.hoverla.core.mavlink.flood.FloodGuard floodGuard;
    private final org.hoverla.core.mavlink.radio.RadioStatusService radio;
    private final org.hoverla.core.msg.MissionEvent missionEvent = new org.hoverla.core.msg.MissionEvent();
    private final Clock clock;
    private final ParamStore store;
    private final Publication<GcsLinkStatus> gcsPub;
    private final GcsLinkStatus gcsStatus = new GcsLinkStatus();
    private final Subscription<VehicleStatus> statusSub;
    private final VehicleStatus status = new VehicleStatus();
    private final org.hoverla.core.mavlink.command.CalibrationCommandHandler calibrationHandler;
    /** [cal] lines from the calibration's thread, sent as STATUSTEXT on this thread's tick. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Object[]> calibrationLines =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    public MavlinkVehicleInterface(VehicleIdentity identity, FlightBus bus, ParamStore store,
                                   ParamPersistence persistence, Clock clock, GnssRawSource gnss,
                                   RebootHandler reboot) {
        this(identity, bus, store, persistence, clock, gnss, reboot, null, PlanStore.NONE);
    }

    /**
     * @param installer activates accepted plans (mission, fence, rally); null = no mission service
     * @param planStore where accepted plans are kept across restarts
     */
    public MavlinkVehicleInterface(VehicleIdentity identity, FlightBus bus, ParamStore store,
                                   ParamPersistence persistence, Clock clock, GnssRawSource gnss,
                                   RebootHandler reboot, PlanInstaller installer, PlanStore planStore) {
        this.bus = bus;
        this.clock = clock;
        this.store = store;
        this.planStore = planStore;
        MavlinkMessageTable table = MavlinkMessageTable.common();
        table.register(AvailableModes.class);
        table.register(CurrentMode.class);
        table.register(AvailableModesMonitor.class);
        table.register(MissionAckExt.class);
        table.register(MissionCountExt.class);
        table.register(MissionCurrentExt.class);
        links = new MavlinkLinkManager(identity.systemId(), identity.componentId(), clock, table);
        linkTrust = org.hoverla.core.mavlink.security.LinkTrust.of(store);
        // MAVLink 2 signing (docs/mavlink-signing.md): every frame passes it first, every frame we send
        // from our identity is signed by it where signing is required. The wall clock gives the
        // signing timestamp (10 us since 2015), not the vehicle clock (a lockstep SITL runs ahead).
        signing = new org.hoverla.core.mavlink.signing.MavlinkSigning(identity.systemId(), linkTrust,
                org.hoverla.core.mavlink.signing.SigningParams.of(store), () -> System.currentTimeMillis() * 1000L);
        links.outboundSigner(signing);
        // Registered before the parameter service is built, like MAV_LINK_TRUST (a bare store in tests).
        org.hoverla.core.mavlink.security.AuthorityParams authorityParams =
                org.hoverla.core.mavlink.security.AuthorityParams.of(store);
        statusSub = bus.vehicleStatus.subscribe();
        // One STATUSTEXT sender for every service: one chunking rule, one sequence of chunk ids.
        texts = new StatusTextSender(links);
        // Flood limits first of all filters: an excess frame is dropped before signature checks,
        // routing (no amplification onto other links) and decoding (docs/link-floods.md).
        floodGuard = new org.hoverla.core.mavlink.flood.FloodGuard(
                org.hoverla.core.mavlink.flood.FloodParams.of(store), texts, System::nanoTime);
        links.addInboundFilter(floodGuard);
        links.addInboundFilter(signing); // second: a flood is dropped before its signatures are hashed
        signingService = new org.hoverla.core.mavlink.signing.SigningService(identity.systemId(),
                identity.componentId(), signing, linkTrust, texts, () -> {
                    statusSub.update(status);
                    return status.armed();
                });
        links.addService(signingService);
        params = new ParamService(store, links, persistence, identity.systemId(), identity.componentId(),
                ParamService.Options.defaults(), texts);
        AutopilotVersionService version = new AutopilotVersionService(identity, links::capabilities);
        autopilotVersion = version;
        heartbeat = new HeartbeatService(bus, identity, links, this::failsafeLevel);
        telemetry = new TelemetryService(bus, identity, links, version, gnss, clock.nanoTime(), texts);
        commands = new CommandService(identity.systemId(), identity.componentId(), bus, links, texts);
        offboard = new OffboardService(identity.systemId(), identity.componentId(), bus, links);
        // Command authority (docs/command-authority.md): allow-list, dangerous commands, offboard owner.
        authorityStatusSub = bus.vehicleStatus.subscribe();
        landSub = bus.landDetected.subscribe();
        org.hoverla.core.param.FloatParam offboardLoss = store.find("COM_OF_LOSS_T")
                instanceof org.hoverla.core.param.FloatParam f ? f : null;
        authority = new org.hoverla.core.mavlink.security.CommandAuthority(
                authorityParams, linkTrust, authorityState(), texts,
                () -> offboardLoss == null ? 1_000_000_000L : (long) (offboardLoss.get() * 1e9));
        commands.authority(authority);
        offboard.authority(authority);
        params.authority(authority);
        gcsPub = bus.gcsLinkStatus.advertise();
        commands.addLocalHandler(this::localCommand);
        calibrationHandler = new org.hoverla.core.mavlink.command.CalibrationCommandHandler(texts, () -> {
            statusSub.update(status);
            return status.armed();
        }, bus.rcCalibrating);
        commands.addLocalHandler(calibrationHandler);
        // MAV_CMD_INJECT_FAILURE behind SYS_FAILURE_EN; this interface applies mavlink_signal off itself
        // (ground-station heartbeats stop counting), whatever the vehicle is (docs/fault-injection.md).
        if (store.find("SYS_FAILURE_EN") instanceof org.hoverla.core.param.IntParam failureGate) {
            bus.failureInjection.declareSupported(org.hoverla.core.fault.FailureUnit.MAVLINK_SIGNAL,
                    org.hoverla.core.fault.FailureType.OFF);
            commands.addLocalHandler(new org.hoverla.core.fault.InjectFailureCommandHandler(bus.failureInjection,
                    failureGate, texts));
        }
        commands.addLocalHandler((link, sys, comp, cmd, p, now) -> cmd == CMD_PREFLIGHT_REBOOT_SHUTDOWN
                ? rebootCommand(p, reboot) : LocalCommandHandler.NOT_HANDLED);
        this.rebootHandler = reboot;
        // Telemetry radios: RADIO_STATUS flow control and per-link quality for SYS_STATUS.
        radio = new org.hoverla.core.mavlink.radio.RadioStatusService(texts, links::stats);
        telemetry.linkConditions(radio);
        links.addService(floodGuard);
        links.addService(heartbeat);
        links.addService(radio);
        links.addService(telemetry);
        links.addService(authority);
        links.addService(commands);
        links.addService(new SetModeService(identity.systemId(), commands));
        links.addService(params);
        links.addService(offboard);
        org.hoverla.core.mavlink.manual.ManualControlService manual =
                new org.hoverla.core.mavlink.manual.ManualControlService(identity.systemId(), bus);
        manual.authority(authority);
        links.addService(manual);
        org.hoverla.core.mavlink.manual.RcChannelsOverrideService rcOverride =
                new org.hoverla.core.mavlink.manual.RcChannelsOverrideService(identity.systemId(), bus);
        rcOverride.authority(authority);
        links.addService(rcOverride);
        // Component metadata (parameter descriptions, ranges, enums) served over MAVLink FTP.
        VirtualFileSystem files = new VirtualFileSystem();
        metadata = new ComponentMetadataService(store, files, links, "Hoverla", "Hoverla " + identity.version(),
                clock.nanoTime());
        ftp = new FtpService(identity.systemId(), identity.componentId(), links, files, FtpService.Options.defaults());
        links.addService(ftp);
        // Flight logs (LOG_REQUEST_LIST / LOG_REQUEST_DATA / LOG_ERASE); none until logDirectory(..).
        logs = new org.hoverla.core.mavlink.log.LogService(identity.systemId(), identity.componentId(), links, texts,
                null, () -> {
                    statusSub.update(status);
                    return status.armed();
                }, org.hoverla.core.mavlink.log.LogService.Options.defaults());
        logs.authority(authority);
        links.addService(logs);
        links.addPoller(new FlightPoller() {
            @Override
            public boolean pending() {
                return commands.pendingCount() > 0;
            }

            @Override
            public void poll(long nowNs) {
                commands.pollFlightAcks(nowNs);
            }
        });
        if (installer != null) {
            missions = new MissionService(identity.systemId(), identity.componentId(), links,
                    VehicleMissionPorts.validator(bus, installer.params()), VehicleMissionPorts.runner(bus, installer),
                    planStore, MissionService.Options.defaults(), texts);
            commands.addLocalHandler(missions.commandHandler());
            missions.authority(authority);
            links.addService(missions);
        } else {
            missions = null;
        }
        links.addService(new MavlinkService() {
            @Override
            public void onMessage(MavlinkLink source, io.dronefleet.mavlink.MavlinkMessage<?> message, long nowNs) {
                // GCS heartbeats are tracked by the heartbeat service; published on tick.
            }

            @Override
            public void tick(long nowNs) {
                publishGcsStatus();
                sendCalibrationLines();
                if (installer != null) {
                    installer.tick();
                }
                pollMissionEvents();
            }
        });
    }

    /** The vehicle as the command authority sees it, from the MAVLink thread's own subscriptions. */
    private org.hoverla.core.mavlink.security.CommandAuthority.VehicleState authorityState() {
        return new org.hoverla.core.mavlink.security.CommandAuthority.VehicleState() {
            @Override
            public boolean armed() {
                authorityStatusSub.update(authorityStatus);
                return authorityStatus.armed();
            }

            @Override
            public boolean inAir() {
                landSub.update(land);
                return armed() && !land.landed;
            }

            @Override
            public boolean offboard() {
                authorityStatusSub.update(authorityStatus);
                return authorityStatus.mode == org.hoverla.core.msg.FlightMode.OFFBOARD;
            }
        };
    }

    /** Opens the links (e.g. {@code udp:127.0.0.1:14550}, {@code tcpin:0.0.0.0:5760}) and starts the thread. */
    public List<LinkEndpoint> start(List<String> linkSpecs) {
        links.start();
        List<LinkEndpoint> endpoints = links.openAll(linkSpecs);
        links.eventLoop().execute(() -> {
            for (MavlinkLink l : links.links()) {
                telemetry.addLink(l);
                radio.addLink(l);
            }
        });
        if (missions != null) {
            // Off the MAVLink thread and off the boot path: the plan file's formatter starts up here,
            // not in the first upload (where it took 218 ms of 268).
            Thread warm = new Thread(() -> {
                try {
                    planStore.prepare();
                } catch (RuntimeException e) {
                    // only a warm-up
                }
            }, "plan-store-prepare");
            warm.setDaemon(true);
            warm.setPriority(Thread.MIN_PRIORITY);
            warm.start();
        }
        return endpoints;
    }

    /**
     * Lets MAV_CMD_PREFLIGHT_CALIBRATION start and cancel {@code runner}'s calibrations and sends
     * its {@code [cal]} lines to every link. Boot thread, before {@link #start}.
     */
    public void attachCalibration(org.hoverla.core.calibration.CalibrationRunner runner) {
        if (runner == null) {
            return;
        }
        runner.addNarration((severity, text) -> calibrationLines.add(new Object[] {severity, text}));
        calibrationHandler.calibration(runner, clock);
    }

    private void sendCalibrationLines() {
        Object[] line;
        while ((line = calibrationLines.poll()) != null) {
            texts.send(null, (Integer) line[0], (String) line[1]);
        }
    }

    /** Mission progress from the flight thread: MISSION_ITEM_REACHED and camera events. */
    private void pollMissionEvents() {
        while (bus.missionEvents.poll(missionEvent)) {
            if (missions != null && missionEvent.kind == org.hoverla.core.msg.MissionEvent.ITEM_REACHED) {
                missions.itemReached(missionEvent.seq);
            } else if (missionEvent.kind == org.hoverla.core.msg.MissionEvent.CAMERA) {
                telemetry.statusText(org.hoverla.core.msg.VehicleEvent.INFO, String.format(java.util.Locale.ROOT,
                        "Camera command %d at item %d, N %.1f E %.1f D %.1f m", missionEvent.command,
                        missionEvent.seq, missionEvent.northM, missionEvent.eastM, missionEvent.downM));
            }
        }
    }

    private FailsafeLevel failsafeLevel() {
        statusSub.update(status);
        return status.failsafe ? FailsafeLevel.CRITICAL : FailsafeLevel.NONE;
    }

    private void publishGcsStatus() {
        if (bus.failureInjection.active(org.hoverla.core.fault.FailureUnit.MAVLINK_SIGNAL)) {
            return; // injected mavlink_signal off: the flight stack hears no ground station
        }
        long last = heartbeat.lastGcsHeartbeatNs();
        if (last != HeartbeatService.NEVER && last != gcsStatus.lastHeartbeatNs) {
            gcsStatus.everSeen = true;
            gcsStatus.lastHeartbeatNs = last;
            gcsPub.publish(gcsStatus);
        }
    }

    int localCommand(MavlinkLink link, int sys, int comp, int cmd, double[] p, long nowNs) {
        switch (cmd) {
            case CMD_REQUEST_MESSAGE:
                if (p[0] == TelemetryService.MESSAGE_INTERVAL) {
                    return telemetry.sendMessageInterval(link, p[1]); // param2 = the message id, unrounded
                }
                if (Double.isFinite(p[0]) && metadata.answers((int) p[0])) {
                    return metadata.requestMessage(link, (int) p[0], nowNs);
                }
                return Double.isFinite(p[0]) ? telemetry.requestMessage(link, (int) p[0], (float) p[1])
                        : VehicleCommandAck.DENIED;
            case CMD_SET_MESSAGE_INTERVAL:
                if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                    return VehicleCommandAck.DENIED;
                }
                return telemetry.setMessageInterval(link, (int) p[0], (long) p[1]);
            case CMD_GET_MESSAGE_INTERVAL:
                return telemetry.sendMessageInterval(link, p[0]);
            case CMD_REQUEST_AUTOPILOT_CAPABILITIES:
                return telemetry.requestMessage(link, TelemetryService.AUTOPILOT_VERSION);
            case CMD_GET_HOME_POSITION:
                return telemetry.requestMessage(link, TelemetryService.HOME_POSITION);
            case CMD_PREFLIGHT_STORAGE:
                return storage(p, nowNs);
            default:
                return LocalCommandHandler.NOT_HANDLED;
        }
    }

    /**
     * PREFLIGHT_STORAGE param1: 0 read from storage, 1 write to storage, 2 reset to defaults
     * (QGC's "Reset all to firmware's defaults" sends param1 = 2, param2 = -1:
     * {@code ParameterManager::resetAllParametersToDefaults}). param2 (mission storage) is
     * ignored: plans have their own store. Refused while armed (TEMPORARILY_REJECTED with a
     * reason), as parameters and their file must not change under a flying controller.
     *
     * <p><b>Reset</b> puts every parameter back to its default except those {@link #keptOnReset
     * describing this vehicle's hardware and link}, saves at once and says what it did in a
     * STATUSTEXT (PX4's commander answers ACCEPTED with "Onboard parameters reset"). If the file
     * cannot be written the values are reset in memory only and the answer is FAILED.
     */
    private int storage(double[] p, long nowNs) {
        statusSub.update(status);
        if (status.armed()) {
            texts.send(null, org.hoverla.core.msg.VehicleEvent.WARNING, "Parameter storage refused: disarm first");
            return VehicleCommandAck.TEMPORARILY_REJECTED;
        }
        // param1 is an enum: anything but a whole number is no action (DENIED below)
        int action = Double.isFinite(p[0]) && p[0] == Math.rint(p[0]) ? (int) p[0] : -1;
        switch (action) {
            case 0:
                params.reloadFromFile();
                return VehicleCommandAck.ACCEPTED;
            case 1:
                return params.saveNow(nowNs) ? VehicleCommandAck.ACCEPTED : VehicleCommandAck.FAILED;
            case 2:
                return resetParameters(nowNs);
            default:
                return VehicleCommandAck.DENIED;
        }
    }

    private int resetParameters(long nowNs) {
        int changed = store.resetToDefaultsExcept(MavlinkVehicleInterface::keptOnReset);
        if (!params.saveNow(nowNs)) {
            texts.send(null, org.hoverla.core.msg.VehicleEvent.ERROR,
                    "Parameters reset to defaults but not saved: they return at reboot");
            return VehicleCommandAck.FAILED;
        }
        texts.send(null, org.hoverla.core.msg.VehicleEvent.INFO, "Onboard parameters reset (" + changed
                + " changed; calibration, airframe and system id kept)");
        return VehicleCommandAck.ACCEPTED;
    }

    /**
     * Parameters a reset to defaults leaves alone, because they describe this particular vehicle
     * rather than a tuning choice: sensor calibration ({@code CAL_*}: ids, rotations, offsets
     * from the sensors and the production line, and the level trim {@code SENS_BOARD_*_OFF}:
     * {@link org.hoverla.core.sensors.CalibrationParamSet#isCalibration}), the airframe ({@code SYS_AUTOSTART}: a reset to
     * quad-X on a hexacopter would mix its motors wrongly at the next boot), and the MAVLink system id ({@code MAV_SYS_ID}: changing it would cut the ground
     * station that asked). PX4 keeps calibration and airframe across its own configuration resets
     * ({@code SYS_AUTOCONFIG}, {@code rcS}'s {@code param reset_all} exclusions); its commander's
     * PREFLIGHT_STORAGE reset clears everything, which for a ground-station button is the
     * surprising choice.
     */
    static boolean keptOnReset(org.hoverla.core.param.Param p) {
        String n = p.name();
        return org.hoverla.core.sensors.CalibrationParamSet.isCalibration(p) || n.equals("SYS_AUTOSTART")
                || n.equals("MAV_SYS_ID");
    }

    private int rebootCommand(double[] p, RebootHandler reboot) {
        int autopilot = Double.isFinite(p[0]) ? (int) p[0] : 0;
        if (autopilot == 0) {
            return VehicleCommandAck.ACCEPTED; // "do nothing for autopilot"
        }
        if (autopilot != 1 || reboot == null) {
            return VehicleCommandAck.UNSUPPORTED;
        }
        statusSub.update(status);
        if (status.armed()) {
            return VehicleCommandAck.DENIED;
        }
        return reboot.reboot();
    }

    public MavlinkLinkManager links() {
        return links;
    }

    /** MAVLink 2 signing: key id, counters, timestamp (docs/mavlink-signing.md). */
    public org.hoverla.core.mavlink.signing.MavlinkSigning signing() {
        return signing;
    }

    /**
     * Keeps the signing key and timestamp in {@code keyStore}: installs its key, if any, and restores
     * its timestamp. Boot thread, before {@link #start}.
     *
     * @return the key id, or null when no key is stored
     * @throws java.io.IOException a key file others can read, or a malformed one (the message says how to fix it)
     */
    public String loadSigningKey(org.hoverla.core.mavlink.signing.SigningKeyStore keyStore) throws java.io.IOException {
        return signingService.load(keyStore);
    }

    /** Which messages carry the owner's authority (trusted links, verified signatures). */
    public org.hoverla.core.mavlink.security.LinkTrust linkTrust() {
        return linkTrust;
    }

    /** Who may command the vehicle: allow-list, dangerous commands, the offboard session's owner. */
    public org.hoverla.core.mavlink.security.CommandAuthority authority() {
        return authority;
    }

    /** The flood limiter (first inbound filter): its counters per link and class. */
    public org.hoverla.core.mavlink.flood.FloodGuard floodGuard() {
        return floodGuard;
    }

    public TelemetryService telemetry() {
        return telemetry;
    }

    /** Telemetry radios: flow control and link quality per link. */
    public org.hoverla.core.mavlink.radio.RadioStatusService radio() {
        return radio;
    }

    public ParamService params() {
        return params;
    }

    /** The mission protocol service, or null when no plan installer was given. */
    public MissionService missions() {
        return missions;
    }

    public CommandService commands() {
        return commands;
    }

    /** AUTOPILOT_VERSION, with the capabilities of the services registered now. */
    public AutopilotVersionService autopilotVersion() {
        return autopilotVersion;
    }

    /** The MAVLink FTP server (read-only; declares {@link FtpService#CAPABILITY}). */
    public FtpService ftp() {
        return ftp;
    }

    /**
     * Serves the flight logs in {@code dir} over the MAVLink log protocol (null: none, every
     * LOG_REQUEST_LIST answers num_logs 0). Any thread, before or after {@link #start}.
     */
    public void logDirectory(org.hoverla.core.log.LogDirectory dir) {
        logs.directory(dir);
    }

    /**
     * Opens field updates over MAVLink (docs/update-over-mavlink.md): the FTP server accepts
     * uploads into {@code inbox} as {@code /@update/}, from a station the command authority lets
     * send dangerous commands and only while disarmed, and {@code MAV_CMD_DO_UPGRADE} installs the
     * uploaded bundle through {@code installer} on {@code worker}. Boot, before the links start.
     *
     * @param maxBytes the largest file the inbox takes ({@link org.hoverla.core.mavlink.ftp.FtpUploadArea#DEFAULT_MAX_BYTES})
     * @return the DO_UPGRADE handler (its counters)
     */
    public org.hoverla.core.mavlink.command.UpgradeCommandHandler enableUpdates(java.nio.file.Path inbox,
            org.hoverla.core.update.BundleInstaller installer, java.util.concurrent.Executor worker, long maxBytes,
            Runnable restartIntoUpdate) {
        java.util.function.BooleanSupplier armed = () -> {
            authorityStatusSub.update(authorityStatus);
            return authorityStatus.armed();
        };
        ftp.uploadArea(new org.hoverla.core.mavlink.ftp.FtpUploadArea(inbox, maxBytes, (link, sys, now) -> {
            if (armed.getAsBoolean()) {
                return org.hoverla.core.mavlink.ftp.FtpUploadArea.ARMED;
            }
            return authority.allowUpdateUpload(link, sys, now) ? org.hoverla.core.mavlink.ftp.FtpUploadArea.ALLOWED
                    : org.hoverla.core.mavlink.ftp.FtpUploadArea.NOT_AUTHORISED;
        }));
        RebootHandler reboot = rebootHandler;
        org.hoverla.core.mavlink.command.UpgradeCommandHandler upgrade =
                new org.hoverla.core.mavlink.command.UpgradeCommandHandler(inbox, installer, armed, worker, links, texts,
                        restartIntoUpdate != null ? restartIntoUpdate::run : reboot == null ? null : reboot::reboot);
        commands.addLocalHandler(upgrade);
        links.addService(upgrade);
        return upgrade;
    }

    /** The MAVLink log protocol service. */
    public org.hoverla.core.mavlink.log.LogService logs() {
        return logs;
    }

    /** The component metadata (COMPONENT_METADATA and the files it points at). */
    public ComponentMetadataService metadata() {
        return metadata;
    }

    @Override
    public void close() {
        links.close();
        signingService.close(); // after the links: the last timestamp sent is the one saved
    }
}
