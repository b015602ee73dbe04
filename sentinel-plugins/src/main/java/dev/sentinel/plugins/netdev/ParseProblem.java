package dev.sentinel.plugins.netdev;

/**
 * A line of a kernel file that could not be read (skipped, counted and reported), or with line 0 a
 * whole file that could not be read.
 */
record ParseProblem(String file, int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? file + " line " + line + ": " + message : message;
  }
}
