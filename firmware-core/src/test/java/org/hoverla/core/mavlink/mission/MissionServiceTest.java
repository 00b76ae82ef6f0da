package org.hoverla.core.mavlink.mission;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionItemReached;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.Statustext;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MissionServiceTest extends MissionFixture {

    private static final int ACCEPTED = 0;
    private static final int ERROR = 1;
    private static final int NO_SPACE = 4;
    private static final int INVALID_PARAM7 = 12;
    private static final int INVALID_SEQUENCE = 13;
    private static final int DENIED = 14;
    private static final int CANCELLED = 15;

    // ------------------------------------------------------------------ upload

    @ParameterizedTest
    @EnumSource(MissionType.class)
    void shouldUploadRequestingEachItemAndActivateThePlanWhenTheLastArrives(MissionType type) {
        // Given a vehicle with an empty plan and three items of one type
        List<MissionItem> list = items(type, 3);
        // When a ground station uploads them
        send(count(type, 3), 0);
        assertThat(requestedSeqs()).containsExactly(0);
        send(wire(list.get(0)), 1 * MS);
        send(wire(list.get(1)), 2 * MS);
        assertThat(service().plan().items(type)).as("nothing active before the last item").isEmpty();
        send(wire(list.get(2)), 3 * MS);
        // Then every item was requested in order on the GCS's link with MISSION_REQUEST_INT
        assertThat(requestedSeqs()).containsExactly(0, 1, 2);
        MissionRequestInt r = sent(MissionRequestInt.class).get(1);
        assertThat(r.targetSystem()).isEqualTo(GCS);
        assertThat(r.targetComponent()).isEqualTo(GCS_COMP);
        assertThat(r.missionType().value()).isEqualTo(type.mavlinkValue());
        // And the upload ends with ACCEPTED carrying the new plan's opaque id
        MissionAckExt ack = last(MissionAckExt.class);
        assertThat(ack.type()).isEqualTo(ACCEPTED);
        assertThat(ack.missionType()).isEqualTo(type.mavlinkValue());
        assertThat(ack.targetSystem()).isEqualTo(GCS);
        assertThat(ack.opaqueId()).isNotZero().isEqualTo(service().opaqueId(type));
        assertThat(sentOn(udp)).extracting(RecordingOutput.Sent::payload).contains(ack);
        // And the plan is active, saved and announced to the runner and in MISSION_CURRENT
        assertThat(service().plan().items(type)).isEqualTo(list);
        assertThat(store.saved.items(type)).isEqualTo(list);
        assertThat(runner.changes).endsWith(type + ":3");
        MissionCurrentExt current = last(MissionCurrentExt.class);
        long[] ids = {current.missionId(), current.fenceId(), current.rallyPointsId()};
        assertThat(ids[type.ordinal()]).isEqualTo(ack.opaqueId());
        assertThat(statusTexts()).isEmpty();
    }

    @Test
    void shouldAcceptDeprecatedMissionItemAnswersConvertingFloatPositions() {
        // Given an upload of one item
        send(count(MissionType.MISSION, 1), 0);
        // When the GCS answers with the deprecated MISSION_ITEM (degrees as floats)
        send(io.dronefleet.mavlink.common.MissionItem.builder().targetSystem(SYS).targetComponent(COMP).seq(0)
                .frame(io.dronefleet.mavlink.common.MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT)
                .command(io.dronefleet.mavlink.common.MavCmd.MAV_CMD_NAV_WAYPOINT).autocontinue(1)
                .x(47.5f).y(8.25f).z(30f).missionType(mt(MissionType.MISSION)).build(), MS);
        // Then it is stored in MISSION_ITEM_INT's encoding (degE7)
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ACCEPTED);
        MissionItem it = service().plan().mission().get(0);
        assertThat(it.x()).isEqualTo(475_000_000);
        assertThat(it.y()).isEqualTo(82_500_000);
        assertThat(it.z()).isEqualTo(30f);
    }

    @Test
    void shouldRequestAnItemAgainAfterTheItemTimeout() {
        // Given an upload whose first item request was lost
        send(count(MissionType.MISSION, 2), 0);
        // When ticks pass: just before the 250 ms timeout, then at it
        service().tick(249 * MS);
        assertThat(requestedSeqs()).containsExactly(0);
        service().tick(250 * MS);
        // Then the same item is requested again
        assertThat(requestedSeqs()).containsExactly(0, 0);
        // And the upload continues normally once the item arrives
        List<MissionItem> list = items(MissionType.MISSION, 2);
        send(wire(list.get(0)), 260 * MS);
        send(wire(list.get(1)), 270 * MS);
        assertThat(requestedSeqs()).containsExactly(0, 0, 1);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ACCEPTED);
        assertThat(service().counters().requestsResent()).isEqualTo(1);
    }

    @Test
    void shouldCancelAnAbandonedUploadKeepingTheOldPlan() {
        // Given an active mission of two items
        List<MissionItem> old = items(MissionType.MISSION, 2);
        upload(MissionType.MISSION, old, 0);
        long oldId = service().opaqueId(MissionType.MISSION);
        int saves = store.saves;
        out.clear();
        // When a new upload of three items stops after the first item
        send(count(MissionType.MISSION, 3), 1000 * MS);
        send(wire(item(MissionType.MISSION, 0)), 1001 * MS);
        for (long t = 1001; t <= 1001 + 7 * 250; t += 10) {
            service().tick(t * MS);
        }
        // Then item 1 was requested 1 + 5 times, then the upload was cancelled with a reason
        assertThat(requestedSeqs()).containsExactly(0, 1, 1, 1, 1, 1, 1);
        MissionAckExt ack = last(MissionAckExt.class);
        assertThat(ack.type()).isEqualTo(CANCELLED);
        assertThat(ack.targetSystem()).isEqualTo(GCS);
        assertThat(statusTexts()).contains("Mission upload cancelled");
        // And the old plan is still active, unsaved-over, with the same id
        assertThat(service().plan().mission()).isEqualTo(old);
        assertThat(service().opaqueId(MissionType.MISSION)).isEqualTo(oldId);
        assertThat(store.saves).isEqualTo(saves);
        assertThat(service().uploadInProgress(MissionType.MISSION)).isFalse();
        // And an item arriving late is told the upload was cancelled
        send(wire(item(MissionType.MISSION, 1)), 3000 * MS);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(CANCELLED);
        assertThat(service().counters().uploadsCancelledTimeout()).isEqualTo(1);
    }

    @Test
    void shouldStopAnUploadSilentlyWhenTheGcsSendsAnErrorAck() {
        // Given an active mission and a new upload in progress
        List<MissionItem> old = items(MissionType.MISSION, 1);
        upload(MissionType.MISSION, old, 0);
        out.clear();
        send(count(MissionType.MISSION, 3), 100 * MS);
        send(wire(item(MissionType.MISSION, 0)), 101 * MS);
        // When the GCS cancels with an error MISSION_ACK
        send(gcsAck(MissionType.MISSION, MavMissionResult.MAV_MISSION_OPERATION_CANCELLED), 102 * MS);
        for (long t = 102; t < 3000; t += 20) {
            service().tick(t * MS);
        }
        // Then the vehicle stops requesting, sends no ACK of its own, and keeps the old plan
        assertThat(requestedSeqs()).containsExactly(0, 1);
        assertThat(sent(MissionAckExt.class)).isEmpty();
        assertThat(service().uploadInProgress(MissionType.MISSION)).isFalse();
        assertThat(service().plan().mission()).isEqualTo(old);
        assertThat(service().counters().uploadsCancelledByGcs()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAPlanTheValidatorRefusesKeepingTheOldOne() {
        // Given an active fence and a validator that refuses item 1's altitude
        List<MissionItem> old = items(MissionType.FENCE, 3);
        upload(MissionType.FENCE, old, 0);
        int saves = store.saves;
        List<String> changes = new ArrayList<>(runner.changes);
        out.clear();
        validator = (t, list) -> PlanValidator.Result.refused(INVALID_PARAM7, 1, "altitude 500 m above limit 120 m");
        // When a new fence is uploaded completely
        upload(MissionType.FENCE, items(MissionType.FENCE, 4), 100 * MS);
        // Then the ACK carries the validator's result code and a STATUSTEXT names item and reason
        MissionAckExt ack = last(MissionAckExt.class);
        assertThat(ack.type()).isEqualTo(INVALID_PARAM7);
        assertThat(ack.missionType()).isEqualTo(MissionType.FENCE.mavlinkValue());
        assertThat(ack.opaqueId()).isZero();
        assertThat(statusTexts().replace("|", "")).isEqualTo("Fence refused: item 1: altitude 500 m above limit 120 m");
        assertThat(sent(Statustext.class).get(0).severity().value()).isEqualTo(4);
        // And nothing changed: plan, saved file, runner
        assertThat(service().plan().fence()).isEqualTo(old);
        assertThat(store.saves).isEqualTo(saves);
        assertThat(runner.changes).isEqualTo(changes);
        assertThat(service().counters().uploadsRefused()).isEqualTo(1);
    }

    @Test
    void shouldSplitALongRefusalReasonIntoStatustextChunks() {
        // Given a validator with a long reason
        validator = (t, list) -> PlanValidator.Result.refused(5, -1,
                "the mission leaves the geofence between item 3 and item 4 by 250 m");
        // When an upload completes
        upload(MissionType.MISSION, items(MissionType.MISSION, 1), 0);
        // Then the reason arrives in chunks of one STATUSTEXT id
        List<Statustext> texts = sent(Statustext.class);
        assertThat(texts).hasSizeGreaterThan(1);
        assertThat(texts).allSatisfy(s -> assertThat(s.id()).isEqualTo(texts.get(0).id()).isNotZero());
        assertThat(statusTexts().replace("|", "")).isEqualTo(
                "Mission refused: the mission leaves the geofence between item 3 and item 4 by 250 m");
    }

    @Test
    void shouldRefuseWithErrorWhenThePlanCannotBeSaved() {
        // Given an active mission and a store that fails from now on
        List<MissionItem> old = items(MissionType.MISSION, 1);
        upload(MissionType.MISSION, old, 0);
        store.failWith = "disk full";
        out.clear();
        // When a new mission is uploaded
        upload(MissionType.MISSION, items(MissionType.MISSION, 2), 100 * MS);
        // Then MAV_MISSION_ERROR and the reason; the old plan stays active
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ERROR);
        assertThat(statusTexts()).contains("not saved").contains("disk full");
        assertThat(service().plan().mission()).isEqualTo(old);
        assertThat(service().counters().saveFailures()).isEqualTo(1);
    }

    @Test
    void shouldClearATypeWhenTheCountIsZero() {
        // Given active mission and fence
        upload(MissionType.MISSION, items(MissionType.MISSION, 2), 0);
        upload(MissionType.FENCE, items(MissionType.FENCE, 3), 10 * MS);
        out.clear();
        // When the GCS uploads an empty mission
        send(count(MissionType.MISSION, 0), 100 * MS);
        // Then no item is requested; ACCEPTED with id 0; only the mission is cleared and saved
        assertThat(requestedSeqs()).isEmpty();
        MissionAckExt ack = last(MissionAckExt.class);
        assertThat(ack.type()).isEqualTo(ACCEPTED);
        assertThat(ack.opaqueId()).isZero();
        assertThat(service().plan().mission()).isEmpty();
        assertThat(service().plan().fence()).hasSize(3);
        assertThat(store.saved.mission()).isEmpty();
        assertThat(runner.changes).endsWith("MISSION:0");
        MissionCurrentExt current = last(MissionCurrentExt.class);
        assertThat(current.total()).isEqualTo(MissionCurrentExt.TOTAL_NO_MISSION);
        assertThat(current.missionState()).isEqualTo(MissionRunner.MISSION_STATE_NO_MISSION);
        assertThat(current.missionId()).isZero();
        assertThat(current.fenceId()).isNotZero();
    }

    @Test
    void shouldAnswerNoSpaceForMoreItemsThanTheCapacity() {
        // Given the default capacity of 1000 mission items and an active mission
        List<MissionItem> old = items(MissionType.MISSION, 1);
        upload(MissionType.MISSION, old, 0);
        out.clear();
        // When a GCS announces 1001 items
        send(count(MissionType.MISSION, 1001), 100 * MS);
        // Then NO_SPACE with the capacity in a STATUSTEXT; nothing is requested or changed
        assertThat(last(MissionAckExt.class).type()).isEqualTo(NO_SPACE);
        assertThat(statusTexts()).contains("1001 items, room for 1000");
        assertThat(requestedSeqs()).isEmpty();
        assertThat(service().uploadInProgress(MissionType.MISSION)).isFalse();
        assertThat(service().plan().mission()).isEqualTo(old);
        // And exactly the capacity is fine
        out.clear();
        send(count(MissionType.MISSION, 1000), 200 * MS);
        assertThat(requestedSeqs()).containsExactly(0);
    }

    @Test
    void shouldReRequestTheExpectedItemWhenAnItemArrivesOutOfOrder() {
        // Given an upload of three items that has received item 0
        List<MissionItem> list = items(MissionType.MISSION, 3);
        send(count(MissionType.MISSION, 3), 0);
        send(wire(list.get(0)), MS);
        // When item 2 arrives instead of item 1
        send(wire(list.get(2)), 2 * MS);
        // Then item 2 is dropped and item 1 requested again (no error)
        assertThat(requestedSeqs()).containsExactly(0, 1, 1);
        assertThat(sent(MissionAckExt.class)).isEmpty();
        // When item 1 and then item 2 arrive, the upload completes with the right order
        send(wire(list.get(1)), 3 * MS);
        send(wire(list.get(2)), 4 * MS);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ACCEPTED);
        assertThat(service().plan().mission()).isEqualTo(list);
    }

    @Test
    void shouldDropLateDuplicatesWhileAFreshRequestIsInFlightAndReRequestOtherwise() {
        // Given an upload of three items, item 0 received and item 1 just requested at 1 ms
        List<MissionItem> list = items(MissionType.MISSION, 3);
        send(count(MissionType.MISSION, 3), 0);
        send(wire(list.get(0)), MS);
        // When a duplicate of item 0 arrives 5 ms later (answer to an earlier retry)
        send(wire(list.get(0)), 6 * MS);
        // Then it is dropped silently: the request for item 1 is still fresh
        assertThat(requestedSeqs()).containsExactly(0, 1);
        // When another duplicate arrives after a full item timeout (the GCS missed our request)
        send(wire(list.get(0)), 400 * MS);
        // Then item 1 is requested again at once
        assertThat(requestedSeqs()).containsExactly(0, 1, 1);
        // And the plan completes without duplicates
        send(wire(list.get(1)), 401 * MS);
        send(wire(list.get(2)), 402 * MS);
        assertThat(service().plan().mission()).isEqualTo(list);
    }

    @Test
    void shouldDenyASecondGroundStationUploadingTheSameTypeAndLetTheFirstFinish() {
        // Given GCS A (udp) uploading a mission
        List<MissionItem> list = items(MissionType.MISSION, 2);
        send(count(MissionType.MISSION, 2), 0);
        send(wire(list.get(0)), MS);
        // When GCS B on another link starts an upload of the same type, and sends an item
        send(tcp, 254, 190, count(MissionType.MISSION, 5), 2 * MS);
        send(tcp, 254, 190, wire(item(MissionType.MISSION, 1)), 3 * MS);
        // Then B gets DENIED on its link
        List<RecordingOutput.Sent> toB = sentOn(tcp);
        assertThat(toB).extracting(RecordingOutput.Sent::payload).filteredOn(MissionAckExt.class::isInstance)
                .singleElement().satisfies(p -> {
                    MissionAckExt a = (MissionAckExt) p;
                    assertThat(a.type()).isEqualTo(DENIED);
                    assertThat(a.targetSystem()).isEqualTo(254);
                });
        // And A's upload continues and completes with A's items
        send(wire(list.get(1)), 4 * MS);
        assertThat(sentOn(udp)).extracting(RecordingOutput.Sent::payload).filteredOn(MissionAckExt.class::isInstance)
                .singleElement().satisfies(p -> assertThat(((MissionAckExt) p).type()).isEqualTo(ACCEPTED));
        assertThat(service().plan().mission()).isEqualTo(list);
        assertThat(service().counters().uploadsDenied()).isEqualTo(1);
    }

    @Test
    void shouldDenyTheSameSystemFromAnotherComponent() {
        // Given an upload from (255, 190)
        send(count(MissionType.RALLY, 2), 0);
        // When (255, 191) on the same link starts one of the same type
        send(udp, GCS, 191, count(MissionType.RALLY, 2), MS);
        // Then it is denied
        assertThat(last(MissionAckExt.class).type()).isEqualTo(DENIED);
        assertThat(last(MissionAckExt.class).targetComponent()).isEqualTo(191);
        assertThat(service().uploadInProgress(MissionType.RALLY)).isTrue();
    }

    @Test
    void shouldRunUploadsOfDifferentTypesAtTheSameTime() {
        // Given GCS A uploading a mission and GCS B a fence, interleaved
        List<MissionItem> mission = items(MissionType.MISSION, 2);
        List<MissionItem> fence = items(MissionType.FENCE, 2);
        send(count(MissionType.MISSION, 2), 0);
        send(tcp, 254, 190, count(MissionType.FENCE, 2), MS);
        send(wire(mission.get(0)), 2 * MS);
        send(tcp, 254, 190, wire(fence.get(0)), 3 * MS);
        send(wire(mission.get(1)), 4 * MS);
        send(tcp, 254, 190, wire(fence.get(1)), 5 * MS);
        // Then both are accepted and active
        assertThat(sent(MissionAckExt.class)).extracting(MissionAckExt::type).containsExactly(ACCEPTED, ACCEPTED);
        assertThat(service().plan().mission()).isEqualTo(mission);
        assertThat(service().plan().fence()).isEqualTo(fence);
    }

    @Test
    void shouldRestartTheUploadWhenTheSameGcsSendsMissionCountAgain() {
        // Given an upload of three items with item 0 received
        send(count(MissionType.MISSION, 3), 0);
        send(wire(item(MissionType.MISSION, 0)), MS);
        // When the same GCS starts again with two items
        send(count(MissionType.MISSION, 2), 2 * MS);
        List<MissionItem> list = items(MissionType.MISSION, 2);
        send(wire(list.get(0)), 3 * MS);
        send(wire(list.get(1)), 4 * MS);
        // Then the upload restarted at item 0 and the two-item plan is active
        assertThat(requestedSeqs()).containsExactly(0, 1, 0, 1);
        assertThat(service().plan().mission()).isEqualTo(list);
    }

    @Test
    void shouldRepeatTheFinalAckWhenTheGcsSendsTheLastItemAgain() {
        // Given a completed upload whose ACK the GCS did not receive
        List<MissionItem> list = items(MissionType.MISSION, 2);
        upload(MissionType.MISSION, list, 0);
        long id = last(MissionAckExt.class).opaqueId();
        int saves = store.saves;
        // When the GCS sends the last item again
        send(wire(list.get(1)), 1500 * MS);
        // Then it gets the same ACCEPTED answer and nothing is saved again
        assertThat(sent(MissionAckExt.class)).hasSize(2);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ACCEPTED);
        assertThat(last(MissionAckExt.class).opaqueId()).isEqualTo(id);
        assertThat(store.saves).isEqualTo(saves);
        // And a stray item with no upload in progress gets an error
        send(wire(list.get(0)), 1600 * MS);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ERROR);
    }

    @Test
    void shouldAnswerUnsupportedForAnUnknownMissionType() {
        // When a GCS starts an upload of MAV_MISSION_TYPE_ALL
        send(io.dronefleet.mavlink.common.MissionCount.builder().targetSystem(SYS).targetComponent(COMP).count(1)
                .missionType(io.dronefleet.mavlink.common.MavMissionType.MAV_MISSION_TYPE_ALL).build(), 0);
        // Then MAV_MISSION_UNSUPPORTED
        assertThat(last(MissionAckExt.class).type()).isEqualTo(3);
        assertThat(last(MissionAckExt.class).missionType()).isEqualTo(255);
    }

    @Test
    void shouldTreatAThrowingValidatorAsARefusal() {
        // Given a validator that throws
        validator = (t, l) -> {
            throw new IllegalStateException("boom");
        };
        // When an upload completes, Then it is refused with ERROR and nothing throws
        upload(MissionType.MISSION, items(MissionType.MISSION, 1), 0);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ERROR);
        assertThat(statusTexts()).contains("validator failed: boom");
        assertThat(service().plan().mission()).isEmpty();
    }

    // ------------------------------------------------------------------ download

    @ParameterizedTest
    @EnumSource(MissionType.class)
    void shouldDownloadThePlanWithItsOpaqueId(MissionType type) {
        // Given an active plan of this type
        List<MissionItem> list = items(type, 3);
        upload(type, list, 0);
        out.clear();
        // When the GCS downloads it
        send(requestList(type), 100 * MS);
        MissionCountExt c = last(MissionCountExt.class);
        for (int i = 0; i < c.count(); i++) {
            send(requestInt(type, i), (101 + i) * MS);
        }
        send(gcsAck(type, MavMissionResult.MAV_MISSION_ACCEPTED), 110 * MS);
        // Then MISSION_COUNT carries the count, type and opaque id; the items come back in order
        assertThat(c.count()).isEqualTo(3);
        assertThat(c.missionType()).isEqualTo(type.mavlinkValue());
        assertThat(c.opaqueId()).isEqualTo(service().opaqueId(type)).isNotZero();
        assertThat(c.targetSystem()).isEqualTo(GCS);
        List<MissionItemInt> got = sent(MissionItemInt.class);
        assertThat(got).extracting(MissionItemInt::seq).containsExactly(0, 1, 2);
        assertThat(got).allSatisfy(m -> assertThat(m.missionType().value()).isEqualTo(type.mavlinkValue()));
        assertThat(sentOn(udp)).hasSize(4);
        assertThat(sent(MissionAckExt.class)).as("the GCS ends a download; the vehicle does not ACK").isEmpty();
    }

    @Test
    void shouldReturnEveryFieldBitForBitIncludingNanPayloadsAfterUploadThenDownload() {
        // Given items with unusual but representable values: NaN with payloads, -0, infinities,
        // extreme integers, unknown frame and command numbers
        float nanPayload = Float.intBitsToFloat(0x7fc01234);
        float negNan = Float.intBitsToFloat(0xffc00001);
        List<MissionItem> list = List.of(
                new MissionItem(0, 6, 16, true, true, Float.NaN, nanPayload, negNan, -0.0f,
                        Integer.MIN_VALUE, Integer.MAX_VALUE, Float.MIN_VALUE, MissionType.MISSION),
                new MissionItem(1, 255, 65535, false, false, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        Float.MAX_VALUE, -Float.MAX_VALUE, -1, 0, nanPayload, MissionType.MISSION),
                new MissionItem(2, 2, 31000, false, true, 1e-40f, 0.1f, 3.4028235e38f, 0f, 1, -1, -0.0f,
                        MissionType.MISSION));
        upload(MissionType.MISSION, list, 0);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ACCEPTED);
        out.clear();
        // When they are downloaded
        send(requestList(MissionType.MISSION), 100 * MS);
        for (int i = 0; i < list.size(); i++) {
            send(requestInt(MissionType.MISSION, i), (101 + i) * MS);
        }
        // Then every integer field and every float bit pattern is what was uploaded
        List<MissionItemInt> got = sent(MissionItemInt.class);
        assertThat(got).hasSize(3);
        for (int i = 0; i < list.size(); i++) {
            MissionItem want = list.get(i);
            MissionItemInt m = got.get(i);
            assertThat(m.seq()).isEqualTo(want.seq());
            assertThat(m.frame().value()).isEqualTo(want.frame());
            assertThat(m.command().value()).isEqualTo(want.command());
            assertThat(m.current()).isEqualTo(want.current() ? 1 : 0);
            assertThat(m.autocontinue()).isEqualTo(want.autocontinue() ? 1 : 0);
            assertThat(m.x()).isEqualTo(want.x());
            assertThat(m.y()).isEqualTo(want.y());
            assertThat(bits(m.param1(), m.param2(), m.param3(), m.param4(), m.z()))
                    .as("item %d float bits", i)
                    .containsExactly(bits(want.param1(), want.param2(), want.param3(), want.param4(), want.z()));
        }
    }

    private static int[] bits(float... f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    @Test
    void shouldAnswerTheDeprecatedMissionRequestWithMissionItemInt() {
        // Given an active mission
        upload(MissionType.MISSION, items(MissionType.MISSION, 2), 0);
        out.clear();
        // When a legacy GCS requests item 1 with MISSION_REQUEST
        send(requestList(MissionType.MISSION), 100 * MS);
        send(request(MissionType.MISSION, 1), 101 * MS);
        // Then it gets MISSION_ITEM_INT (as the spec says), never MISSION_ITEM
        assertThat(last(MissionItemInt.class).seq()).isEqualTo(1);
        assertThat(last(MissionItemInt.class).x()).isEqualTo(item(MissionType.MISSION, 1).x());
        assertThat(sent(io.dronefleet.mavlink.common.MissionItem.class)).isEmpty();
    }

    @Test
    void shouldAnswerInvalidSequenceForAnItemThatDoesNotExist() {
        // Given a two-item mission being downloaded
        upload(MissionType.MISSION, items(MissionType.MISSION, 2), 0);
        out.clear();
        send(requestList(MissionType.MISSION), 100 * MS);
        // When the GCS requests item 2
        send(requestInt(MissionType.MISSION, 2), 101 * MS);
        // Then MISSION_ACK INVALID_SEQUENCE, no item
        assertThat(last(MissionAckExt.class).type()).isEqualTo(INVALID_SEQUENCE);
        assertThat(sent(MissionItemInt.class)).isEmpty();
        // And the same for an empty rally plan
        send(requestInt(MissionType.RALLY, 0), 102 * MS);
        assertThat(last(MissionAckExt.class).type()).isEqualTo(INVALID_SEQUENCE);
        assertThat(last(MissionAckExt.class).missionType()).isEqualTo(MissionType.RALLY.mavlinkValue());
    }

    @Test
    void shouldAnswerAnEmptyPlanWithCountZeroAndIdZero() {
        // When a GCS asks for the (empty) fence
        send(requestList(MissionType.FENCE), 0);
        // Then MISSION_COUNT 0 with opaque id 0
        MissionCountExt c = last(MissionCountExt.class);
        assertThat(c.count()).isZero();
        assertThat(c.opaqueId()).isZero();
        assertThat(c.missionType()).isEqualTo(1);
    }

    @Test
    void shouldServeADownloadFromItsSnapshotWhileAnotherGcsReplacesThePlan() {
        // Given an active mission of two items that GCS A starts downloading
        List<MissionItem> old = items(MissionType.MISSION, 2);
        upload(MissionType.MISSION, old, 0);
        send(tcp, 254, 190, requestList(MissionType.MISSION), 100 * MS);
        send(tcp, 254, 190, requestInt(MissionType.MISSION, 0), 101 * MS);
        // When the other GCS uploads a new mission in between
        List<MissionItem> fresh = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MissionItem it = item(MissionType.MISSION, i);
            fresh.add(new MissionItem(i, it.frame(), it.command(), it.current(), it.autocontinue(), 9f, 9f, 9f, 9f,
                    it.x() + 5, it.y(), it.z(), MissionType.MISSION));
        }
        upload(MissionType.MISSION, fresh, 200 * MS);
        out.clear();
        send(tcp, 254, 190, requestInt(MissionType.MISSION, 1), 300 * MS);
        // Then A still gets the plan it started with
        assertThat(last(MissionItemInt.class).x()).isEqualTo(old.get(1).x());
        // And after A's ACK, a new download sees the new plan
        send(tcp, 254, 190, gcsAck(MissionType.MISSION, MavMissionResult.MAV_MISSION_ACCEPTED), 301 * MS);
        send(tcp, 254, 190, requestList(MissionType.MISSION), 302 * MS);
        assertThat(last(MissionCountExt.class).count()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ clear

    @Test
    void shouldClearAllTypesWithMissionTypeAll() {
        // Given all three types active
        upload(MissionType.MISSION, items(MissionType.MISSION, 2), 0);
        upload(MissionType.FENCE, items(MissionType.FENCE, 2), 10 * MS);
        upload(MissionType.RALLY, items(MissionType.RALLY, 2), 20 * MS);
        out.clear();
        // When MISSION_CLEAR_ALL with MAV_MISSION_TYPE_ALL
        send(clearAll(255), 100 * MS);
        // Then everything is empty and saved, ACCEPTED for type ALL, ids 0
        assertThat(service().plan()).isEqualTo(MissionPlan.EMPTY);
        assertThat(store.saved).isEqualTo(MissionPlan.EMPTY);
        MissionAckExt ack = last(MissionAckExt.class);
        assertThat(ack.type()).isEqualTo(ACCEPTED);
        assertThat(ack.missionType()).isEqualTo(255);
        for (MissionType t : MissionType.values()) {
            assertThat(service().opaqueId(t)).isZero();
        }
        assertThat(runner.changes).endsWith("MISSION:0", "FENCE:0", "RALLY:0");
    }

    @Test
    void shouldClearOnlyTheRequestedType() {
        // Given mission and rally active
        upload(MissionType.MISSION, items(MissionType.MISSION, 2), 0);
        upload(MissionType.RALLY, items(MissionType.RALLY, 2), 10 * MS);
        // When the rally points are cleared
        send(clearAll(MissionType.RALLY.mavlinkValue()), 100 * MS);
        // Then only they are gone
        assertThat(last(MissionAckExt.class).type()).isEqualTo(ACCEPTED);
        assertThat(service().plan().rally()).isEmpty();
        assertThat(service().plan().mission()).hasSize(2);
    }

    @Test
    void shouldDenyClearingATypeAnotherGcsIsUploading() {
        // Given GCS A uploading a fence over an active one
        upload(MissionType.FENCE, items(MissionType.FENCE, 2), 0);
        send(count(MissionType.FENCE, 3), 10 * MS);
        // When GCS B clears all
        send(tcp, 254, 190, clearAll(255), 20 * MS);
        // Then B is denied and nothing is cleared
        assertThat(last(MissionAckExt.class).type()).isEqualTo(DENIED);
        assertThat(service().plan().fence()).hasSize(2);
        assertThat(service().uploadInProgress(MissionType.FENCE)).isTrue();
    }

    // ------------------------------------------------------------------ current item, progress

    @Test
    void shouldSetTheCurrentItemAndBroadcastMissionCurrent() {
        // Given an active mission of three items
        upload(MissionType.MISSION, items(MissionType.MISSION, 3), 0);
        out.clear();
        // When the GCS sets item 2 as current
        send(tcp, GCS, GCS_COMP, setCurrent(2), 100 * MS);
        // Then the runner has it and MISSION_CURRENT is broadcast at once
        assertThat(runner.current).isEqualTo(2);
        RecordingOutput.Sent s = out.sent().get(out.sent().size() - 1);
        assertThat(s.target()).as("broadcast").isNull();
        MissionCurrentExt c = (MissionCurrentExt) s.payload();
        assertThat(c.seq()).isEqualTo(2);
        assertThat(c.total()).isEqualTo(3);
        assertThat(c.missionState()).isEqualTo(MissionRunner.MISSION_STATE_NOT_STARTED);
        assertThat(c.missionId()).isEqualTo(service().opaqueId(MissionType.MISSION));
    }

    @Test
    void shouldRefuseAnInvalidCurrentItemWithABroadcastStatustext() {
        // Given an active mission of three items
        upload(MissionType.MISSION, items(MissionType.MISSION, 3), 0);
        out.clear();
        // When the GCS sets item 3 (beyond the end)
        send(setCurrent(3), 100 * MS);
        // Then nothing changes and a STATUSTEXT is broadcast
        assertThat(runner.current).isZero();
        assertThat(sent(MissionCurrentExt.class)).isEmpty();
        assertThat(out.sent()).singleElement().satisfies(s -> assertThat(s.target()).isNull());
        assertThat(statusTexts()).contains("no mission item 3");
        // And a runner refusal is reported the same way
        runner.acceptSetCurrent = false;
        send(setCurrent(1), 101 * MS);
        assertThat(statusTexts()).contains("refused by the mission runner");
    }

    @Test
    void shouldAnswerDoSetMissionCurrentThroughTheCommandHook() {
        // Given an active mission of two items
        upload(MissionType.MISSION, items(MissionType.MISSION, 2), 0);
        // Then valid, keep-current, out-of-range and runner-refused give ACCEPTED, ACCEPTED, FAILED, DENIED
        assertThat(service().setCurrentFromCommand(1)).isEqualTo(0);
        assertThat(runner.current).isEqualTo(1);
        assertThat(service().setCurrentFromCommand(-1)).isEqualTo(0);
        assertThat(service().setCurrentFromCommand(2)).isEqualTo(4);
        runner.acceptSetCurrent = false;
        assertThat(service().setCurrentFromCommand(0)).isEqualTo(2);
        // And the LocalCommandHandler reads param1 and ignores other commands
        runner.acceptSetCurrent = true;
        var handler = service().commandHandler();
        assertThat(handler.handle(udp, GCS, GCS_COMP, 224, new double[] {0, 0, 0, 0, 0, 0, 0}, 0)).isEqualTo(0);
        assertThat(runner.current).isZero();
        assertThat(handler.handle(udp, GCS, GCS_COMP, 224, new double[] {Double.NaN, 0, 0, 0, 0, 0, 0}, 0))
                .isEqualTo(4);
        assertThat(handler.handle(udp, GCS, GCS_COMP, 400, new double[7], 0)).isEqualTo(-1);
    }

    @Test
    void shouldStreamMissionCurrentAtOneHertzAndAtOnceWhenTheCurrentItemChanges() {
        // Given an active mission of three items
        upload(MissionType.MISSION, items(MissionType.MISSION, 3), 0);
        service().tick(10 * MS);
        out.clear();
        // When ticks run at 50 Hz for 2.5 seconds, with the runner moving to item 1 at 1.5 s
        for (long t = 30; t <= 2530; t += 20) {
            if (t == 1510) {
                runner.current = 1;
            }
            service().tick(t * MS);
        }
        // Then MISSION_CURRENT went out about 1 s after the last one, at 1.51 s (the change) and 1 s
        // after that, all broadcast
        assertThat(out.sent()).allSatisfy(s -> assertThat(s.target()).isNull());
        assertThat(sent(MissionCurrentExt.class)).extracting(MissionCurrentExt::seq).containsExactly(0, 1, 1);
    }

    @Test
    void shouldBroadcastMissionItemReached() {
        // When the runner reports item 4 reached
        service().itemReached(4);
        // Then MISSION_ITEM_REACHED is broadcast
        assertThat(out.sent()).singleElement().satisfies(s -> {
            assertThat(s.target()).isNull();
            assertThat(((MissionItemReached) s.payload()).seq()).isEqualTo(4);
        });
    }

    // ------------------------------------------------------------------ addressing, ports

    @Test
    void shouldIgnoreMessagesAddressedToAnotherSystemOrComponent() {
        // When mission messages for system 2 and for component 50 arrive
        send(io.dronefleet.mavlink.common.MissionCount.builder().targetSystem(2).targetComponent(COMP).count(1)
                .missionType(mt(MissionType.MISSION)).build(), 0);
        send(io.dronefleet.mavlink.common.MissionRequestList.builder().targetSystem(SYS).targetComponent(50)
                .missionType(mt(MissionType.MISSION)).build(), MS);
        send(wire(item(MissionType.MISSION, 0), 2, COMP), 2 * MS);
        send(io.dronefleet.mavlink.common.MissionClearAll.builder().targetSystem(3).targetComponent(0)
                .missionType(mt(MissionType.MISSION)).build(), 3 * MS);
        // Then nothing is answered
        assertThat(out.sent()).isEmpty();
        assertThat(service().counters().ignoredOtherTarget()).isEqualTo(4);
        // And broadcast targets (0, 0) are answered
        send(io.dronefleet.mavlink.common.MissionRequestList.builder().targetSystem(0).targetComponent(0)
                .missionType(mt(MissionType.MISSION)).build(), 4 * MS);
        assertThat(sent(MissionCountExt.class)).hasSize(1);
    }

    @Test
    void shouldStartFromTheStoredPlanAndTellTheRunner() {
        // Given a store holding a mission
        List<MissionItem> saved = items(MissionType.MISSION, 2);
        store.saved = MissionPlan.EMPTY.with(MissionType.MISSION, saved);
        // When the service starts
        MissionService s = service();
        // Then the plan is active, with its id, and the runner knows each type
        assertThat(s.plan().mission()).isEqualTo(saved);
        assertThat(s.opaqueId(MissionType.MISSION)).isEqualTo(MissionService.opaqueId(saved)).isNotZero();
        assertThat(runner.changes).containsExactly("MISSION:2", "FENCE:0", "RALLY:0");
        assertThat(s.loadProblem()).isNull();
    }

    @Test
    void shouldStartEmptyAndSayWhyWhenThePlanCannotBeLoaded() {
        // Given a store that cannot be read
        PlanStore broken = new PlanStore() {
            @Override
            public MissionPlan load() throws java.io.IOException {
                throw new java.io.IOException("bad checksum");
            }

            @Override
            public void save(MissionPlan plan) {
            }
        };
        // When the service starts and ticks
        MissionService s = new MissionService(SYS, COMP, out, PlanValidator.ACCEPT_ALL, runner, broken);
        s.tick(0);
        s.tick(20 * MS);
        // Then the plan is empty and one STATUSTEXT tells why
        assertThat(s.plan()).isEqualTo(MissionPlan.EMPTY);
        assertThat(s.loadProblem()).contains("bad checksum");
        assertThat(sent(Statustext.class)).singleElement()
                .satisfies(t -> assertThat(t.text()).contains("bad checksum"));
    }

    @Test
    void shouldReplaceThePlanFromAFileOnlyWhenValidAndAccepted() {
        // Given a validator that refuses rally points with z < 0
        validator = (t, l) -> l.stream().anyMatch(i -> i.z() < 0)
                ? PlanValidator.Result.refused(INVALID_PARAM7, 0, "below ground") : PlanValidator.Result.ACCEPTED;
        MissionPlan good = new MissionPlan(items(MissionType.MISSION, 2), List.of(), items(MissionType.RALLY, 1));
        // When a good plan is imported
        PlanValidator.Result r = service().replacePlan(good);
        // Then it is active, saved and announced
        assertThat(r.accepted()).isTrue();
        assertThat(service().plan()).isEqualTo(good);
        assertThat(store.saved).isEqualTo(good);
        assertThat(runner.changes).endsWith("MISSION:2", "RALLY:1");
        // When a refused or malformed plan is imported, Then nothing changes
        MissionItem bad = item(MissionType.RALLY, 0);
        MissionItem below = new MissionItem(0, bad.frame(), bad.command(), false, true, 0, 0, 0, 0, bad.x(), bad.y(),
                -5f, MissionType.RALLY);
        assertThat(service().replacePlan(good.with(MissionType.RALLY, List.of(below))).missionResult())
                .isEqualTo(INVALID_PARAM7);
        assertThat(service().replacePlan(good.with(MissionType.MISSION, List.of(item(MissionType.MISSION, 1))))
                .missionResult()).isEqualTo(INVALID_SEQUENCE);
        assertThat(service().replacePlan(good.with(MissionType.FENCE, items(MissionType.RALLY, 1))).missionResult())
                .isEqualTo(5);
        assertThat(service().plan()).isEqualTo(good);
    }

    @Test
    void shouldChangeTheOpaqueIdWithAnyBitOfThePlan() {
        // Given a plan and copies differing in one float bit, one int, the NaN payload
        List<MissionItem> a = items(MissionType.MISSION, 3);
        MissionItem i1 = a.get(1);
        List<MissionItem> b = List.of(a.get(0), new MissionItem(1, i1.frame(), i1.command(), i1.current(),
                i1.autocontinue(), i1.param1(), Math.nextUp(i1.param2()), i1.param3(), i1.param4(), i1.x(), i1.y(),
                i1.z(), MissionType.MISSION), a.get(2));
        List<MissionItem> c = List.of(a.get(0), new MissionItem(1, i1.frame(), i1.command(), i1.current(),
                i1.autocontinue(), i1.param1(), i1.param2(), i1.param3(), Float.intBitsToFloat(0x7fc00002), i1.x(),
                i1.y(), i1.z(), MissionType.MISSION), a.get(2));
        // Then the ids differ, are stable, and empty is 0
        assertThat(MissionService.opaqueId(a)).isEqualTo(MissionService.opaqueId(items(MissionType.MISSION, 3)));
        assertThat(MissionService.opaqueId(b)).isNotEqualTo(MissionService.opaqueId(a));
        assertThat(MissionService.opaqueId(c)).isNotEqualTo(MissionService.opaqueId(a));
        assertThat(MissionService.opaqueId(List.of())).isZero();
    }

    @Test
    void shouldConvertLegacyFloatPositionsByFrame() {
        // Then global frames become degE7, local frames metres × 1e4, others are rounded; NaN is INT32_MAX
        assertThat(MissionService.legacyToInt(0, -33.5f)).isEqualTo(-335_000_000);
        assertThat(MissionService.legacyToInt(1, 2.5f)).isEqualTo(25_000);
        assertThat(MissionService.legacyToInt(2, 7.4f)).isEqualTo(7);
        assertThat(MissionService.legacyToInt(3, Float.NaN)).isEqualTo(Integer.MAX_VALUE);
        assertThat(MissionService.legacyToInt(0, 1e30f)).isEqualTo(Integer.MAX_VALUE);
        assertThat(MissionService.legacyToInt(0, -1e30f)).isEqualTo(Integer.MIN_VALUE);
    }
}
