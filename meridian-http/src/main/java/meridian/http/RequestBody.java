package meridian.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import meridian.core.Names;
import meridian.core.errors.ApiException;

/**
 * The one way a route reads its body: the media type is checked first (415 for anything but the
 * JSON types the route takes, or a charset other than UTF-8), then the size (413 past the route's
 * limit), whether the client declared a {@code Content-Length}, sent the body chunked, or asked
 * for {@code 100-continue} (contract §6). A declared length over the limit is refused before a
 * single body byte is read, so a client waiting for {@code 100 Continue} never sends the body.
 */
public final class RequestBody {
  /** Contract §6: a body over 16 MiB is refused. */
  public static final int MAX_BODY = meridian.core.RequestReader.MAX_ENTITY_BYTES;
  /** Contract §6: a bulk body may be up to 64 MiB. */
  public static final int MAX_BULK_BODY = 64 * 1024 * 1024;

  /** What a route accepts: the media types, in the order its refusal names them. */
  public enum Accepts {
    JSON(List.of("application/json")),
    /** PATCH (spec §3.6): RFC 6902's type, and {@code application/json} as OM also takes it. */
    JSON_PATCH(List.of("application/json-patch+json", "application/json")),
    /** A CSV import (catalog spec §7.1): OM's clients send it as plain text. */
    TEXT(List.of("text/plain", "text/csv"));

    private final List<String> types;

    Accepts(List<String> types) {
      this.types = types;
    }
  }

  private RequestBody() {}

  public static byte[] json(Context ctx) {
    return read(ctx, Accepts.JSON, MAX_BODY);
  }

  public static byte[] read(Context ctx, Accepts accepts, int limit) {
    checkMediaType(ctx.header("Content-Type"), accepts);
    long declared = ctx.req().getContentLengthLong();
    boolean waitsForContinue = "100-continue".equalsIgnoreCase(ctx.header("Expect"));
    if (declared > limit && waitsForContinue) {
      // Before the input stream is touched, which would send 100 Continue: the client has sent
      // nothing yet and, told 413, never will.
      throw tooLarge(limit);
    }
    try {
      InputStream in = ctx.req().getInputStream();
      if (declared > limit) {
        drain(in, declared, limit);
        throw tooLarge(limit);
      }
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        drain(in, Long.MAX_VALUE, limit);
        throw tooLarge(limit);
      }
      return bytes;
    } catch (IOException e) {
      // The client stopped sending, or sent a broken chunked encoding.
      throw ApiException.badRequest("Invalid request format: the request body could not be read in full");
    }
  }

  /**
   * Copies the body to a new temporary file, for a body too large to hold (a CSV import): the
   * media type and {@code limit} are checked as {@link #read} checks them. The caller deletes it.
   */
  public static java.nio.file.Path spool(Context ctx, Accepts accepts, long limit) {
    checkMediaType(ctx.header("Content-Type"), accepts);
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw ApiException.tooLarge("Request body too large: the limit is " + (limit >> 20) + " MiB", null);
    }
    java.nio.file.Path file = null;
    try {
      file = java.nio.file.Files.createTempFile("meridian-body-", ".tmp");
      try (InputStream in = ctx.req().getInputStream(); var out = java.nio.file.Files.newOutputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          total += n;
          if (total > limit) {
            throw ApiException.tooLarge("Request body too large: the limit is " + (limit >> 20) + " MiB", null);
          }
          out.write(buffer, 0, n);
        }
      }
      return file;
    } catch (IOException e) {
      delete(file);
      throw ApiException.badRequest("Invalid request format: the request body could not be read in full");
    } catch (RuntimeException e) {
      delete(file);
      throw e;
    }
  }

  private static void delete(java.nio.file.Path file) {
    if (file != null) {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (IOException e) {
        // A temporary file left behind; the system's temporary directory is cleaned in time.
      }
    }
  }

  /**
   * Reads and drops the rest of a refused body, up to twice the route's limit, so that a client
   * that sends its whole body before it reads (the JDK's HTTP client, Python's) gets the 413
   * instead of a broken pipe. Past that, the server stops reading and Jetty closes the connection.
   */
  private static void drain(InputStream in, long declared, int limit) {
    if (declared > 2L * limit) {
      return;
    }
    byte[] buffer = new byte[64 * 1024];
    long left = 2L * limit;
    try {
      for (int n = in.read(buffer); n > 0 && left > 0; n = in.read(buffer)) {
        left -= n;
      }
    } catch (IOException e) {
      // The client went away; there is nobody left to answer.
    }
  }

  /** 415 unless {@code header} is one of the accepted types, with no charset or UTF-8. */
  static void checkMediaType(String header, Accepts accepts) {
    String wanted = String.join(" or ", accepts.types);
    if (header == null || header.isBlank()) {
      throw unsupported("the request has no Content-Type; send the body as " + wanted);
    }
    String[] parts = header.split(";", -1);
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!accepts.types.contains(type)) {
      throw unsupported("Content-Type " + Names.abbreviate(header.trim()) + " is not accepted here; send the body as " + wanted);
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      String name = (eq < 0 ? parameter : parameter.substring(0, eq)).trim();
      if (!name.equalsIgnoreCase("charset")) {
        continue;
      }
      String value = eq < 0 ? "" : parameter.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (!value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
        throw unsupported("Content-Type " + Names.abbreviate(header.trim()) + " names the charset \"" + Names.abbreviate(value)
            + "\"; send the body as " + wanted + " in UTF-8 (RFC 8259)");
      }
    }
  }

  private static ApiException unsupported(String message) {
    return new ApiException(415, "Unsupported Media Type: " + message);
  }

  private static ApiException tooLarge(int limit) {
    return ApiException.tooLarge("Request body too large: the limit is " + (limit >> 20) + " MiB", null);
  }
}
