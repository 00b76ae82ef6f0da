package org.hoverla.core.mavlink.param;

import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dronefleet.mavlink.common.MavParamType;
import io.dronefleet.mavlink.common.MavProtocolCapability;
import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.ParamRequestList;
import io.dronefleet.mavlink.common.ParamRequestRead;
import io.dronefleet.mavlink.common.ParamSet;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

class ParamServiceTest {
    private static final long MS = 1_000_000L;
    private static final int SYS = 1;
    private static final int COMP = 1;

    private final TestLink udp = new TestLink(0, "udp:127.0.0.1:14550");
    private final TestLink radio = new TestLink(1, "serial:/dev/ttyAMA0");
    private final RecordingOutput out = new RecordingOutput();
    private final FakePersistence persistence = new FakePersistence();
    private final FlightParams params = new FlightParams(new ParamStore());
    private final ParamStore store = params.store;

    /** In-memory storage: counts saves, can be made to fail. */
    static final class FakePersistence implements ParamPersistence {
        int saves;
        boolean fail;
        List<Double> lastSaved = new ArrayList<>();

        @Override
        public void save(ParamStore s) throws IOException {
            if (fail) {
                throw new IOException("disk full");
            }
            saves++;
            lastSaved = new ArrayList<>();
            for (int i = 0; i < s.count(); i++) {
                lastSaved.add(s.get(i).doubleValue());
            }
        }

        @Override
        public LoadResult load(ParamStore s) {
            for (int i = 0; i < s.count() && i < lastSaved.size(); i++) {
                s.get(i).set(lastSaved.get(i));
            }
            return new LoadResult(LoadResult.Source.FILE, lastSaved.size(), List.of());
        }
    }

    private ParamService service(ParamService.Options options) {
        return new ParamService(store, out, persistence, SYS, COMP, options);
    }

    private static ParamRequestList list(int sys, int comp) {
        return ParamRequestList.builder().targetSystem(sys).targetComponent(comp).build();
    }

    private static ParamRequestRead readByName(String name) {
        return ParamRequestRead.builder().targetSystem(SYS).targetComponent(COMP).paramId(name).paramIndex(-1).build();
    }

    private static ParamRequestRead readByIndex(int index) {
        return ParamRequestRead.builder().targetSystem(SYS).targetComponent(COMP).paramId("").paramIndex(index).build();
    }

    private static ParamSet set(String name, float value, MavParamType type) {
        return ParamSet.builder().targetSystem(SYS).targetComponent(COMP).paramId(name).paramValue(value)
                .paramType(EnumValue.of(type)).build();
    }

    private void receive(ParamService s, TestLink link, Object payload, long nowNs) {
        s.onMessage(link, Wire.fromGcs(payload), nowNs);
    }

    private List<ParamValue> values() {
        return out.payloads(ParamValue.class);
    }

    private List<Statustext> texts() {
        return out.payloads(Statustext.class);
    }

    @Test
    void shouldAnnounceTheBytewiseCapabilityByDefault() {
        // Given the library's enum
        // Then our constant is its bit, and each encoding reports its own bit
        assertThat(ParamService.ENCODING_CAPABILITY).isEqualTo(16L)
                .isEqualTo(EnumValue.of(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE).value());
        assertThat(ParamEncoding.C_CAST.capabilityBit())
                .isEqualTo(EnumValue.of(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_C_CAST).value());
        assertThat(service(ParamService.Options.defaults()).capabilityBit()).isEqualTo(ParamService.ENCODING_CAPABILITY);
    }

    @Test
    void shouldStreamTheCompleteListPacedByTick() {
        // Given a service pacing downloads at 1000 parameters per second
        ParamService s = service(ParamService.Options.defaults().withListRate(1000));
        int n = store.count();

        // When a list is requested (one tick's worth, 20 values, leaves at once) and the MAVLink
        // thread ticks every 10 ms
        receive(s, udp, list(SYS, COMP), 0);
        assertThat(values()).hasSize(20);
        long t = 0;
        int ticks = 0;
        while (s.isStreaming(udp)) {
            t += 10 * MS;
            s.tick(t);
            ticks++;
            // Then no tick sends more than the rate allows
            assertThat(values().size()).isLessThanOrEqualTo(20 + (int) (t / MS));
        }

        // Then every parameter was sent once, in order, with count, index and type
        List<ParamValue> v = values();
        assertThat(v).hasSize(n);
        assertThat(ticks).isEqualTo((n - 20 + 9) / 10);
        for (int i = 0; i < n; i++) {
            Param p = store.get(i);
            assertThat(v.get(i).paramIndex()).isEqualTo(i);
            assertThat(v.get(i).paramCount()).isEqualTo(n);
            assertThat(v.get(i).paramId()).isEqualTo(p.name());
            assertThat(v.get(i).paramType().entry()).isEqualTo(
                    p.type() == ParamType.INT ? MavParamType.MAV_PARAM_TYPE_INT32 : MavParamType.MAV_PARAM_TYPE_REAL32);
        }
        assertThat(out.sent()).allMatch(sent -> sent.target() == udp);
        assertThat(s.counters().listsCompleted()).isEqualTo(1);
    }

    @Test
    void shouldDownload100ParametersInTensOfMillisecondsButPaceARadio() {
        // Given 100 parameters, a UDP link at the default pace and a radio at the 57600-baud pace
        ParamStore hundred = new ParamStore();
        for (int i = 0; i < 100; i++) {
            hundred.addFloat("P" + i, 0.0, -1.0, 1.0, "", "test");
        }
        ParamService s = new ParamService(hundred, out, persistence, SYS, COMP, ParamService.Options.defaults()
                .withListRate(l -> l.name().startsWith("serial:") ? ParamService.RADIO_57600_LIST_RATE_PER_S
                        : ParamService.DEFAULT_LIST_RATE_PER_S));

        // When both request the list and the thread ticks at 50 Hz for one second
        receive(s, udp, list(SYS, COMP), 0);
        receive(s, radio, list(SYS, COMP), 0);
        long udpDoneNs = -1;
        for (long t = 20 * MS; t <= 1000 * MS; t += 20 * MS) {
            s.tick(t);
            if (udpDoneNs < 0 && !s.isStreaming(udp)) {
                udpDoneNs = t;
            }
        }

        // Then UDP finished within 40 ms and the radio got about 50 per second
        assertThat(udpDoneNs).isBetween(1L, 40 * MS);
        long onRadio = out.sent().stream().filter(x -> x.target() == radio).count();
        assertThat(onRadio).isBetween(50L, 52L);
        assertThat(s.isStreaming(radio)).isTrue();
    }

    @Test
    void shouldRestartOnADuplicateListRequestAndAnswerReadsInBetween() {
        // Given a download in progress
        ParamService s = service(ParamService.Options.defaults().withListRate(100));
        receive(s, udp, list(SYS, COMP), 0);
        s.tick(20 * MS);
        s.tick(40 * MS);
        s.tick(50 * MS);
        assertThat(values()).hasSize(7);

        // When a read arrives mid-stream, then the list is requested again
        receive(s, udp, readByName("MPC_XY_P"), 51 * MS);
        assertThat(values().get(7).paramId()).isEqualTo("MPC_XY_P");
        receive(s, udp, list(0, 0), 60 * MS);

        // Then the download restarts at index 0 and completes with every index
        assertThat(values().get(8).paramIndex()).isZero();
        for (long t = 70 * MS; s.isStreaming(udp); t += 10 * MS) {
            s.tick(t);
        }
        List<ParamValue> second = values().subList(8, values().size());
        assertThat(second).hasSize(store.count());
        Set<Integer> indices = new HashSet<>();
        second.forEach(v -> indices.add(v.paramIndex()));
        assertThat(indices).hasSize(store.count());
        assertThat(s.counters().listRequests()).isEqualTo(2);
    }

    @Test
    void shouldReadByNameIncludingSixteenCharacterNamesAndByIndex() {
        // Given a service
        ParamService s = service(ParamService.Options.defaults());
        Param sixteen = store.find("MPC_Z_VEL_MAX_UP");
        assertThat(sixteen.name()).hasSize(16);

        // When read by a 16-character name (no NUL on the wire) and by index
        receive(s, udp, readByName("MPC_Z_VEL_MAX_UP"), 0);
        receive(s, udp, readByIndex(3), 0);

        // Then both are answered on the requesting link, and the 16-character name survives the codec
        List<ParamValue> v = values();
        assertThat(v).hasSize(2);
        ParamValue onWire = Wire.roundTrip(v.get(0));
        assertThat(onWire.paramId()).isEqualTo("MPC_Z_VEL_MAX_UP");
        assertThat(onWire.paramIndex()).isEqualTo(sixteen.index());
        assertThat(onWire.paramValue()).isEqualTo(3.0f);
        assertThat(v.get(1).paramId()).isEqualTo(store.get(3).name());
        assertThat(out.sent()).allMatch(x -> x.target() == udp);
    }

    @Test
    void shouldAnswerAReadOfAMissingIndexOrNameWithAStatusTextOnly() {
        // Given a service
        ParamService s = service(ParamService.Options.defaults());

        // When reading an index past the end, a negative index other than -1, and an unknown name
        receive(s, udp, readByIndex(store.count()), 0);
        receive(s, udp, readByIndex(-5), 0);
        receive(s, udp, readByName("NO_SUCH"), 0);

        // Then no PARAM_VALUE, and a STATUSTEXT for each
        assertThat(values()).isEmpty();
        assertThat(texts()).hasSize(3);
        assertThat(texts().get(0).text()).contains("index " + store.count());
        assertThat(texts().get(2).text()).contains("NO_SUCH");
        assertThat(s.counters().readFailures()).isEqualTo(3);
    }

    @Test
    void shouldAcceptAValidSetAndBroadcastTheNewValue() {
        // Given a service
        ParamService s = service(ParamService.Options.defaults());

        // When a ground station sets MPC_XY_P to 2.5
        receive(s, udp, set("MPC_XY_P", 2.5f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);

        // Then the value is stored and echoed to every link, with no STATUSTEXT
        assertThat(params.xyP.get()).isEqualTo(2.5);
        assertThat(out.sent()).hasSize(1);
        assertThat(out.sent().get(0).target()).isNull();
        ParamValue v = values().get(0);
        assertThat(v.paramValue()).isEqualTo(2.5f);
        assertThat(v.paramIndex()).isEqualTo(params.xyP.index());
        assertThat(v.paramCount()).isEqualTo(store.count());
        assertThat(s.isDirty()).isTrue();
    }

    @Test
    void shouldAcceptAFloatAtTheRangeLimitAsTheUserSeesIt() {
        // Given MC_ROLLRATE_D with max 0.05, and 0.05f > 0.05 as doubles
        ParamService s = service(ParamService.Options.defaults());
        assertThat((double) 0.05f).isGreaterThan(0.05);

        // When set to 0.05f
        receive(s, udp, set("MC_ROLLRATE_D", 0.05f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);

        // Then it is accepted as the decimal 0.05
        assertThat(params.rollRateD.get()).isEqualTo(0.05);
        assertThat(texts()).isEmpty();
    }

    private void assertRefused(ParamService s, String name, float value, MavParamType type, String reasonPart) {
        Param p = store.find(name);
        double before = p.doubleValue();
        out.clear();
        receive(s, udp, set(name, value, type), 0);
        assertThat(p.doubleValue()).as("value kept").isEqualTo(before);
        assertThat(values()).hasSize(1);
        assertThat(out.sent().get(0).target()).isNull();
        ParamValue echo = values().get(0);
        assertThat(echo.paramId()).isEqualTo(name);
        if (p.type() == ParamType.FLOAT) {
            assertThat(echo.paramValue()).isEqualTo((float) before);
        }
        assertThat(texts()).hasSize(1);
        Statustext t = texts().get(0);
        assertThat(t.severity().entry()).isEqualTo(MavSeverity.MAV_SEVERITY_WARNING);
        assertThat(t.text()).contains(name).contains(reasonPart);
        assertThat(t.text().length()).isLessThanOrEqualTo(50);
        assertThat(out.sent().get(1).target()).isEqualTo(udp);
    }

    @Test
    void shouldRefuseOutOfRangeNanInfinityAndWrongTypeEchoingTheOldValue() {
        // Given a service with default values
        ParamService s = service(ParamService.Options.defaults());

        // When / Then each bad write is refused, the old value echoed and the reason sent
        assertRefused(s, "MPC_XY_P", 9f, MavParamType.MAV_PARAM_TYPE_REAL32, "outside [0, 5]");
        assertRefused(s, "MPC_XY_P", Float.NaN, MavParamType.MAV_PARAM_TYPE_REAL32, "NaN");
        assertRefused(s, "MPC_XY_P", Float.POSITIVE_INFINITY, MavParamType.MAV_PARAM_TYPE_REAL32, "Infinity");
        assertRefused(s, "MPC_XY_P", Float.NEGATIVE_INFINITY, MavParamType.MAV_PARAM_TYPE_REAL32, "Infinity");
        assertRefused(s, "SYS_AUTOSTART", 1.5f, MavParamType.MAV_PARAM_TYPE_REAL32, "not an integer");
        assertRefused(s, "SYS_AUTOSTART", 7f, MavParamType.MAV_PARAM_TYPE_REAL32, "outside [4001, 6001]");
        assertRefused(s, "MPC_XY_P", Float.intBitsToFloat(2), MavParamType.MAV_PARAM_TYPE_INT32, "integer type sent");
        assertThat(s.counters().setRefused()).isEqualTo(7);
        assertThat(s.isDirty()).isFalse();
    }

    @Test
    void shouldRefuseToServeTheVehiclesParametersUnderCCastBecauseCalibrationDatesExceed2To24() {
        // Given the vehicle's parameters, whose CAL_*_DATE (UTC yyyymmdd) go beyond 2^24
        // When a C-cast service is made on them, Then it is refused naming the first such parameter
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> service(ParamService.Options.defaults().withEncoding(ParamEncoding.C_CAST)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("CAL_ACC0_DATE: range [0, 99991231]");
    }

    @Test
    void shouldRefuseANonIntegerInt32UnderCCast() {
        // Given the C-cast encoding on a parameter set whose integers all fit 2^24 (the vehicle's
        // full set does not: CAL_*_DATE holds yyyymmdd, see the next test)
        ParamStore small = new ParamStore();
        org.hoverla.core.param.IntParam airframe = small.addEnum("SYS_AUTOSTART", FlightParams.AUTOSTART_QUAD_X,
                "airframe", java.util.Map.of(4001, "quad-X", 5001, "quad-+", 6001, "hexa-X"));
        small.addFloat("MPC_XY_P", 0.95, 0.0, 5.0, "", "gain");
        ParamService s = new ParamService(small, out, persistence, SYS, COMP,
                ParamService.Options.defaults().withEncoding(ParamEncoding.C_CAST));

        // When INT32 1.5 arrives (a numeric float under C-cast), Then it is refused
        assertRefused(s, "SYS_AUTOSTART", 1.5f, MavParamType.MAV_PARAM_TYPE_INT32, "not an integer");
        assertThat(airframe.get()).isEqualTo(FlightParams.AUTOSTART_QUAD_X);

        // When INT32 6001.0 arrives, Then it is accepted and echoed as the float 6001.0
        out.clear();
        receive(s, udp, set("SYS_AUTOSTART", 6001f, MavParamType.MAV_PARAM_TYPE_INT32), 0);
        assertThat(airframe.get()).isEqualTo(6001);
        assertThat(values().get(0).paramValue()).isEqualTo(6001.0f);
        assertThat(values().get(0).paramType().entry()).isEqualTo(MavParamType.MAV_PARAM_TYPE_INT32);
    }

    @Test
    void shouldEncodeIntegersBytewiseThroughTheCodec() {
        // Given the default (bytewise) encoding and a store with a negative integer
        ParamStore st = new ParamStore();
        st.addInt("NEG_INT", -1, -100, 100, "", "test");
        ParamService s = new ParamService(st, out, persistence, SYS, COMP);

        // When read, Then the int32 bits travel in the float and survive the codec (-1 is a NaN pattern)
        receive(s, udp, readByName("NEG_INT"), 0);
        ParamValue v = Wire.roundTrip(values().get(0));
        assertThat(Float.floatToRawIntBits(v.paramValue())).isEqualTo(-1);

        // When a ground station sets 42 bytewise as INT32, Then 42 is stored and echoed bytewise
        out.clear();
        receive(s, udp, set("NEG_INT", Float.intBitsToFloat(42), MavParamType.MAV_PARAM_TYPE_INT32), 0);
        assertThat(st.find("NEG_INT").doubleValue()).isEqualTo(42.0);
        assertThat(Float.floatToRawIntBits(values().get(0).paramValue())).isEqualTo(42);

        // When pymavlink-style REAL32 7.0 arrives for the integer, Then it is read numerically
        receive(s, udp, set("NEG_INT", 7f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);
        assertThat(st.find("NEG_INT").doubleValue()).isEqualTo(7.0);
    }

    @Test
    void shouldRejectCCastForIntegerRangesBeyond2To24() {
        ParamStore st = new ParamStore();
        st.addInt("BIG_MASK", 0, 0, Integer.MAX_VALUE, "", "bit mask");
        assertThatThrownBy(() -> new ParamService(st, out, persistence, SYS, COMP,
                ParamService.Options.defaults().withEncoding(ParamEncoding.C_CAST)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BIG_MASK");
    }

    @Test
    void shouldAnswerAnUnknownNameWithAStatusTextAndNoParamValue() {
        // Given a service
        ParamService s = service(ParamService.Options.defaults());

        // When an unknown parameter is set
        receive(s, udp, set("NO_SUCH_PARAM", 1f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);

        // Then no PARAM_VALUE, an ERROR naming it
        assertThat(values()).isEmpty();
        assertThat(texts()).singleElement().satisfies(t -> {
            assertThat(t.severity().entry()).isEqualTo(MavSeverity.MAV_SEVERITY_ERROR);
            assertThat(t.text()).contains("NO_SUCH_PARAM");
        });
        assertThat(s.counters().setUnknown()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreRequestsForOtherSystemsOrComponents() {
        // Given a service for system 1, component 1
        ParamService s = service(ParamService.Options.defaults());

        // When requests target system 2, or component 50
        receive(s, udp, list(2, 0), 0);
        receive(s, udp, ParamRequestRead.builder().targetSystem(2).targetComponent(1).paramId("MPC_XY_P").paramIndex(-1).build(), 0);
        receive(s, udp, ParamSet.builder().targetSystem(1).targetComponent(50).paramId("MPC_XY_P").paramValue(2f)
                .paramType(EnumValue.of(MavParamType.MAV_PARAM_TYPE_REAL32)).build(), 0);
        s.tick(100 * MS);

        // Then nothing is sent or changed
        assertThat(out.sent()).isEmpty();
        assertThat(params.xyP.get()).isEqualTo(1.2);
        assertThat(s.counters().ignoredOtherTarget()).isEqualTo(3);

        // When the component is 0 (broadcast), Then it is answered
        receive(s, udp, ParamRequestRead.builder().targetSystem(1).targetComponent(0).paramId("MPC_XY_P").paramIndex(-1).build(), 0);
        assertThat(values()).hasSize(1);
    }

    @Test
    void shouldRepeatAnIdenticalSetIdempotently() {
        // Given a set that was accepted and saved
        ParamService s = service(ParamService.Options.defaults());
        receive(s, udp, set("MPC_XY_P", 2f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);
        s.tick(0);
        assertThat(persistence.saves).isEqualTo(1);

        // When the ground station retries the same set (its PARAM_VALUE was lost)
        receive(s, udp, set("MPC_XY_P", 2f, MavParamType.MAV_PARAM_TYPE_REAL32), 10 * MS);
        s.tick(2000 * MS);

        // Then it is echoed again but nothing needs saving
        assertThat(values()).hasSize(2);
        assertThat(persistence.saves).isEqualTo(1);
        assertThat(s.counters().setAccepted()).isEqualTo(2);
    }

    @Test
    void shouldSaveAcceptedChangesDebouncedOnTick() {
        // Given a service saving at most once a second
        ParamService s = service(ParamService.Options.defaults());

        // When a value is set, Then the next tick saves
        receive(s, udp, set("MPC_XY_P", 2f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);
        assertThat(persistence.saves).isZero();
        s.tick(10 * MS);
        assertThat(persistence.saves).isEqualTo(1);

        // When a burst of changes follows, Then they are saved once, a second after the last save
        for (int i = 1; i <= 20; i++) {
            receive(s, udp, set("MPC_XY_P", 2f + i * 0.1f, MavParamType.MAV_PARAM_TYPE_REAL32), (10 + i * 20) * MS);
            s.tick((10 + i * 20) * MS);
        }
        assertThat(persistence.saves).isEqualTo(1);
        s.tick(1010 * MS);
        assertThat(persistence.saves).isEqualTo(2);
        assertThat(persistence.lastSaved.get(params.xyP.index())).isEqualTo(4.0);
        assertThat(s.isDirty()).isFalse();
    }

    @Test
    void shouldReportAFailedSaveAndRetry() {
        // Given storage that fails
        ParamService s = service(ParamService.Options.defaults());
        persistence.fail = true;

        // When a change is saved on tick
        receive(s, udp, set("MPC_XY_P", 2f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);
        s.tick(0);

        // Then every link gets an ERROR and the change stays pending
        assertThat(texts()).singleElement().satisfies(t -> {
            assertThat(t.severity().entry()).isEqualTo(MavSeverity.MAV_SEVERITY_ERROR);
            assertThat(t.text()).contains("disk full");
        });
        assertThat(s.isDirty()).isTrue();
        assertThat(s.counters().saveFailures()).isEqualTo(1);

        // When storage recovers, Then the retry after the debounce period succeeds
        persistence.fail = false;
        s.tick(500 * MS);
        assertThat(persistence.saves).isZero();
        s.tick(1000 * MS);
        assertThat(persistence.saves).isEqualTo(1);
    }

    @Test
    void shouldSaveNowAndReloadForPreflightStorage() {
        // Given a saved change, then a later unsaved one
        ParamService s = service(ParamService.Options.defaults());
        params.xyP.set(2.0);
        assertThat(s.saveNow(0)).isTrue();
        receive(s, udp, set("MPC_XY_P", 3f, MavParamType.MAV_PARAM_TYPE_REAL32), 0);

        // When the command service asks for a reload
        LoadResult r = s.reloadFromFile();

        // Then the stored value is back and nothing is pending
        assertThat(r.source()).isEqualTo(LoadResult.Source.FILE);
        assertThat(params.xyP.get()).isEqualTo(2.0);
        assertThat(s.isDirty()).isFalse();
    }

    @Test
    void shouldChunkLongStatusTexts() {
        // Given a storage error with a long message
        ParamService s = service(ParamService.Options.defaults());
        persistence.fail = true;
        ParamPersistence longFail = new ParamPersistence() {
            @Override
            public void save(ParamStore st) throws IOException {
                throw new IOException("x".repeat(80));
            }

            @Override
            public LoadResult load(ParamStore st) {
                return null;
            }
        };
        ParamService s2 = new ParamService(store, out, longFail, SYS, COMP);

        // When it is reported
        s2.saveNow(0);

        // Then it goes as chunks of 50 with one non-zero id
        List<Statustext> t = texts();
        assertThat(t).hasSize(2);
        assertThat(t.get(0).text()).hasSize(50);
        assertThat(t.get(0).id()).isPositive().isEqualTo(t.get(1).id());
        assertThat(t.get(1).chunkSeq()).isEqualTo(1);
        assertThat(s.counters().statusTexts()).isZero();
    }
}
