package meridian.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.Callable;
import meridian.store.Database;
import meridian.store.PrivateFiles;
import meridian.store.StoreException;
import meridian.store.StoreLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Online backup and restore of the embedded store (docs/operations.md). A backup is one consistent
 * snapshot taken while the server keeps serving; a restore puts one in place of the store while no
 * server runs. Neither touches the key file: a backup holds secrets sealed under it, so keep the
 * key with the backup's owner, not inside the backup.
 */
final class BackupCommands {
  private BackupCommands() {}

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = {
        "Copy the embedded store to FILE while the server keeps running: one consistent snapshot (SQLite's VACUUM INTO),"
            + " with every write committed before it started and none that was still in flight.",
        "The copy's secrets stay sealed under the store's key file; restoring it needs that same key file.",
        "An external PostgreSQL or MariaDB store is backed up with its own tools (pg_dump, mariadb-dump)."})
  static final class Backup implements Callable<Integer> {
    @Mixin Main.StoreOptions store = new Main.StoreOptions();

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "Where to write the copy; it must not exist yet.")
    Path target;

    @Override
    public Integer call() throws IOException {
      MeridianConfig config = store.config("127.0.0.1", 0);
      if (!config.embedded()) {
        throw new ConfigException("backup copies the embedded store; back up the database at --database-url with its own tools"
            + " (pg_dump, mariadb-dump) and keep the --secret-key-file beside it");
      }
      Path source = config.database().embeddedFile();
      if (!Files.isRegularFile(source)) {
        throw new ConfigException("there is no store in " + config.dataDir() + " (no " + source.getFileName() + "); check --data-dir");
      }
      if (Files.exists(target)) {
        throw new ConfigException(target + " already exists; give a new file to --to");
      }
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      // The copy is written beside its final name and renamed when whole: FILE is complete or absent.
      Path partial = parent.resolve(target.getFileName() + ".partial");
      Files.deleteIfExists(partial);
      long started = System.nanoTime();
      try (Database database = Database.open(config.database(), null)) {
        database.backupTo(partial);
      } catch (StoreException e) {
        Files.deleteIfExists(partial);
        throw new ConfigException(e.getMessage());
      }
      PrivateFiles.restrict(partial);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      long millis = (System.nanoTime() - started) / 1_000_000;
      System.out.println("meridian: backed up " + source + " to " + target + " (" + Files.size(target) + " bytes in " + millis
          + " ms); restore it with: ./meridian restore --from " + target + " --data-dir DIR, with this store's key file");
      return 0;
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = {
        "Put a backup in place of the embedded store in --data-dir. Stop the server first: this refuses while one runs.",
        "The backup is checked first (SQLite integrity check, a Meridian schema); the store it replaces is kept beside it as"
            + " meridian.db.before-restore-<time>, never deleted. Start the server with the key file the backup was sealed under."})
  static final class Restore implements Callable<Integer> {
    @Mixin Main.StoreOptions store = new Main.StoreOptions();

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "A file written by ./meridian backup.")
    Path source;

    @Override
    public Integer call() throws IOException {
      MeridianConfig config = store.config("127.0.0.1", 0);
      if (!config.embedded()) {
        throw new ConfigException("restore replaces the embedded store; restore an external database with its own tools");
      }
      if (!Files.isRegularFile(source)) {
        throw new ConfigException("there is no backup at " + source);
      }
      String problem = checkBackup(source);
      if (problem != null) {
        throw new ConfigException(source + " is not a usable Meridian backup: " + problem + "; nothing was changed");
      }
      Path db = config.database().embeddedFile();
      String kept;
      try (StoreLock lock = StoreLock.acquire(config.dataDir(), "restore")) {
        Path incoming = db.resolveSibling(db.getFileName() + ".restoring");
        Files.deleteIfExists(incoming);
        PrivateFiles.createFile(incoming);
        Files.copy(source, incoming, StandardCopyOption.REPLACE_EXISTING);
        PrivateFiles.restrict(incoming);
        kept = null;
        if (Files.exists(db)) {
          Path aside = db.resolveSibling(db.getFileName() + ".before-restore-" + Clock.systemUTC().millis());
          Files.move(db, aside, StandardCopyOption.ATOMIC_MOVE);
          kept = aside.toString();
        }
        // The replaced store's write-ahead log belongs to it, not to the backup.
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
          Path side = db.resolveSibling(db.getFileName() + suffix);
          if (Files.exists(side)) {
            Files.move(side, db.resolveSibling(db.getFileName() + ".before-restore" + suffix), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.move(incoming, db, StandardCopyOption.ATOMIC_MOVE);
      } catch (StoreException e) {
        throw new ConfigException(e.getMessage() + "; nothing was changed");
      }
      // Opening it once proves the key fits and brings an older backup's schema up to date.
      try (Catalog catalog = Catalog.open(config, Clock.systemUTC(), null)) {
        System.out.println("meridian: restored " + source + " into " + db + " (" + catalog.migration() + ")"
            + (kept == null ? "" : "; the store it replaced is kept as " + kept));
      }
      return 0;
    }

    /** Null when the file is a whole SQLite database with a Meridian schema; otherwise what is wrong. */
    private static String checkBackup(Path file) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
          Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
          String first = rs.next() ? rs.getString(1) : "no answer";
          if (!"ok".equals(first)) {
            return "its integrity check says " + first;
          }
        }
        try (ResultSet rs = s.executeQuery(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('flyway_schema_history', 'database_service')")) {
          if (!rs.next() || rs.getInt(1) != 2) {
            return "it holds no Meridian catalog";
          }
        }
        return null;
      } catch (SQLException e) {
        return "it is not a SQLite database (" + e.getMessage() + ")";
      }
    }
  }
}
