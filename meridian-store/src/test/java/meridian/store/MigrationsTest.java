package meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The restart fast path: a store whose schema already has every migration this build carries is
 * opened without Flyway; anything else (new, failed, newer) still goes through it.
 */
class MigrationsTest {
  private static final Pattern VERSION = Pattern.compile("^V(\\d+(?:[._]\\d+)*)__.*\\.(sql|java)$");

  @TempDir Path dir;

  @Test
  void theLatestMigrationConstantNamesTheNewestMigrationOfEveryDialect() throws IOException {
    String newest = null;
    for (Path root : new Path[] {Path.of("src/main/resources/db/migration"), Path.of("src/main/java/meridian/store/migration")}) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          Matcher m = VERSION.matcher(file.getFileName().toString());
          if (m.matches()) {
            String version = m.group(1).replace('_', '.');
            if (newest == null || Database.compareVersions(version, newest) > 0) {
              newest = version;
            }
          }
        }
      }
    }
    assertThat(Database.LATEST_MIGRATION).isEqualTo(newest);
  }

  @Test
  void versionsCompareAsNumbersPartByPart() {
    assertThat(Database.compareVersions("009", "10")).isNegative();
    assertThat(Database.compareVersions("1.10", "1.9")).isPositive();
    assertThat(Database.compareVersions("009", "9")).isZero();
    assertThat(Database.compareVersions("2", "1.99")).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aCurrentSchemaIsOpenedWithoutMigratingAndANewerOneIsStillRefused(Dialect dialect) throws Exception {
    try (ThrowawayStore store = new ThrowawayStore(dialect, dir)) {
      try (Database db = Database.open(store.config, null)) {
        assertThat(db.migrate()).matches("applied [1-9][0-9]* migration\\(s\\); .*").endsWith("version " + Database.LATEST_MIGRATION);
      }
      try (Database db = Database.open(store.config, null)) {
        assertThat(db.migrate()).isEqualTo("applied 0 migration(s); the schema is at version " + Database.LATEST_MIGRATION);
        db.inTransaction(h -> h.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) VALUES (999, '999', 'newer', 'SQL', 'V999__newer.sql', 0, 't', 0, "
            + (dialect == Dialect.POSTGRESQL ? "TRUE" : "1") + ")"));
      }
      try (Database db = Database.open(store.config, null)) {
        assertThatThrownBy(db::migrate).isInstanceOf(StoreException.class)
            .hasMessageContaining("schema is at version 999, newer than this Meridian build knows (" + Database.LATEST_MIGRATION + ")");
      }
    }
  }
}
