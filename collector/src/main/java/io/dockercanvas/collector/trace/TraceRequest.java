package io.dockercanvas.collector.trace;

import java.time.Duration;
import java.util.List;

/**
 * What a client asks to trace; checked by {@link TraceRegistry#add}. Protocols are IP protocol
 * numbers (the contract's Protocol values).
 *
 * @param duration how long; null for the default
 */
public record TraceRequest(
    List<String> cidrs,
    List<Integer> ports,
    List<Integer> protocols,
    List<Integer> vnis,
    String bpf,
    List<String> services,
    Duration duration) {

  public TraceRequest {
    cidrs = List.copyOf(cidrs);
    ports = List.copyOf(ports);
    protocols = List.copyOf(protocols);
    vnis = List.copyOf(vnis);
    bpf = bpf == null ? "" : bpf.trim();
    services = List.copyOf(services);
  }
}
