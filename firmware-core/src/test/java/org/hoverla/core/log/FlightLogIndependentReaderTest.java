package org.hoverla.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.log.ulog.IndependentUlogReader;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.log.ulog.UlogTopic;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logger's own output read by code that shares nothing with it: tools/ulog_check.py, written
 * from PX4's ULog specification. Every topic of {@link FlightLogTopics} (high-rate and replay sets) is
 * published with changing values on a {@link FlightBus} and recorded by the real recorder and writer.
 */
class FlightLogIndependentReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteLogsThatAReaderWrittenFromTheSpecReadWithoutAComplaintAndAgreesOnEveryValue() throws Exception {
        // Given every flight-stack topic logged at full rate, 3 s of armed flight with messages and a parameter change
        Path file = writeFlight();
        byte[] bytes = Files.readAllBytes(file);

        // When the independent reader decodes every record
        JsonNode py = IndependentUlogReader.readAllRecords(file);
        UlogFile javaLog = UlogReader.read(file);

        // Then the header is the spec's: "ULog" 0x01 0x12 0x35, version 1, the start time, then Flag Bits
        assertThat(java.util.Arrays.copyOf(bytes, 7)).containsExactly('U', 'L', 'o', 'g', 0x01, 0x12, 0x35);
        assertThat(bytes[7]).isEqualTo((byte) 1);
        long headerUs = ByteBuffer.wrap(bytes, 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerUs).isBetween((START_NS + 100_000_000L) / 1000, (START_NS + 111_000_000L) / 1000); // armed at 100 ms
        assertThat(py.at("/header/timestamp_us").asLong()).isEqualTo(headerUs);
        assertThat(py.at("/header/magic_ok").asBoolean()).isTrue();
        assertThat(py.at("/flag_bits/first").asBoolean()).isTrue();
        // and the file breaks no rule of the spec
        assertThat(py.get("errors")).as(py.get("errors").toString()).isEmpty();
        assertThat(py.get("warnings")).as(py.get("warnings").toString()).isEmpty();
        // and every topic is there, each record decoded to the values Hoverla's reader sees
        List<String> names = new ArrayList<>();
        py.get("topics").forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).hasSize(22).contains("sensor_combined", "sensor_gps", "vehicle_local_position",
                "estimator_innovation_test_ratios", "loop_timing", "actuator_outputs");
        int compared = 0;
        for (JsonNode t : py.get("topics")) {
            UlogTopic jt = javaLog.topic(t.get("name").asText(), t.get("multi_id").asInt()).orElseThrow();
            JsonNode records = t.get("records");
            assertThat(records).as(jt.name()).hasSize(jt.size());
            assertThat(jt.size()).as(jt.name()).isGreaterThan(0);
            for (int i = 0; i < records.size(); i++) {
                for (Iterator<Map.Entry<String, JsonNode>> it = records.get(i).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = e.getValue();
                    double javaValue = jt.value(i, e.getKey());
                    if (v.isBoolean()) {
                        assertThat(javaValue != 0).as("%s[%d].%s", jt.name(), i, e.getKey()).isEqualTo(v.asBoolean());
                    } else if (v.isNumber()) {
                        assertThat(javaValue).as("%s[%d].%s", jt.name(), i, e.getKey()).isEqualTo(v.asDouble());
                    } else {
                        assertThat(Double.isFinite(javaValue)).as("%s[%d].%s = %s", jt.name(), i, e.getKey(), v).isFalse();
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(100_000);
        // and the info, parameters, their change, the messages agree
        assertThat(py.at("/info/sys_name").asText()).isEqualTo("Hoverla");
        assertThat(py.at("/param_changes/0/name").asText()).isEqualTo("SDLOG_FSYNC_S");
        assertThat(py.at("/messages/0/text").asText()).isEqualTo("Takeoff detected");
        IndependentUlogReader.assertAgree(py, javaLog);
    }

    private static final long START_NS = 5_000_000_000L;

    /** Publishes every logged topic every cycle for 3 s of armed flight, as the flight tasks would. */
    private Path writeFlight() {
        FlightBus b = new FlightBus();
        ParamStore store = new ParamStore();
        FlightLogParams params = new FlightLogParams(store);
        FlightLogRecorder recorder = new FlightLogRecorder(new LogRing(1 << 20), 256);
        FlightLogTopics.register(recorder, b, FlightLogParams.PROFILE_DEFAULT | FlightLogParams.PROFILE_REPLAY
                | FlightLogParams.PROFILE_HIGH_RATE);
        long[] now = {START_NS};
        LogDirectory directory = new LogDirectory(dir);
        FlightLogWriter writer = new FlightLogWriter(recorder, directory, params, store, b.vehicleStatus.subscribe(),
                b.logEvents, Map.of("sys_name", "Hoverla", "ver_sw", "abc"), () -> now[0], () -> now[0],
                Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC), (s, t) -> { });
        Publishers p = new Publishers(b);
        for (int i = 0; i < 3_200; i++) {
            now[0] += 1_000_000L;
            p.publish(now[0], i, i >= 100 && i < 3_100);
            if (i == 1_000) {
                VehicleEvent e = new VehicleEvent();
                e.timestampNs = now[0];
                e.severity = VehicleEvent.INFO;
                e.text = "Takeoff detected";
                b.events.offer(e);
                params.fsyncIntervalS.set(0.5);
            }
            recorder.run(now[0]);
            if (i % 10 == 0) {
                writer.doWork();
            }
        }
        writer.close(0L);
        return writer.file();
    }

    /** One publication handle per logged topic, filled with values that change every cycle. */
    private static final class Publishers {
        final FlightBus b;
        final Publication<org.hoverla.core.msg.VehicleImu> imu;
        final Publication<org.hoverla.hal.BaroSample> baro;
        final Publication<org.hoverla.hal.MagSample> mag;
        final Publication<org.hoverla.hal.GnssSample> gnss;
        final Publication<org.hoverla.core.msg.VehicleAttitude> att;
        final Publication<org.hoverla.core.msg.VehicleAngularVelocity> rates;
        final Publication<org.hoverla.core.msg.VehicleLocalPosition> pos;
        final Publication<org.hoverla.core.msg.VehicleAttitudeSetpoint> attSp;
        final Publication<org.hoverla.core.msg.VehicleRatesSetpoint> ratesSp;
        final Publication<org.hoverla.core.msg.TrajectorySetpoint> traj;
        final Publication<org.hoverla.core.msg.ActuatorMotors> motors;
        final Publication<org.hoverla.core.msg.ActuatorOutputs> outputs;
        final Publication<org.hoverla.core.msg.BatteryStatus> battery;
        final Publication<VehicleStatus> status;
        final Publication<org.hoverla.core.msg.VehicleLandDetected> land;
        final Publication<org.hoverla.core.msg.HomePosition> home;
        final Publication<org.hoverla.core.msg.EstimatorStatus> est;
        final Publication<org.hoverla.core.msg.EstimatorInnovations> innov;
        final Publication<org.hoverla.core.msg.ManualControlSetpoint> manual;
        final Publication<org.hoverla.core.msg.LoopTimingSample> timing;

        Publishers(FlightBus b) {
            this.b = b;
            imu = b.vehicleImu.advertise();
            baro = b.sensorBaro.advertise();
            mag = b.sensorMag.advertise();
            gnss = b.gnssRaw.advertise();
            att = b.attitude.advertise();
            rates = b.angularVelocity.advertise();
            pos = b.localPosition.advertise();
            attSp = b.attitudeSetpoint.advertise();
            ratesSp = b.ratesSetpoint.advertise();
            traj = b.trajectorySetpoint.advertise();
            motors = b.actuatorMotors.advertise();
            outputs = b.actuatorOutputs.advertise();
            battery = b.batteryStatus.advertise();
            status = b.vehicleStatus.advertise();
            land = b.landDetected.advertise();
            home = b.homePosition.advertise();
            est = b.estimatorStatus.advertise();
            innov = b.estimatorInnovations.advertise();
            manual = b.manualControl.advertise();
            timing = b.loopTiming.advertise();
        }

        void publish(long t, int i, boolean armed) {
            double s = Math.sin(i * 0.01);
            var m1 = new org.hoverla.core.msg.VehicleImu();
            m1.timestampNs = t;
            m1.timestampSampleNs = t - 200_000;
            m1.dtS = 0.004;
            m1.deltaAngleFrdRad.set(0.001 * s, -0.002 * s, 0.0005);
            m1.deltaVelocityFrdMps.set(0.01 * s, 0.0, -0.0392);
            imu.publish(m1);
            var m2 = new org.hoverla.hal.BaroSample();
            m2.timestampSampleNs = t - 1_000_000;
            m2.pressurePa = 101_325 - 12 * s;
            m2.temperatureC = 21.5;
            baro.publish(m2);
            var m3 = new org.hoverla.hal.MagSample();
            m3.timestampSampleNs = t - 1_000_000;
            m3.fieldXGauss = 0.21 + 0.01 * s;
            m3.fieldYGauss = 0.01;
            m3.fieldZGauss = 0.43;
            mag.publish(m3);
            if (i % 100 == 0) {
                var g = new org.hoverla.hal.GnssSample();
                g.timestampSampleNs = t - 100_000_000;
                g.fixType = 3;
                g.satellitesUsed = 14;
                g.latDeg = 50.4501 + 1e-6 * i;
                g.lonDeg = 30.5234;
                g.altMslM = 180.25;
                g.velNMps = s;
                g.velocityValid = true;
                g.utcTimeMs = 1_796_000_000_000L + i;
                g.ephM = 0.8;
                g.epvM = 1.2;
                gnss.publish(g);
            }
            var a = new org.hoverla.core.msg.VehicleAttitude();
            a.timestampNs = t;
            a.timestampSampleNs = t - 200_000;
            a.q.setEuler(0.1 * s, -0.05 * s, 1.0);
            att.publish(a);
            var w = new org.hoverla.core.msg.VehicleAngularVelocity();
            w.timestampNs = t;
            w.timestampSampleNs = t;
            w.rateFrdRadps.set(s, -s, 0.1);
            rates.publish(w);
            var lp = new org.hoverla.core.msg.VehicleLocalPosition();
            lp.timestampNs = t;
            lp.timestampSampleNs = t;
            lp.posNedM.set(i * 0.001, 0.5 * s, -10.0 * s);
            lp.velNedMps.set(1.0, 0.0, -0.1);
            lp.xyValid = lp.zValid = lp.vxyValid = lp.vzValid = lp.refValid = true;
            lp.refLatDeg = 50.45;
            lp.refLonDeg = 30.52;
            lp.refAltM = 170.0;
            lp.ephM = 0.6;
            lp.epvM = 0.9;
            pos.publish(lp);
            var asp = new org.hoverla.core.msg.VehicleAttitudeSetpoint();
            asp.timestampNs = t;
            asp.qSp.setEuler(0.1, 0.0, 1.0);
            asp.thrustNorm = 0.55;
            attSp.publish(asp);
            var rsp = new org.hoverla.core.msg.VehicleRatesSetpoint();
            rsp.timestampNs = t;
            rsp.rateSpFrdRadps.set(0.2 * s, 0.0, -0.1);
            rsp.thrustNorm = 0.55;
            ratesSp.publish(rsp);
            var tr = new org.hoverla.core.msg.TrajectorySetpoint();
            tr.timestampNs = t;
            tr.posNedM.set(10.0, 0.0, -10.0);
            tr.yawRad = 1.0;
            traj.publish(tr);
            var mo = new org.hoverla.core.msg.ActuatorMotors();
            mo.timestampNs = t;
            mo.count = 4;
            for (int k = 0; k < 4; k++) {
                mo.thrustNorm[k] = 0.5 + 0.01 * k * s;
            }
            motors.publish(mo);
            var out = new org.hoverla.core.msg.ActuatorOutputs();
            out.timestampNs = t;
            out.count = 4;
            out.armed = armed;
            for (int k = 0; k < 4; k++) {
                out.commandNorm[k] = 0.5 + 0.02 * k * s;
            }
            outputs.publish(out);
            var bat = new org.hoverla.core.msg.BatteryStatus();
            bat.timestampNs = t;
            bat.voltageV = 16.4 - 0.0001 * i;
            bat.voltageFilteredV = bat.voltageV;
            bat.currentA = 12.5;
            bat.remainingFraction = 0.9;
            bat.connected = true;
            battery.publish(bat);
            var st = new VehicleStatus();
            st.timestampNs = t;
            st.armingState = armed ? ArmingState.ARMED : ArmingState.STANDBY;
            st.mode = i < 1_500 ? FlightMode.TAKEOFF : FlightMode.HOLD;
            st.armedSinceNs = START_NS + 100_000_000L;
            status.publish(st);
            var ld = new org.hoverla.core.msg.VehicleLandDetected();
            ld.timestampNs = t;
            ld.landed = !armed;
            land.publish(ld);
            if (i == 150) {
                var h = new org.hoverla.core.msg.HomePosition();
                h.timestampNs = t;
                h.valid = true;
                h.latDeg = 50.45;
                h.lonDeg = 30.52;
                h.altAmslM = 170;
                home.publish(h);
            }
            var es = new org.hoverla.core.msg.EstimatorStatus();
            es.timestampNs = t;
            es.estimatorType = 1;
            es.gnssPosTestRatio = 0.1 + 0.05 * s;
            es.attitudeValid = true;
            est.publish(es);
            var in = new org.hoverla.core.msg.EstimatorInnovations();
            in.timestampNs = t;
            in.gpsHposM[0] = 0.1 * s;
            in.baroVposM = -0.02;
            in.gpsHposRatio[0] = 0.01;
            innov.publish(in);
            var mc = new org.hoverla.core.msg.ManualControlSetpoint();
            mc.timestampNs = t;
            mc.rollNorm = s;
            mc.source = org.hoverla.core.msg.ManualControlSetpoint.SOURCE_RC;
            manual.publish(mc);
            if (i % 1000 == 0) {
                var lt = new org.hoverla.core.msg.LoopTimingSample();
                lt.timestampNs = t;
                lt.cycles = 1000;
                lt.latenessHist[0] = 990;
                lt.latenessHist[4] = 10;
                lt.latenessMaxNs = 87_000;
                timing.publish(lt);
            }
        }
    }
}
