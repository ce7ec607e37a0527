package io.dockercanvas.collector.topology;

import java.util.List;

/** An endpoint's addresses (CIDR form) on one network: a task's, a container's or a service VIP. */
public record Attachment(String networkId, String networkName, List<String> addresses, String mac) {

  public Attachment {
    addresses = List.copyOf(addresses);
  }
}
