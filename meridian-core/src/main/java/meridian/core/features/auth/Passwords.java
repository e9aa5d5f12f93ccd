package meridian.core.features.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import meridian.core.errors.ApiException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id (Bouncy Castle's), a memory-hard KDF, written as the usual PHC string
 * ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}) so that the parameters can change and old hashes
 * still verify. Each hash takes {@link #MEMORY_KIB} KiB; at most {@link #AT_ONCE} are computed at
 * once, so a storm of sign-ins waits (and past {@link #WAIT_SECONDS}, is answered 503) rather than
 * taking the server's memory.
 */
public final class Passwords {
  /** OWASP's first Argon2id choice: 19 MiB, two passes, one lane. */
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int AT_ONCE = 2;
  static final int WAIT_SECONDS = 10;
  static final int MAX_LENGTH = 128;

  /** OM's password policy message (its PasswordUtil), for a password that breaks any of its rules. */
  public static final String POLICY =
      "Password must be of minimum 8 characters, with one special, one Upper, one lower case character, and one Digit.";

  private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_IN = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();
  private final Semaphore permits = new Semaphore(AT_ONCE, true);
  /** A hash of nothing anyone knows: verified against when there is no user, so both answers take as long. */
  private final String decoy;

  public Passwords() {
    byte[] unknown = new byte[24];
    random.nextBytes(unknown);
    this.decoy = hash(B64.encodeToString(unknown));
  }

  /** Refuses a password that breaks OM's policy (8 or more characters with an upper, a lower, a digit and a special one, no spaces). */
  public static void checkPolicy(String password) {
    if (password == null || password.length() < 8 || password.length() > MAX_LENGTH
        || password.chars().anyMatch(Character::isWhitespace)
        || password.chars().noneMatch(Character::isUpperCase)
        || password.chars().noneMatch(Character::isLowerCase)
        || password.chars().noneMatch(Character::isDigit)
        || password.chars().allMatch(Character::isLetterOrDigit)) {
      throw ApiException.badRequest(POLICY);
    }
  }

  public String hash(String password) {
    return hash(password, MEMORY_KIB, ITERATIONS, PARALLELISM);
  }

  /** A hash with other parameters (a store may hold hashes made before the parameters changed). */
  String hash(String password, int memoryKib, int iterations, int parallelism) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, iterations, parallelism, 32);
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(out);
  }

  /** Whether {@code password} is the one {@code stored} was made from; a null {@code stored} (no user, no password) costs as much and says no. */
  public boolean verify(String stored, String password) {
    Matcher m = PHC.matcher(stored == null ? decoy : stored);
    if (!m.matches()) {
      throw new IllegalStateException("a stored password hash is not an Argon2id PHC string");
    }
    byte[] expected = B64_IN.decode(m.group(6));
    byte[] actual = derive(password, B64_IN.decode(m.group(5)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)), expected.length);
    return MessageDigest.isEqual(expected, actual) && stored != null;
  }

  private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    try {
      if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new ApiException(503, "Too many sign-ins at once; retry in a moment");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "Too many sign-ins at once; retry in a moment");
    }
    try {
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    } finally {
      permits.release();
    }
    return out;
  }
}
