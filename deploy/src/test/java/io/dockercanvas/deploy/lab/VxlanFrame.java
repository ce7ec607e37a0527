package io.dockercanvas.deploy.lab;

/** One VXLAN packet as tcpdump printed it: outer UDP endpoints, VNI and the inner packet. */
record VxlanFrame(
    int vni,
    Endpoint outerSource,
    Endpoint outerDestination,
    Endpoint innerSource,
    Endpoint innerDestination,
    String innerSummary) {

  /** An IPv4 address with its port; port -1 for protocols without ports (ICMP). */
  record Endpoint(String address, int port) {

    /** Parses tcpdump's numeric form: {@code 10.0.1.6.45678} or {@code 10.0.1.6}. */
    static Endpoint parse(String text) {
      String[] parts = text.split("\\.");
      if (parts.length == 5) {
        return new Endpoint(
            String.join(".", parts[0], parts[1], parts[2], parts[3]), Integer.parseInt(parts[4]));
      }
      if (parts.length == 4) {
        return new Endpoint(text, -1);
      }
      throw new IllegalArgumentException("not an IPv4 endpoint: " + text);
    }
  }

  boolean isTcpSyn() {
    return innerSummary.startsWith("Flags [S]");
  }
}
