package io.dockercanvas.agent.netns;

import java.io.IOException;

/**
 * Reads interfaces, their addresses and the bridge FDB of the calling thread's network namespace
 * over rtnetlink.
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
          RtnetlinkParser.addresses(addresses));
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
