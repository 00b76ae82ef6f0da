package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;

/**
 * GNSS parity with gpsd on its own test captures (../shared/data/gnss, read in place): every
 * NMEA capture is decoded by {@link NmeaParser} and each epoch compared with gpsd's expected
 * output beside it ({@link GpsdParity}). u-blox binary captures are skipped here (the UBX parser
 * has its own parity test).
 */
class NmeaGpsdParityTest {

    /**
     * What each NMEA capture must give: epochs, matched, mismatched, the mismatches by cause, and
     * gpsd epochs we gave no fix for, and the corrupt fragments counted (checksum errors, missing checksums, truncated frames). Every
     * mismatch is gpsd's behaviour, explained in docs/gnss-parity.md; the counts are exact so that
     * any new difference fails.
     */
    private static final Map<String, String> EXPECTED = Map.of(
            "bu353s4.log", "epochs 25, matched 25, mismatched 0, {}, gpsd-only 0, corrupt 0/0/0",
            "mt3339.log", "epochs 30, matched 30, mismatched 0, {}, gpsd-only 0, corrupt 0/0/0",
            "gp-320fw-2019-04-07-coldboot.log", "epochs 20, matched 9, mismatched 9, "
                    + "{gpsd printed no TPV for the epoch=2, time, gpsd holds its last valid time through void RMCs=8, "
                    + "time, gpsd's last report precedes the ZDA that changed the date=1}, gpsd-only 0, corrupt 36/4/5");

    @Test
    void shouldMatchGpsdOnEveryNmeaCapture() throws IOException {
        // Given gpsd's test captures
        Path dir = TestData.directory("gnss");
        List<Path> logs;
        try (Stream<Path> s = Files.list(dir)) {
            logs = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        assertThat(logs).isNotEmpty();

        // When each NMEA capture is decoded and compared
        Map<String, String> actual = new TreeMap<>();
        StringBuilder table = new StringBuilder("| capture | epochs | matched | mismatched | why | frames "
                + "| checksum errors | missing checksums | truncated | skipped bytes |\n|---|---|---|---|---|---|---|---|---|---|\n");
        System.out.println("gpsd parity (NMEA): capture | epochs | matched | mismatched | why | corrupt fragments");
        for (Path log : logs) {
            if (!GpsdParity.isNmea(log)) {
                System.out.println("  " + log.getFileName() + ": no NMEA sentence (u-blox binary), skipped here");
                continue;
            }
            GpsdParity.Result r = GpsdParity.compare(log, log.resolveSibling(log.getFileName() + ".chk"));
            NmeaParser p = r.parser;
            System.out.printf("  %s | %d | %d | %d | %s | frames %d, checksum errors %d, missing checksums %d,"
                    + " truncated %d, corrupt %d, overlong %d, malformed %d, skipped bytes %d, time jumps %d,"
                    + " all-zero %d, gpsd epochs unmatched %d%n",
                    r.capture, r.epochs, r.matched, r.mismatched, r.reasons, p.frames(), p.checksumErrors(),
                    p.missingChecksums(), p.truncatedFrames(), p.corruptFrames(), p.overlongFrames(),
                    p.malformedSentences(), p.skippedBytes(), p.timeJumps(), p.allZeroFixes(), r.gpsdEpochsUnmatched);
            if (Boolean.getBoolean("hoverla.parity.details")) {
                r.details.forEach(d -> System.out.println("      " + d));
            }
            actual.put(r.capture, String.format("epochs %d, matched %d, mismatched %d, %s, gpsd-only %d, corrupt %d/%d/%d",
                    r.epochs, r.matched, r.mismatched, r.reasons, r.gpsdEpochsUnmatched, p.checksumErrors(), p.missingChecksums(),
                    p.truncatedFrames()));
            table.append(String.format("| %s | %d | %d | %d | %s | %d | %d | %d | %d | %d |%n", r.capture, r.epochs,
                    r.matched, r.mismatched, r.reasons.isEmpty() ? "" : r.reasons.toString(), p.frames(),
                    p.checksumErrors(), p.missingChecksums(), p.truncatedFrames(), p.skippedBytes()));
        }
        Files.writeString(Path.of("target", "gnss-parity-table.md"), table);

        // Then every capture gives exactly the expected comparison
        assertThat(actual).isEqualTo(new TreeMap<>(EXPECTED));
    }
}
