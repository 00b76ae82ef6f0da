package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hoverla.core.mavlink.StreamProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkSpecTest {

    @Test
    void shouldParseEveryForm() {
        // Given / When / Then
        assertThat(LinkSpec.parse("udp:127.0.0.1:14550")).isEqualTo(new LinkSpec.Udp("127.0.0.1", 14550, 0));
        assertThat(LinkSpec.parse("udp:127.0.0.1:14550?bind=14540")).isEqualTo(new LinkSpec.Udp("127.0.0.1", 14550, 14540));
        assertThat(LinkSpec.parse("udpin:0.0.0.0:14540")).isEqualTo(new LinkSpec.UdpIn("0.0.0.0", 14540));
        assertThat(LinkSpec.parse("tcp:5760")).isEqualTo(new LinkSpec.TcpServer("0.0.0.0", 5760));
        assertThat(LinkSpec.parse("tcpin:127.0.0.1:5760")).isEqualTo(new LinkSpec.TcpServer("127.0.0.1", 5760));
        assertThat(LinkSpec.parse("serial:/dev/ttyUSB0:57600")).isEqualTo(new LinkSpec.Serial("/dev/ttyUSB0", 57600));
        assertThat(LinkSpec.parse("udp:[::1]:14550")).isEqualTo(new LinkSpec.Udp("::1", 14550, 0));
    }

    @Test
    void shouldPrintCanonicalTextThatParsesBack() {
        // Given
        String[] specs = {"udp:127.0.0.1:14550?bind=14540", "udpin:0.0.0.0:14540", "tcpin:0.0.0.0:5760",
            "serial:/dev/ttyAMA0:921600", "udp:[::1]:14550"};

        // When / Then
        for (String s : specs) {
            assertThat(LinkSpec.parse(s).text()).isEqualTo(s);
            assertThat(LinkSpec.parse(LinkSpec.parse(s).text())).isEqualTo(LinkSpec.parse(s));
        }
    }

    @Test
    void shouldParseAStreamProfileOnEveryKindOfLink() {
        // Given / When / Then: normal (a ground station) unless ?profile= says otherwise
        assertThat(LinkSpec.parse("udp:127.0.0.1:14550").profile()).isEqualTo(StreamProfile.NORMAL);
        assertThat(LinkSpec.parse("udp:127.0.0.1:14540?profile=onboard"))
                .isEqualTo(new LinkSpec.Udp("127.0.0.1", 14540, 0, StreamProfile.ONBOARD));
        assertThat(LinkSpec.parse("udp:127.0.0.1:14540?bind=14580&profile=ONBOARD"))
                .isEqualTo(new LinkSpec.Udp("127.0.0.1", 14540, 14580, StreamProfile.ONBOARD));
        assertThat(LinkSpec.parse("udp:127.0.0.1:14540?profile=onboard&bind=14580"))
                .isEqualTo(new LinkSpec.Udp("127.0.0.1", 14540, 14580, StreamProfile.ONBOARD));
        assertThat(LinkSpec.parse("udpin:0.0.0.0:14540?profile=onboard"))
                .isEqualTo(new LinkSpec.UdpIn("0.0.0.0", 14540, StreamProfile.ONBOARD));
        assertThat(LinkSpec.parse("tcp:5761?profile=onboard"))
                .isEqualTo(new LinkSpec.TcpServer("0.0.0.0", 5761, StreamProfile.ONBOARD));
        assertThat(LinkSpec.parse("serial:/dev/ttyAMA0:921600?profile=onboard"))
                .isEqualTo(new LinkSpec.Serial("/dev/ttyAMA0", 921600, StreamProfile.ONBOARD));
        assertThat(LinkSpec.parse("tcpin:0.0.0.0:5760?profile=normal"))
                .isEqualTo(new LinkSpec.TcpServer("0.0.0.0", 5760));
        // and canonical text keeps only what differs from the defaults
        for (String s : new String[] {"udp:127.0.0.1:14540?profile=onboard", "udp:127.0.0.1:14540?bind=14580&profile=onboard",
            "udpin:0.0.0.0:14540?profile=onboard", "tcpin:0.0.0.0:5760?profile=onboard",
            "serial:/dev/ttyAMA0:921600?profile=onboard"}) {
            assertThat(LinkSpec.parse(s).text()).isEqualTo(s);
        }
        assertThat(LinkSpec.parse("udp:127.0.0.1:14550?profile=normal").text()).isEqualTo("udp:127.0.0.1:14550");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "udp:127.0.0.1:14540?profile=api             | unknown profile 'api' (normal or onboard)",
        "udp:127.0.0.1:14540?profile=                | unknown profile ''",
        "udpin:0.0.0.0:14540?bind=1                  | unknown option 'bind=1'",
        "udp:127.0.0.1:14540?profile=onboard&        | unknown option ''",
        "tcp:5760?speed=9                            | unknown option 'speed=9'",
    })
    void shouldRejectBadOptionsNamingThem(String spec, String problem) {
        // Given / When / Then
        assertThatThrownBy(() -> LinkSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem).hasMessageContaining("?profile=normal|onboard");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                            | empty",
        "14550                         | missing scheme",
        "udpx:1.2.3.4:1                | unknown scheme 'udpx'",
        "udp:127.0.0.1                 | missing port",
        "udp:127.0.0.1:0               | remote port 0 out of range 1..65535",
        "udp:127.0.0.1:70000           | remote port 70000 out of range",
        "udp:127.0.0.1:abc             | remote port 'abc' is not a number",
        "udp:127.0.0.1:14550?bind=x    | bind port 'x' is not a number",
        "udp:127.0.0.1:14550?foo=1     | unknown option 'foo=1'",
        "udp::14550                    | missing host",
        "udpin:0.0.0.0:-1              | listen port -1 out of range",
        "tcp:127.0.0.1:5760            | tcp takes a port only",
        "serial:/dev/ttyUSB0           | serial needs a path and a baud rate",
        "serial:/dev/ttyUSB0:fast      | baud rate 'fast' is not a number",
        "serial:/dev/ttyUSB0:0         | baud rate 0 out of range",
        "udp:::1:14550                 | IPv6 address must be written [ADDR]:PORT",
    })
    void shouldRejectMalformedSpecsNamingTheProblem(String spec, String problem) {
        // Given / When / Then
        assertThatThrownBy(() -> LinkSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }
}
