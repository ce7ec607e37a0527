package io.dockercanvas.collector.journey;

import java.util.List;

/**
 * What a journey's packet is for, decided once when the journey is built: the swarm's own chatter
 * is kept apart from the application traffic people come to look at (the page hides it by default,
 * verdicts skip it, metrics count it separately).
 */
public enum TrafficClass {
  /** Containers and published ports: what the page shows first. */
  DATA,
  /** Swarm gossip (7946 TCP/UDP) and raft/cluster control (2377). */
  CONTROL,
  /** Docker's embedded DNS resolver (127.0.0.11), or port 53 inside a container. */
  DNS,
  /** VXLAN whose VNI belongs to no network the topology knows. */
  OVERLAY_CONTROL;

  static final int GOSSIP = 7946;
  static final int RAFT = 2377;
  static final int DNS_PORT = 53;
  static final String EMBEDDED_RESOLVER = "127.0.0.11";

  /** Whether journeys of this class get a verdict: the swarm's chatter never does. */
  public boolean judged() {
    return this != CONTROL;
  }

  /** The class of a packet seen at these hops, touching these networks. */
  public static TrafficClass of(List<Hop> hops, List<String> networks) {
    IpHeaders h = hops.get(0).observation().headers();
    if (isControlPort(h.srcPort()) || isControlPort(h.dstPort())) {
      return CONTROL;
    }
    if (isDns(hops)) {
      return DNS;
    }
    if (networks.isEmpty() && hops.stream().anyMatch(hop -> hop.observation().encapsulated())) {
      return OVERLAY_CONTROL;
    }
    return DATA;
  }

  private static boolean isControlPort(int port) {
    return port == GOSSIP || port == RAFT;
  }

  private static boolean isDns(List<Hop> hops) {
    for (Hop hop : hops) {
      IpHeaders h = hop.observation().headers();
      if (h.src().equals(EMBEDDED_RESOLVER) || h.dst().equals(EMBEDDED_RESOLVER)) {
        return true;
      }
      boolean port53 =
          (h.protocol() == IpHeaders.UDP || h.protocol() == IpHeaders.TCP)
              && (h.srcPort() == DNS_PORT || h.dstPort() == DNS_PORT);
      if (port53 && hop.observation().point().kind() == PointKind.SANDBOX) {
        return true;
      }
    }
    return false;
  }
}
