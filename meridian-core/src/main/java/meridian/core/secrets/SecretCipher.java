package meridian.core.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a key derived from the master key for one purpose. A sealed value reads
 * {@code meridian:v1:<base64url(nonce ‖ ciphertext ‖ tag)>}; the prefix tells stored secrets
 * from clear text, and its version leaves room for key rotation.
 */
public final class SecretCipher {
  public static final String PREFIX = "meridian:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(MasterKey masterKey, String purpose) {
    byte[] derived =
        Hkdf.derive(masterKey.material(), "meridian".getBytes(StandardCharsets.UTF_8),
            purpose.getBytes(StandardCharsets.UTF_8), 32);
    this.key = new SecretKeySpec(derived, "AES");
  }

  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  public String seal(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** Opens a sealed value; {@link WrongKeyException} when it was sealed under another key. */
  public String open(String sealedValue) {
    if (!isSealed(sealedValue)) {
      throw new IllegalArgumentException("not a sealed value");
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(sealedValue.substring(PREFIX.length()));
      if (in.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new WrongKeyException();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new WrongKeyException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** A sealed value that this key cannot open: the master key file is not the one it was sealed with. */
  public static final class WrongKeyException extends RuntimeException {
    public WrongKeyException() {
      super("a stored secret cannot be decrypted with this secret key file", null, false, false);
    }
  }
}
