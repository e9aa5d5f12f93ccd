package meridian.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import meridian.core.errors.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./meridian set-password --user NAME}: sets a user's password for OM's basic sign-in (how
 * the admin gets a first one). The password is read from standard input, never from the command
 * line (where {@code ps} and the shell's history would show it): asked twice without echo on a
 * terminal, else the first line of the input. Revokes the user's refresh tokens.
 */
@Command(name = "set-password", mixinStandardHelpOptions = true,
    description = {
      "Set a user's sign-in password, read from standard input (asked twice, hidden, on a terminal; else the first line).",
      "It must have 8 or more characters with an upper-case and a lower-case letter, a digit and a special character."
          + " The user's refresh tokens are revoked. Works while servers run.",
      "Example: ./meridian set-password --user admin   or   printf '%s\\n' \"$PW\" | ./meridian set-password --user admin"})
final class SetPasswordCommand implements Callable<Integer> {
  @Mixin Main.StoreOptions store = new Main.StoreOptions();

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user, e.g. admin (not a bot: bots use tokens).")
  String user;

  @Override
  public Integer call() {
    String password = read();
    try (Catalog catalog = Catalog.open(store.config("127.0.0.1", 0), Clock.systemUTC(), null)) {
      catalog.signIn().setPassword(user, password);
    } catch (ApiException e) {
      throw new ConfigException(e.status() == 404 ? "there is no user named " + user + " in this catalog" : e.getMessage());
    }
    System.out.println("meridian: the password of " + user + " is set; their refresh tokens are revoked");
    return 0;
  }

  private static String read() {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("New password: ");
      char[] again = console.readPassword("Again: ");
      if (first == null || again == null || !Arrays.equals(first, again)) {
        throw new ConfigException("the two passwords differ; nothing was changed");
      }
      return new String(first);
    }
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new ConfigException("no password on standard input; nothing was changed");
      }
      return line;
    } catch (IOException e) {
      throw new ConfigException("cannot read the password from standard input: " + e.getMessage());
    }
  }
}
