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
