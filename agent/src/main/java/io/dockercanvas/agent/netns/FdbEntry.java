package io.dockercanvas.agent.netns;

/**
 * One bridge forwarding-database entry (what {@code bridge fdb show} lists).
 *
 * @param mac the destination MAC; 00:00:00:00:00:00 is a vxlan device's default destination
 * @param interfaceIndex the port (or vxlan device) the entry belongs to
 * @param remoteAddress the remote VTEP for an entry on a vxlan device, null otherwise
 * @param masterIndex the bridge for entries the bridge keeps, 0 for the device's own entries
 * @param self whether the device itself keeps the entry (NTF_SELF) rather than its bridge
 * @param permanent whether the entry is static (NUD_PERMANENT) rather than learned
 */
public record FdbEntry(
    String mac,
    int interfaceIndex,
    String remoteAddress,
    int masterIndex,
    boolean self,
    boolean permanent) {

  public boolean hasRemote() {
    return remoteAddress != null;
  }
}
