package dev.sentinel.core.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in scalar values, from the environment. {@code $$} is
 * a literal dollar. Substitution happens on parsed values, so a variable can never change the YAML
 * structure.
 */
final class EnvSubstitution {
  private static final Pattern REF =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;

  EnvSubstitution(Map<String, String> env) {
    this.env = env;
  }

  /** Returns the substituted text, or throws naming the variable that is unset. */
  String apply(String text) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = REF.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = env.get(m.group(1));
        if (value == null || (value.isEmpty() && m.group(2) != null)) {
          if (m.group(2) == null) {
            throw new IllegalArgumentException(
                "environment variable "
                    + m.group(1)
                    + " is not set (set it, or write ${"
                    + m.group(1)
                    + ":-default})");
          }
          value = m.group(2);
        }
        replacement = value;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
