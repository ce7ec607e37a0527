package io.dockercanvas.pipeline.bpf;

/**
 * A classic BPF program as libpcap's {@code pcap_compile} makes it (struct bpf_insn: code, jt, jf,
 * k), kept as parallel arrays so that running it reads no objects.
 *
 * @param linkType the DLT it was compiled for: it only means something on frames of that type
 */
public record BpfProgram(String expression, int linkType, int[] code, int[] jt, int[] jf, int[] k) {

  public BpfProgram {
    if (code.length == 0
        || code.length != jt.length
        || code.length != jf.length
        || code.length != k.length) {
      throw new IllegalArgumentException(
          "a BPF program needs one code, jt, jf and k per instruction");
    }
  }

  public int length() {
    return code.length;
  }
}
