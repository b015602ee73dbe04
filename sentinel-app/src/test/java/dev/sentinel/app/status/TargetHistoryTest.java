package dev.sentinel.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetHistoryTest {
  @Test
  void foldsRunsOfOnePointAndKeepsAtMostThePointBound() {
    TargetHistory h = new TargetHistory(30);
    long t0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 30_000L);
    h.add(t0, 1, 2, 3, 0, true);
    h.add(t0 + 10_000, 0.5, 4, 9, 50, false);
    TargetHistory.Points p = h.points();
    assertThat(p.size()).isEqualTo(1);
    assertThat(p.low[0]).isEqualTo(0.5);
    assertThat(p.high[0]).isEqualTo(9);
    assertThat(p.middle[0]).isEqualTo(3);
    assertThat(p.loss[0]).isEqualTo(25);
    assertThat(p.success[0]).isEqualTo(0.5);

    // A day of 10-s runs: only the last POINTS points (3 h at 30 s) are held.
    for (int i = 1; i <= 8640; i++) {
      h.add(t0 + i * 10_000L, Double.NaN, 1, Double.NaN, 100, false);
    }
    p = h.points();
    assertThat(p.size()).isEqualTo(TargetHistory.POINTS);
    assertThat(p.time[p.size() - 1] - p.time[0]).isEqualTo((TargetHistory.POINTS - 1) * 30L);
    assertThat(p.time[p.size() - 1]).isEqualTo((t0 + 8640 * 10_000L) / 1000 / 30 * 30);
    assertThat(p.low[p.size() - 1]).isNaN(); // no RTT when nothing answered
    assertThat(p.loss[p.size() - 1]).isEqualTo(100);
  }

  @Test
  void aStepBackOfTheClockIsIgnored() {
    TargetHistory h = new TargetHistory(30);
    h.add(1_700_000_100_000L, 1, 1, 1, 0, true);
    h.add(1_700_000_000_000L, 5, 5, 5, 0, true);
    assertThat(h.points().size()).isEqualTo(1);
    assertThat(h.points().middle[0]).isEqualTo(1);
  }

  @Test
  void successRatiosCoverTheLastHourAndDay() {
    SuccessWindow w = new SuccessWindow();
    long now = 1_700_000_000_000L;
    w.record(now - 2 * 3_600_000L, false); // two hours ago: in the day, not in the hour
    w.record(now - 60_000L, true);
    w.record(now, true);
    assertThat(w.lastHour(now)).isEqualTo(1.0);
    assertThat(w.lastDay(now)).isEqualTo(2 / 3.0);
    assertThat(w.lastHour(now + 2 * 3_600_000L)).isNaN();
    assertThat(new SuccessWindow().lastDay(now)).isNaN();
  }
}
