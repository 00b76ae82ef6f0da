#!/usr/bin/env python3
"""Independent ULog checker: reads a ULog file and prints one JSON document describing it.

Written from PX4's published specification only ("ULog File Format", docs.px4.io,
dev_log/ulog_file_format), sharing no code with Hoverla's Java writer or reader, so that a test
can compare what both see. Python 3.11 standard library only.

Usage: tools/ulog_check.py FILE.ulg [--all-records]

Output (stdout, one JSON object):
  header        magic bytes, whether they match the spec, version, timestamp_us
  flag_bits     present, first (the spec requires it as the first message), compat/incompat
                bytes, appended_offsets
  info          'I' messages, decoded by the type in their key (char[N] -> str, numbers -> number)
  info_multiple 'M' messages: key -> list of values (continued parts joined)
  params        'P' messages of the definitions section: name -> value (int32_t or float)
  param_changes 'P' messages of the data section, in file order
  default_params 'Q' messages
  formats       name -> size in bytes (nested types expanded)
  topics        one per subscription: name, multi_id, msg_id, size, count, first/last
                timestamp_us, the first record decoded field -> value, size_mismatches
  messages      'L' and 'C' logged strings: timestamp_us, level (0..7), level_name, tag, text
  dropouts      'O' messages: duration_ms
  sync_count    'S' messages with the spec's magic
  errors        what breaks the spec (truncation, undefined msg_id, wrong DATA size, ...)
  warnings      what the spec allows a parser to tolerate (unknown message types, a newer version)

Exit status: 0 no errors, 1 errors found (the JSON still describes what was readable),
2 the file cannot be opened or bad command line.
"""

import json
import math
import struct
import sys

FILE_MAGIC = b"ULog\x01\x12\x35"
SYNC_MAGIC = bytes([0x2F, 0x73, 0x13, 0x20, 0x25, 0x0C, 0xBB, 0x12])
BASIC_TYPES = {
    "int8_t": (1, "<b"), "uint8_t": (1, "<B"),
    "int16_t": (2, "<h"), "uint16_t": (2, "<H"),
    "int32_t": (4, "<i"), "uint32_t": (4, "<I"),
    "int64_t": (8, "<q"), "uint64_t": (8, "<Q"),
    "float": (4, "<f"), "double": (8, "<d"),
    "bool": (1, "<?"), "char": (1, "<c"),
}
LEVEL_NAMES = ["EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"]
KNOWN_TYPES = set(b"BFIMPQARDLCSO")
MAX_REPORTS_PER_KIND = 20


def number(value):
    """JSON has no NaN or infinity: those become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def parse_type(text):
    """'float[3]' -> ('float', 3, True); 'uint8_t' -> ('uint8_t', 1, False)."""
    if text.endswith("]") and "[" in text:
        base, count = text[:-1].split("[", 1)
        return base, int(count), True
    return text, 1, False


class Checker:
    def __init__(self, data, keep_all=False):
        self.data = data
        self.keep_all = keep_all
        self.errors = []
        self.warnings = []
        self.report_counts = {}
        self.formats = {}        # name -> list of (type, count, is_array, field_name)
        self.sizes = {}          # name -> size, computed on demand
        self.subs = {}           # msg_id -> topic dict
        self.topic_list = []
        self.info = {}
        self.info_multiple = {}
        self.params = {}
        self.param_changes = []
        self.default_params = []
        self.messages = []
        self.dropouts = []
        self.sync_count = 0
        self.in_definitions = True
        self.last_data_timestamp = None
        self.flag_bits = {"present": False, "first": False}

    # ---- reporting -------------------------------------------------------------------------
    def error(self, kind, text):
        self._report(self.errors, kind, text)

    def warning(self, kind, text):
        self._report(self.warnings, kind, text)

    def _report(self, target, kind, text):
        n = self.report_counts.get(kind, 0) + 1
        self.report_counts[kind] = n
        if n <= MAX_REPORTS_PER_KIND:
            target.append(text)
        elif n == MAX_REPORTS_PER_KIND + 1:
            target.append(f"further '{kind}' reports suppressed")

    # ---- header ----------------------------------------------------------------------------
    def header(self):
        d = self.data
        head = {"magic_hex": d[:7].hex(), "magic_ok": d[:7] == FILE_MAGIC}
        if len(d) < 16:
            self.error("header", f"file is {len(d)} bytes, shorter than the 16-byte header")
            head.update({"version": None, "timestamp_us": None})
            return head, False
        head["version"] = d[7]
        head["timestamp_us"] = struct.unpack_from("<Q", d, 8)[0]
        if not head["magic_ok"]:
            self.error("header", "file magic is " + d[:7].hex() + ", the spec's is " + FILE_MAGIC.hex())
            return head, False
        if d[7] != 1:
            self.warning("version", f"file format version {d[7]} (spec: currently 1)")
        return head, True

    # ---- formats ---------------------------------------------------------------------------
    def add_format(self, text, offset):
        if ":" not in text:
            self.error("format", f"FORMAT at offset {offset} has no ':': {text[:60]!r}")
            return
        name, body = text.split(":", 1)
        fields = []
        for part in body.split(";"):
            part = part.strip()
            if not part:
                continue
            if " " not in part:
                self.error("format", f"FORMAT {name} field {part!r} has no name")
                return
            type_text, field_name = part.rsplit(" ", 1)
            try:
                base, count, is_array = parse_type(type_text.strip())
            except ValueError:
                self.error("format", f"FORMAT {name} field {part!r} has a bad array length")
                return
            fields.append((base, count, is_array, field_name))
        if not fields:
            self.error("format", f"FORMAT {name} has no fields")
            return
        if name in self.formats:
            self.warning("format", f"FORMAT {name} defined twice; the last one is used")
        self.formats[name] = fields
        self.sizes.clear()

    def size_of(self, name, stack=()):
        """Bytes of one record of format `name`, nested types expanded; None if undefined or circular."""
        if name in self.sizes:
            return self.sizes[name]
        if name in stack or name not in self.formats:
            return None
        total = 0
        for base, count, _, _ in self.formats[name]:
            if base in BASIC_TYPES:
                width = BASIC_TYPES[base][0]
            else:
                width = self.size_of(base, stack + (name,))
                if width is None:
                    return None
            total += width * count
        self.sizes[name] = total
        return total

    def trailing_padding(self, name):
        base, count, _, field_name = self.formats[name][-1]
        if field_name.startswith("_padding") and base in BASIC_TYPES:
            return BASIC_TYPES[base][0] * count
        return 0

    def decode_record(self, name, rec, pos, prefix, out):
        """Decodes one record of `name` at rec[pos:] into out (flattened names); returns the end."""
        for base, count, is_array, field_name in self.formats[name]:
            if base in BASIC_TYPES:
                width, code = BASIC_TYPES[base]
                if field_name.startswith("_padding"):
                    pos += width * count
                    continue
                if base == "char" and is_array:
                    raw = rec[pos:pos + count]
                    out[prefix + field_name] = raw.split(b"\0", 1)[0].decode("utf-8", "replace")
                    pos += count
                    continue
                for i in range(count):
                    if pos + width > len(rec):
                        return pos  # trailing padding not written
                    v = struct.unpack_from(code, rec, pos)[0]
                    if base == "char":
                        v = v.decode("latin-1")
                    key = prefix + field_name + (f"[{i}]" if is_array else "")
                    out[key] = number(v)
                    pos += width
            else:
                for i in range(count):
                    sub = prefix + field_name + (f"[{i}]" if is_array else "") + "."
                    pos = self.decode_record(base, rec, pos, sub, out)
        return pos

    def timestamp_offset(self, name):
        pos = 0
        for base, count, _, field_name in self.formats[name]:
            width = BASIC_TYPES[base][0] if base in BASIC_TYPES else self.size_of(base)
            if field_name == "timestamp":
                return pos if base == "uint64_t" and count == 1 else None
            pos += width * count
        return None

    # ---- key/value messages ('I', 'M', 'P', 'Q') --------------------------------------------
    def key_value(self, payload, offset, what):
        if len(payload) < 1:
            self.error("short", f"{what} at offset {offset} is empty")
            return None
        key_len = payload[0]
        if 1 + key_len > len(payload):
            self.error("short", f"{what} at offset {offset}: key_len {key_len} exceeds the message")
            return None
        key = payload[1:1 + key_len].decode("utf-8", "replace")
        value = payload[1 + key_len:]
        if " " not in key:
            self.error("key", f"{what} at offset {offset}: key {key!r} has no type")
            return None
        type_text, name = key.rsplit(" ", 1)
        try:
            base, count, is_array = parse_type(type_text)
        except ValueError:
            self.error("key", f"{what} {name}: bad type {type_text!r}")
            return None
        if base == "char" and is_array:
            return type_text, name, value.decode("utf-8", "replace")
        if base not in BASIC_TYPES:
            self.error("key", f"{what} {name}: unknown type {type_text!r}")
            return None
        width, code = BASIC_TYPES[base]
        if len(value) != width * count:
            self.error("value", f"{what} {name} of type {type_text} has {len(value)} value bytes, "
                                f"the type needs {width * count}")
            if len(value) < width * count:
                return None
        items = [struct.unpack_from(code, value, i * width)[0] for i in range(count)]
        items = [v.decode("latin-1") if isinstance(v, bytes) else number(v) for v in items]
        return type_text, name, items if is_array else items[0]

    # ---- message loop ----------------------------------------------------------------------
    def run(self):
        head, ok = self.header()
        result = {"size_bytes": len(self.data), "header": head}
        if ok:
            self.messages_from(16)
        result.update({
            "flag_bits": self.flag_bits,
            "info": self.info,
            "info_multiple": self.info_multiple,
            "params": self.params,
            "param_changes": self.param_changes,
            "default_params": self.default_params,
            "formats": {n: self.size_of(n) for n in self.formats},
            "topics": [self.topic_summary(t) for t in self.topic_list],
            "messages": self.messages,
            "dropouts": self.dropouts,
            "sync_count": self.sync_count,
            "errors": self.errors,
            "warnings": self.warnings,
        })
        return result

    def messages_from(self, start):
        d = self.data
        ends = [len(d)]
        pos = start
        segment = 0
        first = True
        stopped = False
        while not stopped:
            end = ends[segment]
            if pos >= end:
                segment += 1
                if segment >= len(ends):
                    break
                continue
            if end - pos < 3:
                self.cut(pos, end, segment < len(ends) - 1, "a message header")
                pos = end
                continue
            size, mtype = struct.unpack_from("<HB", d, pos)
            payload_at = pos + 3
            if mtype not in KNOWN_TYPES and not (0x41 <= mtype <= 0x5A or 0x61 <= mtype <= 0x7A):
                pos = self.resync(pos, mtype, end)
                continue
            if payload_at + size > end:
                self.cut(pos, end, segment < len(ends) - 1, f"'{chr(mtype)}' message of {size} bytes")
                pos = end
                continue
            payload = d[payload_at:payload_at + size]
            if first:
                first = False
                if mtype == ord("B"):
                    offsets, stopped = self.flag_bits_message(payload)
                    if offsets:
                        ends = offsets + [len(d)]
                    pos = payload_at + size
                    continue
                self.warning("flags", "the first message is "
                             f"'{chr(mtype)}', not the Flag Bits message the spec requires first")
            self.handle(chr(mtype), payload, pos)
            pos = payload_at + size

    def cut(self, pos, end, before_appended, what):
        if before_appended:
            self.warning("cut", f"{what} at offset {pos} is cut by appended data at offset {end}; discarded")
        else:
            self.error("truncated", f"file truncated: {what} at offset {pos} is incomplete "
                                    f"({end - pos} bytes remain)")

    def resync(self, pos, mtype, end):
        d = self.data
        if not any(d[pos:end]):
            self.warning("zeros", f"file ends with {end - pos} zero bytes from offset {pos}")
            return end
        found = d.find(SYNC_MAGIC, pos + 1, end)
        if found < 0:
            self.error("corrupt", f"invalid message type 0x{mtype:02x} at offset {pos}; no sync magic after it")
            return end
        self.error("corrupt", f"invalid message type 0x{mtype:02x} at offset {pos}; resumed after the sync "
                              f"magic at offset {found}")
        self.sync_count += 1
        return found + len(SYNC_MAGIC)

    def flag_bits_message(self, p):
        self.flag_bits = {"present": True, "first": True}
        if len(p) < 40:
            self.error("flags", f"Flag Bits message is {len(p)} bytes, the spec's is 40")
            return [], False
        compat = list(p[0:8])
        incompat = list(p[8:16])
        offsets = list(struct.unpack_from("<3Q", p, 16))
        self.flag_bits.update({"compat_flags": compat, "incompat_flags": incompat, "appended_offsets": offsets})
        if incompat[0] & ~1 or any(incompat[1:]):
            self.error("flags", "unknown incompat flag bits set; the spec says to refuse parsing the log")
            return [], True
        if incompat[0] & 1:
            valid = []
            for o in offsets:
                if o == 0:
                    continue
                if o > len(self.data) or (valid and o < valid[-1]):
                    self.error("flags", f"appended offset {o} is invalid")
                    continue
                valid.append(o)
            if not valid:
                self.error("flags", "DATA_APPENDED flag set but every appended offset is zero")
            return valid, False
        if any(offsets):
            self.warning("flags", "appended offsets set without the DATA_APPENDED flag; ignored")
        return [], False

    def handle(self, t, p, offset):
        if t in "AL":
            self.in_definitions = False
        if t == "B":
            self.error("flags", f"Flag Bits message at offset {offset} is not the first message")
        elif t == "F":
            self.add_format(p.decode("utf-8", "replace"), offset)
        elif t == "I":
            kv = self.key_value(p, offset, "INFO")
            if kv:
                if kv[1] in self.info and not self.in_definitions:
                    self.warning("info", f"INFO {kv[1]} defined again in the data section")
                self.info[kv[1]] = kv[2]
        elif t == "M":
            if len(p) < 2:
                self.error("short", f"INFO_MULTIPLE at offset {offset} is too short")
                return
            kv = self.key_value(p[1:], offset, "INFO_MULTIPLE")
            if kv:
                values = self.info_multiple.setdefault(kv[1], [])
                if p[0] and values and isinstance(values[-1], str) and isinstance(kv[2], str):
                    values[-1] += kv[2]
                else:
                    values.append(kv[2])
        elif t == "P":
            kv = self.key_value(p, offset, "PARAMETER")
            if kv:
                if kv[0] not in ("int32_t", "float"):
                    self.error("param", f"parameter {kv[1]} has type {kv[0]}; the spec allows int32_t and float")
                if self.in_definitions:
                    self.params[kv[1]] = kv[2]
                else:
                    self.param_changes.append({"name": kv[1], "value": kv[2],
                                               "after_timestamp_us": self.last_data_timestamp})
        elif t == "Q":
            if len(p) < 2:
                self.error("short", f"PARAMETER_DEFAULT at offset {offset} is too short")
                return
            kv = self.key_value(p[1:], offset, "PARAMETER_DEFAULT")
            if kv:
                self.default_params.append({"name": kv[1], "value": kv[2], "default_types": p[0]})
        elif t == "A":
            self.subscribe(p, offset)
        elif t == "R":
            if len(p) < 2:
                self.error("short", f"UNSUBSCRIBE at offset {offset} is too short")
        elif t == "D":
            self.data_message(p, offset)
        elif t in "LC":
            self.logged_string(t, p, offset)
        elif t == "S":
            if p[:8] == SYNC_MAGIC:
                self.sync_count += 1
            else:
                self.error("sync", f"SYNC at offset {offset} does not carry the sync magic")
        elif t == "O":
            if len(p) < 2:
                self.error("short", f"DROPOUT at offset {offset} is too short")
                return
            self.dropouts.append({"duration_ms": struct.unpack_from("<H", p, 0)[0],
                                  "after_timestamp_us": self.last_data_timestamp})
        else:
            self.warning("unknown_type", f"unknown message type '{t}' at offset {offset} ({len(p)} bytes); ignored")

    def subscribe(self, p, offset):
        if len(p) < 4:
            self.error("short", f"SUBSCRIPTION at offset {offset} is too short")
            return
        multi_id, msg_id = struct.unpack_from("<BH", p, 0)
        name = p[3:].decode("utf-8", "replace")
        if msg_id in self.subs:
            self.error("subscription", f"msg_id {msg_id} subscribed twice ({self.subs[msg_id]['name']}, {name})")
            return
        if name not in self.formats:
            self.error("subscription", f"{name} subscribed as msg_id {msg_id} has no FORMAT")
        elif self.size_of(name) is None:
            self.error("subscription", f"{name}: FORMAT uses an undefined or circular nested type")
        elif "timestamp" not in [f[3] for f in self.formats[name]]:
            self.error("subscription", f"{name} is subscribed but its FORMAT has no timestamp field")
        topic = {"name": name, "multi_id": multi_id, "msg_id": msg_id, "count": 0,
                 "first_timestamp_us": None, "last_timestamp_us": None, "first": None,
                 "size_mismatches": 0, "non_monotonic": 0, "records": [] if self.keep_all else None}
        self.subs[msg_id] = topic
        self.topic_list.append(topic)

    def data_message(self, p, offset):
        if len(p) < 2:
            self.error("short", f"DATA at offset {offset} is too short")
            return
        msg_id = struct.unpack_from("<H", p, 0)[0]
        topic = self.subs.get(msg_id)
        if topic is None:
            self.error("msg_id", f"DATA at offset {offset} uses msg_id {msg_id}, which no subscription defined")
            return
        name = topic["name"]
        size = self.size_of(name) if name in self.formats else None
        if size is None:
            return
        rec = p[2:]
        if len(rec) != size and not (size - self.trailing_padding(name) <= len(rec) < size):
            topic["size_mismatches"] += 1
            if topic["size_mismatches"] == 1:
                self.error("size", f"DATA for {name} (msg_id {msg_id}) at offset {offset} is {len(rec)} bytes; "
                                   f"its FORMAT needs {size}")
            return
        ts_at = self.timestamp_offset(name)
        ts = struct.unpack_from("<Q", rec, ts_at)[0] if ts_at is not None else None
        topic["count"] += 1
        if topic["first"] is None:
            decoded = {}
            self.decode_record(name, rec, 0, "", decoded)
            topic["first"] = decoded
            topic["first_timestamp_us"] = ts
        if ts is not None:
            if topic["last_timestamp_us"] is not None and ts < topic["last_timestamp_us"]:
                topic["non_monotonic"] += 1
            topic["last_timestamp_us"] = ts
            self.last_data_timestamp = ts
        if self.keep_all:
            decoded = {}
            self.decode_record(name, rec, 0, "", decoded)
            topic["records"].append(decoded)

    def logged_string(self, t, p, offset):
        head = 9 if t == "L" else 11
        if len(p) < head:
            self.error("short", f"LOGGING '{t}' at offset {offset} is too short")
            return
        level = p[0]
        if t == "L":
            tag = None
            ts = struct.unpack_from("<Q", p, 1)[0]
        else:
            tag, ts = struct.unpack_from("<HQ", p, 1)
        # The spec gives the levels as the characters '0'..'7'.
        if 0x30 <= level <= 0x37:
            level -= 0x30
        else:
            self.warning("level", f"logged string at offset {offset} has level byte {level}, not '0'..'7'")
        text = p[head:].decode("utf-8", "replace")
        self.messages.append({"timestamp_us": ts, "level": level,
                              "level_name": LEVEL_NAMES[level] if 0 <= level < 8 else str(level),
                              "tag": tag, "text": text})

    def topic_summary(self, t):
        out = dict(t)
        if out["records"] is None:
            del out["records"]
        if out["non_monotonic"]:
            self.warning("monotonic", f"{t['name']}[{t['multi_id']}]: {t['non_monotonic']} timestamps go backwards")
        return out


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1 or any(a not in ("--all-records",) for a in argv[1:] if a.startswith("--")):
        print("usage: ulog_check.py FILE.ulg [--all-records]", file=sys.stderr)
        return 2
    try:
        with open(args[0], "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"ulog_check: {args[0]}: {e.strerror}", file=sys.stderr)
        return 2
    result = {"file": args[0]}
    result.update(Checker(data, keep_all="--all-records" in argv).run())
    json.dump(result, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
