package io.dockercanvas.agent.capture;

import io.dockercanvas.proto.v1.ObservationPoint;

/**
 * One interface to capture on and its kernel filter.
 *
 * @param namespaceName the file name in the netns directory, empty for the agent's own (host)
 *     namespace
 * @param filter a pcap filter expression, compiled to BPF and run in the kernel
 * @param point how observations from here are labelled
 */
public record CapturePoint(
    String namespaceName, String interfaceName, String filter, ObservationPoint point) {

  public String name() {
    return point.getName();
  }

  public boolean inHostNamespace() {
    return namespaceName.isEmpty();
  }
}
