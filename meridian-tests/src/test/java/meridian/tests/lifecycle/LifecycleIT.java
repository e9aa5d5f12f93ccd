package meridian.tests.lifecycle;

import meridian.tests.ServerIT;
import org.junit.jupiter.api.BeforeAll;

/** A lifecycle suite's server, with what every kind's fixture needs created first. */
abstract class LifecycleIT extends ServerIT {
  @BeforeAll
  static void prepareKinds() {
    KindFixture.prepare(server);
  }
}
