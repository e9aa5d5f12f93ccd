package meridian.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Meridian's logging set-up, in code rather than a logback.xml: parsing an XML configuration took
 * about a tenth of start-up (docs/performance.md, "Start-up"). Found by logback through
 * {@code META-INF/services}. An operator's own file still wins: with {@code -Dlogback.configurationFile}
 * this steps aside.
 *
 * <p>{@code serve} logs to stdout (contract §1); the other commands keep stdout for their answer
 * ({@code meridian.log.target=System.err}, set by {@link Main}). Migrations are news when the
 * server starts; for the other commands only problems are ({@code meridian.migrate.log}).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level %logger{1} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setTarget(System.getProperty("meridian.log.target", "System.out"));
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getProperty("meridian.log.level"), Level.INFO));
    root.addAppender(console);
    for (String quiet : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb", "com.networknt"}) {
      context.getLogger(quiet).setLevel(Level.WARN);
    }
    context.getLogger("org.flywaydb.core.internal.command.DbMigrate")
        .setLevel(Level.toLevel(System.getProperty("meridian.migrate.log"), Level.INFO));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
