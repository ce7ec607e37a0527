package io.dockercanvas.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TcpdumpVxlanReaderTest {

  // Lines as `tcpdump -nn -e -r` printed them for the lab's underlay bridge.
  private static final String SYN =
      """
      14:12:48.564376 22:e8:a4:f2:55:08 > f6:a2:7e:00:46:7f, ethertype IPv4 (0x0800), length 124: \
      198.51.100.11.40259 > 198.51.100.12.4789: VXLAN, flags [I] (0x08), vni 4097
      02:42:0a:00:01:06 > 02:42:0a:00:01:02, ethertype IPv4 (0x0800), length 74: 10.0.1.6.50634 > 10.0.1.2.80: \
      Flags [S], seq 3021131382, win 64860, options [mss 1410,sackOK,TS val 198976293 ecr 0,nop,wscale 10], length 0
      """;
  private static final String PING =
      """
      14:12:47.896219 22:e8:a4:f2:55:08 > f6:a2:7e:00:46:7f, ethertype IPv4 (0x0800), length 148: \
      198.51.100.11.40188 > 198.51.100.12.4789: VXLAN, flags [I] (0x08), vni 4097
      02:42:0a:00:01:06 > 02:42:0a:00:01:02, ethertype IPv4 (0x0800), length 98: 10.0.1.6 > 10.0.1.2: \
      ICMP echo request, id 172, seq 0, length 64
      """;
  private static final String GOSSIP =
      """
      14:12:44.213583 22:e8:a4:f2:55:08 > f6:a2:7e:00:46:7f, ethertype IPv4 (0x0800), length 154: \
      198.51.100.11.7946 > 198.51.100.12.7946: UDP, length 112
      """;

  @Test
  void read_tcpInsideVxlan_givesVniOuterAndInnerEndpoints() {
    List<VxlanFrame> frames = TcpdumpVxlanReader.read(SYN);

    assertThat(frames)
        .singleElement()
        .satisfies(
            frame -> {
              assertThat(frame.vni()).isEqualTo(4097);
              assertThat(frame.outerSource())
                  .isEqualTo(new VxlanFrame.Endpoint("198.51.100.11", 40259));
              assertThat(frame.outerDestination())
                  .isEqualTo(new VxlanFrame.Endpoint("198.51.100.12", 4789));
              assertThat(frame.innerSource()).isEqualTo(new VxlanFrame.Endpoint("10.0.1.6", 50634));
              assertThat(frame.innerDestination())
                  .isEqualTo(new VxlanFrame.Endpoint("10.0.1.2", 80));
              assertThat(frame.isTcpSyn()).isTrue();
            });
  }

  @Test
  void read_icmpInsideVxlan_givesEndpointsWithoutPorts() {
    assertThat(TcpdumpVxlanReader.read(PING))
        .singleElement()
        .satisfies(
            frame -> {
              assertThat(frame.innerSource()).isEqualTo(new VxlanFrame.Endpoint("10.0.1.6", -1));
              assertThat(frame.innerSummary()).startsWith("ICMP echo request");
              assertThat(frame.isTcpSyn()).isFalse();
            });
  }

  @Test
  void read_mixedWithNonVxlanLines_keepsOnlyVxlanPackets() {
    List<VxlanFrame> frames = TcpdumpVxlanReader.read(GOSSIP + SYN + GOSSIP + PING);

    assertThat(frames)
        .extracting(f -> f.innerDestination().address())
        .containsExactly("10.0.1.2", "10.0.1.2");
  }

  @Test
  void read_outerLineWithoutInnerLine_isSkipped() {
    assertThat(TcpdumpVxlanReader.read(SYN.lines().findFirst().orElseThrow())).isEmpty();
  }
}
