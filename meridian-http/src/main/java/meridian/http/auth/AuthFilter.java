package meridian.http.auth;

import io.javalin.http.Context;
import java.util.Set;
import meridian.core.Principal;
import meridian.core.features.auth.Authenticator;

/**
 * Requires a valid bearer token on every {@code /api/v1} and {@code /v1} route but the public
 * ones (contract §2, §3: the version, the JWKS, and OM's sign-in and token refresh), and leaves the caller on the context for the handlers.
 */
public final class AuthFilter {
  private static final String PRINCIPAL = "meridian.principal";
  private static final Set<String> PUBLIC = Set.of("/system/version", "/system/config/jwks", "/users/login", "/users/refresh");

  private final Authenticator authenticator;

  public AuthFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  public void handle(Context ctx) {
    String path = ctx.path();
    String rest = path.startsWith("/api/v1") ? path.substring(7) : path.startsWith("/v1") ? path.substring(3) : null;
    if (rest == null || PUBLIC.contains(rest) || ctx.method().name().equals("OPTIONS")) {
      return;
    }
    ctx.attribute(PRINCIPAL, authenticator.authenticate(ctx.header("Authorization")));
  }

  public static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("route " + ctx.path() + " is not behind the auth filter");
    }
    return principal;
  }
}
