package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/assertions.md shows code from the tests: each block after a {@code <!-- snippet: File.java#region -->} comment
 * must equal that tagged region of the test source, so the examples compile and pass. Every assertion has a section.
 */
class AssertionsDocTest {

    private static final Path DOC = Path.of("..", "..", "docs", "assertions.md");
    private static final Path TESTS = Path.of("src", "test", "java", "io", "signaltest", "junit");
    private static final Pattern SNIPPET =
            Pattern.compile("<!-- snippet: ([\\w.]+)#([\\w-]+) -->\\s*\\n```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippetIsItsTaggedRegion() throws IOException {
        String doc = read(DOC);
        Matcher m = SNIPPET.matcher(doc);
        int count = 0;
        while (m.find()) {
            count++;
            String region = region(read(TESTS.resolve(m.group(1))), m.group(2), m.group(1));
            assertThat(m.group(3))
                    .as("the snippet %s#%s in %s", m.group(1), m.group(2), DOC)
                    .isEqualTo(region);
        }
        assertThat(count).as("snippets in %s", DOC).isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyAssertionHasASection() throws IOException {
        String doc = read(DOC);
        List<String> methods = Arrays.stream(AbstractSignalRunAssert.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()))
                .map(Method::getName)
                .distinct()
                .sorted()
                .collect(Collectors.toList());
        assertThat(methods).hasSizeGreaterThanOrEqualTo(13);
        for (String method : methods) {
            assertThat(doc).as("a section for %s in %s", method, DOC).contains("### `" + method + "(");
        }
    }

    private static String region(String source, String tag, String file) {
        List<String> lines = source.lines().collect(Collectors.toList());
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("// tag::" + tag + "[]")) {
                start = i + 1;
            } else if (start >= 0 && lines.get(i).strip().equals("// end::" + tag + "[]")) {
                return dedent(lines.subList(start, i));
            }
        }
        return fail("no region " + tag + " in " + file);
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return String.join("\n", out) + "\n";
    }

    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
