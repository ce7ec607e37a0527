package io.dockercanvas.agent.cli;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.TunnelKind;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FileDamage;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import java.io.IOException;

/** The totals {@code canvas decode --stats} prints: counted per frame without allocating. */
final class DecodeTotals {
  private static final DecodeError[] REASONS = DecodeError.values();

  private long frames;
  private long capturedBytes;
  private long tcp;
  private long udp;
  private long icmp;
  private long icmpv6;
  private long otherIp;
  private long nonIp;
  private long undecoded;
  private long fragments;
  private long vxlanFrames;
  private long geneveFrames;
  private long malformed;
  private final long[] byReason = new long[REASONS.length];
  private final VniCounts vxlanByVni = new VniCounts();

  void count(CapturedFrame record, DecodedFrame f) {
    frames++;
    capturedBytes += record.caplen();
    if (f.innermostIsNonIp()) {
      nonIp++;
    } else if (f.ipCount() == 0) {
      undecoded++;
    } else {
      int ip = f.ipCount() - 1;
      switch (f.ipProtocol(ip)) {
        case 6 -> tcp++;
        case 17 -> udp++;
        case 1 -> icmp++;
        case 58 -> icmpv6++;
        default -> otherIp++;
      }
      if (f.isFragment(ip)) {
        fragments++;
      }
    }
    int vxlan = f.outermostVxlan();
    if (vxlan >= 0) {
      vxlanFrames++;
      vxlanByVni.increment(f.tunnelVni(vxlan));
    }
    for (int t = 0; t < f.tunnelCount(); t++) {
      if (f.tunnelKind(t) == TunnelKind.GENEVE) {
        geneveFrames++;
        break;
      }
    }
    if (f.error() != DecodeError.NONE) {
      malformed++;
      byReason[f.error().ordinal()]++;
    }
  }

  long frames() {
    return frames;
  }

  void writeJson(AsciiOutput out, String file, FrameSource source) throws IOException {
    out.ascii("{\"file\":")
        .string(file)
        .ascii(",\"format\":\"")
        .ascii(source.format())
        .ascii("\",\"frames\":")
        .number(frames)
        .ascii(",\"captured_bytes\":")
        .number(capturedBytes)
        .ascii(",\"protocols\":{\"tcp\":")
        .number(tcp)
        .ascii(",\"udp\":")
        .number(udp)
        .ascii(",\"icmp\":")
        .number(icmp)
        .ascii(",\"icmpv6\":")
        .number(icmpv6)
        .ascii(",\"other_ip\":")
        .number(otherIp)
        .ascii(",\"non_ip\":")
        .number(nonIp)
        .ascii(",\"undecoded\":")
        .number(undecoded)
        .ascii("},\"ip_fragments\":")
        .number(fragments)
        .ascii(",\"vxlan\":{\"frames\":")
        .number(vxlanFrames)
        .ascii(",\"by_vni\":{");
    int[] vnis = vxlanByVni.vnis();
    for (int i = 0; i < vnis.length; i++) {
      out.ascii(i == 0 ? "\"" : ",\"")
          .number(vnis[i])
          .ascii("\":")
          .number(vxlanByVni.count(vnis[i]));
    }
    out.ascii("}},\"geneve_frames\":")
        .number(geneveFrames)
        .ascii(",\"malformed\":{\"frames\":")
        .number(malformed)
        .ascii(",\"by_reason\":{");
    boolean first = true;
    for (DecodeError reason : REASONS) {
      if (byReason[reason.ordinal()] > 0) {
        out.ascii(first ? "\"" : ",\"")
            .ascii(reason.key())
            .ascii("\":")
            .number(byReason[reason.ordinal()]);
        first = false;
      }
    }
    out.ascii("}},\"skipped_blocks\":").number(source.skippedBlocks());
    FileDamage damage = source.damage();
    if (damage != null) {
      out.ascii(",\"file_damage\":{\"offset\":")
          .number(damage.offset())
          .ascii(",\"message\":")
          .string(damage.message())
          .ch('}');
    }
    out.ascii("}\n");
  }
}
