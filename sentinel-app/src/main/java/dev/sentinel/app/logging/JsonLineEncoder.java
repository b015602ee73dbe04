package dev.sentinel.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.sentinel.core.model.JsonText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code ts}, {@code level}, {@code logger}, {@code msg}, then the
 * event's key/value pairs as top-level fields (numbers and booleans unquoted), so users can grep
 * {@code "msg":"Sender stopped","success_count":12}.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final Set<String> OWN = Set.of("ts", "level", "logger", "msg");

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"ts\":\"")
        .append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .append("\",\"level\":\"")
        .append(event.getLevel())
        .append("\",\"logger\":");
    string(sb, event.getLoggerName());
    sb.append(",\"msg\":");
    string(sb, event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        if (OWN.contains(kv.key)) {
          continue;
        }
        sb.append(',');
        string(sb, kv.key);
        sb.append(':');
        value(sb, kv.value);
      }
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      sb.append(",\"exception\":");
      string(sb, t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
      StringBuilder stack = new StringBuilder();
      for (StackTraceElementProxy e : t.getStackTraceElementProxyArray()) {
        stack.append(e.getSTEAsString()).append('\n');
      }
      sb.append(",\"stack\":");
      string(sb, stack.toString());
    }
    sb.append("}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  private static void value(StringBuilder sb, Object v) {
    if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
      sb.append(d);
    } else if (v instanceof Float f && !f.isNaN() && !f.isInfinite()) {
      sb.append(f);
    } else {
      string(sb, String.valueOf(v));
    }
  }

  private static void string(StringBuilder sb, String s) {
    JsonText.quote(sb, s);
  }
}
