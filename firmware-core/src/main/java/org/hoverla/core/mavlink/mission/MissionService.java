package org.hoverla.core.mavlink.mission;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionClearAll;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionItemReached;
import io.dronefleet.mavlink.common.MissionRequest;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.MissionRequestList;
import io.dronefleet.mavlink.common.MissionSetCurrent;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.command.LocalCommandHandler;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;

/**
 * The MAVLink mission protocol (https://mavlink.io/en/services/mission.html) for the three plan
 * types (mission, geofence, rally points): upload, download, clear, current item and progress.
 *
 * <h2>Upload (ground station → vehicle)</h2>
 * <ul>
 *   <li>{@code MISSION_COUNT} starts an upload of its {@code mission_type}; the vehicle asks for
 *       the items one by one with {@code MISSION_REQUEST_INT} (answers may be
 *       {@code MISSION_ITEM_INT} or the deprecated {@code MISSION_ITEM}, whose float x/y are
 *       converted to the INT encoding: degE7 for global frames, metres × 1e4 for local ones).</li>
 *   <li>An unanswered request is sent again after {@link Options#itemTimeoutNs} (the spec's
 *       250 ms for mission items) up to {@link Options#maxRetries} times; then the upload is
 *       abandoned with {@code MISSION_ACK OPERATION_CANCELLED} and a STATUSTEXT.</li>
 *   <li>An item out of sequence is dropped and the expected one requested again (the spec treats
 *       this as recoverable, so never {@code INVALID_SEQUENCE} here). A late duplicate of an item
 *       already stored, arriving while a fresh request is in flight, is dropped silently (else one
 *       delayed answer would make every later item travel twice).</li>
 *   <li>A {@code MISSION_ACK} with an error from the uploading ground station cancels the upload
 *       silently (the ground station has already gone idle; an answer could disturb the
 *       operation it starts next).</li>
 *   <li>Transactional: when the last item arrived the whole list goes to the
 *       {@link PlanValidator}; only if it accepts and the {@link PlanStore} saved the new plan
 *       does it become active ({@code MISSION_ACK ACCEPTED} with the new opaque id, then
 *       {@code MISSION_CURRENT}). A refusal answers the validator's MAV_MISSION_RESULT plus a
 *       STATUSTEXT naming item and reason; a failed save answers {@code MAV_MISSION_ERROR}.
 *       Refused, cancelled or abandoned uploads leave the active plan untouched.</li>
 *   <li>{@code count == 0} clears that type (no validation); {@code count} above
 *       {@link Options#capacity} is answered {@code NO_SPACE}.</li>
 *   <li>One upload per type at a time: another sender (other link, system or component)
 *       starting one of the same type gets {@code MISSION_ACK DENIED} and the first continues;
 *       the same sender sending {@code MISSION_COUNT} again restarts its upload. Uploads of
 *       different types may run at once.</li>
 *   <li>If the final {@code MISSION_ACK} is lost, the ground station sends the last item again:
 *       it gets the same final answer again for {@link Options#finalAckMemoryNs}. Other items
 *       with no upload in progress get {@code MAV_MISSION_ERROR}.</li>
 * </ul>
 *
 * <h2>Download (vehicle → ground station)</h2>
 * {@code MISSION_REQUEST_LIST} is answered with {@code MISSION_COUNT} carrying the plan's opaque
 * id and snapshots the plan for that sender, so a concurrent upload cannot mix two plans into one
 * download; {@code MISSION_REQUEST_INT} and the deprecated {@code MISSION_REQUEST} are both
 * answered with {@code MISSION_ITEM_INT} (as the spec says) carrying the stored fields bit for
 * bit; a sequence number outside the plan gets {@code MISSION_ACK INVALID_SEQUENCE}; the ground
 * station's {@code MISSION_ACK} (or {@link Options#downloadTimeoutNs} of silence) ends it.
 *
 * <h2>Clear, current item, progress</h2>
 * {@code MISSION_CLEAR_ALL} clears one type or all ({@code MAV_MISSION_TYPE_ALL}) and is
 * answered {@code ACCEPTED} ({@code DENIED} while another sender uploads an affected type).
 * {@code MISSION_SET_CURRENT} and {@link #setCurrentFromCommand} go to the {@link MissionRunner};
 * success broadcasts {@code MISSION_CURRENT}, failure a STATUSTEXT. {@code MISSION_CURRENT} (seq,
 * total, mission_state, mission_mode and the three plan ids) is broadcast at
 * {@link Options#currentPeriodNs} and at once when the runner's current item or a plan changes;
 * {@link #itemReached} broadcasts {@code MISSION_ITEM_REACHED}.
 *
 * <h2>Opaque ids</h2>
 * Per type, a CRC-32 of the items' wire fields (0 for an empty plan, never 0 otherwise): it
 * changes whenever the plan's content changes and survives restarts. {@code io.dronefleet.mavlink}
 * 1.1.11 lacks the {@code opaque_id} and plan-id extension fields, so this service sends its own
 * {@link MissionCountExt}, {@link MissionAckExt} and {@link MissionCurrentExt}, which the link
 * layer's encoder frames like any annotated message.
 *
 * <p>Messages whose target system is neither ours nor 0, or whose target component is neither
 * ours nor 0, are ignored. Nothing here throws: a failing port (validator, runner, store) is
 * caught and counted.
 *
 * <p>Threads: every method runs on the MAVLink thread; all timing comes from {@code nowNs}.
 */
public final class MissionService implements MavlinkService {
    /**
     * The mission protocol over MISSION_ITEM_INT for all three plan types: missions, geofences
     * and rally points (QGC's Plan view enables fence and rally editing only with these bits:
     * {@code GeoFenceManager::supported}, {@code RallyPointManager}). Not MISSION_FLOAT: the
     * deprecated MISSION_ITEM is accepted on upload, but downloads answer with MISSION_ITEM_INT.
     */
    @Override
    public long capabilities() {
        return org.hoverla.core.mavlink.MavlinkCapabilities.MISSION_INT
                | org.hoverla.core.mavlink.MavlinkCapabilities.MISSION_FENCE
                | org.hoverla.core.mavlink.MavlinkCapabilities.MISSION_RALLY;
    }


    /** MAV_CMD_DO_SET_MISSION_CURRENT. */
    public static final int MAV_CMD_DO_SET_MISSION_CURRENT = 224;
    /** MAV_MISSION_TYPE_ALL. */
    public static final int MISSION_TYPE_ALL = 255;

    static final int MAV_RESULT_ACCEPTED = 0;
    static final int MAV_RESULT_DENIED = 2;
    static final int MAV_RESULT_FAILED = 4;

    static final int SEVERITY_WARNING = 4;
    static final int SEVERITY_INFO = 6;

    private static final int ACCEPTED = PlanValidator.Result.MAV_MISSION_ACCEPTED;
    private static final int ERROR = PlanValidator.Result.MAV_MISSION_ERROR;
    private static final int UNSUPPORTED = PlanValidator.Result.MAV_MISSION_UNSUPPORTED;
    private static final int NO_SPACE = PlanValidator.Result.MAV_MISSION_NO_SPACE;
    private static final int INVALID = PlanValidator.Result.MAV_MISSION_INVALID;
    private static final int INVALID_SEQUENCE = PlanValidator.Result.MAV_MISSION_INVALID_SEQUENCE;
    private static final int DENIED = PlanValidator.Result.MAV_MISSION_DENIED;
    private static final int CANCELLED = PlanValidator.Result.MAV_MISSION_OPERATION_CANCELLED;

    private static final int MAX_DOWNLOADS = 16;

    /**
     * Configuration.
     *
     * @param itemTimeoutNs     wait for an item before requesting it again (spec: 250 ms)
     * @param maxRetries        requests sent again for one item before the upload is cancelled (spec: 5)
     * @param downloadTimeoutNs a download snapshot is dropped after this long without a request
     * @param currentPeriodNs   MISSION_CURRENT stream period (1 Hz)
     * @param missionCapacity   most mission items
     * @param fenceCapacity     most geofence items
     * @param rallyCapacity     most rally points
     * @param finalAckMemoryNs  how long the final answer of an upload is repeated to a sender
     *                          that sends an item again (its copy of our ACK was lost)
     */
    public record Options(long itemTimeoutNs, int maxRetries, long downloadTimeoutNs, long currentPeriodNs,
                          int missionCapacity, int fenceCapacity, int rallyCapacity, long finalAckMemoryNs) {
        public Options {
            if (itemTimeoutNs <= 0 || downloadTimeoutNs <= 0 || currentPeriodNs <= 0 || finalAckMemoryNs < 0) {
                throw new IllegalArgumentException("timeouts and periods must be > 0");
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
            }
            for (int c : new int[] {missionCapacity, fenceCapacity, rallyCapacity}) {
                if (c < 0 || c > 0xFFFF) {
                    throw new IllegalArgumentException("capacity must be 0..65535: " + c);
                }
            }
        }

        /** 250 ms × 5 retries, 5 s download timeout, 1 Hz MISSION_CURRENT, 1000/256/64 items, 10 s ACK memory. */
        public static Options defaults() {
            return new Options(250_000_000L, 5, 5_000_000_000L, 1_000_000_000L, 1000, 256, 64, 10_000_000_000L);
        }

        public Options withItemTimeoutNs(long ns) {
            return new Options(ns, maxRetries, downloadTimeoutNs, currentPeriodNs, missionCapacity, fenceCapacity,
                    rallyCapacity, finalAckMemoryNs);
        }

        public Options withMaxRetries(int n) {
            return new Options(itemTimeoutNs, n, downloadTimeoutNs, currentPeriodNs, missionCapacity, fenceCapacity,
                    rallyCapacity, finalAckMemoryNs);
        }

        public Options withCapacities(int mission, int fence, int rally) {
            return new Options(itemTimeoutNs, maxRetries, downloadTimeoutNs, currentPeriodNs, mission, fence, rally,
                    finalAckMemoryNs);
        }

        /** The most items a plan of {@code type} may have. */
        public int capacity(MissionType type) {
            switch (type) {
                case FENCE:
                    return fenceCapacity;
                case RALLY:
                    return rallyCapacity;
                case MISSION:
                default:
                    return missionCapacity;
            }
        }
    }

    /** A snapshot of the service's counters. */
    public record Counters(long uploadsAccepted, long uploadsRefused, long uploadsCancelledTimeout,
                           long uploadsCancelledByGcs, long uploadsDenied, long requestsResent,
                           long itemsOutOfSequence, long downloadsStarted, long itemsSent, long clears,
                           long ignoredOtherTarget, long saveFailures, long portFailures) {
    }

    /** An upload in progress. */
    private static final class Upload {
        final MavlinkLink link;
        final int sys;
        final int comp;
        final MissionType type;
        final int count;
        final List<MissionItem> items;
        long lastRequestNs;
        int attempts;

        Upload(MavlinkLink link, int sys, int comp, MissionType type, int count, long nowNs) {
            this.link = link;
            this.sys = sys;
            this.comp = comp;
            this.type = type;
            this.count = count;
            this.items = new ArrayList<>(count);
            this.lastRequestNs = nowNs;
        }

        int expected() {
            return items.size();
        }

        boolean from(MavlinkLink l, int s, int c) {
            return sameSender(link, sys, comp, l, s, c);
        }
    }

    /** The end of the last upload of a type, to answer a sender whose copy of the final ACK was lost. */
    private record Finished(MavlinkLink link, int sys, int comp, int count, int result, long opaqueId, long atNs) {
        boolean from(MavlinkLink l, int s, int c) {
            return sameSender(link, sys, comp, l, s, c);
        }
    }

    /** A download in progress: the plan as it was when the sender asked for the list. */
    private static final class Download {
        final MavlinkLink link;
        final int sys;
        final int comp;
        final MissionType type;
        final List<MissionItem> items;
        long lastNs;

        Download(MavlinkLink link, int sys, int comp, MissionType type, List<MissionItem> items, long nowNs) {
            this.link = link;
            this.sys = sys;
            this.comp = comp;
            this.type = type;
            this.items = items;
            this.lastNs = nowNs;
        }
    }

    private final int systemId;
    private final int componentId;
    private final MavlinkOutput out;
    private final PlanValidator validator;
    private final MissionRunner runner;
    private final PlanStore store;
    private final Options options;
    private final StatusTextSender texts;

    private MissionPlan plan;
    private final long[] opaqueIds = new long[3];
    private final Upload[] uploads = new Upload[3];
    private final Finished[] finished = new Finished[3];
    private final List<Download> downloads = new ArrayList<>();
    private final String loadProblem;
    private boolean loadProblemReported;

    private boolean currentDue = true;
    private long lastCurrentNs;
    private int lastSentSeq = -1;

    private long uploadsAccepted;
    private long uploadsRefused;
    private long uploadsCancelledTimeout;
    private long uploadsCancelledByGcs;
    private long uploadsDenied;
    private long requestsResent;
    private long itemsOutOfSequence;
    private long downloadsStarted;
    private long itemsSent;
    private long clears;
    private long ignoredOtherTarget;
    private long saveFailures;
    private long portFailures;

    /** With {@link Options#defaults()}. */
    public MissionService(int systemId, int componentId, MavlinkOutput out, PlanValidator validator,
                          MissionRunner runner, PlanStore store) {
        this(systemId, componentId, out, validator, runner, store, Options.defaults());
    }

    /**
     * Loads the saved plan through {@code store} (an unreadable store starts empty and reports
     * the problem by STATUSTEXT at the first tick) and tells {@code runner} about each type.
     *
     * @param systemId    this vehicle's MAVLink system id (1..255)
     * @param componentId this component's id (1..255; the autopilot is 1)
     * @param out         sends on one link or all
     * @param validator   decides whether an uploaded plan may become active
     *                    ({@link PlanValidator#ACCEPT_ALL} until the real one is plugged in)
     * @param runner      the mission executor's port ({@link MissionRunner#NONE} for none)
     * @param store       persistence ({@link PlanStore#NONE} for none)
     */
    public MissionService(int systemId, int componentId, MavlinkOutput out, PlanValidator validator,
                          MissionRunner runner, PlanStore store, Options options) {
        this(systemId, componentId, out, validator, runner, store, options, new StatusTextSender(out));
    }

    /** As above, with the vehicle interface's one STATUSTEXT sender (shared chunk ids). */
    public MissionService(int systemId, int componentId, MavlinkOutput out, PlanValidator validator,
                          MissionRunner runner, PlanStore store, Options options, StatusTextSender texts) {
        this.texts = Objects.requireNonNull(texts, "texts");
        if (systemId < 1 || systemId > 255 || componentId < 1 || componentId > 255) {
            throw new IllegalArgumentException("system and component ids must be 1..255: " + systemId + "/" + componentId);
        }
        this.systemId = systemId;
        this.componentId = componentId;
        this.out = Objects.requireNonNull(out, "out");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        MissionPlan loaded;
        String problem = null;
        try {
            loaded = store.load();
            if (loaded == null) {
                loaded = MissionPlan.EMPTY;
            }
        } catch (IOException | RuntimeException e) {
            loaded = MissionPlan.EMPTY;
            problem = "Plan not loaded: " + describe(e);
        }
        this.loadProblem = problem;
        this.plan = loaded;
        for (MissionType t : MissionType.values()) {
            opaqueIds[t.ordinal()] = opaqueId(plan.items(t));
            notifyRunner(t);
        }
    }

    // ------------------------------------------------------------------ public API

    /** The active plan (all three types). */
    public MissionPlan plan() {
        return plan;
    }

    /** The opaque id of the active plan of {@code type} (0 when empty). */
    public long opaqueId(MissionType type) {
        return opaqueIds[type.ordinal()];
    }

    /** Why the plan could not be loaded at start, or {@code null}. */
    public String loadProblem() {
        return loadProblem;
    }

    /** Whether an upload of {@code type} is in progress. */
    public boolean uploadInProgress(MissionType type) {
        return uploads[type.ordinal()] != null;
    }

    /**
     * Replaces the active plan with one imported from a file. Same rules as an upload: every
     * list must be in sequence order ({@code seq == index}) and of its type, within capacity,
     * accepted by the validator (non-empty types) and saved; otherwise nothing changes. Changed
     * types are announced to the runner and in MISSION_CURRENT at the next tick. Uploads in
     * progress continue and, if they succeed, replace their type afterwards.
     *
     * @return {@link PlanValidator.Result#ACCEPTED} or why the plan was refused
     */
    public PlanValidator.Result replacePlan(MissionPlan newPlan) {
        if (newPlan == null) {
            return PlanValidator.Result.refused(ERROR, -1, "no plan");
        }
        int changed = 0;
        for (MissionType t : MissionType.values()) {
            List<MissionItem> items = newPlan.items(t);
            if (items.size() > options.capacity(t)) {
                return PlanValidator.Result.refused(NO_SPACE, -1,
                        items.size() + " items, room for " + options.capacity(t));
            }
            for (int i = 0; i < items.size(); i++) {
                MissionItem it = items.get(i);
                if (it.seq() != i) {
                    return PlanValidator.Result.refused(INVALID_SEQUENCE, i, "seq " + it.seq() + " at position " + i);
                }
                if (it.type() != t) {
                    return PlanValidator.Result.refused(INVALID, i, "item of type " + it.type() + " in " + t);
                }
            }
            if (!items.isEmpty()) {
                PlanValidator.Result r = validate(t, items);
                if (!r.accepted()) {
                    return r;
                }
            }
            if (!items.equals(plan.items(t)) || opaqueId(items) != opaqueIds[t.ordinal()]) {
                changed |= 1 << t.ordinal();
            }
        }
        if (changed == 0) {
            return PlanValidator.Result.ACCEPTED;
        }
        String problem = apply(newPlan, changed);
        if (problem != null) {
            return PlanValidator.Result.refused(ERROR, -1, problem);
        }
        return PlanValidator.Result.ACCEPTED;
    }

    /**
     * MAV_CMD_DO_SET_MISSION_CURRENT for the command service (param1 = seq; -1 keeps the current
     * item). Broadcasts MISSION_CURRENT on success (whether or not the item changed), a
     * STATUSTEXT on failure.
     *
     * @return a MAV_RESULT: ACCEPTED, FAILED (no such item) or DENIED (the runner refused)
     */
    public int setCurrentFromCommand(int seq) {
        if (seq == -1) {
            emitCurrent();
            return MAV_RESULT_ACCEPTED;
        }
        int count = plan.mission().size();
        if (seq < 0 || seq >= count) {
            statusText(null, SEVERITY_WARNING, "Set current refused: no mission item " + seq + " (" + count + " items)");
            return MAV_RESULT_FAILED;
        }
        if (!runnerSetCurrent(seq)) {
            statusText(null, SEVERITY_WARNING, "Set current refused by the mission runner: item " + seq);
            return MAV_RESULT_DENIED;
        }
        emitCurrent();
        return MAV_RESULT_ACCEPTED;
    }

    /** A {@link LocalCommandHandler} answering MAV_CMD_DO_SET_MISSION_CURRENT through {@link #setCurrentFromCommand}. */
    public LocalCommandHandler commandHandler() {
        return (link, sourceSystem, sourceComponent, command, params, nowNs) -> {
            if (command != MAV_CMD_DO_SET_MISSION_CURRENT) {
                return LocalCommandHandler.NOT_HANDLED;
            }
            double p1 = params[0];
            if (Double.isNaN(p1) || p1 != Math.rint(p1) || p1 < -1 || p1 > 0xFFFF) {
                statusText(link, SEVERITY_WARNING, "Set current refused: bad item number");
                return MAV_RESULT_FAILED;
            }
            return setCurrentFromCommand((int) p1);
        };
    }

    /** The runner reached mission item {@code seq}: broadcasts MISSION_ITEM_REACHED. */
    public void itemReached(int seq) {
        if (seq < 0 || seq > 0xFFFF) {
            return;
        }
        out.send(null, MissionItemReached.builder().seq(seq).build());
    }

    public Counters counters() {
        return new Counters(uploadsAccepted, uploadsRefused, uploadsCancelledTimeout, uploadsCancelledByGcs,
                uploadsDenied, requestsResent, itemsOutOfSequence, downloadsStarted, itemsSent, clears,
                ignoredOtherTarget, saveFailures, portFailures);
    }

    // ------------------------------------------------------------------ MavlinkService

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        try {
            dispatch(source, message, nowNs);
        } catch (RuntimeException e) {
            portFailures++;
        }
    }

    private void dispatch(MavlinkLink link, MavlinkMessage<?> message, long nowNs) {
        Object p = message.getPayload();
        int sys = message.getOriginSystemId();
        int comp = message.getOriginComponentId();
        if (p instanceof MissionItemInt) {
            MissionItemInt m = (MissionItemInt) p;
            if (addressed(m.targetSystem(), m.targetComponent())) {
                int typeRaw = raw(m.missionType());
                if (refusedByAuthority(link, sys, comp, typeRaw, nowNs)) {
                    return;
                }
                MissionType type = MissionType.fromMavlink(typeRaw);
                if (type == null) {
                    sendAck(link, sys, comp, UNSUPPORTED, typeRaw, 0);
                    return;
                }
                onItem(link, sys, comp, new MissionItem(m.seq(), raw(m.frame()), raw(m.command()), m.current() != 0,
                        m.autocontinue() != 0, m.param1(), m.param2(), m.param3(), m.param4(), m.x(), m.y(), m.z(),
                        type), nowNs);
            }
        } else if (p instanceof io.dronefleet.mavlink.common.MissionItem) {
            io.dronefleet.mavlink.common.MissionItem m = (io.dronefleet.mavlink.common.MissionItem) p;
            if (addressed(m.targetSystem(), m.targetComponent())) {
                int typeRaw = raw(m.missionType());
                if (refusedByAuthority(link, sys, comp, typeRaw, nowNs)) {
                    return;
                }
                MissionType type = MissionType.fromMavlink(typeRaw);
                if (type == null) {
                    sendAck(link, sys, comp, UNSUPPORTED, typeRaw, 0);
                    return;
                }
                int frame = raw(m.frame());
                onItem(link, sys, comp, new MissionItem(m.seq(), frame, raw(m.command()), m.current() != 0,
                        m.autocontinue() != 0, m.param1(), m.param2(), m.param3(), m.param4(),
                        legacyToInt(frame, m.x()), legacyToInt(frame, m.y()), m.z(), type), nowNs);
            }
        } else if (p instanceof MissionCount) {
            MissionCount m = (MissionCount) p;
            if (addressed(m.targetSystem(), m.targetComponent())
                    && !refusedByAuthority(link, sys, comp, raw(m.missionType()), nowNs)) {
                onCount(link, sys, comp, m.count(), raw(m.missionType()), nowNs);
            }
        } else if (p instanceof MissionCountExt) {
            MissionCountExt m = (MissionCountExt) p;
            if (addressed(m.targetSystem(), m.targetComponent())
                    && !refusedByAuthority(link, sys, comp, m.missionType(), nowNs)) {
                onCount(link, sys, comp, m.count(), m.missionType(), nowNs);
            }
        } else if (p instanceof MissionRequestInt) {
            MissionRequestInt m = (MissionRequestInt) p;
            if (addressed(m.targetSystem(), m.targetComponent())) {
                onRequest(link, sys, comp, m.seq(), raw(m.missionType()), nowNs);
            }
        } else if (p instanceof MissionRequest) {
            // Deprecated; the spec says to answer it as MISSION_REQUEST_INT (with MISSION_ITEM_INT).
            MissionRequest m = (MissionRequest) p;
            if (addressed(m.targetSystem(), m.targetComponent())) {
                onRequest(link, sys, comp, m.seq(), raw(m.missionType()), nowNs);
            }
        } else if (p instanceof MissionRequestList) {
            MissionRequestList m = (MissionRequestList) p;
            if (addressed(m.targetSystem(), m.targetComponent())) {
                onRequestList(link, sys, comp, raw(m.missionType()), nowNs);
            }
        } else if (p instanceof MissionAck) {
            MissionAck m = (MissionAck) p;
            if (addressed(m.targetSystem(), m.targetComponent())) {
                onAck(link, sys, comp, raw(m.type()), raw(m.missionType()), nowNs);
            }
        } else if (p instanceof MissionAckExt) {
            MissionAckExt m = (MissionAckExt) p;
            if (addressed(m.targetSystem(), m.targetComponent())) {
                onAck(link, sys, comp, m.type(), m.missionType(), nowNs);
            }
        } else if (p instanceof MissionClearAll) {
            MissionClearAll m = (MissionClearAll) p;
            if (addressed(m.targetSystem(), m.targetComponent())
                    && !refusedByAuthority(link, sys, comp, raw(m.missionType()), nowNs)) {
                onClearAll(link, sys, comp, raw(m.missionType()), nowNs);
            }
        } else if (p instanceof MissionSetCurrent) {
            MissionSetCurrent m = (MissionSetCurrent) p;
            if (addressed(m.targetSystem(), m.targetComponent())
                    && (authority == null || authority.allowChange(link, sys, nowNs))) {
                onSetCurrent(m.seq(), nowNs);
            }
        }
    }

    @Override
    public void tick(long nowNs) {
        try {
            if (loadProblem != null && !loadProblemReported) {
                loadProblemReported = true;
                statusText(null, SEVERITY_WARNING, loadProblem);
            }
            for (Upload u : uploads) {
                if (u != null && nowNs - u.lastRequestNs >= options.itemTimeoutNs()) {
                    if (u.attempts >= options.maxRetries()) {
                        cancelForSilence(u, nowNs);
                    } else {
                        u.attempts++;
                        requestsResent++;
                        sendRequest(u, nowNs);
                    }
                }
            }
            for (Iterator<Download> it = downloads.iterator(); it.hasNext(); ) {
                if (nowNs - it.next().lastNs > options.downloadTimeoutNs()) {
                    it.remove();
                }
            }
            int seq = runnerCurrentSeq();
            if (currentDue || seq != lastSentSeq || nowNs - lastCurrentNs >= options.currentPeriodNs()) {
                lastCurrentNs = nowNs;
                emitCurrent();
            }
        } catch (RuntimeException e) {
            portFailures++;
        }
    }

    // ------------------------------------------------------------------ upload

    /**
     * Asks {@code authority} before an upload, an item, a clear or MISSION_SET_CURRENT; null (the
     * default) allows everything. Boot thread, before the links start.
     */
    public void authority(org.hoverla.core.mavlink.security.CommandAuthority authority) {
        this.authority = authority;
    }

    /** Mission writes refused by the command authority (answered MISSION_ACK DENIED). */
    public long refusedByAuthority() {
        return refusedByAuthority;
    }

    private long refusedByAuthority;
    private org.hoverla.core.mavlink.security.CommandAuthority authority;

    /**
     * A mission write (upload, item, clear) from a sender the authority refuses: answered
     * MISSION_ACK DENIED with the message's mission type (mavlink.io mission protocol: an upload
     * or clear the vehicle will not do is acknowledged with an error), counted; the plan is kept.
     */
    private boolean refusedByAuthority(MavlinkLink link, int sys, int comp, int typeRaw, long nowNs) {
        if (authority == null || authority.allowChange(link, sys, nowNs)) {
            return false;
        }
        refusedByAuthority++;
        sendAck(link, sys, comp, DENIED, typeRaw, 0);
        return true;
    }

    private void onCount(MavlinkLink link, int sys, int comp, int count, int typeRaw, long nowNs) {
        MissionType type = MissionType.fromMavlink(typeRaw);
        if (type == null) {
            sendAck(link, sys, comp, UNSUPPORTED, typeRaw, 0);
            return;
        }
        int i = type.ordinal();
        Upload running = uploads[i];
        if (running != null && !running.from(link, sys, comp)) {
            uploadsDenied++;
            sendAck(link, sys, comp, DENIED, typeRaw, 0);
            statusText(link, SEVERITY_WARNING, name(type) + " upload denied: another ground station is uploading");
            return;
        }
        // The same sender again: a restart (or our first request was lost); start over.
        uploads[i] = null;
        finished[i] = null;
        if (count > options.capacity(type)) {
            sendAck(link, sys, comp, NO_SPACE, typeRaw, 0);
            statusText(link, SEVERITY_WARNING, name(type) + " upload refused: " + count + " items, room for "
                    + options.capacity(type));
            return;
        }
        if (count == 0) {
            String problem = plan.items(type).isEmpty() ? null : apply(plan.with(type, List.of()), 1 << i);
            int result = problem == null ? ACCEPTED : ERROR;
            if (problem != null) {
                statusText(link, SEVERITY_WARNING, name(type) + " not cleared: " + problem);
            } else {
                clears++;
            }
            sendAck(link, sys, comp, result, typeRaw, 0);
            finished[i] = new Finished(link, sys, comp, 0, result, 0, nowNs);
            emitCurrentIfChanged(problem == null, nowNs);
            return;
        }
        Upload u = new Upload(link, sys, comp, type, count, nowNs);
        uploads[i] = u;
        sendRequest(u, nowNs);
    }

    private void onItem(MavlinkLink link, int sys, int comp, MissionItem item, long nowNs) {
        int i = item.type().ordinal();
        Upload u = uploads[i];
        if (u == null) {
            Finished f = finished[i];
            if (f != null && f.from(link, sys, comp) && nowNs - f.atNs() <= options.finalAckMemoryNs()
                    && (f.result() != ACCEPTED || item.seq() == f.count() - 1)) {
                sendAck(link, sys, comp, f.result(), item.type().mavlinkValue(), f.opaqueId());
            } else {
                sendAck(link, sys, comp, ERROR, item.type().mavlinkValue(), 0);
            }
            return;
        }
        if (!u.from(link, sys, comp)) {
            return; // another sender's upload is in progress; its items are not ours to judge
        }
        int expected = u.expected();
        if (item.seq() != expected) {
            itemsOutOfSequence++;
            boolean lateDuplicate = item.seq() < expected && nowNs - u.lastRequestNs < options.itemTimeoutNs();
            if (!lateDuplicate) {
                if (u.attempts >= options.maxRetries()) {
                    cancelForSilence(u, nowNs);
                    return;
                }
                u.attempts++;
                sendRequest(u, nowNs);
            }
            return;
        }
        u.items.add(item);
        u.attempts = 0;
        if (u.items.size() < u.count) {
            sendRequest(u, nowNs);
            return;
        }
        finishUpload(u, nowNs);
    }

    private void finishUpload(Upload u, long nowNs) {
        int i = u.type.ordinal();
        uploads[i] = null;
        List<MissionItem> items = List.copyOf(u.items);
        int typeRaw = u.type.mavlinkValue();
        PlanValidator.Result verdict = validate(u.type, items);
        if (!verdict.accepted()) {
            uploadsRefused++;
            int code = verdict.missionResult() > 0 && verdict.missionResult() <= 255 ? verdict.missionResult() : ERROR;
            sendAck(u.link, u.sys, u.comp, code, typeRaw, 0);
            String where = verdict.itemIndex() >= 0 ? "item " + verdict.itemIndex() + ": " : "";
            statusText(u.link, SEVERITY_WARNING, name(u.type) + " refused: " + where
                    + (verdict.reason().isEmpty() ? "invalid" : verdict.reason()));
            finished[i] = new Finished(u.link, u.sys, u.comp, u.count, code, 0, nowNs);
            return;
        }
        String problem = apply(plan.with(u.type, items), 1 << i);
        if (problem != null) {
            uploadsRefused++;
            sendAck(u.link, u.sys, u.comp, ERROR, typeRaw, 0);
            statusText(u.link, SEVERITY_WARNING, name(u.type) + " not saved, previous kept: " + problem);
            finished[i] = new Finished(u.link, u.sys, u.comp, u.count, ERROR, 0, nowNs);
            return;
        }
        uploadsAccepted++;
        long id = opaqueIds[i];
        sendAck(u.link, u.sys, u.comp, ACCEPTED, typeRaw, id);
        finished[i] = new Finished(u.link, u.sys, u.comp, u.count, ACCEPTED, id, nowNs);
        emitCurrentIfChanged(true, nowNs);
    }

    private void cancelForSilence(Upload u, long nowNs) {
        int i = u.type.ordinal();
        uploads[i] = null;
        uploadsCancelledTimeout++;
        sendAck(u.link, u.sys, u.comp, CANCELLED, u.type.mavlinkValue(), 0);
        statusText(u.link, SEVERITY_WARNING, name(u.type) + " upload cancelled: no item " + u.expected()
                + ", previous kept");
        finished[i] = new Finished(u.link, u.sys, u.comp, u.count, CANCELLED, 0, nowNs);
    }

    private void sendRequest(Upload u, long nowNs) {
        u.lastRequestNs = nowNs;
        out.send(u.link, MissionRequestInt.builder().targetSystem(u.sys).targetComponent(u.comp).seq(u.expected())
                .missionType(missionType(u.type.mavlinkValue())).build());
    }

    // ------------------------------------------------------------------ download

    private void onRequestList(MavlinkLink link, int sys, int comp, int typeRaw, long nowNs) {
        MissionType type = MissionType.fromMavlink(typeRaw);
        if (type == null) {
            sendAck(link, sys, comp, UNSUPPORTED, typeRaw, 0);
            return;
        }
        removeDownload(link, sys, comp, type);
        List<MissionItem> items = plan.items(type);
        if (!items.isEmpty()) {
            if (downloads.size() >= MAX_DOWNLOADS) {
                downloads.remove(0);
            }
            downloads.add(new Download(link, sys, comp, type, items, nowNs));
        }
        downloadsStarted++;
        out.send(link, MissionCountExt.builder().targetSystem(sys).targetComponent(comp).count(items.size())
                .missionType(typeRaw).opaqueId(opaqueIds[type.ordinal()]).build());
    }

    private void onRequest(MavlinkLink link, int sys, int comp, int seq, int typeRaw, long nowNs) {
        MissionType type = MissionType.fromMavlink(typeRaw);
        if (type == null) {
            sendAck(link, sys, comp, UNSUPPORTED, typeRaw, 0);
            return;
        }
        Download d = findDownload(link, sys, comp, type);
        List<MissionItem> items = d != null ? d.items : plan.items(type);
        if (seq < 0 || seq >= items.size()) {
            if (d != null) {
                downloads.remove(d);
            }
            sendAck(link, sys, comp, INVALID_SEQUENCE, typeRaw, 0);
            return;
        }
        if (d != null) {
            d.lastNs = nowNs;
        }
        MissionItem it = items.get(seq);
        itemsSent++;
        out.send(link, MissionItemInt.builder().targetSystem(sys).targetComponent(comp).seq(seq)
                .frame(EnumValues.of(MavFrame.class, it.frame()))
                .command(EnumValues.of(MavCmd.class, it.command()))
                .current(it.current() ? 1 : 0).autocontinue(it.autocontinue() ? 1 : 0)
                .param1(it.param1()).param2(it.param2()).param3(it.param3()).param4(it.param4())
                .x(it.x()).y(it.y()).z(it.z())
                .missionType(missionType(typeRaw)).build());
    }

    private void onAck(MavlinkLink link, int sys, int comp, int result, int typeRaw, long nowNs) {
        MissionType type = MissionType.fromMavlink(typeRaw);
        if (type == null) {
            return;
        }
        if (removeDownload(link, sys, comp, type)) {
            return; // the ground station ended its download (any result)
        }
        int i = type.ordinal();
        Upload u = uploads[i];
        if (u != null && u.from(link, sys, comp) && result != ACCEPTED) {
            // Spec: an error from either side cancels the operation; the ground station is idle already.
            uploads[i] = null;
            uploadsCancelledByGcs++;
            finished[i] = new Finished(link, sys, comp, u.count, CANCELLED, 0, nowNs);
        }
    }

    private Download findDownload(MavlinkLink link, int sys, int comp, MissionType type) {
        for (Download d : downloads) {
            if (d.type == type && sameSender(d.link, d.sys, d.comp, link, sys, comp)) {
                return d;
            }
        }
        return null;
    }

    private boolean removeDownload(MavlinkLink link, int sys, int comp, MissionType type) {
        Download d = findDownload(link, sys, comp, type);
        return d != null && downloads.remove(d);
    }

    // ------------------------------------------------------------------ clear, current

    private void onClearAll(MavlinkLink link, int sys, int comp, int typeRaw, long nowNs) {
        int mask;
        if (typeRaw == MISSION_TYPE_ALL) {
            mask = 0b111;
        } else {
            MissionType type = MissionType.fromMavlink(typeRaw);
            if (type == null) {
                sendAck(link, sys, comp, UNSUPPORTED, typeRaw, 0);
                return;
            }
            mask = 1 << type.ordinal();
        }
        for (MissionType t : MissionType.values()) {
            Upload u = uploads[t.ordinal()];
            if ((mask & (1 << t.ordinal())) != 0 && u != null && !u.from(link, sys, comp)) {
                sendAck(link, sys, comp, DENIED, typeRaw, 0);
                statusText(link, SEVERITY_WARNING, name(t) + " not cleared: another ground station is uploading");
                return;
            }
        }
        MissionPlan next = plan;
        int changed = 0;
        for (MissionType t : MissionType.values()) {
            int bit = 1 << t.ordinal();
            if ((mask & bit) != 0) {
                uploads[t.ordinal()] = null; // the sender's own upload, if any, is abandoned
                finished[t.ordinal()] = null;
                if (!next.items(t).isEmpty()) {
                    next = next.with(t, List.of());
                    changed |= bit;
                }
            }
        }
        String problem = changed == 0 ? null : apply(next, changed);
        if (problem != null) {
            sendAck(link, sys, comp, ERROR, typeRaw, 0);
            statusText(link, SEVERITY_WARNING, "Plan not cleared: " + problem);
            return;
        }
        clears++;
        sendAck(link, sys, comp, ACCEPTED, typeRaw, 0);
        emitCurrentIfChanged(changed != 0, nowNs);
    }

    private void onSetCurrent(int seq, long nowNs) {
        int count = plan.mission().size();
        if (seq >= count) {
            statusText(null, SEVERITY_WARNING, "Set current refused: no mission item " + seq + " (" + count + " items)");
            return;
        }
        if (!runnerSetCurrent(seq)) {
            statusText(null, SEVERITY_WARNING, "Set current refused by the mission runner: item " + seq);
            return;
        }
        emitCurrentIfChanged(true, nowNs);
    }

    private void emitCurrentIfChanged(boolean changed, long nowNs) {
        if (changed) {
            lastCurrentNs = nowNs;
            emitCurrent();
        }
    }

    /** Broadcasts MISSION_CURRENT now. */
    private void emitCurrent() {
        int seq = runnerCurrentSeq();
        int total = plan.mission().size();
        int state;
        if (total == 0) {
            state = MissionRunner.MISSION_STATE_NO_MISSION;
        } else {
            try {
                state = runner.missionState();
            } catch (RuntimeException e) {
                portFailures++;
                state = MissionRunner.MISSION_STATE_UNKNOWN;
            }
        }
        int mode;
        try {
            mode = runner.missionMode();
        } catch (RuntimeException e) {
            portFailures++;
            mode = 0;
        }
        lastSentSeq = seq;
        currentDue = false;
        out.send(null, MissionCurrentExt.builder().seq(Math.max(0, Math.min(0xFFFF, seq)))
                .total(total == 0 ? MissionCurrentExt.TOTAL_NO_MISSION : total)
                .missionState(state & 0xFF).missionMode(mode & 0xFF)
                .missionId(opaqueIds[MissionType.MISSION.ordinal()])
                .fenceId(opaqueIds[MissionType.FENCE.ordinal()])
                .rallyPointsId(opaqueIds[MissionType.RALLY.ordinal()]).build());
    }

    // ------------------------------------------------------------------ plan changes

    /**
     * Saves and activates {@code next}; {@code changedMask} has bit {@code ordinal} set for each
     * type that changed. @return null, or why nothing changed
     */
    private String apply(MissionPlan next, int changedMask) {
        try {
            store.save(next);
        } catch (IOException | RuntimeException e) {
            saveFailures++;
            return describe(e);
        }
        plan = next;
        for (MissionType t : MissionType.values()) {
            if ((changedMask & (1 << t.ordinal())) != 0) {
                opaqueIds[t.ordinal()] = opaqueId(next.items(t));
                notifyRunner(t);
            }
        }
        currentDue = true;
        return null;
    }

    private PlanValidator.Result validate(MissionType type, List<MissionItem> items) {
        try {
            PlanValidator.Result r = validator.validate(type, items);
            return r != null ? r : PlanValidator.Result.refused(ERROR, -1, "validator gave no verdict");
        } catch (RuntimeException e) {
            portFailures++;
            return PlanValidator.Result.refused(ERROR, -1, "validator failed: " + describe(e));
        }
    }

    private void notifyRunner(MissionType t) {
        try {
            runner.planChanged(t, plan);
        } catch (RuntimeException e) {
            portFailures++;
        }
    }

    private boolean runnerSetCurrent(int seq) {
        try {
            return runner.setCurrent(seq);
        } catch (RuntimeException e) {
            portFailures++;
            return false;
        }
    }

    private int runnerCurrentSeq() {
        try {
            return runner.currentSeq();
        } catch (RuntimeException e) {
            portFailures++;
            return 0;
        }
    }

    /**
     * The opaque id of a plan: 0 when empty, else a CRC-32 of every item's wire fields (float
     * fields by their raw bits), never 0.
     */
    static long opaqueId(List<MissionItem> items) {
        if (items.isEmpty()) {
            return 0;
        }
        CRC32 crc = new CRC32();
        ByteBuffer b = ByteBuffer.allocate(38).order(ByteOrder.LITTLE_ENDIAN);
        for (MissionItem it : items) {
            b.clear();
            b.putShort((short) it.seq()).put((byte) it.frame()).putShort((short) it.command())
                    .put((byte) (it.current() ? 1 : 0)).put((byte) (it.autocontinue() ? 1 : 0))
                    .putInt(Float.floatToRawIntBits(it.param1())).putInt(Float.floatToRawIntBits(it.param2()))
                    .putInt(Float.floatToRawIntBits(it.param3())).putInt(Float.floatToRawIntBits(it.param4()))
                    .putInt(it.x()).putInt(it.y()).putInt(Float.floatToRawIntBits(it.z()))
                    .put((byte) it.type().mavlinkValue());
            crc.update(b.array(), 0, b.position());
        }
        long v = crc.getValue();
        return v == 0 ? 1 : v;
    }

    // ------------------------------------------------------------------ helpers

    private boolean addressed(int targetSystem, int targetComponent) {
        boolean ours = (targetSystem == systemId || targetSystem == 0)
                && (targetComponent == componentId || targetComponent == 0);
        if (!ours) {
            ignoredOtherTarget++;
        }
        return ours;
    }

    private static boolean sameSender(MavlinkLink a, int aSys, int aComp, MavlinkLink b, int bSys, int bComp) {
        return aSys == bSys && aComp == bComp && (a == b || (a != null && b != null && a.id() == b.id()));
    }

    private static int raw(EnumValue<?> v) {
        return v == null ? 0 : v.value();
    }

    private static EnumValue<MavMissionType> missionType(int raw) {
        return EnumValues.of(MavMissionType.class, raw);
    }

    /**
     * The deprecated MISSION_ITEM's float x/y in MISSION_ITEM_INT's encoding: degE7 for global
     * frames, metres × 1e4 for local frames (mavlink.io "Frames & Positional Information"), else
     * rounded as they are. NaN or infinite values become INT32_MAX ("unset" in the INT messages).
     */
    static int legacyToInt(int frame, float v) {
        double scale;
        switch (frame) {
            case 0: // GLOBAL
            case 3: // GLOBAL_RELATIVE_ALT
            case 5: // GLOBAL_INT
            case 6: // GLOBAL_RELATIVE_ALT_INT
            case 10: // GLOBAL_TERRAIN_ALT
            case 11: // GLOBAL_TERRAIN_ALT_INT
                scale = 1e7;
                break;
            case 1: // LOCAL_NED
            case 4: // LOCAL_ENU
            case 7: // LOCAL_OFFSET_NED
            case 8: // BODY_NED
            case 9: // BODY_OFFSET_NED
            case 20: // LOCAL_FRD
            case 21: // LOCAL_FLU
                scale = 1e4;
                break;
            default:
                scale = 1;
                break;
        }
        if (!Float.isFinite(v)) {
            return Integer.MAX_VALUE;
        }
        double d = Math.rint(v * scale);
        return d >= Integer.MAX_VALUE ? Integer.MAX_VALUE : d <= Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) d;
    }

    private void sendAck(MavlinkLink link, int sys, int comp, int result, int typeRaw, long opaqueId) {
        out.send(link, MissionAckExt.builder().targetSystem(sys).targetComponent(comp).type(result)
                .missionType(typeRaw & 0xFF).opaqueId(opaqueId).build());
    }

    /** Sends a STATUSTEXT through the shared {@link StatusTextSender}. */
    private void statusText(MavlinkLink link, int severity, String text) {
        texts.send(link, severity, text);
    }

    private static String name(MissionType t) {
        switch (t) {
            case FENCE:
                return "Fence";
            case RALLY:
                return "Rally";
            case MISSION:
            default:
                return "Mission";
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
