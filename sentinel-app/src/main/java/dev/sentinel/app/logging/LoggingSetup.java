package dev.sentinel.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.sentinel.core.config.LoggingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.*} to logback. This is logback's configuration expressed in code because
 * its inputs come from our YAML; no other class touches logback.
 */
public final class LoggingSetup {
  private LoggingSetup() {}

  public static void apply(LoggingConfig config) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.level(), Level.INFO));
    // Third-party libraries talk too much at INFO (Quartz prints its banner; pcap4j a line per
    // capture opened, started and closed).
    context.getLogger("org.quartz").setLevel(Level.WARN);
    context.getLogger("okhttp3").setLevel(Level.WARN);
    context.getLogger("org.pcap4j").setLevel(Level.WARN);
    if (config.toStdout()) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setContext(context);
      console.setName("stdout");
      console.setEncoder(encoder(config, context));
      console.start();
      root.addAppender(console);
    }
    if (config.toFile()) {
      RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
      file.setContext(context);
      file.setName("file");
      file.setFile(config.filePath());
      // lumberjack's rules: rotate past max_size, keep max_backups rotated files, none older than
      // max_age.
      RotatedFiles policy = new RotatedFiles(config.maxAge());
      policy.setContext(context);
      policy.setParent(file);
      policy.setFileNamePattern(config.filePath() + ".%i.gz");
      policy.setMinIndex(1);
      policy.setMaxIndex(config.maxBackups());
      policy.start();
      SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
      trigger.setContext(context);
      trigger.setMaxFileSize(new FileSize(config.maxSizeBytes()));
      // logback's default looks at the file's size once a minute, which lets a burst grow it far
      // past max_size.
      trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildBySeconds(1));
      trigger.start();
      file.setRollingPolicy(policy);
      file.setTriggeringPolicy(trigger);
      file.setEncoder(encoder(config, context));
      file.start();
      root.addAppender(file);
    }
  }

  private static Encoder<ILoggingEvent> encoder(LoggingConfig config, LoggerContext context) {
    Encoder<ILoggingEvent> encoder;
    if (config.format().equals("json")) {
      encoder = new JsonLineEncoder();
    } else {
      PatternLayoutEncoder pattern = new PatternLayoutEncoder();
      pattern.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{24} - %msg %kvp%n");
      encoder = pattern;
    }
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  /** Flushes and closes the appenders (call last, before exit). */
  public static void stop() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }
}
