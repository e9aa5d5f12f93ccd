package meridian.http.openapi;

import java.util.List;

/**
 * Where an entity kind's schemas are in OM's jar: {@code entity/<dir>/<type>.json} and
 * {@code api/<dir>/create<Type>.json}, for the first folder that holds them. OM keeps feed
 * schemas of the same names ({@code entity/feed/tag.json}), so the folders are named and ordered.
 */
public final class SpecFiles {
  private static final List<String> FOLDERS =
      List.of("data", "services", "services/ingestionPipelines", "teams", "domains", "classification", "automations");

  private SpecFiles() {}

  public static String entity(String entityType) {
    return find("entity/", entityType + ".json");
  }

  public static String create(String entityType) {
    return find("api/", "create" + Character.toUpperCase(entityType.charAt(0)) + entityType.substring(1) + ".json");
  }

  private static String find(String root, String name) {
    for (String folder : FOLDERS) {
      String file = root + folder + "/" + name;
      if (SpecFiles.class.getClassLoader().getResource("json/schema/" + file) != null) {
        return file;
      }
    }
    throw new IllegalStateException("no OM schema " + name + " under json/schema/" + root + " in the openmetadata-spec jar");
  }
}
