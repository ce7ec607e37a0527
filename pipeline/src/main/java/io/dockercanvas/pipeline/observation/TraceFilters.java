package io.dockercanvas.pipeline.observation;

import io.dockercanvas.pipeline.bpf.BpfCompiler;
import io.dockercanvas.pipeline.bpf.BpfMachine;
import io.dockercanvas.pipeline.bpf.BpfProgram;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.Transport;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.TraceFilter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's trace filters, compiled once so that matching a packet allocates nothing. A
 * packet matches a filter when every set field matches: an address of any IP layer (inner or outer)
 * inside one of its CIDRs, a port of the innermost transport or of the tunnel, the innermost
 * protocol, a tunnel VNI, and its tcpdump expression (run as classic BPF over the frame as
 * captured). An expression needs a program for the frame's link type, which only {@link #withBpf}
 * (the agent, with libpcap) makes: without one the filter matches nothing.
 */
public final class TraceFilters {

  public static final TraceFilters NONE = new TraceFilters(List.of());

  private record Cidr(byte[] network, int prefixLength) {}

  private record Compiled(
      String id,
      List<Cidr> cidrs,
      int[] ports,
      int[] protocols,
      int[] vnis,
      String bpf,
      BpfProgram[] programs) {

    Compiled withPrograms(BpfProgram[] compiled) {
      return new Compiled(id, cidrs, ports, protocols, vnis, bpf, compiled);
    }
  }

  /** Link types the agent's points capture: Ethernet, Linux cooked v1 and v2. */
  public static final int[] LINK_TYPES = {1, 113, 276};

  // BPF scratch memory per capture thread: a program may store words (e.g. tcp[13] tests)
  private static final ThreadLocal<int[]> SCRATCH =
      ThreadLocal.withInitial(() -> new int[BpfMachine.MEMWORDS]);

  private final Compiled[] filters;
  private final List<String> errors;

  private TraceFilters(List<Compiled> filters) {
    this(filters, List.of());
  }

  private TraceFilters(List<Compiled> filters, List<String> errors) {
    this.filters = filters.toArray(Compiled[]::new);
    this.errors = List.copyOf(errors);
  }

  /**
   * The same filters with their expressions compiled for each of {@link #LINK_TYPES}; an expression
   * that compiles for none leaves its filter matching nothing, and says why in {@link #errors()}.
   */
  public TraceFilters withBpf(BpfCompiler compiler) {
    List<Compiled> compiled = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Compiled filter : filters) {
      if (filter.bpf().isEmpty()) {
        compiled.add(filter);
        continue;
      }
      List<BpfProgram> programs = new ArrayList<>();
      String why = null;
      for (int linkType : LINK_TYPES) {
        try {
          programs.add(compiler.compile(filter.bpf(), linkType));
        } catch (IllegalArgumentException e) {
          why = e.getMessage();
        }
      }
      if (programs.isEmpty()) {
        failed.add("trace filter " + filter.id() + ": '" + filter.bpf() + "': " + why);
      }
      compiled.add(filter.withPrograms(programs.toArray(BpfProgram[]::new)));
    }
    return new TraceFilters(compiled, failed);
  }

  /** Expressions {@link #withBpf} could not compile, one line each. */
  public List<String> errors() {
    return errors;
  }

  /** Compiles the filters; a malformed CIDR is refused with the filter's id in the message. */
  public static TraceFilters of(List<TraceFilter> filters) {
    List<Compiled> compiled = new ArrayList<>();
    for (TraceFilter filter : filters) {
      List<Cidr> cidrs = new ArrayList<>();
      for (String cidr : filter.getCidrsList()) {
        cidrs.add(cidr(filter.getId(), cidr));
      }
      compiled.add(
          new Compiled(
              filter.getId(),
              cidrs,
              filter.getPortsList().stream().mapToInt(Integer::intValue).toArray(),
              filter.getProtocolsList().stream().mapToInt(Protocol::getNumber).toArray(),
              filter.getVnisList().stream().mapToInt(Integer::intValue).toArray(),
              filter.getBpf().trim(),
              new BpfProgram[0]));
    }
    return new TraceFilters(compiled);
  }

  private static Cidr cidr(String id, String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+")) { // never a name: no lookups from the agent
      throw new IllegalArgumentException(
          "trace filter " + id + ": '" + text + "' is not an IP address or CIDR");
    }
    try {
      byte[] network = InetAddress.getByName(address).getAddress();
      int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException(
            "trace filter " + id + ": prefix length out of range in '" + text + "'");
      }
      return new Cidr(network, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "trace filter " + id + ": '" + text + "' is not an IP address or CIDR", e);
    }
  }

  public int size() {
    return filters.length;
  }

  public boolean isEmpty() {
    return filters.length == 0;
  }

  /** The id of the first filter the frame matches, or null. */
  public String match(DecodedFrame f) {
    for (Compiled filter : filters) {
      if (matchesCidrs(filter, f)
          && matchesPorts(filter, f)
          && contains(filter.protocols(), protocol(f))
          && matchesVnis(filter, f)
          && matchesBpf(filter, f)) {
        return filter.id();
      }
    }
    return null;
  }

  private static int protocol(DecodedFrame f) {
    return f.ipCount() == 0 ? -1 : f.ipProtocol(f.ipCount() - 1);
  }

  private static boolean matchesCidrs(Compiled filter, DecodedFrame f) {
    if (filter.cidrs().isEmpty()) {
      return true;
    }
    for (int layer = 0; layer < f.ipCount(); layer++) {
      int length = f.ipVersion(layer) == 4 ? 4 : 16;
      for (Cidr cidr : filter.cidrs()) {
        if (cidr.network().length == length
            && (inside(cidr, f.buffer(), f.ipSourceOffset(layer))
                || inside(cidr, f.buffer(), f.ipDestinationOffset(layer)))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inside(Cidr cidr, byte[] b, int at) {
    int bits = cidr.prefixLength();
    for (int i = 0; bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
      if (((b[at + i] ^ cidr.network()[i]) & mask) != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesPorts(Compiled filter, DecodedFrame f) {
    if (filter.ports().length == 0) {
      return true;
    }
    boolean hasPorts = f.transport() == Transport.TCP || f.transport() == Transport.UDP;
    if (hasPorts
        && (contains(filter.ports(), f.sourcePort())
            || contains(filter.ports(), f.destinationPort()))) {
      return true;
    }
    for (int t = 0; t < f.tunnelCount(); t++) {
      if (contains(filter.ports(), f.tunnelSourcePort(t))
          || contains(filter.ports(), f.tunnelDestinationPort(t))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesBpf(Compiled filter, DecodedFrame f) {
    if (filter.bpf().isEmpty()) {
      return true;
    }
    for (BpfProgram program : filter.programs()) {
      if (program.linkType() == f.linkType()) {
        int start = f.frameOffset();
        return BpfMachine.run(
                program, f.buffer(), start, f.capturedEnd() - start, f.wireLength(), SCRATCH.get())
            != 0;
      }
    }
    return false;
  }

  private static boolean matchesVnis(Compiled filter, DecodedFrame f) {
    if (filter.vnis().length == 0) {
      return true;
    }
    for (int t = 0; t < f.tunnelCount(); t++) {
      if (contains(filter.vnis(), f.tunnelVni(t))) {
        return true;
      }
    }
    return false;
  }

  /** An empty set matches everything. */
  private static boolean contains(int[] values, int value) {
    if (values.length == 0) {
      return true;
    }
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
