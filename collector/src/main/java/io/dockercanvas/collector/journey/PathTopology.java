package io.dockercanvas.collector.journey;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the stitcher needs to know about the cluster to order hops by the real path: which node owns
 * an underlay/VTEP address, the VNI of each overlay network, and which network a sandbox interface
 * is on. Live, it is filled from the agents' topology; offline, it is given explicitly.
 */
public interface PathTopology {

  /** The node whose underlay (VTEP) address this is. */
  Optional<String> nodeOfAddress(String address);

  /** The overlay network name carrying this VNI. */
  Optional<String> networkOfVni(int vni);

  OptionalInt vniOf(String network);

  /**
   * The network a sandbox interface is attached to: an overlay network name, or {@link
   * ObservationPoint#GATEWAY_BRIDGE}.
   */
  Optional<String> networkOfInterface(String node, String sandbox, String iface);

  /** The swarm service whose task runs in this container sandbox. */
  Optional<String> serviceOfSandbox(String node, String sandbox);

  /** Name of the swarm's ingress overlay network (the one {@code ingress_sbox} joins). */
  String ingressNetwork();

  /** The container interface that owns this (overlay) address, when the topology lists it. */
  default Optional<Endpoint> endpointOf(String address) {
    return Optional.empty();
  }

  /** The sandbox interface with this MAC on this node: where a bridge forwards a frame to it. */
  default Optional<Endpoint> endpointOfMac(String node, String mac) {
    return Optional.empty();
  }

  /** Some address is known to belong to this node (a swarm node, or a host given by address). */
  default boolean hasAddress(String node) {
    return false;
  }

  /**
   * The IPVS decision for a packet seen on this node, when a load balancer there (ingress_sbox, an
   * lb_ or container namespace) has the packet's connection in its table: matched by protocol,
   * client address and port, and the virtual address and port it was sent to.
   */
  default Optional<LoadBalancing> loadBalancing(String node, IpHeaders packet) {
    return Optional.empty();
  }

  /**
   * The IPVS decision a DNAT between two hops on this node shows, from the services alone: a load
   * balancer there has a service the packet could have been sent to ({@code before}'s destination,
   * or any for a firewall-mark service) with the new destination among its real servers. For
   * connections the table no longer (or not yet) lists.
   */
  default Optional<LoadBalancing> loadBalancingOfRewrite(
      String node, IpHeaders before, IpHeaders after) {
    return Optional.empty();
  }

  /** Knows nothing: ordering falls back to Docker's conventions and timestamps. */
  static PathTopology unknown() {
    return new NodeAddresses();
  }
}
