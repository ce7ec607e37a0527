package io.dockercanvas.collector.journey;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a packet got where it was going and, if not, where it stopped and why.
 *
 * @param lastPoint the last expected point that saw the packet; null when none did
 * @param expectedNext the captured point it should have reached next; null unless STOPPED (or
 *     UNKNOWN for kernel drops there)
 * @param cause NONE when delivered without a problem
 * @param facts what the cause was concluded from ({@code from_node}, {@code outer_dst}, ...), in
 *     the order the reason uses them
 * @param answer for a request (TCP SYN, ICMP echo request): whether its reply came within the
 *     window; {@link Answer#NOT_A_REQUEST} otherwise
 */
public record JourneyVerdict(
    State state,
    PathPoint lastPoint,
    PathPoint expectedNext,
    StopCause cause,
    Map<String, String> facts,
    Answer answer) {

  public enum State {
    DELIVERED,
    STOPPED,
    UNKNOWN
  }

  public enum Answer {
    NOT_A_REQUEST,
    ANSWERED,
    UNANSWERED
  }

  public JourneyVerdict {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(answer, "answer");
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  public static JourneyVerdict delivered(PathPoint last) {
    return new JourneyVerdict(
        State.DELIVERED, last, null, StopCause.NONE, Map.of(), Answer.NOT_A_REQUEST);
  }

  public JourneyVerdict withAnswer(Answer answer) {
    return new JourneyVerdict(state, lastPoint, expectedNext, cause, facts, answer);
  }

  public JourneyVerdict withCause(StopCause cause, Map<String, String> facts) {
    return new JourneyVerdict(state, lastPoint, expectedNext, cause, facts, answer);
  }

  /** A problem worth showing: stopped, unanswered, refused or without a listener. */
  public boolean problem() {
    return state == State.STOPPED
        || answer == Answer.UNANSWERED
        || cause == StopCause.RESET_BY_DESTINATION
        || cause == StopCause.NO_LISTENER;
  }

  /** The verdict in words, from its cause and facts. */
  public String reason() {
    return VerdictReasons.text(this);
  }
}
