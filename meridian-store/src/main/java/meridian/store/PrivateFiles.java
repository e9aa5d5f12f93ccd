package meridian.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the server's own user may read: the data directory (0700), the embedded store and its
 * WAL and shared-memory files, and the key file (0600). They hold every service, user and sealed
 * secret. On a file system without POSIX permissions the calls do nothing beyond creating.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {}

  /**
   * Creates {@code dir} (and its parents) if missing, and makes it 0700 whether it was just made or
   * already there: the server owns its data directory.
   */
  public static void directory(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (!Files.isDirectory(absolute)) {
      Files.createDirectories(absolute);
    }
    if (POSIX && !Files.getPosixFilePermissions(absolute).equals(DIRECTORY)) {
      Files.setPosixFilePermissions(absolute, DIRECTORY);
    }
  }

  /** Creates {@code file} empty with mode 0600 if it does not exist; returns whether it did. */
  public static boolean createFile(Path file) throws IOException {
    try {
      if (POSIX) {
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE);
        Files.createFile(file, mode);
      } else {
        Files.createFile(file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /** Makes an existing {@code file} 0600 (a store made by an older version was 0644); no-op if absent. */
  public static void restrict(Path file) throws IOException {
    if (POSIX && Files.exists(file) && !Files.getPosixFilePermissions(file).equals(FILE)) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }
}
