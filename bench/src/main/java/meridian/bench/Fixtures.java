package meridian.bench;

/** The documents the benchmark sends and its ceilings serve or store. */
final class Fixtures {
  private Fixtures() {}

  /** A database service's JSON document padded (in its description) to about {@code bytes} bytes. */
  static String serviceDocument(int bytes) {
    String head = "{\"id\":\"6f1c2a4e-9a43-4c1e-8f1d-3c0a4f5b6d7e\",\"name\":\"bench_service\","
        + "\"fullyQualifiedName\":\"bench_service\",\"serviceType\":\"Mysql\",\"version\":0.1,"
        + "\"updatedAt\":1765000000000,\"updatedBy\":\"admin\","
        + "\"href\":\"http://127.0.0.1/api/v1/services/databaseServices/6f1c2a4e-9a43-4c1e-8f1d-3c0a4f5b6d7e\","
        + "\"deleted\":false,\"description\":\"";
    String tail = "\"}";
    return head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail;
  }

  /** The columns of a benchmark table: BIGINT, VARCHAR(255), TIMESTAMP and DECIMAL(18,2) in turn. */
  static String columns(int count) {
    StringBuilder out = new StringBuilder("[");
    String[] types = {"BIGINT", "VARCHAR", "TIMESTAMP", "DECIMAL"};
    for (int i = 0; i < count; i++) {
      String type = types[i % 4];
      out.append(i == 0 ? "" : ",").append("{\"name\":\"column_").append(String.format("%03d", i))
          .append("\",\"dataType\":\"").append(type).append('"')
          .append(",\"description\":\"column ").append(i).append(" of the benchmark table\",\"ordinalPosition\":").append(i + 1);
      if (type.equals("VARCHAR")) {
        out.append(",\"dataLength\":255");
      } else if (type.equals("DECIMAL")) {
        out.append(",\"precision\":18,\"scale\":2");
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  static String table(String name, String schemaFqn, int columns) {
    return "{\"name\":\"" + name + "\",\"databaseSchema\":\"" + schemaFqn + "\",\"tableType\":\"Regular\",\"columns\":"
        + columns(columns) + "}";
  }

  static String service(String name) {
    return "{\"name\":\"" + name + "\",\"serviceType\":\"Mysql\",\"description\":\"a service of the benchmark\"}";
  }
}
