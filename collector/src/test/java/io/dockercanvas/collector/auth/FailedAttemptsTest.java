package io.dockercanvas.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));

  @Test
  void tenWrongTokensWithinAMinute_thatAddressWaitsUntilTheOldestLeavesTheWindow() {
    FailedAttempts attempts = new FailedAttempts(clock);
    for (int i = 0; i < FailedAttempts.LIMIT; i++) {
      assertThat(attempts.waitFor("198.51.100.7")).isZero();
      attempts.failed("198.51.100.7");
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(attempts.waitFor("198.51.100.7")).isEqualTo(Duration.ofSeconds(50));
    assertThat(attempts.waitFor("198.51.100.8")).as("another address").isZero();

    clock.advance(Duration.ofSeconds(50));
    assertThat(attempts.waitFor("198.51.100.7")).as("the first failure left the window").isZero();
    attempts.failed("198.51.100.7");
    assertThat(attempts.waitFor("198.51.100.7"))
        .as("nine in the window and this one")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void rightToken_countStartsAgain() {
    FailedAttempts attempts = new FailedAttempts(clock);
    for (int i = 0; i < FailedAttempts.LIMIT - 1; i++) {
      attempts.failed("198.51.100.7");
    }
    attempts.succeeded("198.51.100.7");
    attempts.failed("198.51.100.7");
    assertThat(attempts.waitFor("198.51.100.7")).isZero();
  }

  @Test
  void moreAddressesThanTracked_theRestShareOneCount() {
    FailedAttempts attempts = new FailedAttempts(2, Duration.ofMinutes(1), 2, clock);
    attempts.failed("198.51.100.1");
    attempts.failed("198.51.100.2");
    attempts.failed("198.51.100.3");
    assertThat(attempts.waitFor("198.51.100.4")).isZero();
    attempts.failed("198.51.100.4");
    assertThat(attempts.waitFor("198.51.100.5"))
        .as("3 and 4 counted together")
        .isEqualTo(Duration.ofMinutes(1));

    clock.advance(Duration.ofMinutes(1));
    attempts.failed("198.51.100.6");
    attempts.failed("198.51.100.6");
    assertThat(attempts.waitFor("198.51.100.6"))
        .as("old addresses forgotten, 6 tracked on its own")
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(attempts.waitFor("198.51.100.7")).isZero();
  }

  @Test
  void retryAfterSeconds_roundedUp() {
    assertThat(FailedAttempts.seconds(Duration.ofMillis(59_001))).isEqualTo(60);
    assertThat(FailedAttempts.seconds(Duration.ofSeconds(60))).isEqualTo(60);
    assertThat(FailedAttempts.seconds(Duration.ofMillis(1))).isEqualTo(1);
  }
}
