#!/usr/bin/env python3
"""Records the raw rtnetlink dumps the agent reads, from the network namespace this runs in.

Usage: nsenter --net=NETNS_FILE python3 record-netlink.py OUT_PREFIX
Writes OUT_PREFIX.links.bin (RTM_GETLINK dump), OUT_PREFIX.fdb.bin (RTM_GETNEIGH, AF_BRIDGE dump) and
OUT_PREFIX.addrs.bin (RTM_GETADDR dump):
the kernel's reply messages back to back, exactly as received. Independent of the agent's own code
so the recorded bytes can check its parser.
"""
import socket
import struct
import sys

NETLINK_ROUTE = 0
RTM_GETLINK, RTM_GETADDR, RTM_GETNEIGH = 18, 22, 30
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_DONE, NLMSG_ERROR = 3, 2
AF_UNSPEC, AF_BRIDGE = 0, 7


def dump(msg_type, body):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    sock.bind((0, 0))
    header = struct.pack("=LHHLL", 16 + len(body), msg_type, NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
    sock.send(header + body)
    out = b""
    while True:
        chunk = sock.recv(65536)
        out += chunk
        offset = 0
        while offset < len(chunk):
            length, kind = struct.unpack_from("=LH", chunk, offset)
            if kind == NLMSG_ERROR:
                raise SystemExit("netlink error")
            if kind == NLMSG_DONE:
                sock.close()
                return out
            offset += (length + 3) & ~3


prefix = sys.argv[1]
with open(prefix + ".links.bin", "wb") as f:
    f.write(dump(RTM_GETLINK, struct.pack("=BBHiII", AF_UNSPEC, 0, 0, 0, 0, 0)))
with open(prefix + ".fdb.bin", "wb") as f:
    f.write(dump(RTM_GETNEIGH, struct.pack("=BBHiHBB", AF_BRIDGE, 0, 0, 0, 0, 0, 0)))
with open(prefix + ".addrs.bin", "wb") as f:
    f.write(dump(RTM_GETADDR, struct.pack("=BBBBI", AF_UNSPEC, 0, 0, 0, 0)))
