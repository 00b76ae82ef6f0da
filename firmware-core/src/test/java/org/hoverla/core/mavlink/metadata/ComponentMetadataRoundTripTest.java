package org.hoverla.core.mavlink.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dronefleet.mavlink.common.ComponentInformation;
import io.dronefleet.mavlink.common.ComponentMetadata;
import java.io.IOException;
import java.util.Map;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.mavlink.ftp.FtpPayload;
import org.hoverla.core.mavlink.ftp.FtpService;
import org.hoverla.core.mavlink.ftp.FtpTestClient;
import org.hoverla.core.mavlink.ftp.MavlinkCrc32;
import org.hoverla.core.mavlink.ftp.VirtualFileSystem;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

/**
 * What QGC does on connect, step by step ({@code RequestMetaDataTypeStateMachine.cc},
 * {@code FTPManager.cc}, {@code CompInfoGeneral.cc}, {@code CompInfoParam.cc}), against the
 * metadata service and the FTP server.
 */
class ComponentMetadataRoundTripTest {
    private static final long MS = 1_000_000L;

    private final RecordingOutput out = new RecordingOutput();
    private final TestLink udp = new TestLink(0, "udp:127.0.0.1:14550");
    private final ParamStore store = new FlightParams(new ParamStore()).store;
    private final VirtualFileSystem fs = new VirtualFileSystem();
    private final ComponentMetadataService metadata;
    private final FtpService ftp = new FtpService(1, 1, out, fs, FtpService.Options.defaults());
    private final FtpTestClient gcs = new FtpTestClient(ftp, out, udp);

    ComponentMetadataRoundTripTest() {
        store.addEnum("TST_ENUM", 1, "An enumerated setting.", Map.of(0, "Off", 1, "On"));
        metadata = new ComponentMetadataService(store, fs, out, "Hoverla", "Hoverla test", 5_000 * MS);
    }

    /** QGC's FTPManager::_parseURI: drop "mftp://" but keep the slash before the path. */
    private static String qgcPath(String uri) {
        assertThat(uri).startsWithIgnoringCase("mftp://");
        return uri.substring("mftp://".length() - 1);
    }

    @Test
    void shouldLeadFromComponentMetadataToEveryParametersMetadataOverFtp() throws IOException {
        // Given the vehicle 7 s after boot
        // When QGC requests COMPONENT_METADATA (MAV_CMD_REQUEST_MESSAGE 397)
        int result = metadata.requestMessage(udp, 397, 12_000 * MS);
        ComponentMetadata cm = out.payloads(ComponentMetadata.class, udp).get(0);

        // Then it is accepted with the general file's mftp URI and CRC
        assertThat(result).isZero();
        assertThat(cm.uri()).isEqualTo("mftp://etc/hoverla/component_general.json");
        assertThat(cm.timeBootMs()).isEqualTo(7_000);

        // When QGC downloads the general file over FTP and reads it as CompInfoGeneral does
        byte[] generalBytes = gcs.download(qgcPath(cm.uri()));
        JsonNode general = new ObjectMapper().readTree(generalBytes);

        // Then its CRC is the announced one, version 1, with the parameter type's uri and fileCrc
        assertThat(MavlinkCrc32.of(generalBytes)).isEqualTo(cm.fileCrc());
        assertThat(general.path("version").asInt()).isEqualTo(1);
        JsonNode types = general.path("metadataTypes");
        assertThat(types.size()).isEqualTo(1);
        JsonNode param = types.get(0);
        assertThat(param.path("type").asInt()).isEqualTo(1);
        assertThat(param.has("fileCrc")).as("QGC skips a type without fileCrc").isTrue();

        // When QGC downloads the parameter file it names
        byte[] paramBytes = gcs.download(qgcPath(param.path("uri").asText()));
        FtpPayload crc = gcs.single(FtpTestClient.request(FtpPayload.OP_CALC_FILE_CRC32, 0, 0, 0,
                qgcPath(param.path("uri").asText())));

        // Then its CRC matches both the general file and CalcFileCRC32, and it describes each parameter
        assertThat(MavlinkCrc32.of(paramBytes)).isEqualTo(param.path("fileCrc").asLong());
        assertThat(crc.dataUint32()).isEqualTo(param.path("fileCrc").asLong());
        JsonNode doc = new ObjectMapper().readTree(paramBytes);
        assertThat(doc.path("version").asInt()).isEqualTo(1);
        JsonNode list = doc.path("parameters");
        assertThat(list.size()).isEqualTo(store.count());
        for (JsonNode e : list) {
            Param p = store.find(e.path("name").asText());
            assertThat(p).as(e.path("name").asText()).isNotNull();
            assertThat(e.path("type").asText()).isEqualTo(p.type() == ParamType.INT ? "Int32" : "Float");
            assertThat(e.path("min").asDouble()).isEqualTo(p.min());
            assertThat(e.path("max").asDouble()).isEqualTo(p.max());
            assertThat(e.path("default").asDouble()).isEqualTo(p.defaultValue());
        }
        assertThat(list.get(list.size() - 1).path("values").size()).isEqualTo(2);
        assertThat(ftp.openSessions()).isZero();
    }

    @Test
    void shouldAnswerTheDeprecatedComponentInformationWithTheSameFile() {
        // Given QGC's fallback when 397 is not accepted
        // When it requests COMPONENT_INFORMATION (395)
        int result = metadata.requestMessage(udp, 395, 5_000 * MS);

        // Then the general file's URI and CRC are there too, with no peripherals file
        ComponentInformation ci = out.payloads(ComponentInformation.class, udp).get(0);
        assertThat(result).isZero();
        assertThat(ci.generalMetadataUri()).isEqualTo(ComponentMetadataService.GENERAL_URI);
        assertThat(ci.generalMetadataFileCrc()).isEqualTo(metadata.generalCrc());
        assertThat(ci.peripheralsMetadataUri()).isEmpty();
        assertThat(metadata.answers(395)).isTrue();
        assertThat(metadata.answers(148)).isFalse();
        assertThat(metadata.requestMessage(udp, 148, 0)).as("UNSUPPORTED").isEqualTo(3);
    }

    @Test
    void shouldChangeTheCrcsWhenTheParametersChange() {
        // Given a store with one more parameter
        ParamStore more = new FlightParams(new ParamStore()).store;
        more.addEnum("TST_ENUM", 1, "An enumerated setting.", Map.of(0, "Off", 1, "On"));
        more.addFloat("TST_EXTRA", 1, 0, 2, "", "One more.");

        // When its metadata is built
        ComponentMetadataService other = new ComponentMetadataService(more, new VirtualFileSystem(), out, "Hoverla",
                "Hoverla test", 0);

        // Then both CRCs differ, so QGC's CRC-keyed cache cannot serve the old files
        assertThat(other.parametersCrc()).isNotEqualTo(metadata.parametersCrc());
        assertThat(other.generalCrc()).isNotEqualTo(metadata.generalCrc());
    }
}
