package dev.sentinel.app.status;

import dev.sentinel.core.model.JsonText;

/**
 * A small JSON writer for the status API: objects, arrays, strings, numbers (NaN and infinities as
 * null), booleans. Commas are placed for the caller.
 */
final class JsonOut {
  private final StringBuilder sb = new StringBuilder(4096);
  private boolean needComma;

  JsonOut begin() {
    comma();
    sb.append('{');
    needComma = false;
    return this;
  }

  JsonOut end() {
    sb.append('}');
    needComma = true;
    return this;
  }

  JsonOut beginArray() {
    comma();
    sb.append('[');
    needComma = false;
    return this;
  }

  JsonOut endArray() {
    sb.append(']');
    needComma = true;
    return this;
  }

  JsonOut key(String name) {
    comma();
    JsonText.quote(sb, name);
    sb.append(':');
    needComma = false;
    return this;
  }

  JsonOut field(String name, String value) {
    key(name);
    JsonText.quote(sb, value);
    needComma = true;
    return this;
  }

  JsonOut field(String name, double value) {
    key(name);
    number(value);
    return this;
  }

  JsonOut field(String name, boolean value) {
    key(name);
    sb.append(value);
    needComma = true;
    return this;
  }

  JsonOut nullField(String name) {
    key(name);
    sb.append("null");
    needComma = true;
    return this;
  }

  JsonOut raw(String json) {
    comma();
    sb.append(json);
    needComma = true;
    return this;
  }

  JsonOut element(double value) {
    comma();
    number(value);
    return this;
  }

  JsonOut element(String value) {
    comma();
    JsonText.quote(sb, value);
    needComma = true;
    return this;
  }

  /**
   * {@code "name":[...]} of {@code values} to six decimals (the history holds floats: more digits
   * would be noise), NaN as null.
   */
  JsonOut column(String name, double[] values) {
    key(name).beginArray();
    for (double v : values) {
      element(Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v);
    }
    return endArray();
  }

  private void number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      sb.append("null");
    } else {
      JsonText.number(sb, v);
    }
    needComma = true;
  }

  private void comma() {
    if (needComma) {
      sb.append(',');
    }
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
