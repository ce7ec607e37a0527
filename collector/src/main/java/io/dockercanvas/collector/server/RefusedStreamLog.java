package io.dockercanvas.collector.server;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs gRPC streams the transport itself refused, e.g. a message beyond the maximum inbound size:
 * grpc-java then resets the stream (the client only sees CANCELLED) and no service code runs, so
 * this is where the reason can still be told.
 */
final class RefusedStreamLog extends ServerStreamTracer.Factory {

  /**
   * Messages larger than this are refused; an agent's batches stay far below it (1000 observations
   * ~ 300 KB).
   */
  static final int MAX_MESSAGE_BYTES = 4 << 20;

  private static final Logger log = LoggerFactory.getLogger(RefusedStreamLog.class);

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    return new ServerStreamTracer() {
      @Override
      public void streamClosed(Status status) {
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
          log.warn("refused a {} stream: {}", fullMethodName, status.getDescription());
        }
      }
    };
  }
}
