package dev.sentinel.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one Quartz user: fires on time, passes the scheduled time, stops when closed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class QuartzTaskSchedulerTest {
  private final QuartzTaskScheduler scheduler = new QuartzTaskScheduler(2);

  /** When a fire was scheduled for, and when it came (ms since the epoch). */
  private record Fire(long scheduledMs, long firedMs) {}

  @AfterEach
  void close() {
    scheduler.close();
  }

  private static LongConsumer recordInto(List<Fire> fires) {
    return scheduled -> fires.add(new Fire(scheduled, System.currentTimeMillis()));
  }

  /**
   * Starts the scheduler with one task every {@code interval}; returns its fires once there are
   * {@code n}.
   */
  private List<Fire> firesOfAnEveryTask(Duration interval, int n) {
    List<Fire> fires = new CopyOnWriteArrayList<>();
    scheduler.every("t", interval, recordInto(fires));
    scheduler.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> fires.size() >= n);
    return fires;
  }

  @Test
  void anEveryTaskFiresRepeatedlyExactlyOneIntervalApart() {
    List<Fire> fires = firesOfAnEveryTask(Duration.ofMillis(100), 5);

    for (int i = 1; i < 5; i++) {
      assertThat(fires.get(i).scheduledMs() - fires.get(i - 1).scheduledMs())
          .as("fire %d", i)
          .isEqualTo(100);
    }
  }

  @Test
  void eachFirePassesTheTimeItWasScheduledFor() {
    List<Fire> fires = firesOfAnEveryTask(Duration.ofMillis(100), 3);

    assertThat(fires)
        .allSatisfy(f -> assertThat(f.firedMs() - f.scheduledMs()).isBetween(0L, 1_000L));
  }

  @Test
  void theFirstFireComesAtARandomOffsetBelowTheInterval() {
    Map<String, Long> first = new ConcurrentHashMap<>();
    long before = System.currentTimeMillis();
    for (int i = 0; i < 20; i++) {
      String id = "t" + i;
      scheduler.every(id, Duration.ofSeconds(1), scheduled -> first.putIfAbsent(id, scheduled));
    }
    long after = System.currentTimeMillis();
    scheduler.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 20);

    assertThat(first.values()).allSatisfy(t -> assertThat(t).isBetween(before, after + 999));
    assertThat(first.values().stream().distinct().count())
        .as("spread, not all at once")
        .isGreaterThan(10);
  }

  @Test
  void aCronTaskFiresOnItsSchedule() {
    List<Fire> fires = new CopyOnWriteArrayList<>();
    scheduler.cron("c", "* * * * * ?", recordInto(fires));
    scheduler.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> fires.size() >= 2);

    assertThat(fires)
        .allSatisfy(f -> assertThat(f.scheduledMs() % 1000).as("on the second").isZero());
    assertThat(fires.get(1).scheduledMs() - fires.get(0).scheduledMs()).isEqualTo(1000);
  }

  @Test
  void closeStopsFiringAndReturnsPromptly() {
    List<Fire> fires = firesOfAnEveryTask(Duration.ofMillis(50), 3);

    long t0 = System.nanoTime();
    scheduler.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

    int atClose = fires.size();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> fires.size() == atClose);
  }

  @Test
  void closingTwiceOrBeforeStartIsHarmless() {
    QuartzTaskScheduler unstarted = new QuartzTaskScheduler(1);
    assertThatCode(
            () -> {
              unstarted.close();
              unstarted.close();
              scheduler.start();
              scheduler.close();
              scheduler.close();
            })
        .doesNotThrowAnyException();
  }

  @Test
  void schedulersAreIndependent() {
    QuartzTaskScheduler second = new QuartzTaskScheduler(1);
    List<Fire> mine = new CopyOnWriteArrayList<>();
    List<Fire> theirs = new CopyOnWriteArrayList<>();
    scheduler.every("same-id", Duration.ofMillis(50), recordInto(mine));
    second.every("same-id", Duration.ofMillis(50), recordInto(theirs));
    scheduler.start();
    second.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !mine.isEmpty() && !theirs.isEmpty());

    second.close();
    int before = mine.size();
    await().atMost(Duration.ofSeconds(10)).until(() -> mine.size() >= before + 3);
  }
}
