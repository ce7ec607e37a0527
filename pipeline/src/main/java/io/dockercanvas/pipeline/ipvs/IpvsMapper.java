package io.dockercanvas.pipeline.ipvs;

import io.dockercanvas.proto.v1.IpvsConnection;
import io.dockercanvas.proto.v1.IpvsRealServer;
import io.dockercanvas.proto.v1.IpvsService;

/**
 * {@link Ipvs} to and from the contract's {@code Namespace.ipvs}: the agent writes it, the
 * collector reads it and writes it again for its API, so both directions live here and stay each
 * other's inverse.
 */
public final class IpvsMapper {

  private IpvsMapper() {}

  public static io.dockercanvas.proto.v1.Ipvs toProto(Ipvs ipvs) {
    var out =
        io.dockercanvas.proto.v1.Ipvs.newBuilder().setConnectionsOmitted(ipvs.connectionsOmitted());
    for (Ipvs.Service s : ipvs.services()) {
      var service =
          IpvsService.newBuilder()
              .setProtocol(s.protocol())
              .setAddress(s.address())
              .setPort(s.port())
              .setFwmark((int) s.fwmark())
              .setScheduler(s.scheduler());
      for (Ipvs.RealServer r : s.realServers()) {
        service.addRealServers(
            IpvsRealServer.newBuilder()
                .setAddress(r.address())
                .setPort(r.port())
                .setForward(r.forward())
                .setWeight(r.weight())
                .setActiveConnections(r.activeConnections())
                .setInactiveConnections(r.inactiveConnections()));
      }
      out.addServices(service);
    }
    for (Ipvs.Connection c : ipvs.connections()) {
      out.addConnections(
          IpvsConnection.newBuilder()
              .setProtocol(c.protocol())
              .setClientAddress(c.clientAddress())
              .setClientPort(c.clientPort())
              .setVirtualAddress(c.virtualAddress())
              .setVirtualPort(c.virtualPort())
              .setDestinationAddress(c.destinationAddress())
              .setDestinationPort(c.destinationPort())
              .setState(c.state()));
    }
    return out.build();
  }

  public static Ipvs fromProto(io.dockercanvas.proto.v1.Ipvs ipvs) {
    return new Ipvs(
        ipvs.getServicesList().stream()
            .map(
                s ->
                    new Ipvs.Service(
                        s.getProtocol(),
                        s.getAddress(),
                        s.getPort(),
                        Integer.toUnsignedLong(s.getFwmark()),
                        s.getScheduler(),
                        s.getRealServersList().stream()
                            .map(
                                r ->
                                    new Ipvs.RealServer(
                                        r.getAddress(),
                                        r.getPort(),
                                        r.getForward(),
                                        r.getWeight(),
                                        r.getActiveConnections(),
                                        r.getInactiveConnections()))
                            .toList()))
            .toList(),
        ipvs.getConnectionsList().stream()
            .map(
                c ->
                    new Ipvs.Connection(
                        c.getProtocol(),
                        c.getClientAddress(),
                        c.getClientPort(),
                        c.getVirtualAddress(),
                        c.getVirtualPort(),
                        c.getDestinationAddress(),
                        c.getDestinationPort(),
                        c.getState()))
            .toList(),
        ipvs.getConnectionsOmitted());
  }
}
