package dev.sentinel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself: a missing binary fails loudly; close stops the process and cleans up. */
class ExternalServerTest {
  @Test
  void missingBinaryFailsWithAClearMessage() {
    assertThatThrownBy(
            () ->
                new ExternalServer("Nothing", Path.of("/usr/bin/no-such-sentinel-binary")) {
                  @Override
                  protected List<String> command(int port, Path dir) {
                    return List.of();
                  }

                  @Override
                  protected String healthPath() {
                    return "/";
                  }
                })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/usr/bin/no-such-sentinel-binary")
        .hasMessageContaining("apt-get install");
  }

  @Test
  void closeStopsTheServerAndDeletesItsDirectory() {
    VictoriaMetricsServer vm = VictoriaMetricsServer.start();
    Path dir = vm.directory();
    assertThat(vm.isRunning()).isTrue();
    assertThat(vm.writeUrl()).startsWith("http://127.0.0.1:").endsWith("/api/v1/write");
    assertThat(vm.export("{__name__=\"nothing_here\"}")).isEmpty();
    vm.close();
    assertThat(vm.isRunning()).isFalse();
    assertThat(Files.exists(dir)).isFalse();
  }
}
