package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a reply from a request as conntrack does, so that NAT on a reply is named for what it is:
 * conntrack undoing the request's NAT. The rule: a TCP SYN without ACK is a request and a SYN-ACK a
 * reply, whatever was seen before; any other packet is a reply when a request of its connection was
 * seen, i.e. its addresses and ports at some hop are, reversed, those of a remembered request at
 * some hop; otherwise it is the first packet seen of its connection and, as for conntrack, sets the
 * original direction. Every hop's 5-tuple is remembered, so a request seen before and after a NAT
 * matches its replies on either side of it. Bounded: the least recently used 5-tuples are forgotten
 * first. Thread-safe.
 */
final class ConnectionDirections {

  static final int DEFAULT_CAPACITY = 65_536;

  private static final int SYN = 0x02;
  private static final int ACK = 0x10;

  private final Map<Tuple, Boolean> requestTuples;

  ConnectionDirections(int capacity) {
    this.requestTuples =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Tuple, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Whether this packet (all its observations) goes against its connection's original direction.
   */
  boolean isReply(List<Observation> packet) {
    List<Tuple> forward = new ArrayList<>(packet.size());
    List<Tuple> reversed = new ArrayList<>(packet.size());
    for (Observation o : packet) {
      IpHeaders h = o.headers();
      forward.add(new Tuple(h.protocol(), h.src(), h.srcPort(), h.dst(), h.dstPort()));
      reversed.add(new Tuple(h.protocol(), h.dst(), h.dstPort(), h.src(), h.srcPort()));
    }
    IpHeaders first = packet.get(0).headers();
    int handshake = first.protocol() == IpHeaders.TCP ? first.tcpFlags() & (SYN | ACK) : 0;
    synchronized (requestTuples) {
      boolean reply =
          handshake != SYN
              && (handshake == (SYN | ACK)
                  || reversed.stream().anyMatch(requestTuples::containsKey));
      if (reply) {
        reversed.forEach(t -> requestTuples.put(t, Boolean.TRUE));
      } else {
        reversed.forEach(
            requestTuples::remove); // a SYN reusing the ports of an older connection the other way
        forward.forEach(t -> requestTuples.put(t, Boolean.TRUE));
      }
      return reply;
    }
  }

  /** A 5-tuple as seen at one hop (a record: hashed and compared without formatting a string). */
  private record Tuple(int protocol, String src, int srcPort, String dst, int dstPort) {}
}
