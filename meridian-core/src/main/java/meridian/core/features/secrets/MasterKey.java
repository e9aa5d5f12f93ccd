package meridian.core.features.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import meridian.store.PrivateFiles;

/**
 * The master key file (contract §1): at least 32 bytes of key material, raw or text; a trailing
 * newline is ignored. Every key the server uses is derived from it with HKDF.
 */
public final class MasterKey {
  public static final int MIN_BYTES = 32;
  private final byte[] material;

  private MasterKey(byte[] material) {
    this.material = material;
  }

  byte[] material() {
    return material;
  }

  public static MasterKey fromBytes(byte[] bytes) {
    return new MasterKey(bytes.clone());
  }

  /** Reads the key file; {@link IllegalArgumentException} with a one-line reason when unusable. */
  public static MasterKey load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("the secret key file " + file + " does not exist");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IllegalArgumentException("the secret key file " + file + " can't be read by this user");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read secret key file " + file + ": " + e.getMessage());
    }
    int end = bytes.length;
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    if (end < MIN_BYTES) {
      throw new IllegalArgumentException(
          "secret key file " + file + " holds " + end + " bytes; it needs at least " + MIN_BYTES
              + " (make one with: openssl rand -base64 32 > " + file + ")");
    }
    return new MasterKey(Arrays.copyOf(bytes, end));
  }

  /** Loads {@code file}, creating it with 32 random bytes and mode 0600 when it does not exist. */
  public static MasterKey loadOrCreate(Path file) {
    if (!Files.exists(file)) {
      byte[] fresh = new byte[MIN_BYTES];
      new SecureRandom().nextBytes(fresh);
      String text = Base64.getEncoder().encodeToString(fresh) + "\n";
      try {
        PrivateFiles.directory(file.toAbsolutePath().getParent());
        if (PrivateFiles.createFile(file)) {
          Files.write(file, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING);
        }
        // Otherwise another process created it first; read theirs.
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot create secret key file " + file + ": " + e.getMessage());
      }
    }
    return load(file);
  }
}
