package dev.sentinel.app.reload;

import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.engine.Engine;
import dev.sentinel.core.options.ConfigException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config: reads and validates the whole file first; with any problem nothing changes
 * (each problem is logged at ERROR as {@code file:line: key: message}, the old config keeps
 * running); otherwise the engine applies the difference and one INFO line gives the counts. One
 * reload at a time; the last one's result is kept for the status page and the self-metrics.
 */
public final class Reloader {
  private static final Logger logger = LoggerFactory.getLogger(Reloader.class);

  /** The last load: at start ({@code trigger} "start") or by a reload. */
  public record State(
      long timeMs,
      boolean successful,
      String trigger,
      String message,
      List<String> problems,
      List<String> restartRequired) {}

  private final Engine engine;
  private final Supplier<SentinelConfig> loader;
  private final Consumer<SentinelConfig> beforeApply;
  private final Consumer<SentinelConfig> afterApply;
  private final Clock clock;
  private volatile State state;

  /**
   * @param loader reads and validates the file; throws {@link ConfigException} with every problem
   * @param beforeApply runs with a valid new config before the engine applies it (e.g. preparing
   *     the plugins of new tasks)
   * @param afterApply runs after (e.g. logging levels)
   */
  public Reloader(
      Engine engine,
      Supplier<SentinelConfig> loader,
      Consumer<SentinelConfig> beforeApply,
      Consumer<SentinelConfig> afterApply,
      Clock clock) {
    this.engine = engine;
    this.loader = loader;
    this.beforeApply = beforeApply;
    this.afterApply = afterApply;
    this.clock = clock;
    this.state = new State(clock.millis(), true, "start", "loaded at start", List.of(), List.of());
    engine.metrics().configLoaded(true, false, clock.millis() / 1000.0);
  }

  public State state() {
    return state;
  }

  /** Reloads now; {@code trigger} is {@code signal}, {@code http} or {@code file}. */
  public synchronized State reload(String trigger) {
    logger.atInfo().setMessage("Reloading config").addKeyValue("trigger", trigger).log();
    SentinelConfig next;
    try {
      next = loader.get();
    } catch (ConfigException e) {
      for (String problem : e.problems()) {
        logger.atError().setMessage(problem).addKeyValue("trigger", trigger).log();
      }
      logger
          .atError()
          .setMessage(
              "Config reload failed: "
                  + e.problems().size()
                  + " problem(s); the running config is unchanged")
          .addKeyValue("trigger", trigger)
          .log();
      return failed(trigger, e.problems());
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      logger
          .atError()
          .setMessage("Config reload failed: " + why + "; the running config is unchanged")
          .addKeyValue("trigger", trigger)
          .log();
      return failed(trigger, List.of(why));
    }
    next.warnings().forEach(w -> logger.atWarn().setMessage(w).log());
    beforeApply.accept(next);
    Engine.Reload r = engine.reload(next);
    afterApply.accept(next);
    List<String> restart = new ArrayList<>(r.restartRequired());
    if (!restart.isEmpty()) {
      logger
          .atWarn()
          .setMessage(
              "Config reload: "
                  + String.join(", ", restart)
                  + " changed, which takes effect at the next restart; the rest is applied")
          .log();
    }
    logger
        .atInfo()
        .setMessage("Config reloaded: " + r.summary())
        .addKeyValue("trigger", trigger)
        .addKeyValue("tasks_kept", r.tasksKept().size())
        .addKeyValue("tasks_changed", r.tasksChanged().size())
        .addKeyValue("tasks_added", r.tasksAdded().size())
        .addKeyValue("tasks_removed", r.tasksRemoved().size())
        .addKeyValue("destinations_kept", r.destinationsKept().size())
        .addKeyValue("destinations_changed", r.destinationsChanged().size())
        .addKeyValue("destinations_added", r.destinationsAdded().size())
        .addKeyValue("destinations_removed", r.destinationsRemoved().size())
        .addKeyValue("identity_changed", r.identityChanged())
        .addKeyValue("duration_ms", r.took().toMillis())
        .log();
    long now = clock.millis();
    engine.metrics().configLoaded(true, true, now / 1000.0);
    state = new State(now, true, trigger, r.summary(), List.of(), List.copyOf(restart));
    return state;
  }

  private State failed(String trigger, List<String> problems) {
    long now = clock.millis();
    engine.metrics().configLoaded(false, true, now / 1000.0);
    state =
        new State(
            now,
            false,
            trigger,
            "reload failed; the previous config still runs",
            List.copyOf(problems),
            List.of());
    return state;
  }
}
