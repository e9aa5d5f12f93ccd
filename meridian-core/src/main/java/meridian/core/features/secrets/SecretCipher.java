package meridian.core.features.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a key derived from the master key for one purpose, a fresh random nonce for
 * every value. A sealed value reads {@code meridian:v2:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>}:
 * the prefix tells stored secrets from clear text, and the key id names the master key it was
 * sealed under, so that a value sealed under another key is told apart from a damaged one and key
 * rotation can tell what it has done. Values of the first format ({@code meridian:v1:…}, no key
 * id) are still opened.
 */
public final class SecretCipher {
  public static final String PREFIX = "meridian:v2:";
  /** The purposes keys are derived for: connection secrets, and the token-signing key. */
  public static final String CONNECTIONS = "connection-secrets";
  public static final String TOKEN_SIGNING = "token-signing-key";
  static final String V1 = "meridian:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(MasterKey masterKey, String purpose) {
    byte[] derived =
        Hkdf.derive(masterKey.material(), "meridian".getBytes(StandardCharsets.UTF_8),
            purpose.getBytes(StandardCharsets.UTF_8), 32);
    this.key = new SecretKeySpec(derived, "AES");
    this.keyId = keyId(masterKey);
  }

  /** The id of a master key: 8 bytes derived from it (never the key itself), in hex. */
  public static String keyId(MasterKey masterKey) {
    byte[] id = Hkdf.derive(masterKey.material(), "meridian".getBytes(StandardCharsets.UTF_8),
        "key-id".getBytes(StandardCharsets.UTF_8), 8);
    return HexFormat.of().formatHex(id);
  }

  public String keyId() {
    return keyId;
  }

  public static boolean isSealed(String value) {
    return value != null && (value.startsWith(PREFIX) || value.startsWith(V1));
  }

  /** The key id a sealed value names; null for the first format, which named none. */
  public static String keyIdOf(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      return null;
    }
    int end = sealed.indexOf(':', PREFIX.length());
    return end < 0 ? null : sealed.substring(PREFIX.length(), end);
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
      return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** Opens a sealed value; {@link WrongKeyException} when it was sealed under another key. */
  public String open(String sealedValue) {
    if (!isSealed(sealedValue)) {
      throw new IllegalArgumentException("not a sealed value");
    }
    String body;
    if (sealedValue.startsWith(PREFIX)) {
      String id = keyIdOf(sealedValue);
      if (!keyId.equals(id)) {
        throw new WrongKeyException();
      }
      body = sealedValue.substring(PREFIX.length() + id.length() + 1);
    } else {
      body = sealedValue.substring(V1.length());
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(body);
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
