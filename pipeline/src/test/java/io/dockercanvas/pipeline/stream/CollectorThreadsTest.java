package io.dockercanvas.pipeline.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.PacketObservation;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collector channel's threads over real TCP reconnects: exactly the two fixed ones, never
 * gRPC's pooled defaults (which come and go and made the agent's thread count drift), and gone
 * after close.
 */
class CollectorThreadsTest {

  private static final NodeTopology TOPOLOGY =
      NodeTopology.newBuilder()
          .setNode(
              Node.newBuilder()
                  .setId("node1")
                  .setHostname("node1")
                  .setAdvertiseAddress("203.0.113.11"))
          .build();

  private final TestIngest ingest = new TestIngest();
  private final EventLoopGroup serverLoop =
      new MultiThreadIoEventLoopGroup(
          1,
          (java.util.concurrent.ThreadFactory) r -> new Thread(r, "test-collector"),
          NioIoHandler.newFactory());
  private Server server;

  private void startServer(int port) throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .bossEventLoopGroup(serverLoop)
            .workerEventLoopGroup(serverLoop)
            .channelType(NioServerSocketChannel.class)
            .directExecutor()
            .addService(ServerInterceptors.intercept(ingest, ingest))
            .build()
            .start();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void streamOverReconnects_usesOnlyTheTwoFixedThreads_whichEndOnClose() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    startServer(0);
    int port = server.getPort();
    CollectorThreads threads = new CollectorThreads();
    ManagedChannel channel =
        threads.applyTo(NettyChannelBuilder.forAddress("127.0.0.1", port)).usePlaintext().build();
    ExportBuffer buffer = new ExportBuffer("node1", 1000);
    CollectorStream stream =
        new CollectorStream(channel, "", buffer, () -> TOPOLOGY, policy -> {}, 16, "test").start();
    for (int connection = 1; connection <= 3; connection++) {
      buffer.observation(
          PacketObservation.newBuilder().setFingerprint(connection).setCaplen(60).build());
      long delivered = connection;
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> ingest.observationsDelivered() >= delivered);
      server
          .shutdownNow()
          .awaitTermination(5, TimeUnit.SECONDS); // the stream breaks; the agent reconnects
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> { // the port is freed asynchronously
                startServer(port);
                return true;
              });
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> ingest.connections.size() >= 4);

    List<Thread> grpcThreads =
        newThreads(before).stream().filter(t -> t.getName().startsWith("grpc")).toList();
    assertThat(grpcThreads)
        .extracting(Thread::getName)
        .containsExactlyInAnyOrder("grpc-event-loop", "grpc-callbacks");

    stream.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    threads.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> grpcThreads.stream().noneMatch(Thread::isAlive));
  }

  private static List<Thread> newThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).toList();
  }
}
