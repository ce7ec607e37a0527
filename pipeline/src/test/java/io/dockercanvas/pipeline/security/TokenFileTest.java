package io.dockercanvas.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

  @TempDir Path dir;

  @Test
  void choose_fileGiven_itsTokenWithoutTheTrailingNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("canvas_token"), "s3cret\n");

    assertThat(TokenFile.choose("from-env", file)).isEqualTo("s3cret");
  }

  @Test
  void choose_noFile_theTokenOption() {
    assertThat(TokenFile.choose("from-env", null)).isEqualTo("from-env");
    assertThat(TokenFile.choose(null, null)).isNull();
  }

  @Test
  void choose_twoLines_refused() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "a\nb\n");

    assertThatThrownBy(() -> TokenFile.choose(null, file))
        .hasMessageContaining("more than one line");
  }
}
