package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The user guide's examples are the tests' own code: each block marked {@code <!-- snippet: <file>#<tag> -->} must
 * equal the region between {@code // tag::<tag>[]} and {@code // end::<tag>[]} in that file (in XML: {@code <!--
 * tag::<tag>[] -->} and {@code <!-- end::<tag>[] -->}), without the markers of regions nested in it and of the
 * formatter ({@code // spotless:off}), so an example cannot drift from compiled code.
 */
class UserGuideTest {

    private static final Pattern SNIPPET =
            Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\R```(?:java|xml)\\R(.*?)```", Pattern.DOTALL);
    private static final Pattern CODE_BLOCK = Pattern.compile("^```(java|xml)$", Pattern.MULTILINE);
    /** A region's markers, and the formatter's, which an example leaves out. */
    private static final Pattern MARKER =
            Pattern.compile("(// |<!-- )(tag|end)::[\\w-]+\\[\\]( -->)?|// spotless:(off|on)");

    private static Path root;
    private static String guide;

    @BeforeAll
    static void readTheGuide() throws IOException {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("docs/user-guide.md"))) {
            directory = directory.getParent();
        }
        assertThat(directory).as("a parent directory with docs/user-guide.md").isNotNull();
        root = directory;
        guide = Files.readString(root.resolve("docs/user-guide.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyExampleIsTheCompiledTestCode() throws IOException {
        assertThat(checkExamples("docs/user-guide.md")).as("examples found").hasSizeGreaterThan(10);
    }

    @Test
    void theGettingStartedPageAndTheReadmeShowCompiledCodeToo() throws IOException {
        assertThat(checkExamples("docs/getting-started.md"))
                .as("examples in the getting-started page")
                .hasSizeGreaterThan(2);
        assertThat(checkExamples("README.md")).as("examples in the README").isNotEmpty();
    }

    @Test
    void theGettingStartedPageShowsNoJavaOrXmlThatIsNotBuilt() throws IOException {
        String page = Files.readString(root.resolve("docs/getting-started.md"), StandardCharsets.UTF_8);
        Matcher block = CODE_BLOCK.matcher(page);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            String before = page.substring(0, block.start()).stripTrailing();
            assertThat(before.substring(before.lastIndexOf('\n') + 1))
                    .as("the line before code block %d of docs/getting-started.md", blocks)
                    .startsWith("<!-- snippet: ");
        }
        assertThat(blocks).isEqualTo(checkExamples("docs/getting-started.md").size());
    }

    @Test
    void thePageOnTestingWithoutTheRuntimeShowsCompiledCode() throws IOException {
        assertThat(checkExamples("docs/testing-without-the-runtime.md"))
                .as("examples in the agent's page")
                .containsExactly("fixed-pool", "file-job", "agent", "virtual-threads", "supply-async");
    }

    @Test
    void theServicesPageShowsCompiledCode() throws IOException {
        assertThat(checkExamples("docs/services.md"))
                .as("examples in the services page")
                .containsExactly("spring-service", "agent-evidence", "async-jobs");
    }

    @Test
    void theLaunchPathsPageShowsCompiledCode() throws IOException {
        assertThat(checkExamples("docs/launch-paths.md"))
                .as("examples in the launch paths page")
                .containsExactly("sh-with-exec", "sh-without-exec", "start-script", "pid-1", "docker-stop", "group");
    }

    @Test
    void thePitfallsGuideShowsCompiledCodeToo() throws IOException {
        assertThat(checkExamples("docs/pitfalls.md"))
                .as("examples in the pitfalls guide")
                .isNotEmpty();
    }

    private static List<String> checkExamples(String doc) throws IOException {
        Matcher m = SNIPPET.matcher(Files.readString(root.resolve(doc), StandardCharsets.UTF_8));
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String region = region(root.resolve(m.group(1)), m.group(2));
            assertThat(m.group(3))
                    .as("the example %s#%s in %s", m.group(1), m.group(2), doc)
                    .isEqualTo(region);
            checked.add(m.group(2));
        }
        return checked;
    }

    @Test
    void everyAttributeHasASection() {
        for (Method attribute : SignalTest.class.getDeclaredMethods()) {
            assertThat(guide)
                    .as("a section for the attribute %s", attribute.getName())
                    .contains("### `" + attribute.getName() + "`");
        }
    }

    /** The lines between the tag markers, without the indentation they share, each ending in a newline. */
    static String region(Path file, String tag) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = indexOf(lines, "tag::" + tag + "[]", file);
        int end = indexOf(lines, "end::" + tag + "[]", file);
        List<String> body = lines.subList(start + 1, end).stream()
                .filter(line -> !MARKER.matcher(line.trim()).matches())
                .toList();
        int indent = body.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder s = new StringBuilder();
        for (String line : body) {
            s.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return s.toString();
    }

    private static int indexOf(List<String> lines, String marker, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.equals("// " + marker) || line.equals("<!-- " + marker + " -->")) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line // " + marker + " (in XML: <!-- " + marker + " -->)");
    }
}
