package org.hoverla.core.mavlink.radio;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.RadioStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.telemetry.LinkConditions;

/**
 * Telemetry radios on the vehicle's links: takes each link's {@code RADIO_STATUS}, slows that
 * link's streams when the radio's transmit buffer fills ({@link RadioFlowControl}, PX4's rules),
 * keeps per-link quality figures and says in a STATUSTEXT when a radio link becomes congested,
 * recovers, or stops reporting.
 *
 * <p><b>Whose RADIO_STATUS counts.</b> Only a radio's or a bridge's: component
 * {@link #MAV_COMP_ID_TELEMETRY_RADIO} (68; SiK firmware sends from system '3' = 51, component
 * 'D' = 68, {@code Firmware/radio/mavlink.c}), {@link #MAV_COMP_ID_UDP_BRIDGE} (240, what
 * mavesp8266 uses) or {@link #MAV_COMP_ID_UART_BRIDGE} (241). A RADIO_STATUS from anything else
 * (a ground station relaying its own radio's report, another vehicle) is counted and ignored:
 * it does not describe this link's transmit buffer. PX4's receiver takes any RADIO_STATUS on the
 * channel ({@code MavlinkReceiver::handle_message_radio_status}); the check is Hoverla's. A
 * txbuf above 100 % is counted as invalid and ignored.
 *
 * <p><b>Figures per link</b> ({@link LinkQuality}): the radio's last rssi, remrssi, noise,
 * remnoise, rxerrors, fixed and txbuf; the flow-control multiplier; and from the link's own
 * counters, once a second, {@code drop_rate_comm} (frames missing by sequence number over the
 * last second, c%) and {@code errors_comm} (frames with a bad checksum or payload since start).
 * The telemetry service puts the last two into each link's SYS_STATUS.
 *
 * <p><b>STATUSTEXT</b> (to every link), at most one per link per {@link #TEXT_INTERVAL_NS}: a
 * change that happens inside that window is told when it ends, if it still holds:
 * "Radio link congested, telemetry at N%" (WARNING) when the multiplier first drops below 1,
 * "Radio link recovered, telemetry at 100%" (INFO) when it is back at 1, "Radio status lost,
 * telemetry at 100%" (WARNING) after {@link RadioFlowControl#TIMEOUT_NS} without a report.
 *
 * <p>MAVLink thread only; allocation only when a link is first seen and for texts.
 */
public final class RadioStatusService implements MavlinkService, LinkConditions {
    public static final int MAV_COMP_ID_TELEMETRY_RADIO = 68;
    public static final int MAV_COMP_ID_UDP_BRIDGE = 240;
    public static final int MAV_COMP_ID_UART_BRIDGE = 241;
    /** Shortest time between two radio STATUSTEXTs about one link. */
    public static final long TEXT_INTERVAL_NS = 10_000_000_000L;
    /** Window of {@code drop_rate_comm}. */
    public static final long QUALITY_WINDOW_NS = 1_000_000_000L;

    static final int SEVERITY_WARNING = 4;
    static final int SEVERITY_INFO = 6;

    /** What a link's radio was last reported as, for the STATUSTEXTs. */
    enum RadioState { NONE, OK, CONGESTED, LOST }

    /** Quality figures of one link. Readable from the MAVLink thread; snapshots for reports. */
    public static final class LinkQuality {
        final MavlinkLink link;
        final RadioFlowControl flow = new RadioFlowControl();
        int rssi = -1;
        int remrssi = -1;
        int noise = -1;
        int remnoise = -1;
        int rxerrors = -1;
        int fixed = -1;
        int radioSystemId = -1;
        int radioComponentId = -1;
        long ignoredStatus;
        long invalidStatus;
        long windowStartNs = Long.MIN_VALUE;
        long windowReceived;
        long windowLost;
        int dropRateCommCentiPct;
        int errorsComm;
        RadioState reported = RadioState.NONE;
        long lastTextNs = Long.MIN_VALUE / 2;
        long texts;

        LinkQuality(MavlinkLink link) {
            this.link = link;
        }

        public MavlinkLink link() {
            return link;
        }

        /** The link's flow control (multiplier, last txbuf, reports, timeouts). */
        public RadioFlowControl flow() {
            return flow;
        }

        /** Last RADIO_STATUS rssi (device units, 255 = unknown), -1 before any. */
        public int rssi() {
            return rssi;
        }

        public int remrssi() {
            return remrssi;
        }

        public int noise() {
            return noise;
        }

        public int remnoise() {
            return remnoise;
        }

        /** The radio's own count of packets received with errors (since its boot). */
        public int rxerrors() {
            return rxerrors;
        }

        /** The radio's own count of packets repaired by error correction (since its boot). */
        public int fixed() {
            return fixed;
        }

        /** RADIO_STATUS from a sender that is not a radio or bridge, ignored. */
        public long ignoredStatus() {
            return ignoredStatus;
        }

        /** RADIO_STATUS with txbuf above 100 %, ignored. */
        public long invalidStatus() {
            return invalidStatus;
        }

        public int dropRateCommCentiPct() {
            return dropRateCommCentiPct;
        }

        public int errorsComm() {
            return errorsComm;
        }

        /** Radio STATUSTEXTs sent about this link. */
        public long texts() {
            return texts;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: radio %s txbuf=%d%% rate=%.2f rssi=%d remrssi=%d noise=%d "
                            + "remnoise=%d rxerrors=%d fixed=%d reports=%d timeouts=%d ignored=%d invalid=%d "
                            + "dropRateComm=%.2f%% errorsComm=%d",
                    link.name(), flow.available() ? radioSystemId + "/" + radioComponentId : "none",
                    flow.lastTxbufPct(), flow.available() ? Math.max(RadioFlowControl.MIN_RATE_MULTIPLIER,
                            flow.radioMultiplier()) : 1.0,
                    rssi, remrssi, noise, remnoise, rxerrors, fixed, flow.reports(), flow.timeouts(),
                    ignoredStatus, invalidStatus, dropRateCommCentiPct / 100.0, errorsComm);
        }
    }

    private final StatusTextSender texts;
    private final Function<MavlinkLink, LinkStats> counters;
    private final List<LinkQuality> links = new ArrayList<>();

    /**
     * @param texts    the vehicle's STATUSTEXT sender
     * @param counters a link's receive counters (the link manager's {@code stats}), or null for
     *                 no drop_rate_comm / errors_comm figures
     */
    public RadioStatusService(StatusTextSender texts, Function<MavlinkLink, LinkStats> counters) {
        this.texts = texts;
        this.counters = counters;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        LinkQuality q = quality(source, true);
        if (!(message.getPayload() instanceof RadioStatus r)) {
            return;
        }
        if (!fromRadio(message.getOriginComponentId())) {
            q.ignoredStatus++;
            return;
        }
        if (!q.flow.onRadioStatus(r.txbuf(), nowNs)) {
            q.invalidStatus++;
            return;
        }
        q.rssi = r.rssi();
        q.remrssi = r.remrssi();
        q.noise = r.noise();
        q.remnoise = r.remnoise();
        q.rxerrors = r.rxerrors();
        q.fixed = r.fixed();
        q.radioSystemId = message.getOriginSystemId();
        q.radioComponentId = message.getOriginComponentId();
    }

    /** Whether a sender component is a telemetry radio or a MAVLink bridge. */
    public static boolean fromRadio(int componentId) {
        return componentId == MAV_COMP_ID_TELEMETRY_RADIO || componentId == MAV_COMP_ID_UDP_BRIDGE
                || componentId == MAV_COMP_ID_UART_BRIDGE;
    }

    @Override
    public void tick(long nowNs) {
        for (int i = 0; i < links.size(); i++) {
            LinkQuality q = links.get(i);
            q.flow.checkTimeout(nowNs);
            updateCommFigures(q, nowNs);
            announce(q, nowNs);
        }
    }

    private void updateCommFigures(LinkQuality q, long nowNs) {
        if (counters == null) {
            return;
        }
        LinkStats st = counters.apply(q.link);
        if (st == null) {
            return;
        }
        q.errorsComm = errorsComm(st.crcErrors() + st.decodeErrors());
        if (q.windowStartNs == Long.MIN_VALUE) {
            q.windowStartNs = nowNs;
            q.windowReceived = st.framesReceived();
            q.windowLost = st.framesLost();
        } else if (nowNs - q.windowStartNs >= QUALITY_WINDOW_NS) {
            q.dropRateCommCentiPct = dropRateCentiPct(st.framesReceived() - q.windowReceived,
                    st.framesLost() - q.windowLost);
            q.windowStartNs = nowNs;
            q.windowReceived = st.framesReceived();
            q.windowLost = st.framesLost();
        }
    }

    /** Frames lost over frames expected (received + lost), in c% (0..10000); 0 when none expected. */
    public static int dropRateCentiPct(long received, long lost) {
        if (received < 0 || lost <= 0) {
            return 0;
        }
        return (int) Math.round(10000.0 * lost / (double) (received + lost));
    }

    /** A count saturated to SYS_STATUS.errors_comm's uint16. */
    public static int errorsComm(long count) {
        return (int) Math.max(0L, Math.min(0xFFFFL, count));
    }

    private void announce(LinkQuality q, long nowNs) {
        RadioState now = stateOf(q);
        if (now == q.reported) {
            return;
        }
        if (q.reported == RadioState.NONE && now == RadioState.OK) {
            q.reported = now; // a radio appearing at full rate is not news
            return;
        }
        if (q.reported == RadioState.NONE && now == RadioState.LOST) {
            q.reported = now;
            return;
        }
        if (nowNs - q.lastTextNs < TEXT_INTERVAL_NS) {
            return; // told when the window ends, if it still holds
        }
        int pct = (int) Math.round(100.0 * q.flow.rateMultiplier(nowNs));
        switch (now) {
            case CONGESTED -> texts.send(null, SEVERITY_WARNING, "Radio link congested, telemetry at " + pct + "%");
            case OK -> {
                if (q.reported == RadioState.LOST) {
                    q.reported = now; // back after silence at full rate: nothing to warn about
                    return;
                }
                texts.send(null, SEVERITY_INFO, "Radio link recovered, telemetry at 100%");
            }
            case LOST -> texts.send(null, SEVERITY_WARNING, "Radio status lost, telemetry at 100%");
            default -> {
                return;
            }
        }
        q.reported = now;
        q.lastTextNs = nowNs;
        q.texts++;
    }

    private static RadioState stateOf(LinkQuality q) {
        RadioFlowControl f = q.flow;
        if (!f.available()) {
            return f.reports() > 0 ? RadioState.LOST : RadioState.NONE;
        }
        return f.radioMultiplier() < 1.0 ? RadioState.CONGESTED : RadioState.OK;
    }

    // ------------------------------------------------------------------ LinkConditions

    @Override
    public double rateMultiplier(MavlinkLink link, long nowNs) {
        LinkQuality q = quality(link, false);
        return q == null ? 1.0 : q.flow.rateMultiplier(nowNs);
    }

    @Override
    public int dropRateCommCentiPct(MavlinkLink link) {
        LinkQuality q = quality(link, false);
        return q == null ? 0 : q.dropRateCommCentiPct;
    }

    @Override
    public int errorsComm(MavlinkLink link) {
        LinkQuality q = quality(link, false);
        return q == null ? 0 : q.errorsComm;
    }

    // ------------------------------------------------------------------ figures

    /** Starts keeping figures for a link (a link is also added when anything arrives on it). */
    public void addLink(MavlinkLink link) {
        quality(link, true);
    }

    /** The figures of a link, or null when nothing has arrived on it. */
    public LinkQuality quality(MavlinkLink link) {
        return quality(link, false);
    }

    /** One line per link with a radio or receive errors, for reports. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        for (LinkQuality q : links) {
            sb.append(q).append('\n');
        }
        return sb.toString();
    }

    private LinkQuality quality(MavlinkLink link, boolean create) {
        for (int i = 0; i < links.size(); i++) {
            LinkQuality q = links.get(i);
            if (q.link.id() == link.id()) {
                return q;
            }
        }
        if (!create) {
            return null;
        }
        LinkQuality q = new LinkQuality(link);
        links.add(q);
        return q;
    }
}
