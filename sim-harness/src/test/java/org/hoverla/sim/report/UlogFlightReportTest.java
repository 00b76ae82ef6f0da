package org.hoverla.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The flight report page built from synthetic logs in Hoverla's schema and from real PX4 logs. */
class UlogFlightReportTest {
    private static final List<String> SECTIONS = List.of("track", "attitude", "rates", "velocity", "motors", "battery",
            "estimator", "loop-timing", "timeline");
    private static final Pattern EXTERNAL = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//");
    private static final Pattern DATA = Pattern.compile(
            "<script id=\"report-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);

    private static UlogFlightReport report(byte[] log) {
        return UlogFlightReport.of(UlogReader.read(log), "test.ulg");
    }

    private static JsonNode data(String html) throws Exception {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("embedded data").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    /** Checks what every page must hold and returns the embedded data. */
    private static JsonNode assertSelfContainedPage(String html) throws Exception {
        for (String s : SECTIONS) {
            assertThat(html).contains("<section id=\"" + s + "\">");
        }
        assertThat(html).contains("var uPlot=function").contains(".uplot");
        assertThat(EXTERNAL.matcher(html).find()).as("no external src/href").isFalse();
        assertThat(html).doesNotContain("<script src").doesNotContain("<link");
        JsonNode d = data(html);
        for (JsonNode c : d.get("charts")) {
            assertThat(html).contains("id=\"chart-" + c.get("id").asText() + "\"");
            for (JsonNode s : c.get("series")) {
                assertThat(s.get("t").size()).isEqualTo(s.get("y").size())
                        .isLessThanOrEqualTo(UlogFlightReport.MAX_POINTS_PER_SERIES).isPositive();
            }
        }
        return d;
    }

    @Test
    void shouldDrawEverySectionOfALogInHoverlasSchema() throws Exception {
        // Given a 60 s flight in Hoverla's topic schema with messages
        byte[] log = new HoverlaSchemaLog().message(3.0, "[commander] Armed by command")
                .message(42.0, "[failsafe] Battery low: returning").parameterChange(30.0, "MPC_XY_VEL_MAX", 8.5f).bytes();

        // When the report is built
        UlogFlightReport r = report(log);
        String html = r.html();

        // Then every section has its charts and nothing is reported missing
        JsonNode d = assertSelfContainedPage(html);
        assertThat(r.chartIds()).containsExactly("altitude", "att-roll", "att-pitch", "att-yaw", "rate-roll", "rate-pitch",
                "rate-yaw", "velocity", "actuator-motors", "actuator-outputs", "battery-vi", "battery-remaining",
                "innov-pos", "innov-mag", "test-ratios", "loop-lateness");
        assertThat(html).doesNotContain("Not in this log").contains("The log reader found no damage");
        assertThat(html).contains("Hoverla").contains("sitl").contains("HOVERLA-TEST-0001");
        // And the track is in metres north/east from vehicle_local_position, 20 m north at the end
        JsonNode n = d.get("track").get("n");
        assertThat(n.get(n.size() - 1).asDouble()).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.01));
        // And the attitude setpoint is drawn against the estimate
        JsonNode roll = chart(d, "att-roll");
        assertThat(roll.get("series")).hasSize(2);
        assertThat(roll.get("series").get(1).get("setpoint").asBoolean()).isTrue();
        // And only the motors that carry data are drawn (PX4 sets unused actuator_motors to NaN)
        assertThat(chart(d, "actuator-motors").get("series")).hasSize(4);
        assertThat(chart(d, "actuator-outputs").get("series")).hasSize(4);
        // And the histogram has the 16 buckets labelled from the info message's edges, the sum of the per-second counts
        JsonNode h = d.get("histogram");
        assertThat(h.get("labels")).hasSize(16);
        assertThat(h.get("labels").get(0).asText()).isEqualTo("≤ 25 µs");
        assertThat(h.get("labels").get(15).asText()).isEqualTo("> 10000 µs");
        assertThat(h.get("counts").get(13).asDouble()).isEqualTo(1.0);
        assertThat(html).contains("60000 cycles counted (the sum of the per-second samples)");
        // And the timeline holds the modes, arming, the failsafe and the messages, in PX4's numbering
        List<String> rows = new ArrayList<>();
        r.timelineRows().forEach(row -> rows.add(row[0] + ": " + row[1]));
        assertThat(rows).containsSubsequence("mode: AUTO_LOITER", "arming: ARMED", "mode: AUTO_TAKEOFF",
                "mode: AUTO_MISSION", "failsafe: failsafe ACTIVE", "mode: AUTO_LAND", "arming: DISARMED (standby)");
        assertThat(rows).contains("INFO: [commander] Armed by command", "INFO: [failsafe] Battery low: returning",
                "failsafe: failsafe cleared", "parameter: MPC_XY_VEL_MAX = 8.5");
        assertThat(html).contains("class=\"modeband\"");
    }

    @Test
    void shouldSayInOneLinePerSectionWhatTheLogLacks() throws Exception {
        // Given a log with attitude only
        HoverlaSchemaLog only = new HoverlaSchemaLog().withoutEdges();
        for (String t : new String[] {"vehicle_local_position", "vehicle_attitude_setpoint", "vehicle_angular_velocity",
            "vehicle_rates_setpoint", "actuator_motors", "actuator_outputs", "battery_status", "estimator_innovations",
            "estimator_innovation_test_ratios", "vehicle_status", "loop_timing"}) {
            only.without(t);
        }

        // When the report is built
        UlogFlightReport r = report(only.bytes());
        String html = r.html();

        // Then only the attitude charts are drawn and every other section says what is missing
        assertSelfContainedPage(html);
        assertThat(r.chartIds()).containsExactly("att-roll", "att-pitch", "att-yaw");
        assertThat(html).contains("Setpoint: vehicle_attitude_setpoint q_d not in this log.");
        for (String missing : new String[] {"track: vehicle_local_position x/y", "vehicle_angular_velocity xyz",
            "vehicle_local_position vx/vy/vz", "actuator_motors", "battery_status", "estimator_innovations",
            "loop_timing (a Hoverla topic", "vehicle_status, logged messages"}) {
            assertThat(html).contains("Not in this log: " + missing);
        }
        assertThat(html).doesNotContain("id=\"track-canvas\"").doesNotContain("id=\"histogram\"");
    }

    @Test
    void shouldLabelHistogramBucketsByNumberWhenTheEdgesAreNotInTheLog() throws Exception {
        // Given a log whose info lacks loop_timing_edges_us
        UlogFlightReport r = report(new HoverlaSchemaLog().durationS(10).withoutEdges().bytes());

        // Then the buckets are numbered and the page says the edges are missing
        JsonNode h = data(r.html()).get("histogram");
        assertThat(h.get("labels").get(0).asText()).isEqualTo("bucket 0");
        assertThat(r.html()).contains("Bucket edges: not in this log");
    }

    @Test
    void shouldKeepAThirtyMinuteLogsPageWithinAFewMegabytes() throws Exception {
        // Given a 30-minute flight with every topic at 20 Hz (36000 samples each)
        byte[] log = new HoverlaSchemaLog().durationS(1800).rateHz(20).bytes();

        // When the report is built
        UlogFlightReport r = report(log);
        String html = r.html();

        // Then no series exceeds the point budget and the page stays small
        assertSelfContainedPage(html);
        assertThat(r.maxSeriesPoints()).isLessThanOrEqualTo(UlogFlightReport.MAX_POINTS_PER_SERIES);
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("30-minute synthetic log (%d bytes): page %d bytes, longest series %d points%n",
                log.length, bytes, r.maxSeriesPoints());
        assertThat(bytes).isLessThan(6 * 1024 * 1024);
    }

    @Test
    void shouldNeverLetLoggedTextCloseTheDataScript() throws Exception {
        // Given a logged message that tries to end the script element and inject markup
        String evil = "</script><script>alert(1)</script><!-- & \"quotes\"";
        UlogFlightReport r = report(new HoverlaSchemaLog().durationS(5).message(1.0, evil).bytes());

        // When the page is written
        String html = r.html();

        // Then the text is escaped in the timeline table and in the JSON, which still parses
        assertThat(html).doesNotContain("<script>alert(1)");
        assertThat(html).contains("&lt;/script&gt;&lt;script&gt;alert(1)");
        data(html);
        assertThat(countOf(html, "</script>")).isEqualTo(3);
    }

    @Test
    void shouldShowTheReaderProblemsOfATruncatedLogAtTheTop() throws Exception {
        // Given a log cut in the middle of a message
        byte[] full = new HoverlaSchemaLog().durationS(10).bytes();
        byte[] cut = Arrays.copyOf(full, full.length * 2 / 3 + 1);

        // When the report is built
        String html = report(cut).html();

        // Then it still draws what was read, and the damage is named before the first section
        assertSelfContainedPage(html);
        int warning = html.indexOf("class=\"warning\"");
        assertThat(warning).isPositive().isLessThan(html.indexOf("<section"));
        assertThat(html).contains("file truncated");
    }

    @Test
    void shouldBuildAPageOrRefuseCleanlyForEveryDamagedVariantOfALog() throws Exception {
        // Given 200 seeded variants of a 5 s log with bytes overwritten or the tail cut off
        byte[] clean = new HoverlaSchemaLog().durationS(5).rateHz(20).message(1.0, "hello").bytes();
        java.util.Random random = new java.util.Random(15);
        int pages = 0;
        int refused = 0;
        for (int v = 0; v < 200; v++) {
            byte[] bad = v % 4 == 0 ? Arrays.copyOf(clean, random.nextInt(clean.length)) : clean.clone();
            for (int k = 0; k < 1 + random.nextInt(8) && v % 4 != 0; k++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            java.nio.file.Path f = java.nio.file.Files.createTempFile("damaged", ".ulg");
            try {
                java.nio.file.Files.write(f, bad);
                // When the report is built
                UlogFile log;
                try {
                    log = UlogFlightReport.read(f);
                } catch (UlogFlightReport.UnusableLogException e) {
                    refused++;
                    assertThat(e.getMessage()).isNotBlank();
                    continue;
                }
                // Then it either refuses with a reason or gives a self-contained page
                assertSelfContainedPage(UlogFlightReport.of(log, "damaged.ulg").html());
                pages++;
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        }
        assertThat(pages).isPositive();
        System.out.printf("damaged variants: %d pages, %d refused%n", pages, refused);
    }

    @Test
    void shouldNameThePx4ModesAndArmingStates() {
        assertThat(UlogFlightReport.navStateName(2)).isEqualTo("POSCTL");
        assertThat(UlogFlightReport.navStateName(5)).isEqualTo("AUTO_RTL");
        assertThat(UlogFlightReport.navStateName(14)).isEqualTo("OFFBOARD");
        assertThat(UlogFlightReport.navStateName(18)).isEqualTo("AUTO_LAND");
        assertThat(UlogFlightReport.navStateName(23)).isEqualTo("EXTERNAL1");
        assertThat(UlogFlightReport.navStateName(99)).isEqualTo("nav_state 99");
        assertThat(UlogFlightReport.armingStateName(2)).isEqualTo("ARMED");
        assertThat(UlogFlightReport.releaseName(0x011001C0L)).startsWith("v1.16.1 rc");
        assertThat(UlogFlightReport.releaseName(0x010F04FFL)).startsWith("v1.15.4 release");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quadrotor_local.ulg", "test.ulg", "sample_appended_multiple.ulg",
        "corrupt_actuator_armed_wrong_size.ulg"})
    void shouldReportRealPx4Logs(String name) throws Exception {
        // Given a real PX4 log of the test-data set
        Path file = TestData.file("ulog/" + name);
        UlogFile log = UlogFlightReport.read(file);

        // When its report is built
        UlogFlightReport r = UlogFlightReport.of(log, name);
        String html = r.html();

        // Then the page is self-contained, bounded, and shows the reader's problems if there are any
        assertSelfContainedPage(html);
        assertThat(r.chartIds()).contains("att-roll", "att-pitch", "att-yaw");
        assertThat(html).contains("Not in this log: loop_timing");
        assertThat(html.contains("class=\"warning\"")).isEqualTo(!log.problems().isEmpty());
        System.out.printf("%s: %d charts, page %d bytes%n", name, r.chartIds().size(),
                html.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldDrawTheWholeFlightOfTheRealQuadrotorLog() throws Exception {
        // Given PX4's 92 s quadrotor flight
        UlogFile log = UlogFlightReport.read(TestData.file("ulog/quadrotor_local.ulg"));

        // When its report is built
        UlogFlightReport r = UlogFlightReport.of(log, "quadrotor_local.ulg");
        String html = r.html();

        // Then every PX4 section is drawn, with the track, setpoints, and the logged takeoff
        assertThat(r.chartIds()).contains("altitude", "rate-roll", "velocity", "actuator-motors", "actuator-outputs",
                "battery-vi", "innov-pos", "test-ratios", "status-ratios");
        JsonNode d = data(html);
        assertThat(d.get("track").get("n").size()).isPositive();
        assertThat(chart(d, "rate-roll").get("series")).hasSize(2);
        assertThat(html).contains("PX4_FMU_V6C").contains("v1.16.1").contains("Takeoff detected");
    }

    private static JsonNode chart(JsonNode d, String id) {
        for (JsonNode c : d.get("charts")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no chart " + id);
    }

    private static int countOf(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
