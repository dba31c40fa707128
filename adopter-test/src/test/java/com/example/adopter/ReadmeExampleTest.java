package com.example.adopter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example this project compiles is the README's, as written there. */
class ReadmeExampleTest {

  @Test
  void theCompiledExampleIsTheReadmesJavaExampleCharacterForCharacter() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Removing members from Java");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    int end = readme.indexOf("```", start);
    String example = readme.substring(start, end);

    assertEquals(example, read(Path.of("src", "main", "java", "RemoveLeavers.java")),
        "README.md's example and src/main/java/RemoveLeavers.java differ: paste the README's into the file");
    assertNotNull(Class.forName("RemoveLeavers").getMethod("main", String[].class));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
