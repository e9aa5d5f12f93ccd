package meridian.core.features.csv;

import java.io.Flushable;
import java.io.IOException;

/**
 * An unsynchronised buffer in front of a writer: Commons CSV appends a record a few characters at
 * a time, and a {@link java.io.Writer} locks on every call, which made an export of two million
 * rows spend a quarter of its time taking that lock. Records gather here and go out in chunks.
 */
final class Chunked implements Appendable, Flushable {
  private static final int CHUNK = 64 * 1024;

  private final Appendable out;
  private final StringBuilder buffer = new StringBuilder(CHUNK + 1024);

  Chunked(Appendable out) {
    this.out = out;
  }

  @Override
  public Appendable append(CharSequence text) throws IOException {
    buffer.append(text);
    return drainIfFull();
  }

  @Override
  public Appendable append(CharSequence text, int start, int end) throws IOException {
    buffer.append(text, start, end);
    return drainIfFull();
  }

  @Override
  public Appendable append(char c) throws IOException {
    buffer.append(c);
    return drainIfFull();
  }

  private Appendable drainIfFull() throws IOException {
    if (buffer.length() >= CHUNK) {
      drain();
    }
    return this;
  }

  private void drain() throws IOException {
    if (buffer.length() > 0) {
      out.append(buffer);
      buffer.setLength(0);
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    if (out instanceof Flushable flushable) {
      flushable.flush();
    }
  }
}
