package meridian.tests.property;

import java.util.function.Function;

/**
 * A property: a check that must hold for every case a seeded generator makes. The seed is fixed
 * (so a run is reproducible) and printed; {@code -Dmeridian.seed=N} runs every property with
 * another one, and a failure names the seed and the case, so that one case can be run alone with
 * {@code -Dmeridian.seed=N -Dmeridian.case=K}. There is no shrinking: generators keep cases small
 * and the failure message shows the whole input.
 *
 * <p>Why not a library: jqwik's author asks coding agents not to use it, and the two others that
 * Maven Central serves (QuickTheories 0.26, junit-quickcheck 1.0) have had no release for years;
 * what these tests need is a seeded {@link java.util.Random} and a loop.
 */
public final class Property {
  /** A check over one generated case; it fails by throwing (AssertJ). */
  public interface Check<T> {
    void check(T value) throws Exception;
  }

  private Property() {}

  /** The seed every property starts from unless {@code -Dmeridian.seed} says otherwise. */
  public static long seed() {
    return Long.getLong("meridian.seed", 20261201L);
  }

  /**
   * Runs {@code check} on {@code tries} cases. Case {@code k} is made by {@code generator} from a
   * {@link Gen} seeded with {@code seed + k}, independently of the other cases.
   */
  public static <T> void forAll(String name, int tries, Function<Gen, T> generator, Check<T> check) {
    long seed = seed();
    Integer only = Integer.getInteger("meridian.case");
    System.out.printf("property %s: %d cases, seed %d (rerun with -Dmeridian.seed=%d)%n", name, tries, seed, seed);
    for (int k = 0; k < tries; k++) {
      if (only != null && only != k) {
        continue;
      }
      T value = generator.apply(new Gen(seed + k));
      try {
        check.check(value);
      } catch (Throwable failure) {
        AssertionError error =
            new AssertionError(
                "property " + name + " failed on case " + k + " of seed " + seed + " (rerun with -Dmeridian.seed=" + seed
                    + " -Dmeridian.case=" + k + "):\n  input: " + describe(value) + "\n  " + failure,
                failure);
        throw error;
      }
    }
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "… (" + text.length() + " characters)";
  }
}
