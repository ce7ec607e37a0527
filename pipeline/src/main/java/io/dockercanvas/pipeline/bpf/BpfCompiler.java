package io.dockercanvas.pipeline.bpf;

/**
 * Turns a tcpdump expression into a program for one link type (libpcap's pcap_compile in the
 * agent).
 */
@FunctionalInterface
public interface BpfCompiler {

  /** No compiler (the collector's replays): every expression is refused. */
  BpfCompiler NONE =
      (expression, linkType) -> {
        throw new IllegalArgumentException("no BPF compiler here for '" + expression + "'");
      };

  /**
   * @throws IllegalArgumentException with libpcap's message when the expression does not compile
   */
  BpfProgram compile(String expression, int linkType);
}
