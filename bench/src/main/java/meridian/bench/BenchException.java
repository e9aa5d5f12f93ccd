package meridian.bench;

/** A benchmark that cannot go on, with a message for the person running it. */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }
}
