package meridian.core.features.secrets;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA-256 (RFC 5869) on the JDK's HMAC. Java 17 has no HKDF API and the stack carries no
 * crypto library that offers one; the two steps below are the whole algorithm, and
 * {@code HkdfTest} checks them against the RFC's test vectors.
 */
public final class Hkdf {
  private static final int HASH_LENGTH = 32;

  private Hkdf() {}

  public static byte[] derive(byte[] inputKey, byte[] salt, byte[] info, int length) {
    if (length <= 0 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF output length out of range: " + length);
    }
    try {
      byte[] prk = hmac(salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt, inputKey);
      byte[] output = new byte[length];
      byte[] block = new byte[0];
      int offset = 0;
      for (int counter = 1; offset < length; counter++) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(block);
        mac.update(info);
        mac.update((byte) counter);
        block = mac.doFinal();
        int n = Math.min(block.length, length - offset);
        System.arraycopy(block, 0, output, offset, n);
        offset += n;
      }
      return output;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }
}
