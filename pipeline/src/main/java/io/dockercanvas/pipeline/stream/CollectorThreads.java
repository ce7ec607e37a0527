package io.dockercanvas.pipeline.stream;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads the collector channel runs on, fixed in number: one Netty event loop and one thread
 * for gRPC's callbacks and name resolution. gRPC's defaults are a cached pool (threads come and go
 * with 60 s idle time) and an event loop group that starts threads lazily with each reconnect, so
 * the agent's thread count would drift, and a leak check (threads back to their starting count
 * after namespaces come and go) could not tell a leak from that drift. One stream needs no more
 * than one thread of each.
 */
public final class CollectorThreads implements AutoCloseable {

  private final EventLoopGroup eventLoop =
      new MultiThreadIoEventLoopGroup(1, daemon("grpc-event-loop"), NioIoHandler.newFactory());
  private final ExecutorService callbacks =
      Executors.newSingleThreadExecutor(daemon("grpc-callbacks"));

  /**
   * Makes {@code builder}'s channel use these threads (and NIO sockets, matching the event loop).
   */
  public NettyChannelBuilder applyTo(NettyChannelBuilder builder) {
    return builder
        .eventLoopGroup(eventLoop)
        .channelType(NioSocketChannel.class)
        .executor(callbacks)
        .offloadExecutor(callbacks);
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Ends both threads; call after the channel was shut down. */
  @Override
  public void close() {
    eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    callbacks.shutdownNow();
  }
}
