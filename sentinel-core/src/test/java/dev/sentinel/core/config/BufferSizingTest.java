package dev.sentinel.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BufferSizingTest {
  private static final long HEAP = 256L << 20;

  /** A task whose runs make {@code samples} samples every {@code interval}. */
  private static TaskConfig task(String id, Duration interval, int samples) {
    ProbeSpec spec =
        ProbeSpec.of(Set.of(), samples, () -> context -> ProbeResult.success(List.of()));
    return new TaskConfig(id, id, "fake", interval, "", interval, true, Labels.EMPTY, spec);
  }

  private static Section section(Problems p, int line) {
    return new Section(
        "buffer", ConfigNode.map(Map.of("size", ConfigNode.scalar("x", line)), line - 1), p);
  }

  @Test
  void theDefaultHoldsFiveMinutesOfWhatTheTasksProduce() {
    Problems p = new Problems("c.yaml");
    // The case: 1000 ping targets (~12 series each) every 15 s: ~800 samples/s.
    int size =
        BufferSizing.size(
            null,
            List.of(task("wan", Duration.ofSeconds(15), 12_000)),
            Duration.ofSeconds(10),
            HEAP,
            section(p, 3));
    assertThat(size).isEqualTo(240_020);
    assertThat(p.warnings()).isEmpty();
    assertThat(p.errors()).isEmpty();
  }

  @Test
  void smallConfigsKeepTheOldDefaultOfTenThousand() {
    Problems p = new Problems("c.yaml");
    assertThat(
            BufferSizing.size(
                null,
                List.of(task("ping", Duration.ofSeconds(10), 12)),
                Duration.ofSeconds(10),
                HEAP,
                section(p, 3)))
        .isEqualTo(10_000);
  }

  @Test
  void theDefaultLeavesTheHeapShareToTheBufferAndSaysSoWhenThatIsTooLittle() {
    Problems p = new Problems("c.yaml");
    // 100,000 targets every 10 s: 120,000 samples/s, far beyond what 40 % of 256 MiB holds.
    int size =
        BufferSizing.size(
            null,
            List.of(task("big", Duration.ofSeconds(10), 1_200_000)),
            Duration.ofSeconds(10),
            HEAP,
            section(p, 3));
    // Five minutes' worth: the buffer's own byte limit (40 % of the heap) is what holds it back.
    assertThat(size).isEqualTo(36_000_030);
    assertThat(p.warnings())
        .singleElement()
        .asString()
        .startsWith(
            "c.yaml:3: buffer.size: the memory buffer may hold about "
                + BufferSizing.memoryLimit(HEAP) / 141
                + " samples (102MiB of the 256MiB heap, at 141 bytes a sample), less than 3 flush"
                + " intervals");
  }

  @Test
  void aConfiguredSizeThatCannotFitTheHeapIsRefusedWithTheNumbers() {
    Problems p = new Problems("c.yaml");
    BufferSizing.size(
        5_000_000,
        List.of(task("t", Duration.ofSeconds(10), 10)),
        Duration.ofSeconds(10),
        HEAP,
        section(p, 4));
    assertThat(p.errors())
        .containsExactly(
            "c.yaml:4: buffer.size: 5000000 samples need about 672MiB of memory (about 141 bytes"
                + " each), but the buffer may use 102MiB (40% of this JVM's 256MiB heap), enough"
                + " for 761519: lower it, use type: disk, or give Sentinel more heap"
                + " (JAVA_OPTS=-Xmx…)");
  }

  @Test
  void aConfiguredSizeThatDropsWhileAllIsWellIsWarnedAbout() {
    Problems p = new Problems("c.yaml");
    int size =
        BufferSizing.size(
            10_000,
            List.of(task("wan", Duration.ofSeconds(15), 12_000)),
            Duration.ofSeconds(10),
            HEAP,
            section(p, 4));
    assertThat(size).isEqualTo(10_000);
    assertThat(p.warnings())
        .containsExactly(
            "c.yaml:4: buffer.size: 10000 samples hold less than 3 flush intervals of what the"
                + " tasks produce (about 8001 samples per 10s, 12001 in the largest run): samples"
                + " will be dropped (buffer_full) even while every destination is healthy; raise it"
                + " to at least 36004, or leave it out to size it from the tasks");
  }
}
