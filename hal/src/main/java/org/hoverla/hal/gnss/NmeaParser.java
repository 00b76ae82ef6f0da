package org.hoverla.hal.gnss;

import org.hoverla.hal.GnssSample;

/**
 * NMEA 0183 decoder: bytes in, one {@link NmeaFix} per navigation epoch out.
 *
 * <p>Reads GGA, RMC, GSA, VTG, GSV, GLL and ZDA from any talker (GP, GN, GL, GA, GB, BD, ...);
 * other sentences, proprietary ones ({@code $P...}) included, are counted and ignored. A frame is
 * {@code $}, at most {@link #MAX_FRAME_LENGTH} printable characters, an optional {@code *hh}
 * checksum (XOR of the characters between {@code $} and {@code *}, NMEA 0183 v4.11 §5.2.1) and CR
 * or LF. Sentences without a checksum are accepted only when the parser was built for a receiver
 * known to send them. Everything else is counted and skipped, and decoding resumes at the next
 * {@code $}: bytes before the first frame (a stream opened mid-sentence), binary protocols
 * interleaved with NMEA, a frame cut short by a new {@code $}, a frame holding a control or
 * 8-bit character, an overlong frame, a bad or missing checksum, a malformed field.
 *
 * <p><b>Epochs.</b> The sentences sharing one UTC time make one epoch. A receiver sends them in a
 * fixed order, so the parser learns which timed sentence type ends a cycle (the last timed type
 * before the time changed, as gpsd does) and publishes the epoch when that type arrives; until it
 * has learned one, and whenever the learned one proves wrong, the epoch is published when the
 * next time arrives (one cycle later), or by {@link #flush()}. A timed sentence that arrives for
 * an epoch already published is counted as late and ignored (so a receiver whose clock stands
 * still gets no further epochs, only late counts, until its time moves). Untimed sentences (GSA,
 * GSV, VTG) belong to the epoch they arrive in; one sent after the cycle's last timed sentence
 * therefore joins the next epoch.
 *
 * <p><b>What a fix holds.</b> Position from GGA, else RMC, else GLL, each only when the sentence
 * says its data is valid; altitude (MSL) from GGA; speed and course from RMC, else VTG, turned
 * into velocity north/east ({@code velD} is 0: NMEA has no vertical speed); satellites used from
 * GGA, else the GSA PRN lists; hdop from GSA, else GGA; vdop and pdop from GSA; eph/epv = hdop/
 * vdop × the UERE given at construction ({@link #DEFAULT_UERE_M}); the mode from GSA, else 3-D
 * when GGA gave an altitude, else 2-D; no fix when any sentence of the epoch says so (GGA quality
 * 0, RMC or GLL status V, GSA mode 1, RMC/GLL/VTG mode indicator N). A date is given only once RMC
 * (two-digit years read as 1980–2079) or ZDA sent one; epochs without a date sentence carry the
 * last date forward, rolling over at midnight. An epoch that claims a fix at exactly 0°, 0°
 * ({@link NmeaFix#allZero}) or whose time went backwards or jumped forward more than the
 * configured limit ({@link NmeaFix#timeJump}) is counted, flagged and never valid.
 *
 * <p><b>Bounded buffer, cost per byte.</b> One frame buffer of {@link #MAX_FRAME_LENGTH} bytes
 * ({@link #pendingBytes()} ≤ 161 with the {@code $}); every byte fed is in {@link
 * #acceptedBytes()}, {@link #skippedBytes()}, {@link #commentBytes()}, {@link #lineEndBytes()}
 * or pending. Each byte is stored once; a line end checksums, splits and decodes the frame once,
 * so the worst case is O(160) at a line end and O(1) amortised per byte (docs/parser-hardening.md
 * has it measured). Fuzzed by {@code GnssParsersFuzzTest}.
 *
 * <p><b>Thread and allocation.</b> Single-threaded: the receiver's driver thread feeds it and gets
 * the listener calls. After construction nothing is allocated: frames are parsed in place from a
 * preallocated byte buffer, numbers without Strings, and the one {@link NmeaFix} is reused.
 */
public final class NmeaParser {

    /** Receives each epoch; the fix is the parser's own and is overwritten at the next epoch. */
    @FunctionalInterface
    public interface Listener {
        void onFix(NmeaFix fix);
    }

    /**
     * Longest frame accepted, characters between {@code $} and the line end. NMEA 0183 allows
     * 79 between {@code $} and CR LF; some receivers send longer sentences (u-blox GSV with signal
     * ids, proprietary PUBX), so the limit leaves room while still bounding a lost line end.
     */
    public static final int MAX_FRAME_LENGTH = 160;
    /**
     * Default user-equivalent range error (m, 1 sigma) multiplying hdop/vdop into eph/epv. NMEA
     * carries no accuracy estimate without GST; 4 m is a typical single-frequency, unaided GPS
     * figure, deliberately conservative for SBAS- or multi-band receivers.
     */
    public static final double DEFAULT_UERE_M = 4.0;
    /** Default largest forward step of UTC time between epochs before it counts as a jump (ms). */
    public static final long DEFAULT_MAX_FORWARD_STEP_MS = 60_000;

    private static final int MAX_FIELDS = 40;
    private static final double KNOTS_TO_MPS = 1852.0 / 3600.0;
    private static final double KMH_TO_MPS = 1.0 / 3.6;
    private static final long DAY_MS = 86_400_000L;
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    private static final long[] LPOW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
            10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L};

    private static final int T_NONE = 0;
    private static final int T_GGA = 1;
    private static final int T_RMC = 2;
    private static final int T_GSA = 3;
    private static final int T_VTG = 4;
    private static final int T_GSV = 5;
    private static final int T_GLL = 6;
    private static final int T_ZDA = 7;

    private static final int SRC_NONE = 0;
    private static final int SRC_GLL = 1;
    private static final int SRC_RMC = 2;
    private static final int SRC_GGA = 3;

    private final Listener listener;
    private final boolean acceptMissingChecksum;
    private final boolean skipCommentLines;
    private final double uereM;
    private final long maxForwardStepMs;

    // framing
    private final byte[] frame = new byte[MAX_FRAME_LENGTH];
    private int frameLength;
    private boolean inFrame;
    private boolean inComment;
    private boolean atLineStart = true;
    private long rxNs;
    private long frameRxNs;
    private final int[] fieldStart = new int[MAX_FIELDS];
    private final int[] fieldEnd = new int[MAX_FIELDS];
    private int fieldCount;
    // scratch results of the number readers (no boxing, no objects)
    private long numMantissa;
    private int numDecimals;

    // counters
    private long frames;
    private long checksumErrors;
    private long missingChecksums;
    private long skippedBytes;
    private long commentBytes;
    private long acceptedBytes;
    private long lineEndBytes;
    private long truncatedFrames;
    private long overlongFrames;
    private long corruptFrames;
    private long malformedSentences;
    private long ignoredSentences;
    private long lateSentences;
    private long epochs;
    private long allZeroFixes;
    private long timeJumps;

    // epoch accumulation
    private boolean epochOpen;
    private long epochTod = -1;
    private long epochRxNs;
    private int epochSentences;
    private int lastTimedType = T_NONE;
    private int enderType = T_NONE;
    private long lastPublishedTod = -1;
    private boolean lastPublishedByEnder;
    private boolean saidNoFix;
    private int positionSource;
    private double lat;
    private double lon;
    private boolean hasAlt;
    private double altMsl;
    private int ggaQuality = -1;
    private int ggaSats = -1;
    private double ggaHdop = Double.NaN;
    private int gsaMode;
    private int gsaSats;
    private boolean gsaSeen;
    private double pdop = Double.NaN;
    private double gsaHdop = Double.NaN;
    private double vdop = Double.NaN;
    private double rmcSpeed = Double.NaN;
    private double rmcCourse = Double.NaN;
    private double vtgSpeed = Double.NaN;
    private double vtgCourse = Double.NaN;
    private boolean hasEpochDate;
    private long epochDay;
    private final int[] gsvInViewByTalker = new int[26 * 26];
    private final int[] gsvTalkers = new int[16];
    private int gsvTalkerCount;

    // across epochs
    private boolean dateKnown;
    private long lastDateDay;
    private long lastDateTod;
    private boolean previousTimed;
    private boolean previousDated;
    private long previousTod;
    private long previousEpochMs;

    private final NmeaFix fix = new NmeaFix();

    /** A parser for receivers that always send checksums, with the default UERE and time-jump limit. */
    public NmeaParser(Listener listener) {
        this(listener, false, false, DEFAULT_UERE_M, DEFAULT_MAX_FORWARD_STEP_MS);
    }

    /**
     * @param listener              gets each epoch on the feeding thread
     * @param acceptMissingChecksum true only for a receiver known to send sentences without {@code *hh}
     * @param skipCommentLines      true for gpsd-style captures: a line starting with {@code #} is a
     *                              comment (counted in {@link #commentBytes()}, not decoded)
     * @param uereM                 user-equivalent range error, m 1 sigma, for eph/epv from DOP
     * @param maxForwardStepMs      a larger forward step of UTC time between epochs is a time jump
     */
    public NmeaParser(Listener listener, boolean acceptMissingChecksum, boolean skipCommentLines, double uereM,
            long maxForwardStepMs) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        if (!(uereM > 0) || Double.isInfinite(uereM)) {
            throw new IllegalArgumentException("UERE must be a positive number of metres: " + uereM);
        }
        if (maxForwardStepMs <= 0) {
            throw new IllegalArgumentException("max forward step must be positive: " + maxForwardStepMs);
        }
        this.listener = listener;
        this.acceptMissingChecksum = acceptMissingChecksum;
        this.skipCommentLines = skipCommentLines;
        this.uereM = uereM;
        this.maxForwardStepMs = maxForwardStepMs;
        java.util.Arrays.fill(gsvInViewByTalker, -1);
        resetEpoch();
    }

    /** Feeds {@code len} bytes received at {@code rxTimeNs} (vehicle clock). */
    public void feed(byte[] buf, int off, int len, long rxTimeNs) {
        rxNs = rxTimeNs;
        for (int i = off, end = off + len; i < end; i++) {
            feedByte(buf[i]);
        }
    }

    /** Feeds bytes without a receive time (the fixes' {@code timestampSampleNs} stays 0). */
    public void feed(byte[] buf, int off, int len) {
        feed(buf, off, len, 0L);
    }

    /** Feeds one byte received at {@code rxTimeNs}. */
    public void feed(int b, long rxTimeNs) {
        rxNs = rxTimeNs;
        feedByte((byte) b);
    }

    /** Publishes the epoch being assembled, if any (end of a recording, or a receiver gone quiet). */
    public void flush() {
        if (epochOpen && epochSentences > 0) {
            publish(false);
        }
    }

    private void feedByte(byte b) {
        if (inComment) {
            commentBytes++;
            if (b == '\n' || b == '\r') {
                inComment = false;
                atLineStart = true;
            }
            return;
        }
        if (b == '$') {
            if (inFrame) {
                truncatedFrames++;
                skippedBytes += frameLength + 1;
            }
            inFrame = true;
            frameLength = 0;
            frameRxNs = rxNs;
            atLineStart = false;
            return;
        }
        boolean lineEnd = b == '\n' || b == '\r';
        if (!inFrame) {
            if (lineEnd) {
                lineEndBytes++;
                atLineStart = true;
                return;
            }
            if (skipCommentLines && atLineStart && b == '#') {
                inComment = true;
                commentBytes++;
                return;
            }
            atLineStart = false;
            skippedBytes++;
            return;
        }
        if (lineEnd) {
            inFrame = false;
            atLineStart = true;
            lineEndBytes++;
            endFrame();
            return;
        }
        if (b < 0x20 || b > 0x7e) {
            corruptFrames++;
            skippedBytes += frameLength + 2;
            inFrame = false;
            atLineStart = false;
            return;
        }
        if (frameLength == MAX_FRAME_LENGTH) {
            overlongFrames++;
            skippedBytes += frameLength + 2;
            inFrame = false;
            return;
        }
        frame[frameLength++] = b;
    }

    private void endFrame() {
        int len = frameLength;
        int star = -1;
        int sum = 0;
        for (int i = 0; i < len; i++) {
            byte c = frame[i];
            if (c == '*') {
                star = i;
                break;
            }
            sum ^= c;
        }
        int body;
        if (star >= 0) {
            boolean ok = len == star + 3;
            int hi = ok ? hex(frame[star + 1]) : -1;
            int lo = ok ? hex(frame[star + 2]) : -1;
            if (hi < 0 || lo < 0 || ((hi << 4) | lo) != sum) {
                checksumErrors++;
                skippedBytes += len + 1;
                return;
            }
            body = star;
        } else if (acceptMissingChecksum) {
            body = len;
        } else {
            missingChecksums++;
            skippedBytes += len + 1;
            return;
        }
        frames++;
        acceptedBytes += len + 1;
        splitFields(body);
        int type = sentenceType();
        if (type == T_NONE) {
            ignoredSentences++;
            return;
        }
        if (!decode(type)) {
            malformedSentences++;
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private void splitFields(int body) {
        int n = 0;
        int start = 0;
        for (int i = 0; i <= body; i++) {
            if (i == body || frame[i] == ',') {
                if (n < MAX_FIELDS) {
                    fieldStart[n] = start;
                    fieldEnd[n] = i;
                    n++;
                }
                start = i + 1;
            }
        }
        fieldCount = n;
    }

    /** The sentence type of a {@code ttSSS} address with an alphabetic talker; T_NONE otherwise. */
    private int sentenceType() {
        if (fieldEnd[0] != 5 || !isUpper(frame[0]) || !isUpper(frame[1]) || frame[0] == 'P') {
            return T_NONE;
        }
        byte a = frame[2];
        byte b = frame[3];
        byte c = frame[4];
        if (a == 'G' && b == 'G' && c == 'A') {
            return T_GGA;
        }
        if (a == 'R' && b == 'M' && c == 'C') {
            return T_RMC;
        }
        if (a == 'G' && b == 'S' && c == 'A') {
            return T_GSA;
        }
        if (a == 'V' && b == 'T' && c == 'G') {
            return T_VTG;
        }
        if (a == 'G' && b == 'S' && c == 'V') {
            return T_GSV;
        }
        if (a == 'G' && b == 'L' && c == 'L') {
            return T_GLL;
        }
        if (a == 'Z' && b == 'D' && c == 'A') {
            return T_ZDA;
        }
        return T_NONE;
    }

    private static boolean isUpper(byte c) {
        return c >= 'A' && c <= 'Z';
    }

    private boolean decode(int type) {
        switch (type) {
            case T_GGA:
                return decodeGga();
            case T_RMC:
                return decodeRmc();
            case T_GSA:
                return decodeGsa();
            case T_VTG:
                return decodeVtg();
            case T_GSV:
                return decodeGsv();
            case T_GLL:
                return decodeGll();
            case T_ZDA:
                return decodeZda();
            default:
                return false;
        }
    }

    // $--GGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,q,nn,h.h,a.a,M,g.g,M,age,ref*hh
    private boolean decodeGga() {
        if (fieldCount < 10) {
            return false;
        }
        long tod = parseTime(1);
        int quality = parseInt(6);
        if (tod == -2 || quality == -2) {
            return false;
        }
        double la = parseLatLon(2, 3, 2);
        double lo = parseLatLon(4, 5, 3);
        double alt = parseDecimal(9);
        int sats = parseInt(7);
        double hdop = parseDecimal(8);
        if (!beginSentence(tod)) {
            return true;
        }
        if (quality == 0) {
            saidNoFix = true;
        } else if (quality > 0 && !Double.isNaN(la) && !Double.isNaN(lo)) {
            setPosition(SRC_GGA, la, lo);
            if (!Double.isNaN(alt)) {
                hasAlt = true;
                altMsl = alt;
            }
        }
        ggaQuality = quality;
        if (sats >= 0) {
            ggaSats = sats;
        }
        if (!Double.isNaN(hdop)) {
            ggaHdop = hdop;
        }
        endSentence(T_GGA, tod);
        return true;
    }

    // $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a,m,s*hh
    private boolean decodeRmc() {
        if (fieldCount < 10) {
            return false;
        }
        long tod = parseTime(1);
        long day = parseDdmmyy(9);
        if (tod == -2 || day == Long.MIN_VALUE + 1) {
            return false;
        }
        boolean valid = fieldIs(2, 'A') && !(fieldCount > 12 && fieldIs(12, 'N'));
        double la = parseLatLon(3, 4, 2);
        double lo = parseLatLon(5, 6, 3);
        double speed = parseDecimal(7);
        double course = parseDecimal(8);
        if (!beginSentence(tod)) {
            return true;
        }
        if (day != Long.MIN_VALUE) {
            hasEpochDate = true;
            epochDay = day;
        }
        if (!valid) {
            saidNoFix = true;
        } else {
            if (!Double.isNaN(la) && !Double.isNaN(lo)) {
                setPosition(SRC_RMC, la, lo);
            }
            rmcSpeed = speed * KNOTS_TO_MPS;
            rmcCourse = course;
        }
        endSentence(T_RMC, tod);
        return true;
    }

    // $--GSA,a,x,p1,...,p12,pdop,hdop,vdop[,sys]*hh
    private boolean decodeGsa() {
        if (fieldCount < 18) {
            return false;
        }
        int mode = parseInt(2);
        if (mode == -2 || mode > 3) {
            return false;
        }
        int used = 0;
        for (int i = 3; i <= 14; i++) {
            if (fieldEnd[i] > fieldStart[i]) {
                used++;
            }
        }
        beginSentence(-1);
        gsaSeen = true;
        if (mode == 1) {
            saidNoFix = true;
        }
        gsaMode = Math.max(gsaMode, mode);
        gsaSats += used;
        double p = parseDecimal(15);
        double h = parseDecimal(16);
        double v = parseDecimal(17);
        if (!Double.isNaN(p)) {
            pdop = p;
        }
        if (!Double.isNaN(h)) {
            gsaHdop = h;
        }
        if (!Double.isNaN(v)) {
            vdop = v;
        }
        endSentence(T_GSA, -1);
        return true;
    }

    // $--VTG,x.x,T,x.x,M,x.x,N,x.x,K[,m]*hh
    private boolean decodeVtg() {
        if (fieldCount < 9) {
            return false;
        }
        double course = parseDecimal(1);
        double knots = parseDecimal(5);
        double kmh = parseDecimal(7);
        beginSentence(-1);
        if (!(fieldCount > 9 && fieldIs(9, 'N'))) {
            vtgCourse = course;
            vtgSpeed = !Double.isNaN(knots) ? knots * KNOTS_TO_MPS : kmh * KMH_TO_MPS;
        }
        endSentence(T_VTG, -1);
        return true;
    }

    // $--GSV,total,num,inview,{prn,elev,az,snr}...*hh
    private boolean decodeGsv() {
        if (fieldCount < 4) {
            return false;
        }
        int inView = parseInt(3);
        if (inView < 0) {
            return false;
        }
        beginSentence(-1);
        int talker = (frame[0] - 'A') * 26 + (frame[1] - 'A');
        if (gsvInViewByTalker[talker] < 0 && gsvTalkerCount < gsvTalkers.length) {
            gsvTalkers[gsvTalkerCount++] = talker;
            gsvInViewByTalker[talker] = inView;
        } else if (gsvInViewByTalker[talker] >= 0) {
            gsvInViewByTalker[talker] = Math.max(gsvInViewByTalker[talker], inView);
        }
        endSentence(T_GSV, -1);
        return true;
    }

    // $--GLL,llll.ll,a,yyyyy.yy,a,hhmmss.ss,A[,m]*hh
    private boolean decodeGll() {
        if (fieldCount < 7) {
            return false;
        }
        long tod = parseTime(5);
        if (tod == -2) {
            return false;
        }
        boolean valid = fieldIs(6, 'A') && !(fieldCount > 7 && fieldIs(7, 'N'));
        double la = parseLatLon(1, 2, 2);
        double lo = parseLatLon(3, 4, 3);
        if (!beginSentence(tod)) {
            return true;
        }
        if (!valid) {
            saidNoFix = true;
        } else if (!Double.isNaN(la) && !Double.isNaN(lo)) {
            setPosition(SRC_GLL, la, lo);
        }
        endSentence(T_GLL, tod);
        return true;
    }

    // $--ZDA,hhmmss.ss,dd,mm,yyyy,zh,zm*hh
    private boolean decodeZda() {
        if (fieldCount < 5) {
            return false;
        }
        long tod = parseTime(1);
        int d = parseInt(2);
        int m = parseInt(3);
        int y = parseInt(4);
        if (tod == -2 || d == -2 || m == -2 || y == -2) {
            return false;
        }
        boolean hasDay = d >= 1 && d <= 31 && m >= 1 && m <= 12 && y >= 1980;
        if (!beginSentence(tod)) {
            return true;
        }
        if (hasDay) {
            hasEpochDate = true;
            epochDay = epochDay(y, m, d);
        }
        endSentence(T_ZDA, tod);
        return true;
    }

    private void setPosition(int source, double la, double lo) {
        if (source >= positionSource) {
            positionSource = source;
            lat = la;
            lon = lo;
        }
    }

    /**
     * Opens or closes epochs for a sentence with time of day {@code tod} (-1 untimed).
     *
     * @return false when the sentence is late for an epoch already published, and must be ignored
     */
    private boolean beginSentence(long tod) {
        if (tod >= 0) {
            if (epochOpen && epochTod >= 0 && tod != epochTod) {
                enderType = lastTimedType;
                publish(false);
            } else if (lastPublishedByEnder && tod == lastPublishedTod && (!epochOpen || epochTod < 0)) {
                // the learned cycle end was wrong: this belongs to the epoch already published
                lateSentences++;
                enderType = T_NONE;
                return false;
            }
        }
        if (!epochOpen) {
            epochOpen = true;
            epochRxNs = frameRxNs;
        }
        if (tod >= 0 && epochTod < 0) {
            epochTod = tod;
        }
        return true;
    }

    private void endSentence(int type, long tod) {
        epochSentences++;
        if (tod >= 0) {
            lastTimedType = type;
            if (type == enderType) {
                publish(true);
            }
        }
    }

    private void publish(boolean byEnder) {
        NmeaFix f = fix;
        f.clear();
        GnssSample s = f.sample;
        s.timestampSampleNs = epochRxNs;
        f.sentences = epochSentences;
        f.utcTimeOfDayMs = epochTod;

        // date: this epoch's own, else the last one carried forward across midnight
        if (hasEpochDate && epochTod >= 0) {
            f.hasDate = true;
            f.utcEpochDay = epochDay;
        } else if (dateKnown && epochTod >= 0) {
            f.hasDate = true;
            f.utcEpochDay = epochTod < lastDateTod - DAY_MS / 2 ? lastDateDay + 1 : lastDateDay;
        }
        if (f.hasDate) {
            dateKnown = true;
            lastDateDay = f.utcEpochDay;
            lastDateTod = epochTod;
        }

        // time jump against the previous timed epoch
        if (epochTod >= 0) {
            long step;
            if (f.hasDate && previousDated) {
                step = f.utcEpochMs() - previousEpochMs;
            } else {
                step = epochTod - previousTod;
                if (step < -DAY_MS / 2) {
                    step += DAY_MS;
                }
            }
            if (previousTimed && (step < 0 || step > maxForwardStepMs)) {
                f.timeJump = true;
                timeJumps++;
            }
            previousTimed = true;
            previousTod = epochTod;
            previousDated = f.hasDate;
            previousEpochMs = f.hasDate ? f.utcEpochMs() : 0;
        }

        // mode
        int mode;
        if (saidNoFix) {
            mode = NmeaFix.MODE_NO_FIX;
        } else if (gsaSeen && gsaMode >= 2) {
            mode = gsaMode;
        } else if (positionSource == SRC_GGA) {
            mode = hasAlt ? NmeaFix.MODE_3D : NmeaFix.MODE_2D;
        } else if (positionSource != SRC_NONE) {
            mode = NmeaFix.MODE_2D;
        } else {
            mode = NmeaFix.MODE_UNKNOWN;
        }
        f.mode = mode;
        boolean fixClaimed = mode >= NmeaFix.MODE_2D;
        if (fixClaimed && positionSource != SRC_NONE) {
            f.hasPosition = true;
            s.latDeg = lat;
            s.lonDeg = lon;
            if (hasAlt) {
                f.hasAltitude = true;
                s.altMslM = altMsl;
            }
            if (lat == 0.0 && lon == 0.0) {
                f.allZero = true;
                allZeroFixes++;
            }
        }

        // velocity
        double speed = !Double.isNaN(rmcSpeed) ? rmcSpeed : vtgSpeed;
        double course = !Double.isNaN(rmcSpeed) ? rmcCourse : vtgCourse;
        if (fixClaimed && !Double.isNaN(speed)) {
            f.speedMps = speed;
            f.courseDeg = course;
            if (!Double.isNaN(course)) {
                double rad = Math.toRadians(course);
                s.velNMps = speed * Math.cos(rad);
                s.velEMps = speed * Math.sin(rad);
            } else if (speed == 0.0) {
                s.velNMps = 0;
                s.velEMps = 0;
            } else {
                s.velNMps = Double.NaN;
                s.velEMps = Double.NaN;
            }
            s.velDMps = 0;
        }

        // satellites and accuracy
        s.satellitesUsed = ggaSats >= 0 ? ggaSats : gsaSats;
        f.hasSatellitesUsed = ggaSats >= 0 || gsaSeen;
        s.hdop = !Double.isNaN(gsaHdop) ? gsaHdop : ggaHdop;
        s.vdop = vdop;
        f.pdop = pdop;
        s.ephM = s.hdop * uereM;
        s.epvM = vdop * uereM;
        if (gsvTalkerCount > 0) {
            int inView = 0;
            for (int i = 0; i < gsvTalkerCount; i++) {
                inView += gsvInViewByTalker[gsvTalkers[i]];
            }
            f.satellitesInView = inView;
        }

        f.valid = fixClaimed && f.hasPosition && !f.allZero && !f.timeJump;
        s.fixType = !f.valid ? GnssSample.FIX_NONE
                : mode == NmeaFix.MODE_3D && f.hasAltitude ? GnssSample.FIX_3D : GnssSample.FIX_2D;
        s.errorCount = errorCount();
        // A time only with a date (RMC or ZDA, this epoch's or carried forward): NMEA's time of
        // day alone does not say which day it is.
        s.utcTimeMs = f.hasDate && f.utcTimeOfDayMs >= 0 ? f.utcEpochMs() : GnssSample.UTC_UNKNOWN;
        s.velocityValid = f.valid && Double.isFinite(s.velNMps) && Double.isFinite(s.velEMps)
                && !Double.isNaN(f.speedMps);

        epochs++;
        lastPublishedTod = epochTod;
        lastPublishedByEnder = byEnder;
        resetEpoch();
        listener.onFix(f);
    }

    private void resetEpoch() {
        epochOpen = false;
        epochTod = -1;
        epochSentences = 0;
        saidNoFix = false;
        positionSource = SRC_NONE;
        hasAlt = false;
        ggaQuality = -1;
        ggaSats = -1;
        ggaHdop = Double.NaN;
        gsaSeen = false;
        gsaMode = 0;
        gsaSats = 0;
        pdop = Double.NaN;
        gsaHdop = Double.NaN;
        vdop = Double.NaN;
        rmcSpeed = Double.NaN;
        rmcCourse = Double.NaN;
        vtgSpeed = Double.NaN;
        vtgCourse = Double.NaN;
        hasEpochDate = false;
        for (int i = 0; i < gsvTalkerCount; i++) {
            gsvInViewByTalker[gsvTalkers[i]] = -1;
        }
        gsvTalkerCount = 0;
    }

    // ---- field readers: in place, no Strings ----

    private boolean fieldIs(int i, char c) {
        return fieldEnd[i] - fieldStart[i] == 1 && frame[fieldStart[i]] == c;
    }

    /** Non-negative integer; -1 for an empty field, -2 when malformed. */
    private int parseInt(int i) {
        int s = fieldStart[i];
        int e = fieldEnd[i];
        if (s == e) {
            return -1;
        }
        if (e - s > 9) {
            return -2;
        }
        int v = 0;
        for (int k = s; k < e; k++) {
            byte c = frame[k];
            if (c < '0' || c > '9') {
                return -2;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Reads a decimal into {@link #numMantissa} / {@link #numDecimals}.
     *
     * @return 1 when read, 0 for an empty field, -1 when malformed
     */
    private int readDecimal(int i) {
        int s = fieldStart[i];
        int e = fieldEnd[i];
        if (s == e) {
            return 0;
        }
        boolean negative = false;
        if (frame[s] == '-' || frame[s] == '+') {
            negative = frame[s] == '-';
            s++;
        }
        long m = 0;
        int digits = 0;
        int decimals = -1;
        for (int k = s; k < e; k++) {
            byte c = frame[k];
            if (c == '.') {
                if (decimals >= 0) {
                    return -1;
                }
                decimals = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 18) {
                    return -1;
                }
                m = m * 10 + (c - '0');
                digits++;
                if (decimals >= 0) {
                    decimals++;
                }
            } else {
                return -1;
            }
        }
        if (digits == 0) {
            return -1;
        }
        numMantissa = negative ? -m : m;
        numDecimals = Math.max(decimals, 0);
        return 1;
    }

    /** A decimal number; NaN when empty or malformed. */
    private double parseDecimal(int i) {
        if (readDecimal(i) != 1) {
            return Double.NaN;
        }
        return numMantissa / POW10[numDecimals];
    }

    /** {@code d..dmm.mmmm} with hemisphere letter in field {@code hemi}, as signed degrees; NaN when absent or malformed. */
    private double parseLatLon(int i, int hemi, int degreeDigits) {
        if (readDecimal(i) != 1 || numMantissa < 0 || numDecimals > 15) {
            return Double.NaN;
        }
        long scale = LPOW10[numDecimals];
        long degrees = numMantissa / (100 * scale);
        long minutesMantissa = numMantissa - degrees * 100 * scale;
        double minutes = minutesMantissa / POW10[numDecimals];
        if (minutes >= 60.0) {
            return Double.NaN;
        }
        double v = degrees + minutes / 60.0;
        double limit = degreeDigits == 2 ? 90.0 : 180.0;
        if (v > limit) {
            return Double.NaN;
        }
        if (fieldIs(hemi, 'S') || fieldIs(hemi, 'W')) {
            return -v;
        }
        return fieldIs(hemi, 'N') || fieldIs(hemi, 'E') ? v : Double.NaN;
    }

    /** {@code hhmmss[.s...]} as ms since midnight; -1 when empty, -2 when malformed. */
    private long parseTime(int i) {
        int s = fieldStart[i];
        int e = fieldEnd[i];
        if (s == e) {
            return -1;
        }
        if (e - s < 6) {
            return -2;
        }
        for (int k = s; k < s + 6; k++) {
            if (frame[k] < '0' || frame[k] > '9') {
                return -2;
            }
        }
        int hh = (frame[s] - '0') * 10 + frame[s + 1] - '0';
        int mm = (frame[s + 2] - '0') * 10 + frame[s + 3] - '0';
        int ss = (frame[s + 4] - '0') * 10 + frame[s + 5] - '0';
        if (hh > 23 || mm > 59 || ss > 60) {
            return -2;
        }
        long ms = 0;
        if (e > s + 6) {
            if (frame[s + 6] != '.') {
                return -2;
            }
            int weight = 100;
            for (int k = s + 7; k < e; k++) {
                byte c = frame[k];
                if (c < '0' || c > '9') {
                    return -2;
                }
                ms += (c - '0') * weight;
                weight /= 10;
            }
        }
        return hh * 3_600_000L + mm * 60_000L + ss * 1_000L + ms;
    }

    /** RMC {@code ddmmyy} as days since 1970; MIN_VALUE when empty, MIN_VALUE + 1 when malformed. */
    private long parseDdmmyy(int i) {
        int s = fieldStart[i];
        int e = fieldEnd[i];
        if (s == e) {
            return Long.MIN_VALUE;
        }
        if (e - s != 6) {
            return Long.MIN_VALUE + 1;
        }
        for (int k = s; k < e; k++) {
            if (frame[k] < '0' || frame[k] > '9') {
                return Long.MIN_VALUE + 1;
            }
        }
        int d = (frame[s] - '0') * 10 + frame[s + 1] - '0';
        int m = (frame[s + 2] - '0') * 10 + frame[s + 3] - '0';
        int yy = (frame[s + 4] - '0') * 10 + frame[s + 5] - '0';
        if (d < 1 || d > 31 || m < 1 || m > 12) {
            return Long.MIN_VALUE + 1;
        }
        int y = yy < 80 ? 2000 + yy : 1900 + yy;
        return epochDay(y, m, d);
    }

    /** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    // ---- counters (read them on the feeding thread, or accept a torn view) ----

    /** Frames whose checksum passed (or that lacked one where that is accepted). */
    public long frames() {
        return frames;
    }

    /** Frames whose {@code *hh} did not match, or was not two hex digits at the line end. */
    public long checksumErrors() {
        return checksumErrors;
    }

    /** Frames without {@code *hh}, rejected because the receiver is not known to send such. */
    public long missingChecksums() {
        return missingChecksums;
    }

    /** Bytes not part of any accepted frame (noise, binary protocols, rejected frames); CR/LF and comments excluded. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Bytes of frames whose checksum passed (or that lacked one where accepted), {@code $} included. */
    public long acceptedBytes() {
        return acceptedBytes;
    }

    /** CR and LF bytes outside comment lines (they end frames or blank lines). */
    public long lineEndBytes() {
        return lineEndBytes;
    }

    /**
     * Bytes of the frame being received ({@code $} and at most {@link #MAX_FRAME_LENGTH} more);
     * with {@link #acceptedBytes()}, {@link #skippedBytes()}, {@link #commentBytes()} and
     * {@link #lineEndBytes()}, every byte fed.
     */
    public int pendingBytes() {
        return inFrame ? frameLength + 1 : 0;
    }

    /** Bytes of {@code #} comment lines skipped in a capture. */
    public long commentBytes() {
        return commentBytes;
    }

    /** Frames cut short by the next {@code $}. */
    public long truncatedFrames() {
        return truncatedFrames;
    }

    /** Frames longer than {@link #MAX_FRAME_LENGTH}. */
    public long overlongFrames() {
        return overlongFrames;
    }

    /** Frames holding a control or non-ASCII byte (line noise, or binary data after a stray {@code $}). */
    public long corruptFrames() {
        return corruptFrames;
    }

    /** Checksum-valid sentences of a supported type whose fields could not be read. */
    public long malformedSentences() {
        return malformedSentences;
    }

    /** Checksum-valid sentences of types this parser does not read (proprietary ones included). */
    public long ignoredSentences() {
        return ignoredSentences;
    }

    /** Timed sentences that arrived after their epoch was published. */
    public long lateSentences() {
        return lateSentences;
    }

    /** Epochs published. */
    public long epochs() {
        return epochs;
    }

    /** Epochs that claimed a fix at 0°, 0°. */
    public long allZeroFixes() {
        return allZeroFixes;
    }

    /** Epochs whose UTC time went backwards or jumped forward too far. */
    public long timeJumps() {
        return timeJumps;
    }

    /** Every rejected frame or sentence: the health counter the driver reports. */
    public long errorCount() {
        return checksumErrors + missingChecksums + truncatedFrames + overlongFrames + corruptFrames
                + malformedSentences;
    }
}
