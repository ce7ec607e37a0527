package io.dockercanvas.agent.cli;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import java.io.IOException;

/**
 * Writes one decoded frame as one JSON line, the contract in docs/decode-output.md. Keys that do
 * not apply to a frame are left out, never written as null.
 */
final class FrameJsonWriter {
  // Keys and punctuation, pre-encoded once and copied in bulk for every frame.
  private static final byte[] FRAME = AsciiOutput.encode("{\"frame\":");
  private static final byte[] TS_NS = AsciiOutput.encode(",\"ts_ns\":");
  private static final byte[] CAPLEN = AsciiOutput.encode(",\"caplen\":");
  private static final byte[] LEN = AsciiOutput.encode(",\"len\":");
  private static final byte[] OUTER_SRC = AsciiOutput.encode(",\"outer\":{\"src\":\"");
  private static final byte[] QUOTED_DST = AsciiOutput.encode("\",\"dst\":\"");
  private static final byte[] QUOTED_SPORT = AsciiOutput.encode("\",\"sport\":");
  private static final byte[] DPORT = AsciiOutput.encode(",\"dport\":");
  private static final byte[] VNI = AsciiOutput.encode(",\"vni\":");
  private static final byte[] ETH_SRC = AsciiOutput.encode(",\"eth\":{\"src\":\"");
  private static final byte[] QUOTE_CLOSE = AsciiOutput.encode("\"}");
  private static final byte[] IP_SRC = AsciiOutput.encode(",\"ip\":{\"src\":\"");
  private static final byte[] ID = AsciiOutput.encode(",\"id\":");
  private static final byte[] PROTO = AsciiOutput.encode(",\"proto\":");
  private static final byte[] TTL = AsciiOutput.encode(",\"ttl\":");
  private static final byte[] TCP_SPORT = AsciiOutput.encode(",\"tcp\":{\"sport\":");
  private static final byte[] SEQ = AsciiOutput.encode(",\"seq\":");
  private static final byte[] ACK = AsciiOutput.encode(",\"ack\":");
  private static final byte[] FLAGS = AsciiOutput.encode(",\"flags\":");
  private static final byte[] UDP_SPORT = AsciiOutput.encode(",\"udp\":{\"sport\":");
  private static final byte[] ICMP_TYPE = AsciiOutput.encode(",\"icmp\":{\"type\":");
  private static final byte[] CODE = AsciiOutput.encode(",\"code\":");
  private static final byte[] FP = AsciiOutput.encode(",\"fp\":\"");
  private static final byte[] ERROR = AsciiOutput.encode(",\"error\":\"");
  private static final byte[] AT_BYTE = AsciiOutput.encode(" at byte ");
  private static final byte[] LINE_END = AsciiOutput.encode("}\n");

  private final AsciiOutput out;

  FrameJsonWriter(AsciiOutput out) {
    this.out = out;
  }

  /**
   * @param fingerprint the frame's fingerprint, written when {@code hasFingerprint}
   */
  void write(
      long frameNumber,
      CapturedFrame record,
      DecodedFrame f,
      boolean hasFingerprint,
      long fingerprint)
      throws IOException {
    byte[] b = f.buffer();
    out.raw(FRAME)
        .number(frameNumber)
        .raw(TS_NS)
        .number(record.timestampNanos())
        .raw(CAPLEN)
        .number(record.caplen())
        .raw(LEN)
        .number(record.origLen());
    int vxlan = f.outermostVxlan();
    if (vxlan >= 0) {
      int ip = f.tunnelIpIndex(vxlan);
      out.raw(OUTER_SRC)
          .ip(b, f.ipSourceOffset(ip), f.ipVersion(ip))
          .raw(QUOTED_DST)
          .ip(b, f.ipDestinationOffset(ip), f.ipVersion(ip))
          .raw(QUOTED_SPORT)
          .number(f.tunnelSourcePort(vxlan))
          .raw(DPORT)
          .number(f.tunnelDestinationPort(vxlan))
          .raw(VNI)
          .number(f.tunnelVni(vxlan))
          .ch('}');
    }
    if (f.ethCount() > 0) {
      int eth = f.ethCount() - 1;
      out.raw(ETH_SRC)
          .mac(b, f.ethSourceOffset(eth))
          .raw(QUOTED_DST)
          .mac(b, f.ethDestinationOffset(eth))
          .raw(QUOTE_CLOSE);
    }
    if (f.ipCount() > 0) {
      writeIp(b, f, f.ipCount() - 1);
    }
    writeTransport(f);
    if (hasFingerprint) {
      out.raw(FP).hex64(fingerprint).ch('"');
    }
    if (f.error() != DecodeError.NONE) {
      out.raw(ERROR).ascii(f.error().text());
      if (f.errorOffset() >= 0) {
        out.raw(AT_BYTE).number(f.errorOffset());
      }
      out.ch('"');
    }
    out.raw(LINE_END);
  }

  private void writeIp(byte[] b, DecodedFrame f, int ip) throws IOException {
    out.raw(IP_SRC)
        .ip(b, f.ipSourceOffset(ip), f.ipVersion(ip))
        .raw(QUOTED_DST)
        .ip(b, f.ipDestinationOffset(ip), f.ipVersion(ip))
        .ch('"');
    if (f.ipId(ip) >= 0) {
      out.raw(ID).number(f.ipId(ip));
    }
    out.raw(PROTO).number(f.ipProtocol(ip)).raw(TTL).number(f.ipTtl(ip)).ch('}');
  }

  /**
   * The transport's fields that were captured; a header cut by the snap length keeps those before
   * the cut.
   */
  private void writeTransport(DecodedFrame f) throws IOException {
    switch (f.transport()) {
      case TCP -> {
        out.raw(TCP_SPORT).number(f.sourcePort());
        if (f.hasDestinationPort()) {
          out.raw(DPORT).number(f.destinationPort());
        }
        if (f.hasTcpSeq()) {
          out.raw(SEQ).number(f.tcpSeq());
        }
        if (f.hasTcpAck()) {
          out.raw(ACK).number(f.tcpAck());
        }
        if (f.hasTcpFlags()) {
          out.raw(FLAGS).number(f.tcpFlags());
        }
        if (f.hasPayloadLength()) {
          out.raw(LEN).number(f.payloadLength());
        }
        out.ch('}');
      }
      case UDP -> {
        out.raw(UDP_SPORT).number(f.sourcePort());
        if (f.hasDestinationPort()) {
          out.raw(DPORT).number(f.destinationPort());
        }
        if (f.hasPayloadLength()) {
          out.raw(LEN).number(f.payloadLength());
        }
        out.ch('}');
      }
      case ICMP, ICMPV6 -> {
        out.raw(ICMP_TYPE).number(f.icmpType());
        if (f.hasIcmpCode()) {
          out.raw(CODE).number(f.icmpCode());
        }
        if (f.icmpEcho() && f.hasIcmpId()) {
          out.raw(ID).number(f.icmpId());
        }
        if (f.icmpEcho() && f.hasIcmpSeq()) {
          out.raw(SEQ).number(f.icmpSeq());
        }
        out.ch('}');
      }
      default -> {}
    }
  }
}
