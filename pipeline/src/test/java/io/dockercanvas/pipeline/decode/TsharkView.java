package io.dockercanvas.pipeline.decode;

import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decoded frame written the way tshark prints its fields: every occurrence of a field, outermost
 * first, joined with '|'; ip.id and tcp.flags in hex. Only IPv4 appears under ip.*, as in tshark.
 */
final class TsharkView {
  final Map<String, List<String>> fields = new HashMap<>();

  /**
   * Fields tshark prints inconsistently for this frame (TCP quoted in ICMP errors), not compared.
   */
  final Set<String> notCompared = new HashSet<>();

  /**
   * Fields of a transport header cut by the snap length: the decoder reads every field captured
   * whole, tshark 4.0 fewer (only the ports of a TCP header cut before its data offset, no port
   * before both are there, no ICMP type before 6 bytes). Their last occurrence is compared where
   * tshark shows it.
   */
  final Set<String> tsharkMayOmit = new HashSet<>();

  static TsharkView of(CapturedFrame record, DecodedFrame f) {
    TsharkView v = new TsharkView();
    byte[] b = f.buffer();
    long ts = record.timestampNanos();
    v.add(
        "frame.time_epoch",
        String.format(
            "%d.%09d", Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L)));
    for (int i = 0; i < f.ethCount(); i++) {
      v.add("eth.src", mac(b, f.ethSourceOffset(i)));
      v.add("eth.dst", mac(b, f.ethDestinationOffset(i)));
    }
    for (int i = 0; i < f.ipCount(); i++) {
      if (f.ipVersion(i) == 4) {
        v.ipv4(b, f.ipOffset(i));
      }
      int tunnel = tunnelCarriedBy(f, i);
      if (tunnel >= 0) {
        v.udp(f.tunnelSourcePort(tunnel), f.tunnelDestinationPort(tunnel));
        if (f.tunnelKind(tunnel) == TunnelKind.VXLAN) {
          v.add("vxlan.vni", Integer.toString(f.tunnelVni(tunnel)));
        }
      } else if (i == f.ipCount() - 1) {
        v.transport(f);
        v.cutTransport(f);
      }
    }
    v.quoted(f);
    return v;
  }

  private static int tunnelCarriedBy(DecodedFrame f, int ip) {
    for (int t = 0; t < f.tunnelCount(); t++) {
      if (f.tunnelIpIndex(t) == ip) {
        return t;
      }
    }
    return -1;
  }

  private void transport(DecodedFrame f) {
    switch (f.transport()) {
      case UDP -> {
        add("udp.srcport", Integer.toString(f.sourcePort()));
        if (f.hasDestinationPort()) {
          add("udp.dstport", Integer.toString(f.destinationPort()));
        }
      }
      case TCP -> {
        add("tcp.srcport", Integer.toString(f.sourcePort()));
        if (f.hasDestinationPort()) {
          add("tcp.dstport", Integer.toString(f.destinationPort()));
        }
        if (f.hasTcpSeq()) {
          add("tcp.seq_raw", Long.toString(f.tcpSeq()));
        }
        if (f.hasTcpAck()) {
          add("tcp.ack_raw", Long.toString(f.tcpAck()));
        }
        if (f.hasTcpFlags()) {
          add("tcp.flags", String.format("0x%04x", f.tcpFlags()));
        }
        if (f.hasPayloadLength()) {
          add("tcp.len", Integer.toString(f.payloadLength()));
        }
      }
      case ICMP -> {
        add("icmp.type", Integer.toString(f.icmpType()));
        if (f.icmpEcho() && f.hasIcmpId()) {
          add("icmp.ident", Integer.toString(f.icmpId()));
        }
        if (f.icmpEcho() && f.hasIcmpSeq()) {
          add("icmp.seq", Integer.toString(f.icmpSeq()));
        }
      }
      default -> {}
    }
  }

  private void cutTransport(DecodedFrame f) {
    if (f.transportCut()) {
      tsharkMayOmit.addAll(
          List.of(
              "udp.srcport",
              "udp.dstport",
              "tcp.srcport",
              "tcp.dstport",
              "tcp.seq_raw",
              "tcp.ack_raw",
              "tcp.flags",
              "tcp.len",
              "icmp.type",
              "icmp.ident",
              "icmp.seq"));
    }
  }

  /**
   * The field without its last occurrence: what tshark shows when it leaves out the cut header's.
   */
  String withoutLast(String field) {
    List<String> all = fields.getOrDefault(field, List.of());
    return all.isEmpty() ? "" : String.join("|", all.subList(0, all.size() - 1));
  }

  /** tshark also dissects the packet an ICMP error quotes. */
  private void quoted(DecodedFrame f) {
    if (f.quotedIpOffset() < 0 || f.transport() != Transport.ICMP) {
      return;
    }
    if (f.quotedIpVersion() == 4) {
      ipv4(f.buffer(), f.quotedIpOffset());
    }
    int sport = f.quotedL4U16(0);
    int dport = f.quotedL4U16(2);
    switch (f.quotedProtocol()) {
      case TransportLayer.UDP -> {
        if (dport >= 0) {
          udp(sport, dport);
        }
      }
      case TransportLayer.TCP -> {
        if (dport >= 0) {
          add("tcp.srcport", Integer.toString(sport));
          add("tcp.dstport", Integer.toString(dport));
        }
        notCompared.addAll(List.of("tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.len"));
      }
      case TransportLayer.ICMP -> {
        add("icmp.type", Integer.toString(sport >> 8));
        int type = sport >> 8;
        if ((type == 0 || type == 8) && f.quotedL4U16(6) >= 0) {
          add("icmp.ident", Integer.toString(f.quotedL4U16(4)));
          add("icmp.seq", Integer.toString(f.quotedL4U16(6)));
        }
      }
      default -> {}
    }
  }

  private void ipv4(byte[] b, int at) {
    add("ip.src", ipv4Text(b, at + 12));
    add("ip.dst", ipv4Text(b, at + 16));
    add("ip.id", String.format("0x%04x", NetworkOrder.u16(b, at + 4)));
    add("ip.proto", Integer.toString(b[at + 9] & 0xFF));
  }

  private void udp(int sport, int dport) {
    add("udp.srcport", Integer.toString(sport));
    add("udp.dstport", Integer.toString(dport));
  }

  private void add(String field, String value) {
    fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
  }

  String get(String field) {
    return String.join("|", fields.getOrDefault(field, List.of()));
  }

  private static String ipv4Text(byte[] b, int at) {
    return (b[at] & 0xFF)
        + "."
        + (b[at + 1] & 0xFF)
        + "."
        + (b[at + 2] & 0xFF)
        + "."
        + (b[at + 3] & 0xFF);
  }

  private static String mac(byte[] b, int at) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      s.append(i == 0 ? "" : ":").append(String.format("%02x", b[at + i] & 0xFF));
    }
    return s.toString();
  }
}
