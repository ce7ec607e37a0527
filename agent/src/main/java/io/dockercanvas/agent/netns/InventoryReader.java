package io.dockercanvas.agent.netns;

import io.dockercanvas.pipeline.ipvs.Ipvs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads interfaces, their addresses and the bridge FDB of the calling thread's network namespace
 * over rtnetlink, and its IPVS tables from procfs.
 */
public final class InventoryReader {

  private InventoryReader() {}

  /**
   * Must run on a namespace's own thread: the netlink socket joins the namespace of its creator.
   */
  public static NamespaceInventory readCurrentNamespace() throws IOException {
    try (RtnetlinkSocket socket = RtnetlinkSocket.open()) {
      byte[] links = socket.dump(RtnetlinkSocket.RTM_GETLINK, ifinfomsg());
      byte[] fdb = socket.dump(RtnetlinkSocket.RTM_GETNEIGH, bridgeNdmsg());
      byte[] addresses = socket.dump(RtnetlinkSocket.RTM_GETADDR, ifaddrmsg());
      return new NamespaceInventory(
          RtnetlinkParser.links(links),
          RtnetlinkParser.fdb(fdb),
          RtnetlinkParser.addresses(addresses),
          readIpvs());
    }
  }

  // /proc/thread-self, not /proc/self or /proc/net: /proc/self/net shows the namespace of the
  // process's main thread, and only this thread has entered the namespace (see RATIONALE.md).
  private static final Path IP_VS = Path.of("/proc/thread-self/net/ip_vs");
  private static final Path IP_VS_CONN = Path.of("/proc/thread-self/net/ip_vs_conn");

  /**
   * The IPVS services and connections of this thread's namespace; none when the kernel has no IPVS
   * (the files exist only once the ip_vs module is loaded).
   */
  static Ipvs readIpvs() throws IOException {
    try {
      String services = Files.readString(IP_VS);
      String connections = Files.readString(IP_VS_CONN);
      return new IpvsProcParser().parse(services, connections);
    } catch (NoSuchFileException e) {
      return Ipvs.NONE;
    }
  }

  /** struct ifinfomsg, all zero: every link of every family. */
  private static byte[] ifinfomsg() {
    return new byte[16];
  }

  /** struct ifaddrmsg, all zero: every address of every family. */
  private static byte[] ifaddrmsg() {
    return new byte[8];
  }

  /** struct ndmsg asking for the bridge family: the FDB rather than the ARP table. */
  private static byte[] bridgeNdmsg() {
    byte[] ndmsg = new byte[12];
    ndmsg[0] = RtnetlinkSocket.AF_BRIDGE;
    return ndmsg;
  }
}
