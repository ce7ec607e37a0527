package io.dockercanvas.agent.netns;

import io.dockercanvas.pipeline.ipvs.Ipvs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses the kernel's IPVS tables as {@code /proc/net/ip_vs} and {@code /proc/net/ip_vs_conn} print
 * them (net/netfilter/ipvs/ip_vs_ctl.c and ip_vs_conn.c): IPv4 addresses as 8 hex digits in network
 * order, IPv6 ones in brackets (services) or colon form (connections), ports as 4 hex digits.
 *
 * <p>A line that does not parse is skipped and counted, never guessed: {@link #skippedLines()}.
 */
public final class IpvsProcParser {

  /** Connections reported per namespace at most: a busy VIP can hold tens of thousands. */
  public static final int MAX_CONNECTIONS = 1024;

  private int skippedLines;

  public int skippedLines() {
    return skippedLines;
  }

  public Ipvs parse(String ipVs, String ipVsConn) {
    List<Ipvs.Service> services = services(ipVs);
    List<Entry> connections = connections(ipVsConn);
    int omitted = Math.max(0, connections.size() - MAX_CONNECTIONS);
    if (omitted > 0) {
      // The most time left is the most recent activity for entries in the same state.
      connections.sort(Comparator.comparingLong(Entry::expires).reversed());
    }
    List<Ipvs.Connection> kept =
        connections.stream().limit(MAX_CONNECTIONS).map(Entry::connection).toList();
    return new Ipvs(services, kept, omitted);
  }

  private List<Ipvs.Service> services(String text) {
    List<Ipvs.Service> services = new ArrayList<>();
    String protocol = null, address = "", scheduler = "";
    int port = 0;
    long fwmark = 0;
    List<Ipvs.RealServer> servers = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()
          || trimmed.startsWith("IP Virtual Server")
          || trimmed.startsWith("Prot ")
          || trimmed.startsWith("-> RemoteAddress")) {
        continue;
      }
      String[] f = trimmed.split("\\s+");
      try {
        if (f[0].equals("->")) {
          if (protocol == null || f.length < 6) {
            skippedLines++;
            continue;
          }
          HostPort hp = hostPort(f[1]);
          servers.add(
              new Ipvs.RealServer(
                  hp.address,
                  hp.port,
                  f[2],
                  Integer.parseInt(f[3]),
                  Integer.parseInt(f[4]),
                  Integer.parseInt(f[5])));
          continue;
        }
        if (f.length < 3) {
          skippedLines++;
          continue;
        }
        if (protocol != null) {
          services.add(new Ipvs.Service(protocol, address, port, fwmark, scheduler, servers));
        }
        servers = new ArrayList<>();
        protocol = f[0];
        scheduler = f[2];
        if (protocol.equals("FWM")) {
          fwmark = Long.parseLong(f[1], 16);
          address = "";
          port = 0;
        } else {
          HostPort hp = hostPort(f[1]);
          fwmark = 0;
          address = hp.address;
          port = hp.port;
        }
      } catch (IllegalArgumentException e) {
        skippedLines++;
        if (!f[0].equals("->")) {
          protocol = null; // its real servers must not join the previous service
        }
      }
    }
    if (protocol != null) {
      services.add(new Ipvs.Service(protocol, address, port, fwmark, scheduler, servers));
    }
    return services;
  }

  private record Entry(Ipvs.Connection connection, long expires) {}

  private List<Entry> connections(String text) {
    List<Entry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("Pro ")) {
        continue;
      }
      String[] f = trimmed.split("\\s+");
      try {
        if (f.length < 9) {
          throw new IllegalArgumentException("too few fields");
        }
        out.add(
            new Entry(
                new Ipvs.Connection(
                    f[0],
                    address(f[1]),
                    hexPort(f[2]),
                    address(f[3]),
                    hexPort(f[4]),
                    address(f[5]),
                    hexPort(f[6]),
                    f[7]),
                Long.parseLong(f[8])));
      } catch (IllegalArgumentException e) {
        skippedLines++;
      }
    }
    return out;
  }

  private record HostPort(String address, int port) {}

  /** {@code 0A000005:0050} or {@code [2001:0db8:0000:0000:0000:0000:0000:0001]:0050}. */
  private static HostPort hostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("no port in " + text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new HostPort(address(host), hexPort(text.substring(colon + 1)));
  }

  /** 8 hex digits (IPv4, network order) or the kernel's full IPv6 colon form, shortened. */
  static String address(String text) {
    if (text.length() == 8 && text.indexOf(':') < 0) {
      long v = Long.parseLong(text, 16);
      return ((v >> 24) & 0xff)
          + "."
          + ((v >> 16) & 0xff)
          + "."
          + ((v >> 8) & 0xff)
          + "."
          + (v & 0xff);
    }
    String[] groups = text.split(":", -1);
    if (groups.length != 8) {
      throw new IllegalArgumentException("not an address: " + text);
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      int g = Integer.parseInt(groups[i], 16);
      if (g < 0 || g > 0xffff) {
        throw new IllegalArgumentException("not an address: " + text);
      }
      bytes[2 * i] = (byte) (g >> 8);
      bytes[2 * i + 1] = (byte) g;
    }
    try {
      return java.net.InetAddress.getByAddress(bytes).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static int hexPort(String text) {
    if (text.length() != 4) {
      throw new IllegalArgumentException("not a port: " + text);
    }
    return Integer.parseInt(text, 16);
  }
}
