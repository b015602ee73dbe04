package dev.sentinel.app.logging;

import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RolloverFailure;
import ch.qos.logback.core.rolling.helper.FileNamePattern;
import java.io.File;
import java.time.Duration;

/**
 * logback's fixed window of rotated files ({@code <file>.1.gz} newest … {@code <file>.N.gz}), which
 * also deletes rotated files older than {@code maxAge}, at start and after every rotation, as
 * lumberjack's {@code max_age} did. A file's age is its modification time: when it was rotated.
 */
final class RotatedFiles extends FixedWindowRollingPolicy {
  private final Duration maxAge;
  private FileNamePattern names;

  RotatedFiles(Duration maxAge) {
    this.maxAge = maxAge;
  }

  @Override
  public void start() {
    super.start();
    names = new FileNamePattern(getFileNamePattern(), getContext());
    deleteOld();
  }

  @Override
  public void rollover() throws RolloverFailure {
    super.rollover();
    deleteOld();
  }

  private void deleteOld() {
    long cutoff = System.currentTimeMillis() - maxAge.toMillis();
    for (int i = getMinIndex(); i <= getMaxIndex(); i++) {
      File rotated = new File(names.convertInt(i));
      long modified = rotated.lastModified(); // 0: no such file
      if (modified != 0 && modified < cutoff && !rotated.delete()) {
        addWarn("Cannot delete " + rotated + ", older than max_age");
      }
    }
  }
}
