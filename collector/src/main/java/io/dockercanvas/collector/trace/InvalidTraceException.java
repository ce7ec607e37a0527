package io.dockercanvas.collector.trace;

/** A trace request the collector refuses; the message starts with the field at fault. */
public final class InvalidTraceException extends Exception {

  /** Why: a field's value, or the registry being full. */
  public enum Kind {
    INVALID_FIELD,
    TOO_MANY
  }

  private final Kind kind;

  InvalidTraceException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
