package meridian.store.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The second half of the containment migration (V008 gave tags and sub-domains their parent_id):
 * every contained entity's document names its ancestors as references, as OM shows them (a tag's
 * {@code classification} and, when nested, {@code parent}; a sub-domain's {@code parent}), and the
 * {@code contains} edges that only said who the parent is go. Written in Java because it edits JSON
 * documents the same way on the three stores; it changes no schema (ARCHITECTURE rule 6 keeps the
 * DDL in SQL files). Domain → data product edges stay: a data product is not placed by its FQN.
 */
public class V009__AncestorsInDocuments extends BaseJavaMigration {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One row: what a reference to it says, its parent and its document. */
  private record Row(String id, String type, String name, String fqn, String parentId, ObjectNode doc) {}

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    Map<String, Row> classifications = read(c, "classification", "classification");
    Map<String, Row> tags = read(c, "tag", "tag");
    for (Row tag : tags.values()) {
      Row classification = null;
      Row parent = null;
      String up = tag.parentId();
      for (int depth = 0; up != null && depth < 1000; depth++) {
        Row above = tags.get(up);
        if (above == null) {
          classification = classifications.get(up);
          break;
        }
        if (parent == null) {
          parent = above;
        }
        up = above.parentId();
      }
      if (classification != null) {
        tag.doc().set("classification", reference(classification));
      }
      if (parent != null) {
        tag.doc().set("parent", reference(parent));
      }
      write(c, "tag", tag, postgres);
    }
    Map<String, Row> domains = read(c, "domain_entity", "domain");
    for (Row domain : domains.values()) {
      Row parent = domain.parentId() == null ? null : domains.get(domain.parentId());
      if (parent != null) {
        domain.doc().set("parent", reference(parent));
        write(c, "domain_entity", domain, postgres);
      }
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM entity_relationship WHERE relation = 'contains' AND to_type = 'tag'"
          + " AND from_type IN ('tag', 'classification')");
      s.executeUpdate("DELETE FROM entity_relationship WHERE relation = 'contains' AND to_type = 'domain' AND from_type = 'domain'");
    }
  }

  private static Map<String, Row> read(Connection c, String table, String type) throws SQLException, java.io.IOException {
    Map<String, Row> rows = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name, parent_id, json FROM " + table)) {
      while (rs.next()) {
        ObjectNode doc = (ObjectNode) JSON.readTree(rs.getString("json"));
        rows.put(rs.getString("id"), new Row(rs.getString("id"), type, rs.getString("name"),
            doc.path("fullyQualifiedName").asText(rs.getString("name")), rs.getString("parent_id"), doc));
      }
    }
    return rows;
  }

  private static ObjectNode reference(Row row) {
    ObjectNode ref = JSON.createObjectNode();
    ref.put("id", row.id()).put("type", row.type()).put("name", row.name()).put("fullyQualifiedName", row.fqn());
    return ref;
  }

  private static void write(Connection c, String table, Row row, boolean postgres) throws SQLException, java.io.IOException {
    try (PreparedStatement p = c.prepareStatement(
        "UPDATE " + table + " SET json = " + (postgres ? "CAST(? AS JSON)" : "?") + " WHERE id = ?")) {
      p.setString(1, JSON.writeValueAsString(row.doc()));
      p.setString(2, row.id());
      p.executeUpdate();
    }
  }
}
