package dev.sentinel.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What a user sees from one {@code sentinel …} command line: exit code, stdout, stderr. */
record Cli(int code, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }
}
