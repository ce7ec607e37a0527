package io.dockercanvas.pipeline.decode;

import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a decode reported, offsets taken relative to the frame's start, for comparing two
 * decodes.
 */
final class FrameSummary {

  private FrameSummary() {}

  /**
   * @param off where the frame starts in the decoded buffer
   */
  static List<Object> of(DecodedFrame f, int off) {
    List<Object> s =
        new ArrayList<>(
            List.of(
                f.error(),
                f.errorOffset(),
                f.ethCount(),
                f.ipCount(),
                f.tunnelCount(),
                f.transport(),
                f.sourcePort(),
                f.destinationPort(),
                f.tcpSeq(),
                f.tcpAck(),
                f.tcpFlags(),
                f.icmpType(),
                f.icmpCode(),
                f.icmpEcho(),
                f.icmpId(),
                f.icmpSeq(),
                f.payloadLength(),
                f.payloadCaptured(),
                f.innermostIsNonIp(),
                f.transportCaptured(),
                f.innermostReached()));
    for (int i = 0; i < f.ethCount(); i++) {
      s.add(f.ethOffset(i) - off);
    }
    for (int i = 0; i < f.ipCount(); i++) {
      s.addAll(
          List.of(
              f.ipOffset(i) - off,
              f.ipVersion(i),
              f.ipProtocol(i),
              f.ipId(i),
              f.ipTtl(i),
              f.ipFragmentOffset(i),
              f.ipMoreFragments(i)));
    }
    for (int i = 0; i < f.tunnelCount(); i++) {
      s.addAll(
          List.of(
              f.tunnelKind(i),
              f.tunnelVni(i),
              f.tunnelIpIndex(i),
              f.tunnelSourcePort(i),
              f.tunnelDestinationPort(i)));
    }
    if (f.innermostIsNonIp()) {
      s.addAll(List.of(f.nonIpEtherType(), f.nonIpOffset() - off));
    }
    if (f.quotedIpOffset() >= 0) {
      s.addAll(
          List.of(
              f.quotedIpOffset() - off,
              f.quotedIpVersion(),
              f.quotedProtocol(),
              f.quotedL4Offset() < 0 ? -1 : f.quotedL4Offset() - off));
    }
    if (PacketFingerprint.applies(f)) {
      s.add(PacketFingerprint.of(f));
    }
    return s;
  }
}
