package meridian.core.errors;

/**
 * A failure the client caused or must know about, with the HTTP status it maps to. The HTTP
 * layer's {@code ErrorMapper} turns it into OM's {@code {"code", "message"}} body (spec §1.2).
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String errorType;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  public ApiException(int status, String message, String errorType) {
    super(message, null, false, false);
    this.status = status;
    this.errorType = errorType;
  }

  public int status() {
    return status;
  }

  /** OM's optional {@code errorType} member (e.g. {@code BULK_LIMIT_EXCEPTION}); may be null. */
  public String errorType() {
    return errorType;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, message);
  }

  /** Spec §6.2: {@code Principal: CatalogPrincipal{name='<user>'} operations [<Op>] not allowed}. */
  public static ApiException forbidden(String principal, String operation) {
    return new ApiException(
        403, "Principal: CatalogPrincipal{name='" + principal + "'} operations [" + operation + "] not allowed");
  }

  /** Spec §3.2: {@code <entityType> instance for <id-or-fqn> not found}. */
  public static ApiException notFound(String entityType, Object key) {
    return new ApiException(404, entityType + " instance for " + key + " not found");
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  public static ApiException entityAlreadyExists() {
    return conflict("Entity already exists");
  }

  public static ApiException preconditionFailed() {
    return new ApiException(412, "The entity has been modified by another user. Please refresh and retry.");
  }

  public static ApiException tooLarge(String message, String errorType) {
    return new ApiException(413, message, errorType);
  }
}
