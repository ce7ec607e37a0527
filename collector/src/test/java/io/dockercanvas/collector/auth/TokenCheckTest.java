package io.dockercanvas.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenCheckTest {

  @Test
  void onlyTheWholeTokenMatches() {
    TokenCheck check = new TokenCheck("s3cret-t0ken");
    assertThat(check.matches("s3cret-t0ken")).isTrue();
    assertThat(check.matches("s3cret-t0ke")).isFalse();
    assertThat(check.matches("s3cret-t0ken ")).isFalse();
    assertThat(check.matches("S3cret-t0ken")).isFalse();
    assertThat(check.matches("")).isFalse();
    assertThat(check.matches(null)).isFalse();
  }

  /**
   * A guess right up to its last character takes as long to refuse as one wrong from the first.
   * Measured in pairs, in alternating order, so a busy machine slows both alike; a compare that
   * stops at the first difference (String.equals) gives a median ratio of about 30 here, this one
   * about 1.
   */
  @Test
  void refusingAGuess_takesAsLongWhereverItGoesWrong() {
    char[] chars = new char[256 * 1024];
    Arrays.fill(chars, 'a');
    String token = new String(chars);
    chars[0] = 'b';
    String wrongFirst = new String(chars);
    chars[0] = 'a';
    chars[chars.length - 1] = 'b';
    String wrongLast = new String(chars);
    TokenCheck check = new TokenCheck(token);

    double[] ratios = new double[101];
    for (int i = -20; i < ratios.length; i++) { // the first 20 warm up
      boolean lastFirst = (i & 1) == 1;
      long t0 = System.nanoTime();
      boolean a = check.matches(lastFirst ? wrongLast : wrongFirst);
      long t1 = System.nanoTime();
      boolean b = check.matches(lastFirst ? wrongFirst : wrongLast);
      long t2 = System.nanoTime();
      assertThat(a || b).isFalse();
      if (i >= 0) {
        ratios[i] = lastFirst ? (double) (t1 - t0) / (t2 - t1) : (double) (t2 - t1) / (t1 - t0);
      }
    }
    Arrays.sort(ratios);
    assertThat(ratios[ratios.length / 2])
        .as("median time, wrong at the end / wrong at the start")
        .isBetween(0.5, 2.0);
  }
}
