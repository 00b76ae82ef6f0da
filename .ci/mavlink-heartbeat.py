#!/usr/bin/env python3
"""Waits for a vehicle to answer a MAVLink HEARTBEAT over UDP; prints the seconds it took.

Usage: mavlink-heartbeat.py HOST PORT TIMEOUT_S
Sends a ground station's HEARTBEAT (MAVLink 2, system 255) to HOST:PORT every 0.5 s and exits 0
at the first HEARTBEAT that comes back from an autopilot, printing the seconds since start and
the sender's system id, autopilot and type; exits 1 after TIMEOUT_S without one.
Standard library only (CI has python3 but no pymavlink). Frame layout and CRC: mavlink.io
"Serialization" (MAVLink 2 packet format, X.25 CRC-16/MCRF4XX with the message's CRC_EXTRA;
HEARTBEAT is message 0 with CRC_EXTRA 50).
"""
import socket
import struct
import sys
import time

HEARTBEAT_ID = 0
HEARTBEAT_CRC_EXTRA = 50


def x25(data, crc=0xFFFF):
    for b in data:
        tmp = b ^ (crc & 0xFF)
        tmp = (tmp ^ (tmp << 4)) & 0xFF
        crc = ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xFFFF
    return crc


def heartbeat(seq):
    # custom_mode u32, type u8 (6 = GCS), autopilot u8 (8 = INVALID), base_mode, system_status, mavlink_version
    payload = struct.pack("<IBBBBB", 0, 6, 8, 0, 0, 3)
    header = struct.pack("<BBBBBBBHB", 0xFD, len(payload), 0, 0, seq & 0xFF, 255, 190,
                         HEARTBEAT_ID & 0xFFFF, HEARTBEAT_ID >> 16)
    crc = x25(header[1:] + payload + bytes([HEARTBEAT_CRC_EXTRA]))
    return header + payload + struct.pack("<H", crc)


def first_heartbeat(datagram):
    """(sysid, type, autopilot) of a valid HEARTBEAT in the datagram, else None."""
    i = 0
    while i < len(datagram):
        if datagram[i] == 0xFD and i + 12 <= len(datagram):
            length, incompat = datagram[i + 1], datagram[i + 2]
            end = i + 10 + length + 2 + (13 if incompat & 1 else 0)
            msgid = datagram[i + 7] | datagram[i + 8] << 8 | datagram[i + 9] << 16
            frame = datagram[i:i + 10 + length + 2]
            if msgid == HEARTBEAT_ID and len(frame) == 10 + length + 2:
                crc = x25(frame[1:10 + length] + bytes([HEARTBEAT_CRC_EXTRA]))
                if crc == struct.unpack("<H", frame[-2:])[0]:
                    # payload may be truncated by MAVLink 2 zero trimming: pad it back
                    p = frame[10:10 + length] + bytes(9)
                    return datagram[i + 5], p[4], p[5]
            i = max(end, i + 1)
        elif datagram[i] == 0xFE and i + 8 <= len(datagram):
            length = datagram[i + 1]
            if datagram[i + 5] == HEARTBEAT_ID and length == 9:
                frame = datagram[i:i + 6 + length + 2]
                if len(frame) == 17 and x25(frame[1:15] + bytes([HEARTBEAT_CRC_EXTRA])) == struct.unpack("<H", frame[15:17])[0]:
                    return datagram[i + 3], frame[10], frame[11]
            i += 8 + length
        else:
            i += 1
    return None


def main():
    host, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.5)
    start = time.monotonic()
    seq = 0
    while time.monotonic() - start < timeout:
        sock.sendto(heartbeat(seq), (host, port))
        seq += 1
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            try:
                data, _ = sock.recvfrom(65536)
            except socket.timeout:
                break
            except ConnectionRefusedError:
                break  # nothing bound yet: the vehicle is still starting
            hb = first_heartbeat(data)
            if hb and hb[1] != 6:
                print("%.2f sysid=%d type=%d autopilot=%d" % (time.monotonic() - start, hb[0], hb[1], hb[2]))
                return 0
    print("no HEARTBEAT from %s:%d in %.0f s" % (host, port, timeout), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
