#!/usr/bin/env python3
"""Writes a synthetic pcap of Docker Swarm overlay traffic on the underlay, for benchmarks.

Every frame is VXLAN as a Linux VTEP sends it: outer Ethernet/IPv4/UDP (dport 4789, checksum 0)/VXLAN,
then the inner Ethernet/IPv4 frame of a task. VNI 4096 is the ingress overlay (10.0.0.0/24), VNI 4097 a
user overlay (10.0.1.0/24); the underlay is the lab's 198.51.100.0/24. The mix is about 80 % TCP (64
two-way conversations between client tasks and a service on port 8080: data segments and bare ACKs, each
side acknowledging what the other sent, as a TCP analyser expects), 15 % UDP (one-way metrics datagrams to
port 8125) and 5 % ICMP echo request/reply pairs; frames are 100-200 bytes, payloads are random bytes.
IPv4 and ICMP checksums are correct; inner TCP and UDP checksums are left 0 (as offloaded checksums on a
veth often are): no tool in the benchmark validates them.

The output is deterministic for a given seed, so the first N frames of a big file equal a file of N frames.
"""
import argparse
import random
import struct
import sys

VXLAN_PORT = 4789
START_SECONDS = 1795785711  # the routing-mesh recording's day, so timestamps look like a real capture
TCP_PSH_ACK = 0x18
TCP_ACK = 0x10
SERVICE_PORT = 8080
METRICS_PORT = 8125  # statsd-like metrics: one-way UDP datagrams from the client tasks


def checksum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total & 0xFFFF) + (total >> 16)
    total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_header(src, dst, ident, ttl, proto, payload_length):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_length, ident, 0x4000, ttl, proto, 0, src, dst)
    return header[:10] + struct.pack("!H", checksum(header)) + header[12:]


def address(text):
    return bytes(int(part) for part in text.split("."))


def docker_mac(ip):
    """Docker derives a container's MAC from its IPv4 address: 02:42 followed by the four bytes."""
    return b"\x02\x42" + ip


class Side:
    """One end of a flow: a task on a node, and what it puts in the headers it sends."""

    def __init__(self, rng, node, ip, peer_node, peer_ip, port):
        self.outer_src, self.outer_dst = address("198.51.100.%d" % node), address("198.51.100.%d" % peer_node)
        self.outer_macs = bytes([2, 0, 0, 0, 0, peer_node]) + bytes([2, 0, 0, 0, 0, node])
        self.inner_src, self.inner_dst = ip, peer_ip
        self.inner_macs = docker_mac(peer_ip) + docker_mac(ip)
        # Linux picks the outer source port from a hash of the inner flow: fixed per flow and direction.
        self.outer_sport = 32768 + rng.randrange(28000)
        self.port = port
        self.ip_id = rng.randrange(65536)
        self.outer_id = rng.randrange(65536)
        self.seq = rng.randrange(1 << 32)


class Flow:
    """A conversation between a client task and a server task on one overlay, both directions."""

    def __init__(self, rng, number):
        self.vni = 4096 if number % 2 == 0 else 4097
        subnet = "10.0.0." if self.vni == 4096 else "10.0.1."
        client_ip, server_ip = address(subnet + str(2 + number % 120)), address(subnet + str(130 + number % 120))
        client_node, server_node = 11 + number % 3, 11 + (number + 1) % 3
        self.client = Side(rng, client_node, client_ip, server_node, server_ip, 32768 + rng.randrange(28000))
        self.server = Side(rng, server_node, server_ip, client_node, client_ip, SERVICE_PORT)
        self.echo_seq = 0
        self.echo_pending = False


def inner_packet(rng, flow, filler):
    """The sender and its IPv4 payload: TCP either way (data or bare ACK), UDP, or ICMP echo and reply."""
    kind = rng.random()
    if kind < 0.80:
        sender, receiver = (flow.client, flow.server) if rng.random() < 0.5 else (flow.server, flow.client)
        length = 0 if rng.random() < 0.3 else rng.randrange(1, 97)  # bare ACKs and data segments
        flags = TCP_ACK if length == 0 else TCP_PSH_ACK
        tcp = struct.pack("!HHIIBBHHH", sender.port, receiver.port, sender.seq, receiver.seq, 0x50, flags, 502, 0, 0)
        sender.seq = (sender.seq + length) & 0xFFFFFFFF
        return sender, 6, tcp + filler[:length]
    if kind < 0.95:
        length = rng.randrange(8, 109)
        return flow.client, 17, struct.pack("!HHHH", flow.client.port, METRICS_PORT, 8 + length, 0) + filler[:length]
    length = rng.randrange(8, 109)
    if flow.echo_pending:
        sender, icmp_type = flow.server, 0
    else:
        flow.echo_seq = (flow.echo_seq + 1) & 0xFFFF
        sender, icmp_type = flow.client, 8
    flow.echo_pending = not flow.echo_pending
    message = struct.pack("!BBHHH", icmp_type, 0, 0, flow.client.port, flow.echo_seq) + filler[:length]
    return sender, 1, message[:2] + struct.pack("!H", checksum(message)) + message[4:]


def frame(rng, flow, filler):
    side, proto, l4 = inner_packet(rng, flow, filler)
    side.ip_id = (side.ip_id + 1) & 0xFFFF
    side.outer_id = (side.outer_id + 1) & 0xFFFF
    inner = side.inner_macs + b"\x08\x00" + ipv4_header(side.inner_src, side.inner_dst, side.ip_id, 64, proto,
                                                        len(l4)) + l4
    vxlan = struct.pack("!II", 0x08000000, flow.vni << 8) + inner
    udp = struct.pack("!HHHH", side.outer_sport, VXLAN_PORT, 8 + len(vxlan), 0) + vxlan
    return side.outer_macs + b"\x08\x00" + ipv4_header(side.outer_src, side.outer_dst, side.outer_id, 64, 17,
                                                       len(udp)) + udp


def write_pcap(out, packets, seed):
    rng = random.Random(seed)
    filler = bytes(rng.randrange(256) for _ in range(128))
    flows = [Flow(rng, n) for n in range(64)]
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    micros = 0
    chunk = []
    for _ in range(packets):
        data = frame(rng, flows[rng.randrange(len(flows))], filler)
        micros += rng.randrange(1, 20)
        chunk.append(struct.pack("<IIII", START_SECONDS + micros // 1000000, micros % 1000000, len(data), len(data)))
        chunk.append(data)
        if len(chunk) >= 20000:
            out.write(b"".join(chunk))
            chunk.clear()
    out.write(b"".join(chunk))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="pcap file to write")
    parser.add_argument("--packets", type=int, default=1000000, help="number of frames (default 1000000)")
    parser.add_argument("--seed", type=int, default=4789, help="random seed (default 4789)")
    args = parser.parse_args()
    if args.packets < 1:
        parser.error("--packets must be at least 1")
    with open(args.output, "wb") as out:
        write_pcap(out, args.packets, args.seed)


if __name__ == "__main__":
    sys.exit(main())
