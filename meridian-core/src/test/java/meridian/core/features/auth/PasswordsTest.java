package meridian.core.features.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import meridian.core.errors.ApiException;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  private final Passwords passwords = new Passwords();

  @Test
  void aHashIsArgon2idWithItsParametersAndVerifiesOnlyItsPassword() {
    String hash = passwords.hash("Catalog#2026");
    assertThat(hash).startsWith("$argon2id$v=19$m=" + Passwords.MEMORY_KIB + ",t=" + Passwords.ITERATIONS + ",p=" + Passwords.PARALLELISM + "$")
        .doesNotContain("Catalog#2026");
    assertThat(passwords.verify(hash, "Catalog#2026")).isTrue();
    assertThat(passwords.verify(hash, "Catalog#2027")).isFalse();
    // Salted: the same password twice gives two hashes, each verifying.
    String again = passwords.hash("Catalog#2026");
    assertThat(again).isNotEqualTo(hash);
    assertThat(passwords.verify(again, "Catalog#2026")).isTrue();
  }

  @Test
  void aHashMadeWithOtherParametersStillVerifies() {
    // The parameters are read from the stored text: hashes made before they changed keep working.
    String light = passwords.hash("Light#pass1", 1024, 1, 1);
    assertThat(light).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(passwords.verify(light, "Light#pass1")).isTrue();
    assertThat(passwords.verify(light, "Light#pass2")).isFalse();
  }

  @Test
  void noStoredHashNeverVerifies() {
    assertThat(passwords.verify(null, "")).isFalse();
    assertThat(passwords.verify(null, "anything")).isFalse();
  }

  @Test
  void thePolicyIsOmsAndItsMessageToo() {
    Passwords.checkPolicy("Good#pass1");
    for (String weak : new String[] {null, "Sh#1a", "nouppercase#1", "NOLOWERCASE#1", "NoDigits#x", "NoSpecial1x", "Has space#1",
        "Aa#1" + "x".repeat(200)}) {
      assertThatThrownBy(() -> Passwords.checkPolicy(weak)).as(String.valueOf(weak)).isInstanceOf(ApiException.class)
          .hasMessage(Passwords.POLICY);
    }
  }
}
