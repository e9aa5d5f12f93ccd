package meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import meridian.core.errors.ApiException;
import meridian.model.services.CreateDatabaseService;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
  final RequestReader reader = new RequestReader(new Json());

  @Test
  void readsAValidRequest() {
    CreateDatabaseService request = read("{\"name\":\"a\",\"serviceType\":\"Mysql\",\"connection\":{\"config\":{\"username\":\"u\"}}}");
    assertThat(request.name()).isEqualTo("a");
    assertThat(request.connection().at("/config/username").asText()).isEqualTo("u");
  }

  @Test
  void malformedJsonIsInvalidRequestFormat() {
    for (String body : new String[] {"{", "nope", "{\"name\":\"a\"} trailing", "{\"name\":\"a\",\"name\":\"b\"}"}) {
      assertThatThrownBy(() -> read(body)).as(body).isInstanceOf(ApiException.class).hasMessage("Invalid request format");
    }
    assertThatThrownBy(() -> read("")).hasMessageStartingWith("Invalid request format");
  }

  @Test
  void misfitsNameTheField() {
    assertThatThrownBy(() -> read("{\"name\":5}")).hasMessageStartingWith("Invalid request format").hasMessageContaining("\"name\"");
    assertThatThrownBy(() -> read("{\"name\":\"a\",\"extra\":1}")).hasMessageContaining("\"extra\"");
    assertThatThrownBy(() -> read("{\"owners\":[{\"id\":\"x\"}]}")).hasMessageContaining("owners[0].id");
    assertThatThrownBy(() -> read("[]")).hasMessageContaining("JSON object");
    assertThat(((ApiException) catchThrowable(() -> read("{\"name\":true}"))).status()).isEqualTo(400);
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private CreateDatabaseService read(String body) {
    return reader.read(body.getBytes(StandardCharsets.UTF_8), CreateDatabaseService.class);
  }
}
