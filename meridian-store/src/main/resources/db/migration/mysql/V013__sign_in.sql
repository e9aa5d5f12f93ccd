-- Sign-in (issue 18): what OM's basic login keeps, in the store so that every replica agrees.

-- A user's password, as a memory-hard hash (Argon2id, its parameters and salt in the text); never
-- in the user's document, its versions or a response. Keyed by the user's id: a user made again
-- under an old name does not sign in with the old password.
CREATE TABLE user_credential (
  user_id       CHAR(36)     NOT NULL PRIMARY KEY,
  password_hash VARCHAR(255) NOT NULL,
  updated_at    BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

-- Refresh tokens, by the SHA-256 of the token (the token itself is only ever in the answer to a
-- sign-in or a refresh). A logout or a password change deletes a user's rows.
CREATE TABLE refresh_token (
  token_hash CHAR(64)     NOT NULL PRIMARY KEY,
  user_id    CHAR(36)     NOT NULL,
  expires_at BIGINT       NOT NULL,
  created_at BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX refresh_token_user ON refresh_token (user_id);

-- Failed sign-ins in the current window, per user name and per client address ('user:NAME',
-- 'addr:IP'), so that a guesser is slowed on every replica alike.
CREATE TABLE login_attempt (
  subject      VARCHAR(320) NOT NULL PRIMARY KEY,
  failures     INTEGER      NOT NULL,
  window_start BIGINT       NOT NULL,
  locked_until BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
