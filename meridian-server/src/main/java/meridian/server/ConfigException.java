package meridian.server;

/** Configuration a user must fix; Main prints the message as one line and exits with code 2. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
