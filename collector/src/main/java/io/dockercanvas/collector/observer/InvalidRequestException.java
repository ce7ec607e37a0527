package io.dockercanvas.collector.observer;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A request the API refuses; the message names the offending field. Becomes INVALID_ARGUMENT. */
public final class InvalidRequestException extends IllegalArgumentException {

  public InvalidRequestException(String message) {
    super(message);
  }

  StatusRuntimeException toStatus() {
    return Status.INVALID_ARGUMENT.withDescription(getMessage()).asRuntimeException();
  }
}
