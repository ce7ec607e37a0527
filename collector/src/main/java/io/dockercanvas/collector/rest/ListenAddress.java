package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.store.IpRange;

/**
 * A "HOST:PORT" to listen on ("127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080", ":8080" for all
 * addresses). Hosts are IP literals or "localhost"; loopback is judged from the text alone, without
 * resolving names.
 */
public record ListenAddress(String host, int port) {

  public static ListenAddress parse(String text, String option) {
    String value = text == null ? "" : text.trim();
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          option + ": '" + text + "' is not HOST:PORT (for example 127.0.0.1:8080)");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (!host.equals("localhost") && !IpRange.isLiteral(host)) {
      throw new IllegalArgumentException(
          option
              + ": '"
              + host
              + "' is not an IP address (names are not resolved;"
              + " use 127.0.0.1, 0.0.0.0 or an address of this machine)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(option + ": '" + text + "' has no valid port (0-65535)");
    }
    return new ListenAddress(host, port);
  }

  /** Only this machine can connect: 127.0.0.0/8, ::1 or "localhost". */
  public boolean loopback() {
    return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
