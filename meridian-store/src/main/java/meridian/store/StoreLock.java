package meridian.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who has the embedded store to itself: a running server holds an exclusive lock on
 * {@code meridian.lock} in the data directory for as long as it runs, and a command that must not
 * run beside a server (key rotation) takes the same lock or refuses. The operating system drops the
 * lock when its process ends, however it ends.
 */
public final class StoreLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or says who holds it: {@link StoreException} when another process does. */
  public static StoreLock acquire(Path dataDir, String holder) {
    try {
      PrivateFiles.directory(dataDir);
      Path file = dataDir.resolve("meridian.lock");
      PrivateFiles.createFile(file);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new StoreException(holder + ": a server is running on the store in " + dataDir + "; stop it first", null);
      }
      return new StoreLock(channel, lock);
    } catch (IOException e) {
      throw new StoreException("cannot lock the store in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }
}
