package io.dockercanvas.collector.journey;

import java.util.Objects;

/**
 * A container's interface on one network: where a packet to (or from) one of its addresses starts
 * or ends.
 *
 * @param sandbox the first part of the point name ({@code web} for a task of service web, the
 *     container's name otherwise)
 * @param network an overlay network name, or {@link ObservationPoint#GATEWAY_BRIDGE}
 */
public record Endpoint(String node, String sandbox, String iface, String network) {

  public Endpoint {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(network, "network");
  }

  public PathPoint point() {
    return new PathPoint(node, sandbox + "/" + iface);
  }
}
