package io.dockercanvas.collector.flow;

import java.util.Objects;

/**
 * Counters of one flow at one observation point, as an agent last reported them (cumulative since
 * {@code firstSeenNs}). For an encapsulated flow the addresses are the inner ones and the tunnel is
 * in {@code vni} and the outer addresses.
 */
public record Flow(
    String node,
    String point,
    String srcIp,
    String dstIp,
    int srcPort,
    int dstPort,
    int protocol,
    int vni,
    String outerSrcIp,
    String outerDstIp,
    long packets,
    long bytes,
    long firstSeenNs,
    long lastSeenNs,
    int tcpFlagsSeen,
    boolean ended) {

  public Flow {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(srcIp, "srcIp");
    Objects.requireNonNull(dstIp, "dstIp");
    outerSrcIp = outerSrcIp == null ? "" : outerSrcIp;
    outerDstIp = outerDstIp == null ? "" : outerDstIp;
  }
}
