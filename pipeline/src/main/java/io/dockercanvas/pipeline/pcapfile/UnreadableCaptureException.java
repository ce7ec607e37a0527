package io.dockercanvas.pipeline.pcapfile;

import java.io.IOException;

/** The file is not a capture that can be read at all: missing, empty, or of another format. */
public final class UnreadableCaptureException extends IOException {
  private final long offset;

  public UnreadableCaptureException(String message, long offset) {
    super(message);
    this.offset = offset;
  }

  /** Byte offset the problem was found at, or -1 when it is not about the content. */
  public long offset() {
    return offset;
  }
}
