package io.dockercanvas.collector.topology;

import io.dockercanvas.pipeline.ipvs.Ipvs;
import java.util.List;
import java.util.Objects;

/**
 * A network namespace on one node with its interfaces.
 *
 * @param path netns file path, unique on its node
 * @param networkId overlay and load-balancer namespaces: the Docker network they serve
 * @param ipvs the namespace's IPVS services and connections; {@link Ipvs#NONE} without
 */
public record NetNamespace(
    String path,
    Kind kind,
    String name,
    String networkId,
    String containerId,
    String containerName,
    String taskId,
    List<Interface> interfaces,
    Ipvs ipvs) {

  public NetNamespace {
    interfaces = List.copyOf(interfaces);
    ipvs = Objects.requireNonNull(ipvs, "ipvs");
  }

  /** A namespace without IPVS. */
  public NetNamespace(
      String path,
      Kind kind,
      String name,
      String networkId,
      String containerId,
      String containerName,
      String taskId,
      List<Interface> interfaces) {
    this(path, kind, name, networkId, containerId, containerName, taskId, interfaces, Ipvs.NONE);
  }

  /** What Docker made the namespace for; UNKNOWN when the agent did not say. */
  public enum Kind {
    UNKNOWN,
    HOST,
    INGRESS_SBOX,
    OVERLAY,
    LOAD_BALANCER,
    CONTAINER
  }

  /**
   * An interface's type; OTHER is a type the agent knows but does not name, UNKNOWN one it did not
   * say.
   */
  public enum InterfaceKind {
    UNKNOWN,
    BRIDGE,
    VXLAN,
    VETH,
    ETHERNET,
    LOOPBACK,
    OTHER
  }

  /**
   * One interface.
   *
   * @param addresses CIDR form
   * @param vxlan VXLAN devices only, else null
   * @param fdb forwarding entries; on vxlan0 they name the remote VTEPs
   */
  public record Interface(
      String name,
      int index,
      InterfaceKind kind,
      String mac,
      int mtu,
      String master,
      int peerIndex,
      String peerNamespace,
      List<String> addresses,
      boolean up,
      Vxlan vxlan,
      List<FdbEntry> fdb) {

    public Interface {
      addresses = List.copyOf(addresses);
      fdb = List.copyOf(fdb);
    }
  }

  /** Tunnel parameters; {@code localAddress} is empty when the kernel picks it per route. */
  public record Vxlan(int vni, int port, String localAddress) {}

  /** A forwarding entry; {@code dst} is the remote VTEP for VXLAN entries. */
  public record FdbEntry(String mac, String dst, int vlan, boolean permanent, boolean self) {}
}
