package org.hoverla.sim.simapi;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.HilActuatorControls;
import io.dronefleet.mavlink.common.HilSensor;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkFrameEncoder;
import org.hoverla.core.mavlink.link.MavlinkFrameParser;
import org.hoverla.core.mavlink.link.MavlinkMessageDecoder;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.core.simapi.HilUnits;

/**
 * A scripted vehicle for simulator-side tests: connects to the server, records every payload the
 * simulator sends and, in the chosen behaviour, answers each HIL_SENSOR (or not).
 */
final class FakeVehicle implements AutoCloseable {
    enum Behaviour { ANSWER, SILENT, NAN_CONTROLS }

    final List<Object> received = new CopyOnWriteArrayList<>();
    private final Socket socket;
    private final MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(MavlinkMessageTable.common());
    private final Thread reader;
    volatile Behaviour behaviour = Behaviour.ANSWER;
    volatile float control = 0.5f;

    FakeVehicle(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
        MavlinkFrameParser parser = new MavlinkFrameParser(MavlinkMessageTable.common(), new LinkStats(), f -> {
            MavlinkMessage<?> m = decoder.decode(f);
            if (m == null) {
                return;
            }
            received.add(m.getPayload());
            if (m.getPayload() instanceof HilSensor) {
                onSensor((HilSensor) m.getPayload());
            }
        });
        reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    parser.feed(buf, 0, n);
                }
            } catch (IOException e) {
                // closed
            }
        }, "fake-vehicle");
        reader.setDaemon(true);
        reader.start();
    }

    private void onSensor(HilSensor s) {
        if (behaviour == Behaviour.SILENT) {
            return;
        }
        float c = behaviour == Behaviour.NAN_CONTROLS ? Float.NaN : control;
        answer(s.timeUsec().longValue(), c);
    }

    void answer(long timeUs, float c) {
        List<Float> controls = new ArrayList<>();
        for (int i = 0; i < HilUnits.CONTROL_COUNT; i++) {
            controls.add(i < 4 ? c : 0f);
        }
        send(HilActuatorControls.builder().timeUsec(BigInteger.valueOf(timeUs)).controls(controls)
                .mode(EnumValue.create(HilUnits.MODE_FLAG_CUSTOM | HilUnits.MODE_FLAG_ARMED))
                .flags(BigInteger.ONE).build());
    }

    void send(Object payload) {
        try {
            socket.getOutputStream().write(encoder.encode(1, 1, payload));
        } catch (IOException e) {
            // the test sees the consequence on the server side
        }
    }

    <T> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : received) {
            if (type.isInstance(o)) {
                out.add(type.cast(o));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
