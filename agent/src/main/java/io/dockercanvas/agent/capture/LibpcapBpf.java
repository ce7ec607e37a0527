package io.dockercanvas.agent.capture;

import io.dockercanvas.pipeline.bpf.BpfCompiler;
import io.dockercanvas.pipeline.bpf.BpfProgram;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Trace filters' tcpdump expressions compiled by libpcap itself ({@code pcap_compile} on a dead
 * handle of the point's link type), so an expression means exactly what it means to tcpdump. The
 * instructions are copied out and run by the pipeline's {@code BpfMachine} on frames the capture
 * already holds: the kernel filter of the point stays as the capture plan made it.
 */
public final class LibpcapBpf implements BpfCompiler {

  public static final LibpcapBpf INSTANCE = new LibpcapBpf();

  private static final int SNAPLEN = 262_144;
  private static final int NETMASK_UNKNOWN = 0xFFFFFFFF;

  /** The libpcap calls this needs. */
  public interface Calls {
    Pointer pcap_open_dead(int linktype, int snaplen);

    int pcap_compile(Pointer pcap, Pointer program, String expression, int optimize, int netmask);

    void pcap_freecode(Pointer program);

    String pcap_geterr(Pointer pcap);

    void pcap_close(Pointer pcap);

    /** libpcap's own verdict on one frame: non-zero when it matches (tests compare with it). */
    int pcap_offline_filter(Pointer program, Pointer header, Pointer packet);
  }

  static final Calls LIBPCAP = LibraryLoader.create(Calls.class).load("pcap");

  private LibpcapBpf() {}

  /** pcap_compile is not reentrant in every libpcap: one compile at a time. */
  @Override
  public synchronized BpfProgram compile(String expression, int linkType) {
    Runtime runtime = Runtime.getRuntime(LIBPCAP);
    Pointer pcap = LIBPCAP.pcap_open_dead(linkType, SNAPLEN);
    if (pcap == null) {
      throw new IllegalArgumentException("libpcap has no link type " + linkType);
    }
    // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
    Pointer program = Memory.allocateDirect(runtime, 2 * runtime.addressSize(), true);
    try {
      if (LIBPCAP.pcap_compile(pcap, program, expression, 1, NETMASK_UNKNOWN) != 0) {
        throw new IllegalArgumentException(LIBPCAP.pcap_geterr(pcap));
      }
      try {
        int length = program.getInt(0);
        Pointer insns = program.getPointer(runtime.addressSize());
        int[] code = new int[length];
        int[] jt = new int[length];
        int[] jf = new int[length];
        int[] k = new int[length];
        for (int i = 0; i < length; i++) {
          long at =
              8L * i; // struct bpf_insn { u_short code; u_char jt; u_char jf; bpf_u_int32 k; }
          code[i] = insns.getShort(at) & 0xFFFF;
          jt[i] = insns.getByte(at + 2) & 0xFF;
          jf[i] = insns.getByte(at + 3) & 0xFF;
          k[i] = insns.getInt(at + 4);
        }
        return new BpfProgram(expression, linkType, code, jt, jf, k);
      } finally {
        LIBPCAP.pcap_freecode(program);
      }
    } finally {
      LIBPCAP.pcap_close(pcap);
    }
  }
}
