package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.MainProcess;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./meridian backup} takes a consistent copy of the embedded store while the server keeps
 * taking writes, and {@code ./meridian restore} puts it back (issue 10 §6): everything acknowledged
 * before the backup started is in the restored store, whole and readable.
 */
class BackupIT {
  private static final String PATH = "/api/v1/services/databaseServices";

  @TempDir Path dir;

  @Test
  void aBackupTakenUnderLoadRestoresEveryWriteAcknowledgedBeforeIt() throws Exception {
    assumeTrue(!TestStore.current().external(), "backup copies the embedded store; external ones use their own tools");
    Path data = dir.resolve("data");
    Path backup = dir.resolve("backups/catalog.db");
    Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    List<String> beforeBackup;
    try (TestServer server = TestServer.on(data, null)) {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writers = Executors.newFixedThreadPool(4);
      List<Future<?>> load = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        load.add(writers.submit(() -> {
          while (!stop.get()) {
            String name = Fixtures.uniqueName("backed");
            // A Snowflake service with a password: the restore must bring the sealed secret back too.
            if (server.admin().post(PATH, Fixtures.snowflake(name).toString()).status() == 201) {
              acknowledged.add(name);
            }
          }
          return null;
        }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acknowledged.size() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(acknowledged).as("writes before the backup").hasSizeGreaterThanOrEqualTo(50);
      beforeBackup = List.copyOf(acknowledged);
      MainProcess.Result taken = run("backup", "--data-dir", data.toString(), "--to", backup.toString());
      assertThat(taken.exit()).as(taken.err()).isZero();
      assertThat(taken.out()).contains("backed up").contains(backup.toString());
      assertThat(run("backup", "--data-dir", data.toString(), "--to", backup.toString()).err())
          .as("an existing file is never overwritten").contains("already exists");
      MainProcess.Result busy = run("restore", "--data-dir", data.toString(), "--from", backup.toString());
      assertThat(busy.exit()).isEqualTo(2);
      assertThat(busy.err()).contains("a server is running");
      stop.set(true);
      for (Future<?> f : load) {
        f.get(30, TimeUnit.SECONDS);
      }
      writers.shutdown();
    }
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");

    // Restore into another directory, with the store's key file (the backup does not carry it).
    Path restored = dir.resolve("restored");
    Files.createDirectories(restored);
    Files.copy(data.resolve("secret.key"), restored.resolve("secret.key"));
    MainProcess.Result put = run("restore", "--data-dir", restored.toString(), "--from", backup.toString());
    assertThat(put.exit()).as(put.err()).isZero();
    assertThat(put.out()).contains("restored");
    try (TestServer server = TestServer.on(restored, null)) {
      for (String name : beforeBackup) {
        Api.Response response = server.bot().get(PATH + "/name/" + name);
        assertThat(response.status()).as(name).isEqualTo(200);
        assertThat(response.json().at("/connection/config/password").asText()).isEqualTo("s3cret-" + name);
      }
      int listed = server.admin().get(PATH + "?limit=1").json().at("/paging/total").asInt();
      assertThat(listed).isGreaterThanOrEqualTo(beforeBackup.size());
    }
    MainProcess.Result notABackup = run("restore", "--data-dir", restored.toString(), "--from", restored.resolve("secret.key").toString());
    assertThat(notABackup.exit()).isEqualTo(2);
    assertThat(notABackup.err()).contains("not a usable Meridian backup").contains("nothing was changed");
  }

  private static MainProcess.Result run(String... args) throws Exception {
    return MainProcess.run(args);
  }

}
