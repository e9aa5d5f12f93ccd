package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import meridian.server.ConfigException;
import meridian.server.MeridianConfig;
import meridian.server.ServerContext;
import meridian.tests.MainProcess;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store migrated by a newer Meridian is refused at start, on every store (issue 10 §2): this
 * build does not know that schema, and running on it could break it. One clear line, exit 2.
 */
class SchemaVersionIT {
  @TempDir Path dir;

  @Test
  void aSchemaNewerThanTheBinaryIsRefusedWithOneLine() throws Exception {
    try (TestStore store = TestStore.fresh()) {
      MeridianConfig config = DurabilityIT.TestServerConfigs.of(dir, store);
      TestServer.start(config).close();
      String url = config.database().jdbcUrl();
      try (Connection db = DriverManager.getConnection(url, config.databaseUser(), config.databasePassword());
          Statement s = db.createStatement()) {
        s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,"
            + " execution_time, success) VALUES (999, '999', 'from a newer Meridian', 'SQL', 'V999__future.sql', 0, 'test', 0, TRUE)");
      }
      assertThatThrownBy(() -> ServerContext.start(config, Clock.systemUTC()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("schema is at version 999")
          // The build's own latest migration, whatever number it has reached; never the future one.
          .hasMessageMatching(".*newer than this Meridian build knows \\(0*[1-9]\\d{0,2}\\).*")
          .hasMessageNotContaining("knows (999)");

      List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", dir.toString()));
      if (config.databaseUrl() != null) {
        args.addAll(List.of("--database-url", config.databaseUrl(), "--database-user", config.databaseUser(),
            "--secret-key-file", config.secretKeyFile().toString()));
      }
      MainProcess.Result migrate = MainProcess.run(args.toArray(String[]::new));
      String err = migrate.err().strip();
      assertThat(migrate.exit()).isEqualTo(2);
      assertThat(err.lines()).hasSize(1);
      assertThat(err).startsWith("meridian: ").contains("newer than this Meridian build knows");
    }
  }
}
