package meridian.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit for the embedded store, where there is one writer at a time anyway: the write
 * transactions that arrive while one commits wait for the lock together, and the next writer to
 * take it runs all of them (up to {@link #MAX_BATCH}) in one transaction, each in a savepoint of
 * its own, and commits once. With {@code synchronous=FULL} that commit is one fsync of the WAL,
 * issued before any of the writes it holds is answered: every acknowledged write is on disk, and
 * writes that arrive together share the cost of getting there.
 *
 * <p>Each write is isolated as before: one that throws is rolled back to its savepoint and gets its
 * own exception; the others go on. A commit that fails fails every write of the batch that had
 * not failed on its own, and none of them is answered as done. A write alone in its batch runs as
 * before, in a transaction of its own without a savepoint.
 */
final class GroupCommit {
  static final int MAX_BATCH = 64;

  private final Jdbi jdbi;
  private final ReentrantLock lock;
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();

  GroupCommit(Jdbi jdbi, ReentrantLock lock) {
    this.jdbi = jdbi;
    this.lock = lock;
  }

  /** One write waiting for a batch; {@code done} is set, under the lock, once its batch has committed or failed. */
  private static final class Pending<T> {
    final HandleCallback<T, ?> work;
    T value;
    Throwable failure;
    boolean done;

    Pending(HandleCallback<T, ?> work) {
      this.work = work;
    }

    void run(Handle handle) throws Exception {
      value = work.withHandle(handle);
    }
  }

  <T, X extends Exception> T run(HandleCallback<T, X> work) throws X {
    Pending<T> mine = new Pending<>(work);
    queue.add(mine);
    lock.lock();
    try {
      // The writer that held the lock may have taken this one into its batch; otherwise this
      // writer leads the next batch, which holds it and whatever else is waiting.
      while (!mine.done) {
        lead();
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) {
      throw GroupCommit.<RuntimeException>sneaky(mine.failure);
    }
    return mine.value;
  }

  private void lead() {
    List<Pending<?>> batch = new ArrayList<>();
    for (Pending<?> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      if (batch.size() == 1) {
        Pending<?> only = batch.get(0);
        jdbi.useTransaction(only::run);
      } else {
        jdbi.useTransaction(handle -> {
          for (int i = 0; i < batch.size(); i++) {
            Pending<?> pending = batch.get(i);
            String savepoint = "write_" + i;
            handle.savepoint(savepoint);
            try {
              pending.run(handle);
              handle.releaseSavepoint(savepoint);
            } catch (Throwable e) {
              // Undoes this write alone (the savepoint itself stays until the commit, empty).
              handle.rollbackToSavepoint(savepoint);
              pending.failure = e;
            }
          }
        });
      }
    } catch (Throwable e) {
      // The transaction did not commit: nothing of the batch is written.
      for (Pending<?> pending : batch) {
        if (pending.failure == null) {
          pending.failure = e;
        }
      }
    } finally {
      for (Pending<?> pending : batch) {
        pending.done = true;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
