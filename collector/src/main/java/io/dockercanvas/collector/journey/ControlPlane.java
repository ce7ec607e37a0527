package io.dockercanvas.collector.journey;

/**
 * The swarm's own chatter (gossip on 7946, raft and control on 2377): not application traffic, so
 * its journeys get no verdict and never count as problems. A traffic class can replace this later.
 */
public final class ControlPlane {

  private static final int GOSSIP = 7946;
  private static final int RAFT = 2377;

  private ControlPlane() {}

  public static boolean is(Journey journey) {
    IpHeaders h = journey.first().observation().headers();
    return isPort(h.srcPort()) || isPort(h.dstPort());
  }

  private static boolean isPort(int port) {
    return port == GOSSIP || port == RAFT;
  }
}
