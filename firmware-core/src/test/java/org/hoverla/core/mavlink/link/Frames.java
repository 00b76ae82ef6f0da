package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavParamType;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.protocol.MavlinkPacket;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;
import java.io.ByteArrayOutputStream;

/** Frames built with the library's own packet code (an implementation independent of ours). */
final class Frames {

    private Frames() {
    }

    static Heartbeat heartbeat() {
        return Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                .baseMode(io.dronefleet.mavlink.minimal.MavModeFlag.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED)
                .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build();
    }

    static CommandLong commandLong(int targetSystem) {
        return CommandLong.builder().targetSystem(targetSystem).targetComponent(1)
                .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).confirmation(0).param1(1f).param2(21196f).build();
    }

    static ParamValue paramValue() {
        return ParamValue.builder().paramId("MPC_XY_VEL_MAX").paramValue(12.5f)
                .paramType(MavParamType.MAV_PARAM_TYPE_REAL32).paramCount(900).paramIndex(17).build();
    }

    private static MavlinkMessageInfo info(Object payload) {
        return payload.getClass().getAnnotation(MavlinkMessageInfo.class);
    }

    static byte[] v2(int sys, int comp, int seq, Object payload) {
        MavlinkMessageInfo i = info(payload);
        byte[] p = new ReflectionPayloadSerializer().serialize(payload);
        return MavlinkPacket.createUnsignedMavlink2Packet(seq, sys, comp, i.id(), i.crc(), p).getRawBytes();
    }

    static byte[] v1(int sys, int comp, int seq, Object payload) {
        MavlinkMessageInfo i = info(payload);
        byte[] p = new ReflectionPayloadSerializer().serialize(payload);
        MavlinkMessageTable.Entry e = MavlinkMessageTable.describe(payload.getClass());
        byte[] base = java.util.Arrays.copyOf(p, e.baseLength());
        return MavlinkPacket.createMavlink1Packet(seq, sys, comp, i.id(), i.crc(), base).getRawBytes();
    }

    static byte[] signedV2(int sys, int comp, int seq, Object payload, byte[] key) {
        MavlinkMessageInfo i = info(payload);
        byte[] p = new ReflectionPayloadSerializer().serialize(payload);
        return MavlinkPacket.createSignedMavlink2Packet(seq, sys, comp, i.id(), i.crc(), p, 1, 123456789L, key)
                .getRawBytes();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
