package org.hoverla.core.mavlink.mission;

import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionClearAll;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequest;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.MissionRequestList;
import io.dronefleet.mavlink.common.MissionSetCurrent;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;

/** Shared fakes and a scripted ground station for the mission protocol tests. */
abstract class MissionFixture {
    static final int SYS = 1;
    static final int COMP = 1;
    static final int GCS = 255;
    static final int GCS_COMP = 190;
    static final long MS = 1_000_000L;

    final RecordingOutput out = new RecordingOutput();
    final TestLink udp = new TestLink(0, "udp");
    final TestLink tcp = new TestLink(1, "tcp");
    final FakeRunner runner = new FakeRunner();
    final FakeStore store = new FakeStore();
    PlanValidator validator = PlanValidator.ACCEPT_ALL;
    MissionService service;

    MissionService service() {
        if (service == null) {
            service = new MissionService(SYS, COMP, out, (t, items) -> validator.validate(t, items), runner, store);
        }
        return service;
    }

    // ------------------------------------------------------------ fakes

    static final class FakeRunner implements MissionRunner {
        int current;
        boolean acceptSetCurrent = true;
        int state = MISSION_STATE_NOT_STARTED;
        final List<String> changes = new ArrayList<>();

        @Override
        public boolean setCurrent(int seq) {
            if (acceptSetCurrent) {
                current = seq;
            }
            return acceptSetCurrent;
        }

        @Override
        public int currentSeq() {
            return current;
        }

        @Override
        public void planChanged(MissionType type, MissionPlan plan) {
            changes.add(type + ":" + plan.items(type).size());
        }

        @Override
        public int missionState() {
            return state;
        }
    }

    static final class FakeStore implements PlanStore {
        MissionPlan saved = MissionPlan.EMPTY;
        int saves;
        String failWith;

        @Override
        public MissionPlan load() {
            return saved;
        }

        @Override
        public void save(MissionPlan plan) throws IOException {
            if (failWith != null) {
                throw new IOException(failWith);
            }
            saves++;
            saved = plan;
        }
    }

    // ------------------------------------------------------------ items

    /** A plausible item of {@code type} at {@code seq}, varied by seq. */
    static MissionItem item(MissionType type, int seq) {
        int cmd = type == MissionType.FENCE ? MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION
                : type == MissionType.RALLY ? MavCmd.NAV_RALLY_POINT : MavCmd.NAV_WAYPOINT;
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, seq == 0, true,
                type == MissionType.FENCE ? 4f : 0f, 0.5f * seq, 0f, Float.NaN,
                473_977_420 + seq * 1000, 85_455_970 - seq * 1000, 10f + seq, type);
    }

    static List<MissionItem> items(MissionType type, int n) {
        List<MissionItem> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(item(type, i));
        }
        return l;
    }

    static MissionItemInt wire(MissionItem it) {
        return wire(it, SYS, COMP);
    }

    static MissionItemInt wire(MissionItem it, int targetSystem, int targetComponent) {
        return MissionItemInt.builder().targetSystem(targetSystem).targetComponent(targetComponent).seq(it.seq())
                .frame(EnumValue.create(MavFrame.class, it.frame()))
                .command(EnumValue.create(io.dronefleet.mavlink.common.MavCmd.class, it.command()))
                .current(it.current() ? 1 : 0).autocontinue(it.autocontinue() ? 1 : 0)
                .param1(it.param1()).param2(it.param2()).param3(it.param3()).param4(it.param4())
                .x(it.x()).y(it.y()).z(it.z())
                .missionType(EnumValue.create(MavMissionType.class, it.type().mavlinkValue())).build();
    }

    static EnumValue<MavMissionType> mt(MissionType t) {
        return EnumValue.create(MavMissionType.class, t.mavlinkValue());
    }

    // ------------------------------------------------------------ ground-station messages

    void send(MavlinkLink link, int sys, int comp, Object payload, long nowNs) {
        service().onMessage(link, Frames.from(sys, comp, payload), nowNs);
    }

    void send(Object payload, long nowNs) {
        send(udp, GCS, GCS_COMP, payload, nowNs);
    }

    static MissionCount count(MissionType t, int n) {
        return MissionCount.builder().targetSystem(SYS).targetComponent(COMP).count(n).missionType(mt(t)).build();
    }

    static MissionRequestList requestList(MissionType t) {
        return MissionRequestList.builder().targetSystem(SYS).targetComponent(COMP).missionType(mt(t)).build();
    }

    static MissionRequestInt requestInt(MissionType t, int seq) {
        return MissionRequestInt.builder().targetSystem(SYS).targetComponent(COMP).seq(seq).missionType(mt(t)).build();
    }

    static MissionRequest request(MissionType t, int seq) {
        return MissionRequest.builder().targetSystem(SYS).targetComponent(COMP).seq(seq).missionType(mt(t)).build();
    }

    static MissionAck gcsAck(MissionType t, MavMissionResult r) {
        return MissionAck.builder().targetSystem(SYS).targetComponent(COMP).type(r).missionType(mt(t)).build();
    }

    static MissionClearAll clearAll(int typeRaw) {
        return MissionClearAll.builder().targetSystem(SYS).targetComponent(COMP)
                .missionType(EnumValue.create(MavMissionType.class, typeRaw)).build();
    }

    static MissionSetCurrent setCurrent(int seq) {
        return MissionSetCurrent.builder().targetSystem(SYS).targetComponent(COMP).seq(seq).build();
    }

    /** Plays a whole well-behaved upload from the GCS on udp, starting at {@code t0}, 1 ms per step. */
    void upload(MissionType t, List<MissionItem> list, long t0) {
        send(count(t, list.size()), t0);
        for (int i = 0; i < list.size(); i++) {
            send(wire(list.get(i)), t0 + (i + 1) * MS);
        }
    }

    // ------------------------------------------------------------ what the vehicle sent

    <T> List<T> sent(Class<T> type) {
        return out.payloads(type);
    }

    <T> T last(Class<T> type) {
        List<T> l = out.payloads(type);
        if (l.isEmpty()) {
            throw new AssertionError("nothing of " + type.getSimpleName() + " sent; sent: " + out.sent());
        }
        return l.get(l.size() - 1);
    }

    List<Integer> requestedSeqs() {
        return sent(MissionRequestInt.class).stream().map(MissionRequestInt::seq).collect(Collectors.toList());
    }

    String statusTexts() {
        return sent(Statustext.class).stream().map(Statustext::text).collect(Collectors.joining("|"));
    }

    List<RecordingOutput.Sent> sentOn(MavlinkLink link) {
        return out.sent().stream().filter(s -> link.equals(s.target())).collect(Collectors.toList());
    }
}
