package meridian.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.core.errors.ApiException;
import meridian.core.features.auth.SignIn;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.auth.AuthFilter;

/**
 * OM's basic sign-in routes under {@code /users}: {@code login} and {@code refresh} (public, as in
 * OM), {@code logout} and {@code changePassword} (behind a token). Mounted before the users' entity
 * routes, so that {@code /users/login} is never read as a user's name.
 */
public final class SignInRoutes {
  /** The largest body these routes take. */
  static final int MAX_BODY = 16 * 1024;

  private final SignIn signIn;
  private final RequestReader reader;
  private final Json json;

  public SignInRoutes(SignIn signIn, RequestReader reader, Json json) {
    this.signIn = signIn;
    this.reader = reader;
    this.json = json;
  }

  public void mount(ApiRouter router) {
    var tokens = Schemas.required(Schemas.object("accessToken", Schemas.type("string"), "refreshToken", Schemas.type("string"),
        "tokenType", Schemas.type("string"), "expiryDuration", Schemas.type("integer")), "accessToken", "refreshToken", "tokenType");
    router.post("/users/login", this::login).tag("users").open().summary("Sign in with e-mail (or name) and a base64 password")
        .body(Schemas.om("auth/loginRequest.json")).answers(200, "Tokens", tokens);
    router.post("/users/refresh", this::refresh).tag("users").open().summary("New tokens for a refresh token, which is used up")
        .body(Schemas.required(Schemas.object("refreshToken", Schemas.type("string")), "refreshToken")).answers(200, "Tokens", tokens);
    router.post("/users/logout", this::logout).tag("users").summary("Sign out: every refresh token of the user is revoked")
        .optionalBody(Schemas.om("auth/logoutRequest.json")).answers(200, "Done", "text/plain", Schemas.type("string"));
    router.put("/users/changePassword", this::changePassword).tag("users").summary("Change one's password (SELF) or a user's (USER, admins)")
        .body(Schemas.om("auth/changePasswordRequest.json")).answers(200, "Done", "text/plain", Schemas.type("string"));
  }

  private void login(Context ctx) {
    JsonNode body = body(ctx, Set.of("email", "password"));
    answer(ctx, signIn.login(text(body, "email"), text(body, "password"), ctx.ip()));
  }

  private void refresh(Context ctx) {
    JsonNode body = body(ctx, Set.of("refreshToken"));
    answer(ctx, signIn.refresh(text(body, "refreshToken")));
  }

  private void logout(Context ctx) {
    // OM's body (token, refreshToken, username, logoutTime) is accepted and not needed: the caller's
    // token says who signs out, and every refresh token of theirs is revoked.
    if (ctx.contentLength() != 0 && ctx.header("Content-Type") != null) {
      body(ctx, Set.of("token", "refreshToken", "username", "logoutTime"));
    }
    signIn.logout(AuthFilter.principal(ctx));
    ctx.status(200).contentType("text/plain").result("Logout Successful");
  }

  private void changePassword(Context ctx) {
    JsonNode body = body(ctx, Set.of("username", "oldPassword", "newPassword", "confirmPassword", "requestType"));
    signIn.changePassword(AuthFilter.principal(ctx), text(body, "requestType"), text(body, "username"), text(body, "oldPassword"),
        text(body, "newPassword"), text(body, "confirmPassword"));
    ctx.status(200).contentType("text/plain").result("Password Updated Successfully");
  }

  /** The body as a JSON object of only these fields (OM's request schemas allow no others). */
  private JsonNode body(Context ctx, Set<String> fields) {
    // Public routes: a small body (an email and a password), of JSON only.
    JsonNode body = reader.tree(meridian.http.RequestBody.read(ctx, meridian.http.RequestBody.Accepts.JSON, MAX_BODY));
    if (!body.isObject()) {
      throw ApiException.badRequest(RequestReader.INVALID + ": the body must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiException.badRequest("Unrecognized field \"" + name + "\" (the fields are " + String.join(", ", fields.stream().sorted().toList()) + ")");
      }
      if (!body.get(name).isTextual() && !body.get(name).isNull() && !name.equals("logoutTime")) {
        throw ApiException.badRequest("[" + name + " must be a string]");
      }
    }
    return body;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private void answer(Context ctx, SignIn.Tokens tokens) {
    ObjectNode out = json.object();
    out.put("tokenType", tokens.tokenType());
    out.put("accessToken", tokens.accessToken());
    out.put("refreshToken", tokens.refreshToken());
    out.put("expiryDuration", tokens.expiryDuration());
    // Tokens are credentials: never kept by a cache on the way.
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).contentType("application/json").result(json.writeBytes(out));
  }
}
