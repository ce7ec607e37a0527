package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.ipvs.Ipvs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IPVS tables as a real kernel printed them (Debian 13, Docker 26: see ipvs/README.md). */
class IpvsProcParserTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = IpvsProcParserTest.class.getResourceAsStream("/ipvs/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void routingMeshInIngressSandbox() throws IOException {
    IpvsProcParser parser = new IpvsProcParser();
    Ipvs table = parser.parse(resource("ingress_sbox.ip_vs"), resource("ingress_sbox.ip_vs_conn"));

    assertThat(table.services())
        .containsExactly(
            new Ipvs.Service(
                "FWM",
                "",
                0,
                0x100,
                "rr",
                List.of(new Ipvs.RealServer("10.0.0.6", 0, "Masq", 1, 0, 5))));
    assertThat(table.connections()).hasSize(5);
    assertThat(table.connections())
        .contains(
            new Ipvs.Connection(
                "TCP",
                "198.51.100.100",
                0xBE3A,
                "172.17.0.2",
                8001,
                "10.0.0.6",
                8001,
                "TIME_WAIT"));
    assertThat(table.connectionsOmitted()).isZero();
    assertThat(parser.skippedLines()).isZero();
  }

  @Test
  void serviceVipsInLoadBalancerNamespace() throws IOException {
    Ipvs table = new IpvsProcParser().parse(resource("lb.ip_vs"), resource("lb.ip_vs_conn"));

    assertThat(table.services()).extracting(Ipvs.Service::fwmark).containsExactly(0x101L, 0x102L);
    assertThat(table.services().get(0).realServers())
        .extracting(Ipvs.RealServer::address)
        .containsExactly("10.0.1.3");
    assertThat(table.connections())
        .allSatisfy(
            c -> {
              assertThat(c.clientAddress()).isEqualTo("10.0.1.8");
              assertThat(c.virtualAddress()).isEqualTo("10.0.1.2");
              assertThat(c.virtualPort()).isEqualTo(80);
              assertThat(c.destinationAddress()).isEqualTo("10.0.1.3");
            })
        .hasSize(3);
  }

  @Test
  void containerWithoutServicesIsEmpty() throws IOException {
    Ipvs table =
        new IpvsProcParser().parse(resource("container.ip_vs"), resource("container.ip_vs_conn"));
    assertThat(table.isEmpty()).isTrue();
  }

  @Test
  void addressServicesAndIpv6AsTheKernelPrintsThem() {
    String services =
        """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port Forward Weight ActiveConn InActConn
        TCP  0A000102:0050 wlc persistent 50 FFFFFFFF
          -> 0A000103:0050      Masq    2      1          0
          -> 0A000104:0050      Route   1      0          3
        UDP  [2001:0db8:0000:0000:0000:0000:0000:0001]:0035 rr
          -> [2001:0db8:0000:0000:0000:0000:0000:0002]:0035      Masq    1      0          0
        """;
    String connections =
        """
        Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
        UDP 2001:0db8:0000:0000:0000:0000:0000:0009 C000 2001:0db8:0000:0000:0000:0000:0000:0001 0035 2001:0db8:0000:0000:0000:0000:0000:0002 0035 UDP             290
        """;
    Ipvs table = new IpvsProcParser().parse(services, connections);

    assertThat(table.services()).hasSize(2);
    Ipvs.Service tcp = table.services().get(0);
    assertThat(tcp.address()).isEqualTo("10.0.1.2");
    assertThat(tcp.port()).isEqualTo(80);
    assertThat(tcp.scheduler()).isEqualTo("wlc");
    assertThat(tcp.realServers())
        .containsExactly(
            new Ipvs.RealServer("10.0.1.3", 80, "Masq", 2, 1, 0),
            new Ipvs.RealServer("10.0.1.4", 80, "Route", 1, 0, 3));
    assertThat(table.services().get(1).address()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(table.connections().get(0).clientAddress()).isEqualTo("2001:db8:0:0:0:0:0:9");
    assertThat(table.connections().get(0).clientPort()).isEqualTo(0xC000);
  }

  @Test
  void badLinesAreSkippedAndCountedNotGuessed() {
    String services =
        """
        IP Virtual Server version 1.2.1 (size=4096)
        FWM  zz rr
          -> 0A000103:0000      Masq    1      0          0
        FWM  00000101 rr
          -> 0A000103:00      Masq    1      0          0
          -> 0A000104:0000      Masq    1      0          0
        """;
    String connections =
        """
        Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
        TCP 0A000108 D5A2 0A000102
        TCP 0A000108 D5A2 0A000102 0050 0A000103 0050 TIME_WAIT       111
        """;
    IpvsProcParser parser = new IpvsProcParser();
    Ipvs table = parser.parse(services, connections);

    // The real server under the unparsable service joins no other service.
    assertThat(table.services()).hasSize(1);
    assertThat(table.services().get(0).realServers())
        .extracting(Ipvs.RealServer::address)
        .containsExactly("10.0.1.4");
    assertThat(table.connections()).hasSize(1);
    assertThat(parser.skippedLines()).isEqualTo(4);
  }

  @Test
  void aLongTableKeepsTheEntriesWithTheMostTimeLeft() {
    StringBuilder connections = new StringBuilder("Pro FromIP FPrt ToIP TPrt DestIP DPrt State\n");
    int total = IpvsProcParser.MAX_CONNECTIONS + 10;
    for (int i = 0; i < total; i++) {
      connections.append(
          String.format(
              "TCP 0A000108 %04X 0A000102 0050 0A000103 0050 TIME_WAIT %7d%n", i, i % 120));
    }
    Ipvs table = new IpvsProcParser().parse("", connections.toString());

    assertThat(table.connections()).hasSize(IpvsProcParser.MAX_CONNECTIONS);
    assertThat(table.connectionsOmitted()).isEqualTo(10);
  }
}
