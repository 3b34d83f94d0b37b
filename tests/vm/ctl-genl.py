#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/ctl-genl.py: drive kiscsi's generic netlink family directly,
# without the tool, to test what the kernel itself refuses. The tool
# checks the same rules first, so only a raw client reaches these paths.
#
#   ctl-genl.py validate     run the table of bad requests below, flat TAP
#   ctl-genl.py login-noinit a valid login without an initiator name;
#                            prints "ERRNO-NAME: extack message"
#
# Each case names the errno, a piece of the extack message and (when the
# kernel points at one) the attribute it must blame.
import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2

# include/uapi/linux/kiscsi.h
CMD_GET_INFO, CMD_LOGIN, CMD_LOGOUT, CMD_GET_SESSION = 1, 2, 3, 4
(A_INFO_VERSION, A_INFO_API, A_TARGET_NAME, A_INITIATOR_NAME, A_ADDR_IPV4,
 A_ADDR_IPV6, A_PORT, A_SCOPE_ID, A_CHAP_USER, A_CHAP_SECRET,
 A_CHAP_MUTUAL_USER, A_CHAP_MUTUAL_SECRET, A_HEADER_DIGEST, A_DATA_DIGEST,
 A_OPT_IMMEDIATE_DATA, A_OPT_INITIAL_R2T, A_OPT_MAX_RECV_DSL,
 A_OPT_MAX_BURST, A_OPT_FIRST_BURST, A_OPT_MAX_OUTSTANDING_R2T,
 A_SESSION_ID, A_ALL, A_SESSION) = range(1, 24)

# A secret no log may ever contain; the shell test greps dmesg for it.
SECRET = b"kiscsi-canary-secret-7f3a"


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * (-n % 4)


def s(t, text):
    return attr(t, text.encode() + b"\0")


def u16(t, v):
    return attr(t, struct.pack("=H", v))


def u32(t, v):
    return attr(t, struct.pack("=I", v))


def ip4(a):
    return attr(A_ADDR_IPV4, socket.inet_pton(socket.AF_INET, a))


def ip6(a):
    return attr(A_ADDR_IPV6, socket.inet_pton(socket.AF_INET6, a))


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 1
        self.family = GENL_ID_CTRL
        r = self.talk(CTRL_CMD_GETFAMILY, s(CTRL_ATTR_FAMILY_NAME, "kiscsi"))
        assert r["error"] == 0, r
        self.family = struct.unpack("=H", r["replies"][0][CTRL_ATTR_FAMILY_ID])[0]

    def talk(self, cmd, attrs=b"", flags=0):
        """Send one request; return errno, extack message, blamed
        attribute type, and the reply messages' top-level attributes."""
        self.seq += 1
        payload = struct.pack("=BBH", cmd, 1, 0) + attrs
        req = struct.pack("=IHHII", 16 + len(payload), self.family,
                          NLM_F_REQUEST | NLM_F_ACK | flags, self.seq, 0)
        req += payload
        self.sock.send(req)
        out = {"error": 0, "msg": None, "bad": None, "replies": []}
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off < len(data):
                ln, typ, fl, _, _ = struct.unpack_from("=IHHII", data, off)
                body = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if typ in (NLMSG_ERROR, NLMSG_DONE):
                    err = struct.unpack_from("=i", body)[0]
                    tlv = 4
                    if typ == NLMSG_ERROR:
                        tlv = 4 + (16 if fl & NLM_F_CAPPED else
                                   struct.unpack_from("=I", body, 4)[0])
                    out["error"] = -err
                    if fl & NLM_F_ACK_TLVS:
                        for t, v in parse(body[tlv:]).items():
                            if t == NLMSGERR_ATTR_MSG:
                                out["msg"] = v.rstrip(b"\0").decode()
                            elif t == NLMSGERR_ATTR_OFFS:
                                o = struct.unpack("=I", v)[0]
                                out["bad"] = struct.unpack_from(
                                    "=H", req, o + 2)[0] & 0x3fff
                    return out
                out["replies"].append(parse(body[4:]))


def parse(buf):
    res, off = {}, 0
    while off + 4 <= len(buf):
        ln, t = struct.unpack_from("=HH", buf, off)
        if ln < 4:
            break
        res[t & 0x3fff] = buf[off + 4:off + ln]
        off += (ln + 3) & ~3
    return res


TGT = s(A_TARGET_NAME, "iqn.2003-01.org.example:t1")
INI = s(A_INITIATOR_NAME, "iqn.2026-11.org.kiscsi:vm-initiator")
BASE = TGT + INI + ip4("127.0.0.1") + u16(A_PORT, 1)
EINVAL, ERANGE = errno.EINVAL, errno.ERANGE

# (name, command, attributes, errno, message piece, blamed attribute)
CASES = [
    ("login without a target", CMD_LOGIN, INI + ip4("127.0.0.1"),
     EINVAL, "target's name", None),
    ("target without iqn./eui./naa.", CMD_LOGIN,
     s(A_TARGET_NAME, "target1") + INI + ip4("127.0.0.1"),
     EINVAL, "iqn., eui. or naa.", A_TARGET_NAME),
    ("target that is only a prefix", CMD_LOGIN,
     s(A_TARGET_NAME, "eui.") + INI + ip4("127.0.0.1"),
     EINVAL, "nothing follows", A_TARGET_NAME),
    ("target with a space", CMD_LOGIN,
     s(A_TARGET_NAME, "iqn.2003-01.x:a b") + INI + ip4("127.0.0.1"),
     EINVAL, "whitespace", A_TARGET_NAME),
    ("target of 224 bytes", CMD_LOGIN,
     s(A_TARGET_NAME, "iqn." + "a" * 220) + INI + ip4("127.0.0.1"),
     EINVAL, "policy", A_TARGET_NAME),
    ("initiator with a control character", CMD_LOGIN,
     TGT + s(A_INITIATOR_NAME, "iqn.2026-11.x:\x01") + ip4("127.0.0.1"),
     EINVAL, "control", A_INITIATOR_NAME),
    ("no initiator and no module default", CMD_LOGIN,
     TGT + ip4("127.0.0.1"), EINVAL, "kiscsi.initiator_name", None),
    ("no address", CMD_LOGIN, TGT + INI, EINVAL, "exactly one", None),
    ("IPv4 and IPv6", CMD_LOGIN,
     TGT + INI + ip4("127.0.0.1") + ip6("fd00::1"),
     EINVAL, "exactly one", None),
    ("IPv4 of 3 bytes", CMD_LOGIN,
     TGT + INI + attr(A_ADDR_IPV4, b"\1\2\3"), ERANGE, "", A_ADDR_IPV4),
    ("multicast IPv4", CMD_LOGIN, TGT + INI + ip4("224.0.0.1"),
     EINVAL, "unicast", A_ADDR_IPV4),
    ("IPv6 ::", CMD_LOGIN, TGT + INI + ip6("::"),
     EINVAL, "unicast", A_ADDR_IPV6),
    ("link-local IPv6 without scope", CMD_LOGIN, TGT + INI + ip6("fe80::1"),
     EINVAL, "link-local", A_ADDR_IPV6),
    ("link-local IPv6, no such interface", CMD_LOGIN,
     TGT + INI + ip6("fe80::1") + u32(A_SCOPE_ID, 99999),
     errno.ENODEV, "no interface", A_SCOPE_ID),
    ("scope with IPv4", CMD_LOGIN, BASE + u32(A_SCOPE_ID, 1),
     EINVAL, "only applies to IPv6", A_SCOPE_ID),
    ("port 0", CMD_LOGIN, TGT + INI + ip4("127.0.0.1") + u16(A_PORT, 0),
     ERANGE, "out of range", A_PORT),
    ("CHAP secret without user", CMD_LOGIN,
     BASE + attr(A_CHAP_SECRET, SECRET),
     EINVAL, "needs its CHAP user name", A_CHAP_SECRET),
    ("CHAP user without secret", CMD_LOGIN, BASE + s(A_CHAP_USER, "u"),
     EINVAL, "needs its secret", A_CHAP_USER),
    ("empty CHAP user", CMD_LOGIN,
     BASE + s(A_CHAP_USER, "") + attr(A_CHAP_SECRET, SECRET),
     EINVAL, "non-empty", A_CHAP_USER),
    ("empty CHAP secret", CMD_LOGIN,
     BASE + s(A_CHAP_USER, "u") + attr(A_CHAP_SECRET, b""),
     ERANGE, "out of range", A_CHAP_SECRET),
    ("CHAP secret of 257 bytes", CMD_LOGIN,
     BASE + s(A_CHAP_USER, "u") + attr(A_CHAP_SECRET, b"x" * 257),
     ERANGE, "out of range", A_CHAP_SECRET),
    ("mutual CHAP without one-way", CMD_LOGIN,
     BASE + s(A_CHAP_MUTUAL_USER, "t") + attr(A_CHAP_MUTUAL_SECRET, SECRET),
     EINVAL, "needs one-way", A_CHAP_MUTUAL_USER),
    ("header digest 2", CMD_LOGIN, BASE + u32(A_HEADER_DIGEST, 2),
     ERANGE, "out of range", A_HEADER_DIGEST),
    ("ImmediateData 2", CMD_LOGIN, BASE + u32(A_OPT_IMMEDIATE_DATA, 2),
     ERANGE, "out of range", A_OPT_IMMEDIATE_DATA),
    ("MaxRecvDSL 511", CMD_LOGIN, BASE + u32(A_OPT_MAX_RECV_DSL, 511),
     ERANGE, "out of range", A_OPT_MAX_RECV_DSL),
    ("MaxBurst 16777216", CMD_LOGIN,
     BASE + u32(A_OPT_MAX_BURST, 16777216),
     ERANGE, "out of range", A_OPT_MAX_BURST),
    ("MaxOutstandingR2T 0", CMD_LOGIN,
     BASE + u32(A_OPT_MAX_OUTSTANDING_R2T, 0),
     ERANGE, "out of range", A_OPT_MAX_OUTSTANDING_R2T),
    ("MaxOutstandingR2T 65536", CMD_LOGIN,
     BASE + u32(A_OPT_MAX_OUTSTANDING_R2T, 65536),
     ERANGE, "out of range", A_OPT_MAX_OUTSTANDING_R2T),
    ("FirstBurst > MaxBurst", CMD_LOGIN,
     BASE + u32(A_OPT_MAX_BURST, 8192) + u32(A_OPT_FIRST_BURST, 16384),
     EINVAL, "must not exceed", A_OPT_FIRST_BURST),
    ("session id in a login", CMD_LOGIN, BASE + u32(A_SESSION_ID, 1),
     EINVAL, "not valid in a login", A_SESSION_ID),
    ("reply-only nest in a request", CMD_LOGIN, BASE + attr(A_SESSION, b""),
     EINVAL, "reply-only", A_SESSION),
    ("unknown attribute", CMD_LOGIN, BASE + u32(200, 1), EINVAL, "", None),
    ("logout without a selector", CMD_LOGOUT, b"",
     EINVAL, "exactly one", None),
    ("logout with two selectors", CMD_LOGOUT,
     u32(A_SESSION_ID, 1) + attr(A_ALL, b""), EINVAL, "exactly one", None),
    ("logout of a bad target name", CMD_LOGOUT, s(A_TARGET_NAME, "x"),
     EINVAL, "iqn., eui. or naa.", A_TARGET_NAME),
    ("get session without id", CMD_GET_SESSION, b"",
     EINVAL, "session id", None),
    ("get a session that does not exist", CMD_GET_SESSION,
     u32(A_SESSION_ID, 4000000000), errno.ENOENT, "no session", A_SESSION_ID),
]


def validate():
    g = Genl()
    n = failed = 0
    for name, cmd, attrs, want_err, piece, blamed in CASES:
        r = g.talk(cmd, attrs)
        ok = (r["error"] == want_err and piece in (r["msg"] or "") and
              (blamed is None or r["bad"] == blamed))
        n += 1
        failed += not ok
        print(f"{'' if ok else 'not '}ok {n} - {name}", flush=True)
        if not ok:
            print(f"# got errno {r['error']} ({os.strerror(r['error'])}), "
                  f"message {r['msg']!r}, blamed attribute {r['bad']}; "
                  f"want errno {want_err}, {piece!r}, attribute {blamed}")
    # A request that passes every check reaches the session core (a stub
    # until it lands: EOPNOTSUPP; later: refused by 127.0.0.1:1).
    r = g.talk(CMD_LOGIN, BASE + s(A_CHAP_USER, "u") +
               attr(A_CHAP_SECRET, SECRET) + s(A_CHAP_MUTUAL_USER, "t") +
               attr(A_CHAP_MUTUAL_SECRET, SECRET) +
               u32(A_OPT_MAX_BURST, 16384) + u32(A_OPT_FIRST_BURST, 16384) +
               u32(A_HEADER_DIGEST, 1) + u32(A_OPT_MAX_OUTSTANDING_R2T, 65535))
    ok = r["error"] not in (0, errno.EINVAL, errno.ERANGE, errno.EPERM)
    n += 1
    failed += not ok
    print(f"{'' if ok else 'not '}ok {n} - a valid login passes validation"
          f" (then: {os.strerror(r['error'])}: {r['msg']})")
    r = g.talk(CMD_GET_SESSION, flags=NLM_F_DUMP)
    ok = r["error"] == 0 and not r["replies"]
    n += 1
    failed += not ok
    print(f"{'' if ok else 'not '}ok {n} - dump of no sessions is empty")
    print(f"1..{n}")
    return 1 if failed else 0


def login_noinit():
    r = Genl().talk(CMD_LOGIN, TGT + ip4("127.0.0.1") + u16(A_PORT, 1))
    print(f"{errno.errorcode.get(r['error'], r['error'])}: {r['msg']}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["validate"]:
        sys.exit(validate())
    if sys.argv[1:] == ["login-noinit"]:
        sys.exit(login_noinit())
    sys.exit(f"usage: {sys.argv[0]} validate|login-noinit")
