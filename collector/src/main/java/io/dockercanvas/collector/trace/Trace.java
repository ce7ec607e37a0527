package io.dockercanvas.collector.trace;

import io.dockercanvas.collector.ingest.CaptureSettings;
import java.time.Instant;
import java.util.List;

/**
 * An active trace as the agents get it: {@code cidrs} already holds the addresses of {@code
 * services}' tasks, resolved when it was added.
 */
public record Trace(
    String id,
    List<String> cidrs,
    List<Integer> ports,
    List<Integer> protocols,
    List<Integer> vnis,
    String bpf,
    List<String> services,
    Instant createdAt,
    Instant expiresAt) {

  public Trace {
    cidrs = List.copyOf(cidrs);
    ports = List.copyOf(ports);
    protocols = List.copyOf(protocols);
    vnis = List.copyOf(vnis);
    services = List.copyOf(services);
  }

  CaptureSettings.TraceFilter filter() {
    return new CaptureSettings.TraceFilter(id, cidrs, ports, protocols, vnis, bpf);
  }
}
