package io.dockercanvas.deploy.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads VXLAN packets out of {@code tcpdump -nn -e -r FILE} text. tcpdump prints each VXLAN packet
 * on two lines: the outer frame ending in {@code VXLAN, flags [I] (0x08), vni N}, then the inner
 * frame. The project's own decoder lives in the agent; this stays a small, independent check of the
 * lab.
 */
final class TcpdumpVxlanReader {

  private static final String IPV4_ENDPOINT = "(\\d+\\.\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?)";
  private static final Pattern OUTER =
      Pattern.compile(
          "^\\S+ \\S+ > \\S+, ethertype IPv4 \\(0x0800\\), length \\d+: "
              + IPV4_ENDPOINT
              + " > "
              + IPV4_ENDPOINT
              + ": VXLAN, flags \\[[^]]*] \\(0x[0-9a-f]+\\), vni (\\d+)$");
  private static final Pattern INNER =
      Pattern.compile(
          "^\\S+ > \\S+, ethertype IPv4 \\(0x0800\\), length \\d+: "
              + IPV4_ENDPOINT
              + " > "
              + IPV4_ENDPOINT
              + ": (.*)$");

  private TcpdumpVxlanReader() {}

  /** Every VXLAN packet whose inner frame is IPv4; other lines (ARP, non-VXLAN) are skipped. */
  static List<VxlanFrame> read(String tcpdumpText) {
    List<VxlanFrame> frames = new ArrayList<>();
    String[] lines = tcpdumpText.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      Matcher outer = OUTER.matcher(lines[i].strip());
      if (!outer.matches()) {
        continue;
      }
      Matcher inner = INNER.matcher(lines[i + 1].strip());
      if (inner.matches()) {
        frames.add(
            new VxlanFrame(
                Integer.parseInt(outer.group(3)),
                VxlanFrame.Endpoint.parse(outer.group(1)),
                VxlanFrame.Endpoint.parse(outer.group(2)),
                VxlanFrame.Endpoint.parse(inner.group(1)),
                VxlanFrame.Endpoint.parse(inner.group(2)),
                inner.group(3)));
        i++;
      }
    }
    return frames;
  }
}
