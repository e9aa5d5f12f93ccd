package meridian.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules of direction (ARCHITECTURE §1): model ← store ← core ← http ← server, and the HTTP
 * layer never reaches past core into the store or JDBI. The build fails when a class breaks one.
 */
class LayersTest {
  static final JavaClasses MERIDIAN =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("meridian");

  @Test
  void httpNeverImportsTheStoreOrJdbi() {
    noClasses().that().resideInAPackage("meridian.http..")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.store..", "org.jdbi..", "com.zaxxer..", "org.flywaydb..")
        .because("routes get their collaborators from ServerContext, and only core talks to the store")
        .check(MERIDIAN);
  }

  /**
   * The rooms of core (ARCHITECTURE §7): only the engine's store package turns a transaction into
   * SQL; kinds are declarations that never reach the store; policy and relations read through a
   * Lookup. The one exception is the master key's use of the store's private-file helper.
   */
  @Test
  void onlyTheEnginesStorePackageHoldsAConnection() {
    noClasses().that().resideInAPackage("meridian.core..").and().resideOutsideOfPackage("meridian.core.engine.store..")
        .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "com.zaxxer..", "org.flywaydb..")
        .because("a JDBI Handle stays inside the engine's store package; the rest of core holds an opaque Tx")
        .check(MERIDIAN);
    noClasses().that().resideInAPackage("meridian.core..").and().resideOutsideOfPackage("meridian.core.engine..")
        .and().doNotHaveFullyQualifiedName("meridian.core.features.secrets.MasterKey")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.store..")
        .because("features and kinds reach the store through the engine")
        .check(MERIDIAN);
  }

  @Test
  void kindsAreDeclarationsThatNeverReachTheStore() {
    noClasses().that().resideInAPackage("meridian.core.kinds..")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.store..", "org.jdbi..", "meridian.core.engine.store..")
        .because("a kind declares; the engine reads and writes (ARCHITECTURE §7)")
        .check(MERIDIAN);
    noClasses().that().resideInAnyPackage("meridian.core.engine.policy..", "meridian.core.engine.relations..",
            "meridian.core.engine.kind..", "meridian.core.engine.write..")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.store..", "org.jdbi..", "meridian.core.engine.store..")
        .because("policy, relations, the kind API and the merge rules are pure, or read through a Lookup")
        .check(MERIDIAN);
  }

  @Test
  void eachLayerDependsOnlyOnTheOnesBelowIt() {
    noClasses().that().resideInAPackage("meridian.model..")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.store..", "meridian.core..", "meridian.http..", "meridian.server..")
        .check(MERIDIAN);
    noClasses().that().resideInAPackage("meridian.store..")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.core..", "meridian.http..", "meridian.server..")
        .check(MERIDIAN);
    noClasses().that().resideInAPackage("meridian.core..")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.http..", "meridian.server..", "io.javalin..")
        .check(MERIDIAN);
    noClasses().that().resideInAPackage("meridian.http..")
        .should().dependOnClassesThat().resideInAnyPackage("meridian.server..")
        .check(MERIDIAN);
  }
}
